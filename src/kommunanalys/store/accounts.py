"""Local accounts, sessions and the login throttle in the database (``app_user``,
``app_session``, ``login_failure``, ``login_known``).

Rows in, rows out: what a role means, password hashing, throttling and the rules about the
last admin are :class:`kommunanalys.access.accounts.Accounts`, which reaches this as
``store.accounts``. A user row is ``(username, display_name, role, committee, unit)``; the
role is stored as its code.
"""

from __future__ import annotations

from collections.abc import Sequence
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
        #: the login throttle's rows
        self.throttle = ThrottleRows(backend)

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


class ThrottleRows:
    """The login throttle's rows (``login_failure``, ``login_known``), shared by every process
    on the database; the rules are :class:`kommunanalys.access.accounts.Throttle`. Times are
    seconds on the throttle's clock (the epoch: every process reads the same)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def recent(self, keys: Sequence[str], since: float) -> dict[str, tuple[int, float]]:
        """``key → (failures after since, the last one's time)`` of those ``keys`` that have
        any."""
        marks = ", ".join("?" for _ in keys)
        rows = self.backend.query(
            "SELECT key, count(*), max(failed_at) FROM login_failure "
            f"WHERE key IN ({marks}) AND failed_at > ? GROUP BY key",
            (*keys, since),
        )
        return {r[0]: (int(r[1]), float(r[2])) for r in rows}

    def report(self, key: str) -> bool:
        """Mark ``key``'s last failure as reported; whether this call was the one that did
        (one statement: of two processes refusing at once, one reports)."""
        rows = self.backend.query(
            "UPDATE login_failure SET reported = true WHERE key = ? AND NOT reported AND "
            "failed_at = (SELECT max(failed_at) FROM login_failure WHERE key = ?) RETURNING key",
            (key, key),
        )
        return bool(rows)

    def fail(self, keys: Sequence[str], now: float, keep: int) -> None:
        """A failure at ``now`` under each key; each key keeps only its ``keep`` latest. Each
        statement commits on its own: a failure counts at once, and no lock is held across
        statements (workers failing at once never wait on each other's transaction)."""
        for key in keys:
            self.backend.execute("INSERT INTO login_failure VALUES (?, ?, false)", (key, now))
            self.backend.execute(
                "DELETE FROM login_failure WHERE key = ? AND failed_at < (SELECT "
                "min(failed_at) FROM (SELECT failed_at FROM login_failure WHERE key = ? "
                "ORDER BY failed_at DESC LIMIT ?) AS newest)",
                (key, key, keep),
            )

    def count(self, key: str, since: float) -> int:
        return self.recent([key], since).get(key, (0, 0.0))[0]

    def prune(self, before: float, most: int) -> None:
        """Forget failures at or before ``before``, then the oldest beyond ``most`` rows."""
        self.backend.execute("DELETE FROM login_failure WHERE failed_at <= ?", (before,))
        self.backend.execute(
            "DELETE FROM login_failure WHERE failed_at < (SELECT failed_at FROM "
            "login_failure ORDER BY failed_at DESC LIMIT 1 OFFSET ?)",
            (most - 1,),
        )

    def clear(self, key: str) -> None:
        self.backend.execute("DELETE FROM login_failure WHERE key = ?", (key,))

    def known(self, account: str, address: str) -> bool:
        """Whether ``account`` has logged in from ``address`` (and is still remembered)."""
        return bool(
            self.backend.query(
                "SELECT 1 FROM login_known WHERE account = ? AND address = ?", (account, address)
            )
        )

    def remember(self, account: str, address: str, now: float, most: int) -> None:
        """``account`` logged in from ``address`` at ``now``; the oldest pairs beyond ``most``
        are forgotten."""
        with self.backend.transaction():
            self.backend.execute(
                "DELETE FROM login_known WHERE account = ? AND address = ?", (account, address)
            )
            self.backend.execute(
                "INSERT INTO login_known VALUES (?, ?, ?)", (account, address, now)
            )
            self.backend.execute(
                "DELETE FROM login_known WHERE seen_at < (SELECT seen_at FROM login_known "
                "ORDER BY seen_at DESC LIMIT 1 OFFSET ?)",
                (most - 1,),
            )
