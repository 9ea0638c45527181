"""OpenID Connect login against a local fake provider (httpx MockTransport; no network).

The fake serves a discovery document, a JWKS with an RSA key generated here and a token
endpoint that checks the PKCE verifier and hands out RS256 ID tokens. Every request the app
makes is recorded: only the configured issuer's origin is ever contacted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from kommunanalys.access.oidc import OidcClient
from kommunanalys.access.roles import Role
from kommunanalys.config import ConfigError, OidcConfig, Settings, new_secret_key, parse_role_map
from tests.site import CID, Site, make_site

ISSUER = "https://idp.kommun.test/tenant/v2.0"
CLIENT_ID = "kommunanalys-app"
REDIRECT = "http://testserver/login/oidc/callback"


def _private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeProvider:
    """A tiny identity provider: discovery, JWKS, token endpoint."""

    key: rsa.RSAPrivateKey = field(default_factory=_private_key)
    kid: str = "key-1"
    claims: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    discovery_override: dict[str, Any] = field(default_factory=dict)
    sign_with: rsa.RSAPrivateKey | None = None
    token_overrides: dict[str, Any] = field(default_factory=dict)

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, url: str) -> tuple[str, str]:
        """What the user's browser does at the provider: sign in, get redirected with a code."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        assert url.startswith(ISSUER + "/authorize?")
        assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
        assert query["code_challenge_method"] == "S256" and query["redirect_uri"] == REDIRECT
        code = f"code-{len(self.codes)}"
        self.codes[code] = query
        return code, query["state"]

    def id_token(self, request: dict[str, str]) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "user-123",
            "iat": now,
            "exp": now + 300,
            "nonce": request["nonce"],
            **self.claims,
            **self.token_overrides,
        }
        return jwt.encode(
            claims, self.sign_with or self.key, algorithm="RS256", headers={"kid": self.kid}
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/tenant/v2.0/.well-known/openid-configuration":
            doc = {
                "issuer": ISSUER,
                "authorization_endpoint": ISSUER + "/authorize",
                "token_endpoint": ISSUER + "/token",
                "jwks_uri": ISSUER + "/keys",
                **self.discovery_override,
            }
            return httpx.Response(200, json=doc)
        if path == "/tenant/v2.0/keys":
            return httpx.Response(200, json=self.jwks())
        if path == "/tenant/v2.0/token" and request.method == "POST":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            asked = self.codes.pop(form.get("code", ""), None)
            if asked is None or form.get("client_secret") != "hemlig":
                return httpx.Response(400, json={"error": "invalid_grant"})
            digest = hashlib.sha256(form["code_verifier"].encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != asked["code_challenge"]:
                return httpx.Response(400, json={"error": "invalid_grant", "pkce": "fel"})
            return httpx.Response(200, json={"id_token": self.id_token(asked)})
        return httpx.Response(404)


CONFIG = OidcConfig(
    issuer=ISSUER,
    client_id=CLIENT_ID,
    client_secret="hemlig",
    redirect_url=REDIRECT,
    role_claim="groups",
    role_map={"grp-analytiker": "analyst", "grp-admin": "admin"},
)


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider()


@pytest.fixture
def site_settings() -> Settings:
    return Settings.for_tests(CONFIG)


@pytest.fixture
def site(site: Site, provider: FakeProvider) -> Site:
    """The shared ``site`` with OIDC configured and the fake provider behind it."""
    site.app.state.oidc = OidcClient(CONFIG, transport=httpx.MockTransport(provider.handle))
    return site


def oidc_login(site: Site, provider: FakeProvider, client: TestClient | None = None) -> Any:
    client = client or site.anonymous()
    start = client.get("/login/oidc", params={"next": "/rapportering"}, follow_redirects=False)
    assert start.status_code == 303
    code, state = provider.authorize(start.headers["location"])
    return client, client.get(
        "/login/oidc/callback", params={"code": code, "state": state}, follow_redirects=False
    )


def test_the_login_page_offers_the_identity_provider(site: Site) -> None:
    assert 'href="/login/oidc?next=' in site.anonymous().get("/login").text


def test_a_claimed_group_maps_to_a_role_and_starts_a_session(
    site: Site, provider: FakeProvider
) -> None:
    provider.claims = {"preferred_username": "Anna@Kommun.test", "groups": ["grp-analytiker"]}
    client, done = oidc_login(site, provider)
    assert done.status_code == 303 and done.headers["location"] == "/rapportering"
    assert client.get("/login.json").json() == {"user": "anna@kommun.test", "role": "analyst"}
    assert client.get("/import.json").status_code == 200
    logins = site.events("login")
    assert logins[0].actor == "anna@kommun.test" and "oidc" in logins[0].detail
    assert site.events("user.add", actor="oidc")[0].target == "user/anna@kommun.test"
    # only the issuer was contacted: discovery, keys, token — nothing else
    hosts = {r.url.host for r in provider.requests}
    assert hosts == {"idp.kommun.test"}
    assert {r.url.path.rsplit("/", 1)[-1] for r in provider.requests} >= {"keys", "token"}


def test_a_local_account_with_the_same_username_keeps_its_role_and_unit(
    site: Site, provider: FakeProvider
) -> None:
    provider.claims = {"preferred_username": "hr.redaktor", "groups": []}
    client, done = oidc_login(site, provider)
    assert done.status_code == 303
    assert client.get("/login.json").json()["role"] == "editor"
    user = site.accounts.user("hr.redaktor")
    assert user is not None and (user.committee, user.unit) == (CID, "hr")


def test_an_unknown_user_without_a_mapped_group_is_refused_and_audited(
    site: Site, provider: FakeProvider
) -> None:
    provider.claims = {"preferred_username": "okand@kommun.test", "groups": ["annat"]}
    client, done = oidc_login(site, provider)
    assert done.status_code == 403 and "inget konto" in done.text
    assert client.get("/login.json").json()["user"] is None
    assert site.events("login.failed")[0].actor == "okand@kommun.test"
    assert site.accounts.user("okand@kommun.test") is None


def test_a_group_change_at_the_provider_changes_the_role_audited(
    site: Site, provider: FakeProvider
) -> None:
    provider.claims = {"preferred_username": "analytiker", "groups": ["grp-admin"]}
    client, done = oidc_login(site, provider)
    assert done.status_code == 303
    assert client.get("/login.json").json()["role"] == "admin"
    change = site.events("user.change")[0]
    assert change.actor == "oidc" and '"role": "analyst"' in change.old


@pytest.mark.parametrize(
    "tamper",
    [
        "state",
        "no-cookie",
        "other-cookie",
        "code",
        "nonce",
        "audience",
        "issuer",
        "expired",
        "signature",
        "error",
    ],
)
def test_a_forged_or_replayed_callback_is_refused(
    site: Site, provider: FakeProvider, tamper: str
) -> None:
    provider.claims = {"preferred_username": "x@kommun.test", "groups": ["grp-analytiker"]}
    client = site.anonymous()
    start = client.get("/login/oidc", follow_redirects=False)
    code, state = provider.authorize(start.headers["location"])
    params = {"code": code, "state": state}
    if tamper == "state":
        params["state"] = state[:-1] + ("A" if state[-1] != "A" else "B")
    elif tamper == "no-cookie":
        client.cookies.clear()
    elif tamper == "other-cookie":  # an attacker's own flow cookie with the victim's code
        other = site.anonymous()
        other.get("/login/oidc", follow_redirects=False)
        client.cookies.clear()
        client.cookies.set("ka_oidc", other.cookies["ka_oidc"], path="/login/oidc")
    elif tamper == "code":
        params["code"] = "code-99"
    elif tamper == "nonce":
        provider.token_overrides = {"nonce": "annan"}
    elif tamper == "audience":
        provider.token_overrides = {"aud": "annan-app"}
    elif tamper == "issuer":
        provider.token_overrides = {"iss": "https://evil.test"}
    elif tamper == "expired":
        provider.token_overrides = {"exp": int(time.time()) - 3600, "iat": 1}
    elif tamper == "signature":
        provider.sign_with = _private_key()
    elif tamper == "error":
        params = {"error": "access_denied", "state": state}
    done = client.get("/login/oidc/callback", params=params, follow_redirects=False)
    assert done.status_code in (401, 403), tamper
    assert client.get("/login.json").json()["user"] is None
    assert site.events("login.failed")


def test_a_discovery_document_pointing_elsewhere_is_never_followed(
    site: Site, provider: FakeProvider
) -> None:
    provider.discovery_override = {"token_endpoint": "https://evil.test/token"}
    provider.claims = {"preferred_username": "x", "groups": ["grp-analytiker"]}
    client = site.anonymous()
    start = client.get("/login/oidc", follow_redirects=False)
    assert start.status_code == 502
    assert {r.url.host for r in provider.requests} == {"idp.kommun.test"}


def test_the_flow_cookie_is_signed_with_the_secret_key(
    demo_db: Path, tmp_path: Path, provider: FakeProvider
) -> None:
    """A flow cookie from a server with another key is worthless here."""
    provider.claims = {"preferred_username": "y", "groups": ["grp-analytiker"]}
    sites: list[Site] = []
    for n in range(2):
        folder = tmp_path / str(n)
        folder.mkdir()
        site = make_site(demo_db, folder, Settings.for_tests(CONFIG))
        site.app.state.oidc = OidcClient(CONFIG, transport=httpx.MockTransport(provider.handle))
        sites.append(site)
    first, second = sites
    client = first.anonymous()
    start = client.get("/login/oidc", follow_redirects=False)
    code, state = provider.authorize(start.headers["location"])
    elsewhere = second.anonymous()
    elsewhere.cookies.set("ka_oidc", client.cookies["ka_oidc"], path="/login/oidc")
    done = elsewhere.get(
        "/login/oidc/callback", params={"code": code, "state": state}, follow_redirects=False
    )
    assert done.status_code == 401
    for site in sites:
        site.store.close()


def test_without_configuration_the_oidc_routes_say_so(site: Site) -> None:
    site.app.state.oidc = None
    assert site.anonymous().get("/login/oidc").status_code == 404
    assert "/login/oidc" not in site.anonymous().get("/login").text


def test_oidc_settings_from_the_environment() -> None:
    env = {
        "KOMMUNANALYS_OIDC_ISSUER": ISSUER + "/",
        "KOMMUNANALYS_OIDC_CLIENT_ID": CLIENT_ID,
        "KOMMUNANALYS_OIDC_CLIENT_SECRET": "hemlig",
        "KOMMUNANALYS_OIDC_REDIRECT_URL": REDIRECT,
        "KOMMUNANALYS_OIDC_ROLE_CLAIM": "groups",
        "KOMMUNANALYS_OIDC_ROLE_MAP": "grp-a=analyst, grp-b=admin",
    }
    oidc = Settings.from_env(env).oidc
    assert oidc is not None and oidc.issuer == ISSUER
    assert dict(oidc.role_map) == {"grp-a": "analyst", "grp-b": "admin"}
    with pytest.raises(ConfigError, match="CLIENT_SECRET"):
        Settings.from_env({**env, "KOMMUNANALYS_OIDC_CLIENT_SECRET": ""})
    key = new_secret_key()
    production = {**env, "KOMMUNANALYS_ENV": "production", "KOMMUNANALYS_SECRET_KEY": key}
    with pytest.raises(ConfigError, match="https"):
        Settings.from_env(production)  # the redirect URL is http
    with pytest.raises(ConfigError, match="editor"):
        parse_role_map("grp=editor")
    assert Role.ANALYST.value == "analyst"
