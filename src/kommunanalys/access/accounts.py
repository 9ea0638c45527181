"""Local accounts: argon2 password hashes, throttled login, server-side sessions.

A session is a random token in an HttpOnly cookie; the database keeps only its SHA-256, so a
copy of the database does not log anyone in. Logout deletes the session row: the cookie is
worthless afterwards. Each session has its own CSRF token for the forms.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kommunanalys.access.audit import record, record_role_change
from kommunanalys.access.roles import Role, User
from kommunanalys.i18n import gettext as _
from kommunanalys.store.backend import Backend

SESSION_HOURS = 8
MIN_PASSWORD = 10
#: failed logins allowed per username (and per client) within ``THROTTLE_SECONDS``
MAX_FAILURES = 5
THROTTLE_SECONDS = 15 * 60

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A user-management request that cannot be done; the message says why."""


class LoginThrottled(AccountError):
    pass


@dataclass(frozen=True)
class Session:
    token: str
    user: User
    csrf: str


def _valid_username(name: str) -> bool:
    """Letters, digits and ``. - _ @`` (an identity provider's user name is often an e-mail
    address), at most 120 characters."""
    plain = name.replace(".", "").replace("-", "").replace("_", "").replace("@", "")
    return 0 < len(name) <= 120 and plain.isalnum()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Throttle:
    """Counts failures per key in a sliding window (in memory, per process)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = THROTTLE_SECONDS) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                recent = [t for t in self._failures.get(key, []) if now - t < self.window]
                self._failures[key] = recent
                if len(recent) >= self.limit:
                    return True
        return False

    def fail(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, []).append(time.monotonic())

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class Accounts:
    def __init__(self, backend: Backend, throttle: Throttle | None = None) -> None:
        self.backend = backend
        self.throttle = throttle or Throttle()

    # -- users ---------------------------------------------------------------------------
    def add_user(
        self,
        username: str,
        password: str,
        role: Role,
        *,
        display_name: str = "",
        committee: str = "",
        unit: str = "",
        actor: str = "system",
    ) -> User:
        username = username.strip().lower()
        if not _valid_username(username):
            raise AccountError(
                _("Användarnamnet '%(v)s' får bara ha bokstäver, siffror och . - _ @.")
                % {"v": username}
            )
        if len(password) < MIN_PASSWORD:
            raise AccountError(_("Lösenordet måste ha minst %(n)s tecken.") % {"n": MIN_PASSWORD})
        if role is Role.EDITOR and not (committee and unit):
            raise AccountError(_("En enhetsredaktör måste höra till en nämnd och en enhet."))
        if self.user(username) is not None:
            raise AccountError(_("Användaren '%(v)s' finns redan.") % {"v": username})
        user = User(username, display_name or username, role, committee, unit)
        with self.backend.transaction():
            self.backend.execute(
                "INSERT INTO app_user VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    username,
                    user.display_name,
                    role.value,
                    committee,
                    unit,
                    _hasher.hash(password),
                    True,
                    _now(),
                ),
            )
            record(
                self.backend,
                actor,
                "user.add",
                f"user/{username}",
                new={"role": role.value, "committee": committee, "unit": unit},
            )
        return user

    def user(self, username: str) -> User | None:
        rows = self.backend.query(
            "SELECT username, display_name, role, committee, unit FROM app_user"
            " WHERE username = ? AND active",
            (username.strip().lower(),),
        )
        if not rows:
            return None
        r = rows[0]
        return User(r[0], r[1], Role(r[2]), r[3], r[4])

    def users(self) -> list[User]:
        rows = self.backend.query(
            "SELECT username, display_name, role, committee, unit FROM app_user"
            " WHERE active ORDER BY username"
        )
        return [User(r[0], r[1], Role(r[2]), r[3], r[4]) for r in rows]

    def accounts(self) -> list[tuple[User, bool]]:
        """Every account, active or not, with its active flag (for the admin page)."""
        rows = self.backend.query(
            "SELECT username, display_name, role, committee, unit, active FROM app_user"
            " ORDER BY username"
        )
        return [(User(r[0], r[1], Role(r[2]), r[3], r[4]), bool(r[5])) for r in rows]

    def _active_admins(self) -> int:
        rows = self.backend.query(
            "SELECT count(*) FROM app_user WHERE active AND role = ?", (Role.ADMIN.value,)
        )
        return int(rows[0][0])

    def change_user(
        self, username: str, role: Role, *, committee: str = "", unit: str = "", actor: str
    ) -> User:
        """Change a user's role, committee and unit (audited old → new). The last active admin
        keeps the role, so that nobody locks the municipality out of its own administration."""
        current = self.user(username)
        if current is None:
            raise AccountError(
                _("Användaren '%(v)s' finns inte eller är inaktiverad.") % {"v": username}
            )
        if role is Role.PUBLIC:
            raise AccountError(_("Rollen 'allmänheten' är ingen inloggning; inaktivera i stället."))
        if role is Role.EDITOR and not (committee and unit):
            raise AccountError(_("En enhetsredaktör måste höra till en nämnd och en enhet."))
        if current.role is Role.ADMIN and role is not Role.ADMIN and self._active_admins() <= 1:
            raise AccountError(_("Den sista administratören kan inte byta roll."))
        old = {"role": current.role.value, "committee": current.committee, "unit": current.unit}
        new = {"role": role.value, "committee": committee, "unit": unit}
        if old == new:
            return current
        with self.backend.transaction():
            self.backend.execute(
                "UPDATE app_user SET role = ?, committee = ?, unit = ? WHERE username = ?",
                (role.value, committee, unit, current.username),
            )
            # the old rights end now: a changed user signs in again
            self.backend.execute("DELETE FROM app_session WHERE username = ?", (current.username,))
            record_role_change(self.backend, actor, current.username, old, new)
        return User(current.username, current.display_name, role, committee, unit)

    def deactivate(self, username: str, *, actor: str) -> None:
        """Deactivate an account and end its sessions. The row stays (the audit trail names
        it); an admin cannot deactivate themselves or the last admin."""
        current = self.user(username)
        if current is None:
            raise AccountError(
                _("Användaren '%(v)s' finns inte eller är redan inaktiverad.") % {"v": username}
            )
        if current.username == actor:
            raise AccountError(_("Du kan inte inaktivera dig själv."))
        if current.role is Role.ADMIN and self._active_admins() <= 1:
            raise AccountError(_("Den sista administratören kan inte inaktiveras."))
        with self.backend.transaction():
            self.backend.execute(
                "UPDATE app_user SET active = false WHERE username = ?", (current.username,)
            )
            self.backend.execute("DELETE FROM app_session WHERE username = ?", (current.username,))
            record(
                self.backend,
                actor,
                "user.deactivate",
                f"user/{current.username}",
                old={"active": True},
                new={"active": False},
            )

    def external_user(
        self, username: str, display_name: str, role: Role | None, *, via: str
    ) -> User | None:
        """The local account an identity provider's user maps to.

        An existing active account is used as it is, except that a role from the provider's
        claim (analyst/admin) replaces its role, audited. Without an account, a role from the
        claim creates one with no usable password. ``None``: the user may not sign in."""
        name = username.strip().lower()
        if not name:
            return None
        existing = self.user(name)
        if existing is not None:
            if role is not None and role is not existing.role:
                return self.change_user(name, role, actor=via)
            return existing
        if role is None or self._exists(name):  # unknown, or a deactivated account
            return None
        user = User(name, display_name or name, role)
        with self.backend.transaction():
            self.backend.execute(
                "INSERT INTO app_user VALUES (?, ?, ?, '', '', ?, ?, ?)",
                (name, user.display_name, role.value, EXTERNAL_ONLY, True, _now()),
            )
            record(self.backend, via, "user.add", f"user/{name}", new={"role": role.value})
        return user

    def _exists(self, name: str) -> bool:
        return bool(self.backend.query("SELECT 1 FROM app_user WHERE username = ?", (name,)))

    # -- login ---------------------------------------------------------------------------
    def login(self, username: str, password: str, client: str = "") -> Session:
        """A new session for correct credentials; one generic message for every failure."""
        name = username.strip().lower()
        keys = (f"user:{name}", f"client:{client}")
        if self.throttle.blocked(*keys):
            record(self.backend, name or "?", "login.throttled", f"user/{name}", detail=client)
            raise LoginThrottled(
                "För många misslyckade inloggningar. Vänta en stund och försök igen."
            )
        rows = self.backend.query(
            "SELECT password_hash FROM app_user WHERE username = ? AND active", (name,)
        )
        stored = rows[0][0] if rows else None
        ok = False
        try:
            # verify against a dummy hash for unknown users, so that timing says nothing
            ok = _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            self.throttle.fail(*keys)
            record(self.backend, name or "?", "login.failed", f"user/{name}", detail=client)
            raise AccountError(_("Fel användarnamn eller lösenord."))
        self.throttle.clear(keys[0])
        user = self.user(name)
        assert user is not None
        return self.start_session(user, client)

    def start_session(self, user: User, client: str = "", *, via: str = "") -> Session:
        """A new server-side session for an authenticated user (password or OpenID Connect)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        name = user.username
        detail = f"{client} {via}".strip()
        with self.backend.transaction():
            self.backend.execute(
                "INSERT INTO app_session VALUES (?, ?, ?, ?, ?)",
                (_digest(token), name, csrf, _now(), _now() + timedelta(hours=SESSION_HOURS)),
            )
            record(self.backend, name, "login", f"user/{name}", detail=detail)
        return Session(token, user, csrf)

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        rows = self.backend.query(
            "SELECT username, csrf, expires_at FROM app_session WHERE token_hash = ?",
            (_digest(token),),
        )
        if not rows or rows[0][2] < _now():
            return None
        user = self.user(rows[0][0])
        return Session(token, user, rows[0][1]) if user else None

    def logout(self, token: str | None) -> None:
        session = self.session(token)
        if token:
            self.backend.execute("DELETE FROM app_session WHERE token_hash = ?", (_digest(token),))
        if session:
            record(self.backend, session.user.username, "logout", f"user/{session.user.username}")


_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
#: the password hash of accounts created through OpenID Connect: never verifies
EXTERNAL_ONLY = "!extern-inloggning"
