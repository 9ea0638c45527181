"""The signed-in user of a request, the session cookie and the CSRF check for every form."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from kommunanalys.access.accounts import Session
from kommunanalys.access.roles import ANONYMOUS, Forbidden, User
from kommunanalys.errors import ErrorCode
from kommunanalys.web.dependencies import get_accounts, get_settings

COOKIE = "ka_session"


def load_session(request: Request) -> Session | None:
    """Look up the cookie once per request; the result is kept on ``request.state``."""
    if not hasattr(request.state, "session"):
        request.state.session = get_accounts(request).session(request.cookies.get(COOKIE))
    return request.state.session


def current_user(request: Request) -> User:
    """The signed-in user, or :data:`ANONYMOUS`; never raises (a route's CSRF and role checks
    come after it, in the route's own order)."""
    session = load_session(request)
    return session.user if session else ANONYMOUS


#: the signed-in user as a route parameter (``user: CurrentUser``)
CurrentUser = Annotated[User, Depends(current_user)]


def client_address(request: Request) -> str:
    """The address a request came from: the connection's, or — only when the connection is
    from one of ``Settings.trusted_proxies`` — the last address in ``X-Forwarded-For`` that is
    not itself a trusted proxy. With no proxies configured (the default) the header is
    ignored, so a client cannot choose the address its logins are throttled under."""
    peer = request.client.host if request.client else ""
    trusted = get_settings(request).trusted_proxies
    if peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop not in trusted:
            return hop[:64]
    return peer


def csrf_token(request: Request) -> str:
    session = load_session(request)
    return session.csrf if session else ""


def check_csrf(request: Request, token: str) -> None:
    """Every state-changing form carries the session's CSRF token; anything else is refused."""
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(expected, token or ""):
        raise Forbidden(ErrorCode.FORM_EXPIRED)
