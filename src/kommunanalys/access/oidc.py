"""OpenID Connect login (authorization-code flow with state, nonce and PKCE).

Works with Entra ID, Keycloak and any provider that publishes a discovery document. The server
contacts only the configured issuer: the discovery document's token and JWKS endpoints must be
on the issuer's own origin (Entra ID's are), anything else is refused before a request is made.
The login flow's state, nonce and PKCE verifier travel in a cookie signed with the secret key,
so the server keeps nothing between the redirect and the callback and a forged or replayed
callback is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from kommunanalys.access.roles import Role
from kommunanalys.config import OidcConfig
from kommunanalys.errors import ErrorCode, KommunanalysError

if TYPE_CHECKING:  # imported where the provider is talked to: most servers have no provider
    import httpx
    import jwt

#: the login flow must come back within this many seconds
FLOW_SECONDS = 10 * 60
#: discovery and keys are fetched again after this many seconds (key rotation)
CACHE_SECONDS = 60 * 60
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256"]


class OidcError(KommunanalysError, ValueError):
    """The provider's answer or the login flow is not acceptable: a code whose message says
    nothing an attacker could use."""


@dataclass(frozen=True)
class Flow:
    """What the callback must match: state, nonce, PKCE verifier, where to go afterwards."""

    state: str
    nonce: str
    verifier: str
    next: str
    started: float

    @classmethod
    def new(cls, next_path: str) -> Flow:
        return cls(
            secrets.token_urlsafe(24),
            secrets.token_urlsafe(24),
            secrets.token_urlsafe(48),
            next_path,
            time.time(),
        )

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign_flow(flow: Flow, key: str) -> str:
    body = base64.urlsafe_b64encode(json.dumps(flow.__dict__).encode()).decode()
    mac = hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def read_flow(cookie: str | None, key: str) -> Flow:
    """The flow from its signed cookie; refuses a missing, altered or expired one."""
    body, _, mac = (cookie or "").rpartition(".")
    expected = hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()
    if not body or not hmac.compare_digest(mac, expected):
        raise OidcError(ErrorCode.OIDC_FLOW_UNVERIFIED)
    flow = Flow(**json.loads(base64.urlsafe_b64decode(body)))
    if time.time() - flow.started > FLOW_SECONDS:
        raise OidcError(ErrorCode.OIDC_FLOW_EXPIRED)
    return flow


@dataclass(frozen=True)
class Identity:
    """Who the provider vouches for, and the role its claims map to (if any)."""

    username: str
    display_name: str
    role: Role | None
    subject: str


class OidcClient:
    """Talks to the one configured provider; ``transport`` lets tests serve a fake one."""

    def __init__(self, config: OidcConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._transport = transport
        self._lock = threading.Lock()
        self._discovery: tuple[float, dict[str, Any]] | None = None
        self._keys: tuple[float, jwt.PyJWKSet] | None = None
        origin = urlsplit(config.issuer)
        self._origin = (origin.scheme, origin.netloc)

    # -- talking to the provider -------------------------------------------------------------
    def _client(self) -> httpx.Client:
        import httpx

        return httpx.Client(transport=self._transport, timeout=10.0, follow_redirects=False)

    def _check_url(self, url: str) -> str:
        """Only the issuer's origin is ever contacted."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin:
            raise OidcError(ErrorCode.OIDC_URL_OUTSIDE_ISSUER)
        return url

    def _get_json(self, url: str) -> dict[str, Any]:
        import httpx

        try:
            with self._client() as client:
                response = client.get(self._check_url(url))
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            if isinstance(exc, OidcError):
                raise
            raise OidcError(ErrorCode.OIDC_UNEXPECTED_ANSWER) from exc
        if not isinstance(data, dict):
            raise OidcError(ErrorCode.OIDC_UNEXPECTED_ANSWER)
        return data

    def discovery(self) -> dict[str, Any]:
        with self._lock:
            if self._discovery and time.time() - self._discovery[0] < CACHE_SECONDS:
                return self._discovery[1]
        url = self.config.issuer + "/.well-known/openid-configuration"
        doc = self._get_json(url)
        if doc.get("issuer", "").rstrip("/") != self.config.issuer:
            raise OidcError(ErrorCode.OIDC_ISSUER_MISMATCH)
        for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(doc.get(endpoint), str):
                raise OidcError(ErrorCode.OIDC_ENDPOINT_MISSING)
            if endpoint != "authorization_endpoint":
                self._check_url(doc[endpoint])
        with self._lock:
            self._discovery = (time.time(), doc)
        return doc

    def _key_set(self, refresh: bool = False) -> jwt.PyJWKSet:
        import jwt

        with self._lock:
            if not refresh and self._keys and time.time() - self._keys[0] < CACHE_SECONDS:
                return self._keys[1]
        try:
            keys = jwt.PyJWKSet.from_dict(self._get_json(self.discovery()["jwks_uri"]))
        except jwt.PyJWTError as exc:
            raise OidcError(ErrorCode.OIDC_KEYS_UNREADABLE) from exc
        with self._lock:
            self._keys = (time.time(), keys)
        return keys

    # -- the flow ----------------------------------------------------------------------------
    def authorization_url(self, flow: Flow) -> str:
        params = {
            "response_type": "code",
            "client_id": self.config.client_id,
            "redirect_uri": self.config.redirect_url,
            "scope": self.config.scopes,
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": flow.challenge,
            "code_challenge_method": "S256",
        }
        endpoint = self.discovery()["authorization_endpoint"]
        return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)

    def complete(self, flow: Flow, state: str, code: str) -> Identity:
        """Check the state, exchange the code (with the PKCE verifier), verify the ID token."""
        import httpx

        if not state or not hmac.compare_digest(state, flow.state):
            raise OidcError(ErrorCode.OIDC_FLOW_UNVERIFIED)
        if not code:
            raise OidcError(ErrorCode.OIDC_NO_CODE)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.config.redirect_url,
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret,
            "code_verifier": flow.verifier,
        }
        try:
            with self._client() as client:
                response = client.post(
                    self._check_url(self.discovery()["token_endpoint"]),
                    data=form,
                    headers={"Accept": "application/json"},
                )
            response.raise_for_status()
            id_token = response.json().get("id_token")
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            if isinstance(exc, OidcError):
                raise
            raise OidcError(ErrorCode.OIDC_LOGIN_REFUSED) from exc
        if not isinstance(id_token, str):
            raise OidcError(ErrorCode.OIDC_NO_ID_TOKEN)
        return self.identity(self.verify(id_token, flow.nonce))

    def verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        """Signature (provider's JWKS), issuer, audience, expiry and nonce of the ID token."""
        import jwt

        try:
            header = jwt.get_unverified_header(id_token)
            if header.get("alg") not in ALGORITHMS:
                raise OidcError(ErrorCode.OIDC_BAD_ALGORITHM)
            key = self._signing_key(header.get("kid"))
            claims = jwt.decode(
                id_token,
                key.key,
                algorithms=[header["alg"]],
                audience=self.config.client_id,
                issuer=self.config.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=60,
            )
        except jwt.PyJWTError as exc:
            raise OidcError(ErrorCode.OIDC_TOKEN_UNVERIFIED) from exc
        if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise OidcError(ErrorCode.OIDC_WRONG_NONCE)
        return claims

    def _signing_key(self, kid: str | None) -> jwt.PyJWK:
        for refresh in (False, True):  # a new key id: the provider may have rotated its keys
            keys = self._key_set(refresh)
            for key in keys.keys:
                if kid is None or key.key_id == kid:
                    return key
        raise OidcError(ErrorCode.OIDC_UNKNOWN_KEY)

    def identity(self, claims: dict[str, Any]) -> Identity:
        username = ""
        for claim in self.config.username_claims:
            if isinstance(claims.get(claim), str) and claims[claim].strip():
                username = claims[claim].strip().lower()
                break
        values = claims.get(self.config.role_claim) or []
        if isinstance(values, str):
            values = [values]
        mapped = {self.config.role_map[v] for v in values if v in self.config.role_map}
        role = Role.ADMIN if "admin" in mapped else Role.ANALYST if "analyst" in mapped else None
        name = claims.get("name")
        if not isinstance(name, str):
            name = username
        return Identity(username, name, role, str(claims["sub"]))
