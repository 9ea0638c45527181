"""Configuration from the environment: where the database lives, whether this is production,
the secret key and the optional OpenID Connect provider.

* database: ``--db PATH``, else ``KOMMUNANALYS_DB``, else ./kommunanalys.duckdb
* ``KOMMUNANALYS_ENV=production`` switches on the production checks: a missing, short,
  well-known or guessable secret key refuses to start (dev and demo keep working with a
  per-process key); any other value than those of :data:`PRODUCTION_MODES` and
  :data:`DEVELOPMENT_MODES` is an error, so that a typo never runs production in development mode
* ``KOMMUNANALYS_SECRET_KEY`` signs what leaves the server and must come back unchanged
  (the OpenID Connect login flow's state cookie)
* ``KOMMUNANALYS_OIDC_*`` configure login through the municipality's identity provider
* ``KOMMUNANALYS_TRUSTED_PROXIES``: the reverse proxies whose ``X-Forwarded-For`` is believed
* ``KOMMUNANALYS_DB_MEMORY``: how much memory DuckDB may keep (:func:`database_memory_limit`)
* :class:`Limits`: every bound on a request's work and on what it may store

Secrets are read from the environment only, never from a file in the repository.
"""

from __future__ import annotations

import math
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kommunanalys.errors import ErrorCode, KommunanalysError

ENV_DB = "KOMMUNANALYS_DB"
DEFAULT_DB = "kommunanalys.duckdb"
#: The municipality the demo data describes.
DEMO_KOMMUN = "0126"

ENV_MODE = "KOMMUNANALYS_ENV"
#: the values of ``KOMMUNANALYS_ENV`` (any case, spaces around ignored); anything else is an error
PRODUCTION_MODES = ("production", "prod")
DEVELOPMENT_MODES = ("", "development", "dev", "demo", "test")
ENV_SECRET = "KOMMUNANALYS_SECRET_KEY"
#: shorter keys are refused in production (32 characters ≈ 190 bits from token_urlsafe)
MIN_SECRET_LENGTH = 32
#: keys with a lower :func:`secret_key_bits` estimate are refused in production
MIN_SECRET_BITS = 128
#: keys that appear in documentation and examples; never acceptable in production
KNOWN_DEFAULT_KEYS = frozenset(
    {"", "changeme", "change-me", "secret", "dev", "development", "kommunanalys", "default"}
)


class ConfigError(KommunanalysError, ValueError):
    """The configuration is unsafe or incomplete; the message says what to set."""


#: The URL schemes of a PostgreSQL database (``--db postgresql://user@host/name``).
DATABASE_URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(name: str | Path) -> bool:
    """Whether ``name`` (a ``--db`` value) names a PostgreSQL database, not a DuckDB file."""
    return str(name).startswith(DATABASE_URL_SCHEMES)


def database_location(explicit: str | Path | None = None) -> str | Path:
    """The database ``--db`` (else ``KOMMUNANALYS_DB``, else ./kommunanalys.duckdb) names: a
    PostgreSQL URL as it was written, or the DuckDB file's path."""
    value = explicit or os.environ.get(ENV_DB) or DEFAULT_DB
    return str(value) if is_database_url(value) else Path(value)


def database_path(explicit: str | Path | None = None) -> Path:
    """The DuckDB file ``--db`` names (for what only a file can be: a restore's target)."""
    location = database_location(explicit)
    if isinstance(location, str):
        raise ValueError(f"{location} is a database URL, not a file")
    return location


@dataclass(frozen=True)
class OidcConfig:
    """An OpenID Connect provider (Entra ID, Keycloak, …) for the authorization-code flow.

    ``role_claim`` names the ID-token claim with the user's groups or app roles; ``role_map``
    maps its values to our roles. A user without a mapped value logs in only if a local account
    has the same username or e-mail."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_url: str
    scopes: str = "openid profile email"
    role_claim: str = "roles"
    role_map: Mapping[str, str] = field(default_factory=dict)
    #: the claims that name a local account, in order (not ``email``: Entra ID does not
    #: verify it, so it must not decide who someone is)
    username_claims: tuple[str, ...] = ("preferred_username", "upn")


@dataclass(frozen=True)
class Limits:
    """Every bound on what one request may make the server do or store, in one place (listed in
    docs/security.md, section "Limits"). The defaults suit a municipality's site on a small
    server; tests pass smaller ones through :class:`Settings`."""

    #: values (areas × indicators, × years on /utveckling) one CSV, Excel, SVG or PNG export
    #: may hold; /jamfor with 60 DeSO × 60 indicators (3 600) is refused before any work
    export_cells: int = 2_000
    #: rows of one CSV or Excel download
    export_rows: int = 50_000
    #: CSS pixels of one exported chart image (width × height, before the PNG's 2× scale)
    image_pixels: int = 4_000_000
    #: height in CSS pixels of one exported chart image (one chart per image, never a stack)
    image_height: int = 4_000
    #: bytes of one SVG handed to the PNG renderer
    svg_bytes: int = 4_000_000
    #: heavy exports (PNG, PDF, DOCX, Excel, CSV, SVG) rendered at once by one server process;
    #: one more is answered 503 with ``Retry-After`` rather than queued
    renders: int = 2
    #: seconds a refused render is told to wait
    render_retry_after: int = 5
    #: characters kept of a text field of an audit event (path, target, detail, actor)
    audit_field: int = 300
    #: characters kept of an audit event's old and new values (JSON)
    audit_value: int = 4_000
    #: distinct (address, path kind) pairs whose anonymous refusals are counted in one window;
    #: beyond them, refusals are counted together under one key (the memory stays bounded)
    audit_anonymous_keys: int = 1_000
    #: one counted row per address and path kind per this many seconds for anonymous refusals
    audit_anonymous_window: int = 3_600
    #: failed logins on one account within ``login_window`` before it backs off
    login_account_failures: int = 5
    #: failed logins from one address within ``login_window`` before the address backs off
    #: (for accounts that have not logged in from it successfully)
    login_address_failures: int = 20
    #: seconds over which failed logins count
    login_window: int = 15 * 60
    #: the first back-off in seconds; it doubles with every further failure, up to ``login_window``
    login_backoff: int = 30
    #: seconds an upload's preview waits for its confirmation before its files are deleted
    upload_max_age: int = 30 * 60


LIMITS = Limits()
ENV_TRUSTED_PROXIES = "KOMMUNANALYS_TRUSTED_PROXIES"

ENV_DB_MEMORY = "KOMMUNANALYS_DB_MEMORY"
#: DuckDB's memory limit when ``KOMMUNANALYS_DB_MEMORY`` is not set: this share of the
#: machine's memory, within the bounds below. DuckDB's own default is 80 %: a national import
#: then kept 5 GB resident on a 23 GB machine, most of it buffers it could have let go (beyond
#: the limit it spills to the temporary directory: bench/README.md)
DB_MEMORY_SHARE = 0.25
DB_MEMORY_MIN = 256 * 1024**2
DB_MEMORY_MAX = 2 * 1024**3
_UNITS = {"kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4}
_UNITS |= {"kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]i?b|%)")


def machine_memory() -> int | None:
    """The machine's physical memory in bytes, None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def database_memory_limit(
    env: Mapping[str, str] | None = None, memory: int | None = None
) -> int:
    """The bytes DuckDB may keep in memory (its buffers, hash tables and sorts; beyond them a
    statement spills to disk): ``KOMMUNANALYS_DB_MEMORY`` (``2GB``, ``512MiB``, ``25%`` of the
    machine's memory), else :data:`DB_MEMORY_SHARE` of ``memory`` (default: the machine's)
    between :data:`DB_MEMORY_MIN` and :data:`DB_MEMORY_MAX`. :class:`ConfigError` for a
    value that is not a size."""
    env = os.environ if env is None else env
    memory = machine_memory() if memory is None else memory
    text = env.get(ENV_DB_MEMORY, "").strip()
    if not text:
        share = int((memory or DB_MEMORY_MAX) * DB_MEMORY_SHARE)
        return max(DB_MEMORY_MIN, min(DB_MEMORY_MAX, share))
    found = _SIZE.fullmatch(text.lower())
    if found is None or float(found[1]) <= 0 or (found[2] == "%" and float(found[1]) > 100):
        raise ConfigError(ErrorCode.DB_MEMORY_INVALID, variable=ENV_DB_MEMORY, v=text)
    if found[2] == "%":
        return int((memory or DB_MEMORY_MAX) * float(found[1]) / 100)
    return int(float(found[1]) * _UNITS[found[2]])


@dataclass(frozen=True)
class Settings:
    production: bool
    secret_key: str
    #: True when the key was generated at start (dev/demo without a configured key)
    ephemeral_key: bool = False
    oidc: OidcConfig | None = None
    limits: Limits = LIMITS
    #: addresses of reverse proxies whose ``X-Forwarded-For`` is believed (default none: the
    #: address is the connection's); ``KOMMUNANALYS_TRUSTED_PROXIES=127.0.0.1,10.0.0.5``
    trusted_proxies: frozenset[str] = frozenset()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and check the settings; :class:`ConfigError` for anything unsafe in production."""
        env = os.environ if env is None else env
        production = production_mode(env.get(ENV_MODE, ""))
        key = env.get(ENV_SECRET, "")
        ephemeral = False
        if production:
            check_secret_key(key)
        elif not key:
            key, ephemeral = secrets.token_urlsafe(32), True
        proxies = env.get(ENV_TRUSTED_PROXIES, "")
        trusted = frozenset(p.strip() for p in proxies.split(",") if p.strip())
        return cls(
            production, key, ephemeral, _oidc_from_env(env, production), trusted_proxies=trusted
        )

    @classmethod
    def for_tests(
        cls,
        oidc: OidcConfig | None = None,
        limits: Limits = LIMITS,
        trusted_proxies: frozenset[str] = frozenset(),
    ) -> Settings:
        return cls(False, secrets.token_urlsafe(32), True, oidc, limits, trusted_proxies)


def production_mode(value: str) -> bool:
    """Whether ``KOMMUNANALYS_ENV=value`` means production; :class:`ConfigError` for a value
    that is neither a production nor a development mode (``produktion`` is not production)."""
    mode = value.strip().lower()
    if mode not in PRODUCTION_MODES + DEVELOPMENT_MODES:
        modes = ", ".join(m for m in PRODUCTION_MODES + DEVELOPMENT_MODES if m)
        raise ConfigError(ErrorCode.UNKNOWN_ENV_MODE, variable=ENV_MODE, v=value, modes=modes)
    return mode in PRODUCTION_MODES


def new_secret_key() -> str:
    """A key for ``KOMMUNANALYS_SECRET_KEY``: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def secret_key_bits(key: str) -> float:
    """A conservative estimate of the key's entropy in bits, for refusing guessable keys.

    The key is reduced to its shortest repeating unit (``abcabcab`` → ``abc``, ``aaaa`` →
    ``a``), and the estimate is the unit's length × the Shannon entropy of its characters'
    frequencies within it. A random key scores below its true entropy (a 43-character
    ``token_urlsafe(32)`` about 200 bits of its 256); a repeated word or character scores as
    one copy of it, a key of one character 0. It cannot see a dictionary phrase: that is what
    :func:`new_secret_key` (``kommunanalys secret``) is for."""
    unit = key[: _period(key)]
    if not unit:
        return 0.0
    counts = [unit.count(c) for c in set(unit)]
    per_char = -sum(n / len(unit) * math.log2(n / len(unit)) for n in counts)
    return per_char * len(unit)


def _period(text: str) -> int:
    """The length of the shortest prefix that ``text`` repeats (prefix function, KMP)."""
    border = [0] * len(text)
    for i in range(1, len(text)):
        k = border[i - 1]
        while k and text[i] != text[k]:
            k = border[k - 1]
        border[i] = k + (text[i] == text[k])
    return len(text) - border[-1] if text else 0


def check_secret_key(key: str) -> None:
    """Refuse a missing, well-known, short or guessable key (below :data:`MIN_SECRET_BITS` by
    :func:`secret_key_bits`), naming the variable and how to make one."""
    hint = {"variable": ENV_SECRET, "n": MIN_SECRET_LENGTH}
    if not key:
        raise ConfigError(ErrorCode.SECRET_KEY_MISSING, **hint)
    if key.strip().lower() in KNOWN_DEFAULT_KEYS:
        raise ConfigError(ErrorCode.SECRET_KEY_KNOWN, **hint)
    if len(key) < MIN_SECRET_LENGTH:
        raise ConfigError(ErrorCode.SECRET_KEY_SHORT, length=len(key), **hint)
    bits = secret_key_bits(key)
    if bits < MIN_SECRET_BITS:
        raise ConfigError(
            ErrorCode.SECRET_KEY_WEAK, bits=round(bits), min_bits=MIN_SECRET_BITS, **hint
        )


def _oidc_from_env(env: Mapping[str, str], production: bool) -> OidcConfig | None:
    issuer = env.get("KOMMUNANALYS_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    values = {
        name: env.get(f"KOMMUNANALYS_OIDC_{name.upper()}", "").strip()
        for name in ("client_id", "client_secret", "redirect_url")
    }
    missing = [f"KOMMUNANALYS_OIDC_{k.upper()}" for k, v in values.items() if not v]
    if missing:
        raise ConfigError(ErrorCode.OIDC_SETTINGS_MISSING, names=", ".join(missing))
    if production and not (
        issuer.startswith("https://") and values["redirect_url"].startswith("https://")
    ):
        raise ConfigError(ErrorCode.OIDC_NEEDS_HTTPS)
    return OidcConfig(
        issuer=issuer.rstrip("/"),
        scopes=env.get("KOMMUNANALYS_OIDC_SCOPES", "openid profile email"),
        role_claim=env.get("KOMMUNANALYS_OIDC_ROLE_CLAIM", "roles"),
        role_map=parse_role_map(env.get("KOMMUNANALYS_OIDC_ROLE_MAP", "")),
        client_id=values["client_id"],
        client_secret=values["client_secret"],
        redirect_url=values["redirect_url"],
    )


def parse_role_map(text: str) -> dict[str, str]:
    """``"grupp-id=analyst, app.admin=admin"`` → ``{"grupp-id": "analyst", "app.admin": "admin"}``.

    Only analyst and admin can come from a claim: a unit editor needs a committee and unit,
    which live in a local account."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        claim, _, role = part.partition("=")
        if role.strip() not in ("analyst", "admin"):
            raise ConfigError(ErrorCode.OIDC_ROLE_MAP_ROLE, v=part)
        mapping[claim.strip()] = role.strip()
    return mapping
