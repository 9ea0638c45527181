"""Local accounts and sessions in the database (``app_user``, ``app_session``).

Rows in, rows out: what a role means, password hashing, throttling and the rules about the
last admin are :class:`kommunanalys.access.accounts.Accounts`, which reaches this as
``store.accounts``. A user row is ``(username, display_name, role, committee, unit)``; the
role is stored as its code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kommunanalys.store.backend import Backend

UserRow = tuple[str, str, str, str, str]
_USER = "SELECT username, display_name, role, committee, unit"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _user(r: tuple[Any, ...]) -> UserRow:
    return (r[0], r[1], r[2], r[3], r[4])


class AccountRows:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # -- users ---------------------------------------------------------------------------
    def add_user(self, user: UserRow, password_hash: str) -> None:
        """A new active account (the caller has checked that the name is free)."""
        self.backend.execute(
            "INSERT INTO app_user VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*user, password_hash, True, _now()),
        )

    def user(self, username: str) -> UserRow | None:
        """The active account ``username``, None without one."""
        rows = self.backend.query(
            f"{_USER} FROM app_user WHERE username = ? AND active", (username,)
        )
        return _user(rows[0]) if rows else None

    def users(self) -> list[UserRow]:
        """Every active account, by name."""
        rows = self.backend.query(f"{_USER} FROM app_user WHERE active ORDER BY username")
        return [_user(r) for r in rows]

    def accounts(self) -> list[tuple[UserRow, bool]]:
        """Every account, active or not, with its active flag."""
        rows = self.backend.query(f"{_USER}, active FROM app_user ORDER BY username")
        return [(_user(r), bool(r[5])) for r in rows]

    def exists(self, username: str) -> bool:
        """Is there an account ``username``, active or not?"""
        return bool(self.backend.query("SELECT 1 FROM app_user WHERE username = ?", (username,)))

    def active_with_role(self, role: str) -> int:
        """How many active accounts have ``role``."""
        rows = self.backend.query(
            "SELECT count(*) FROM app_user WHERE active AND role = ?", (role,)
        )
        return int(rows[0][0])

    def set_role(self, username: str, role: str, committee: str, unit: str) -> None:
        self.backend.execute(
            "UPDATE app_user SET role = ?, committee = ?, unit = ? WHERE username = ?",
            (role, committee, unit, username),
        )

    def deactivate(self, username: str) -> None:
        """The row stays (the audit trail names it); it no longer signs in."""
        self.backend.execute("UPDATE app_user SET active = false WHERE username = ?", (username,))

    def password_hash(self, username: str) -> str | None:
        """The stored hash of an active account, None without one."""
        rows = self.backend.query(
            "SELECT password_hash FROM app_user WHERE username = ? AND active", (username,)
        )
        return rows[0][0] if rows else None

    # -- sessions ------------------------------------------------------------------------
    def add_session(self, token_hash: str, username: str, csrf: str, expires_at: datetime) -> None:
        self.backend.execute(
            "INSERT INTO app_session VALUES (?, ?, ?, ?, ?)",
            (token_hash, username, csrf, _now(), expires_at),
        )

    def session(self, token_hash: str) -> tuple[str, str, datetime] | None:
        """``(username, csrf, expires_at)`` of a session, None without one."""
        rows = self.backend.query(
            "SELECT username, csrf, expires_at FROM app_session WHERE token_hash = ?",
            (token_hash,),
        )
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else None

    def end_session(self, token_hash: str) -> None:
        self.backend.execute("DELETE FROM app_session WHERE token_hash = ?", (token_hash,))

    def end_sessions(self, username: str) -> None:
        """End every session of ``username``."""
        self.backend.execute("DELETE FROM app_session WHERE username = ?", (username,))
