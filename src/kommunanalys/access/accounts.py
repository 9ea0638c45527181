"""Local accounts: argon2 password hashes, throttled login, server-side sessions.

The rows live in the store (:class:`kommunanalys.store.accounts.AccountRows`); this module
holds the rules: valid names and passwords, roles, the last admin, throttling, hashing. A
session is a random token in an HttpOnly cookie; the database keeps only its SHA-256, so a
copy of the database does not log anyone in. Logout deletes the session row: the cookie is
worthless afterwards. Each session has its own CSRF token for the forms.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kommunanalys.access.audit import record_role_change
from kommunanalys.access.roles import USER_ROLES, Role, User
from kommunanalys.config import LIMITS, Limits
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.store import Store
from kommunanalys.store.accounts import ThrottleRows, UserRow

SESSION_HOURS = 8
MIN_PASSWORD = 10
#: the most failed logins and (account, address) pairs the throttle remembers
MAX_KEYS = 50_000

#: The default password hasher (argon2's recommended cost); tests inject a cheaper one.
DEFAULT_HASHER = PasswordHasher()


class AccountError(KommunanalysError, ValueError):
    """A user-management request that cannot be done; its code and values say why."""


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


def _user(row: UserRow) -> User:
    return User(row[0], row[1], Role(row[2]), row[3], row[4])


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Throttle:
    """Failed logins per account and per address, with back-off, kept in the database
    (:class:`~kommunanalys.store.accounts.ThrottleRows`): every server process on it, and a
    restarted one, sees the same failures.

    An account name (existing or invented) backs off after ``Limits.login_account_failures``
    failures within ``Limits.login_window``; an address after ``Limits.login_address_failures``
    failures **on existing accounts** (password spraying). Backing off means the next attempt
    must wait ``login_backoff`` seconds after the last failure, doubling with each further
    failure, at most ``login_window``. So wrong passwords for invented names never lock out a
    real user behind the same address (they cannot succeed, and are counted only under their
    own name); they are audited up to ``login_address_failures`` per address and window and then
    only counted. The address's back-off also spares an account that has logged in from that
    address before. A correct password ends the account's back-off.

    Bounded: a key keeps only the failures its rules can tell apart (:attr:`keep`), failures
    older than the window are pruned at every failure, and at most :data:`MAX_KEYS` failure
    rows and :data:`MAX_KEYS` (account, address) pairs are kept, the oldest forgotten first.
    ``clock`` gives seconds since the epoch (one clock for every process)."""

    def __init__(
        self,
        rows: ThrottleRows,
        limits: Limits = LIMITS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.rows = rows
        self.limits = limits
        self.clock = clock
        # beyond this many failures in the window the back-off is at its ceiling and the
        # address's guesses are past their audit limit: older ones change nothing
        doublings = math.ceil(math.log2(max(limits.login_window / limits.login_backoff, 1)))
        self.keep = max(limits.login_account_failures, limits.login_address_failures)
        self.keep += doublings + 1

    def _keys(self, account: str, address: str) -> list[tuple[str, int]]:
        keys = [(f"user:{account}", self.limits.login_account_failures)]
        if not self.rows.known(account, address):
            keys.append((f"client:{address}", self.limits.login_address_failures))
        return keys

    def _delay(self, failures: int, last: float, limit: int, now: float) -> float:
        if failures < limit:
            return 0.0
        delay = min(self.limits.login_backoff * 2 ** (failures - limit), self.limits.login_window)
        return max(last + delay - now, 0.0)

    def wait(self, account: str, address: str) -> tuple[float, bool]:
        """Seconds before ``account`` may try again from ``address`` (0: now), and whether this
        is the first refusal since the last failure (the one the audit trail records)."""
        now = self.clock()
        keys = self._keys(account, address)
        recent = self.rows.recent([k for k, _ in keys], now - self.limits.login_window)
        waits = [
            (self._delay(*recent[k], limit, now), k) if k in recent else (0.0, k)
            for k, limit in keys
        ]
        seconds, key = max(waits)
        return seconds, seconds > 0 and self.rows.report(key)

    def fail(self, account: str, address: str, *, exists: bool) -> bool:
        """Count a failure; whether it is audited (a failure for an invented name is not, once
        its address has had ``login_address_failures`` of them in the window)."""
        now = self.clock()
        keys = [k for k, _ in self._keys(account, address)]
        if not exists:  # an invented name: its own key, and the address's guesses
            keys = [keys[0], f"guess:{address}"]
        since = now - self.limits.login_window
        self.rows.fail(keys, now, self.keep)
        self.rows.prune(since, MAX_KEYS)
        guesses = self.rows.count(f"guess:{address}", since)
        return exists or guesses <= self.limits.login_address_failures

    def succeed(self, account: str, address: str) -> None:
        self.rows.clear(f"user:{account}")
        self.rows.remember(account, address, self.clock(), MAX_KEYS)


class Accounts:
    """User management and login over ``store``; ``hasher`` hashes and verifies passwords
    (default :data:`DEFAULT_HASHER`)."""

    def __init__(
        self,
        store: Store,
        throttle: Throttle | None = None,
        *,
        hasher: PasswordHasher | None = None,
        limits: Limits = LIMITS,
    ) -> None:
        self.store = store
        self.rows = store.accounts
        self.audit = store.audit
        self.throttle = throttle or Throttle(self.rows.throttle, limits)
        self.hasher = hasher or DEFAULT_HASHER

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
            raise AccountError(ErrorCode.BAD_USERNAME, v=username)
        if len(password) < MIN_PASSWORD:
            raise AccountError(ErrorCode.PASSWORD_TOO_SHORT, n=MIN_PASSWORD)
        if role not in USER_ROLES:
            raise AccountError(ErrorCode.CHOOSE_ROLE)
        if role is Role.EDITOR and not (committee and unit):
            raise AccountError(ErrorCode.EDITOR_NEEDS_UNIT)
        if self.user(username) is not None:
            raise AccountError(ErrorCode.USER_EXISTS, v=username)
        user = User(username, display_name or username, role, committee, unit)
        with self.store.transaction():
            self.rows.add_user(
                (username, user.display_name, role.value, committee, unit),
                self.hasher.hash(password),
            )
            self.audit.record(
                actor,
                "user.add",
                f"user/{username}",
                new={"role": role.value, "committee": committee, "unit": unit},
            )
        return user

    def user(self, username: str) -> User | None:
        row = self.rows.user(username.strip().lower())
        return _user(row) if row else None

    def users(self) -> list[User]:
        return [_user(r) for r in self.rows.users()]

    def accounts(self) -> list[tuple[User, bool]]:
        """Every account, active or not, with its active flag (for the admin page)."""
        return [(_user(r), active) for r, active in self.rows.accounts()]

    def _active_admins(self) -> int:
        return self.rows.active_with_role(Role.ADMIN.value)

    def change_user(
        self, username: str, role: Role, *, committee: str = "", unit: str = "", actor: str
    ) -> User:
        """Change a user's role, committee and unit (audited old → new). The last active admin
        keeps the role, so that nobody locks the municipality out of its own administration."""
        current = self.user(username)
        if current is None:
            raise AccountError(ErrorCode.NO_SUCH_USER, v=username)
        if role is Role.PUBLIC:
            raise AccountError(ErrorCode.PUBLIC_IS_NO_LOGIN)
        if role is Role.EDITOR and not (committee and unit):
            raise AccountError(ErrorCode.EDITOR_NEEDS_UNIT)
        if current.role is Role.ADMIN and role is not Role.ADMIN and self._active_admins() <= 1:
            raise AccountError(ErrorCode.LAST_ADMIN_ROLE)
        old = {"role": current.role.value, "committee": current.committee, "unit": current.unit}
        new = {"role": role.value, "committee": committee, "unit": unit}
        if old == new:
            return current
        with self.store.transaction():
            self.rows.set_role(current.username, role.value, committee, unit)
            # the old rights end now: a changed user signs in again
            self.rows.end_sessions(current.username)
            record_role_change(self.audit, actor, current.username, old, new)
        return User(current.username, current.display_name, role, committee, unit)

    def deactivate(self, username: str, *, actor: str) -> None:
        """Deactivate an account and end its sessions. The row stays (the audit trail names
        it); an admin cannot deactivate themselves or the last admin."""
        current = self.user(username)
        if current is None:
            raise AccountError(ErrorCode.NO_SUCH_ACTIVE_USER, v=username)
        if current.username == actor:
            raise AccountError(ErrorCode.CANNOT_DEACTIVATE_SELF)
        if current.role is Role.ADMIN and self._active_admins() <= 1:
            raise AccountError(ErrorCode.LAST_ADMIN_DEACTIVATE)
        with self.store.transaction():
            self.rows.deactivate(current.username)
            self.rows.end_sessions(current.username)
            self.audit.record(
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
        if role is None or self.rows.exists(name):  # unknown, or a deactivated account
            return None
        user = User(name, display_name or name, role)
        with self.store.transaction():
            self.rows.add_user((name, user.display_name, role.value, "", ""), EXTERNAL_ONLY)
            self.audit.record(via, "user.add", f"user/{name}", new={"role": role.value})
        return user

    # -- login ---------------------------------------------------------------------------
    def login(self, username: str, password: str, client: str = "") -> Session:
        """A new session for correct credentials; one generic message for every failure."""
        name = username.strip().lower()
        wait, first = self.throttle.wait(name, client)
        if wait:
            if first:  # one row per back-off, not one per refused attempt
                self.audit.record(name or "?", "login.throttled", f"user/{name}", detail=client)
            raise LoginThrottled(ErrorCode.TOO_MANY_LOGINS)
        stored = self.rows.password_hash(name)
        ok = False
        try:
            # verify against a dummy hash for unknown users, so that timing says nothing
            ok = self.hasher.verify(stored or _dummy_hash(), password) and stored is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            if self.throttle.fail(name, client, exists=stored is not None):
                self.audit.record(name or "?", "login.failed", f"user/{name}", detail=client)
            raise AccountError(ErrorCode.WRONG_LOGIN)
        self.throttle.succeed(name, client)
        user = self.user(name)
        assert user is not None
        return self.start_session(user, client)

    def start_session(self, user: User, client: str = "", *, via: str = "") -> Session:
        """A new server-side session for an authenticated user (password or OpenID Connect)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        name = user.username
        detail = f"{client} {via}".strip()
        with self.store.transaction():
            self.rows.add_session(
                _digest(token), name, csrf, _now() + timedelta(hours=SESSION_HOURS)
            )
            self.audit.record(name, "login", f"user/{name}", detail=detail)
        return Session(token, user, csrf)

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        row = self.rows.session(_digest(token))
        if row is None or row[2] < _now():
            return None
        user = self.user(row[0])
        return Session(token, user, row[1]) if user else None

    def logout(self, token: str | None) -> None:
        session = self.session(token)
        if token:
            self.rows.end_session(_digest(token))
        if session:
            self.audit.record(session.user.username, "logout", f"user/{session.user.username}")


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users: made at the first login, not at import
    (argon2 at its default cost takes about half a second, which every CLI command paid)."""
    return DEFAULT_HASHER.hash(secrets.token_urlsafe(16))


#: the password hash of accounts created through OpenID Connect: never verifies
EXTERNAL_ONLY = "!extern-inloggning"
