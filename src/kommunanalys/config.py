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

Secrets are read from the environment only, never from a file in the repository.
"""

from __future__ import annotations

import math
import os
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


def database_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_DB)
    return Path(from_env) if from_env else Path(DEFAULT_DB)


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
class Settings:
    production: bool
    secret_key: str
    #: True when the key was generated at start (dev/demo without a configured key)
    ephemeral_key: bool = False
    oidc: OidcConfig | None = None

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
        return cls(production, key, ephemeral, _oidc_from_env(env, production))

    @classmethod
    def for_tests(cls, oidc: OidcConfig | None = None) -> Settings:
        return cls(False, secrets.token_urlsafe(32), True, oidc)


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
