"""``/login`` and ``/logout``: local accounts or OpenID Connect, server-side sessions."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access.accounts import SESSION_HOURS, AccountError, LoginThrottled, Session
from kommunanalys.access.oidc import Flow, OidcError, read_flow, sign_flow
from kommunanalys.i18n import N_
from kommunanalys.i18n.messages import error_text
from kommunanalys.store import Store
from kommunanalys.web.dependencies import AccountsDep, OidcDep, SettingsDep, StoreDep
from kommunanalys.web.rendering import page_only, respond
from kommunanalys.web.sessions import COOKIE, CurrentUser, check_csrf, client_address

#: the signed cookie that carries the OpenID Connect flow from redirect to callback
FLOW_COOKIE = "ka_oidc"

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect a user to another site after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/mal"


@router.get("/login")
@router.get("/login.json")
def login_form(
    request: Request, user: CurrentUser, oidc: OidcDep, next: str | None = None
) -> Response:
    page = {"next": _safe_next(next), "error": None, "oidc": oidc is not None}
    view = {"user": user.username or None, "role": user.role.value, **page_only(page)}
    return respond(request, "login.html", view)


@router.post("/login")
def login(
    request: Request,
    accounts: AccountsDep,
    oidc: OidcDep,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/mal"),
) -> Response:
    client = client_address(request)
    try:
        session = accounts.login(username, password, client)
    except AccountError as exc:
        context = {
            "next": _safe_next(next),
            "error": error_text(exc),
            "username": username,
            "oidc": oidc is not None,
        }
        status = 429 if isinstance(exc, LoginThrottled) else 401
        return respond(
            request,
            "login.html",
            {"detail": error_text(exc), **page_only(context)},
            status_code=status,
        )
    return _signed_in(request, session, _safe_next(next))


def _signed_in(request: Request, session: Session, target: str) -> Response:
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        session.token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=SESSION_HOURS * 3600,
        path="/",
    )
    response.delete_cookie(FLOW_COOKIE, path="/login/oidc")
    return response


def _oidc_failed(
    request: Request, store: Store, error: OidcError | str, status: int = 400, actor: str = "?"
) -> Response:
    """The audit trail keeps the Swedish text; the page says it in the reader's language."""
    store.audit.record(actor, "login.failed", "oidc", detail=str(error))
    message = error_text(error) if isinstance(error, OidcError) else error
    context = {"next": "/mal", "error": message, "oidc": True}
    return respond(
        request, "login.html", {"detail": message, **page_only(context)}, status_code=status
    )


@router.get("/login/oidc")
def oidc_start(
    request: Request,
    client: OidcDep,
    settings: SettingsDep,
    store: StoreDep,
    next: str | None = None,
) -> Response:
    """Send the browser to the identity provider with a fresh state, nonce and PKCE challenge."""
    if client is None:
        return _error_page(
            request, N_("Inloggning via kommunens identitetsleverantör är inte påslagen.")
        )
    flow = Flow.new(_safe_next(next))
    try:
        target = client.authorization_url(flow)
    except OidcError as exc:
        return _oidc_failed(request, store, exc, 502)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        FLOW_COOKIE,
        sign_flow(flow, settings.secret_key),
        httponly=True,
        samesite="lax",  # the provider's redirect back is a top-level GET: lax sends it
        secure=request.url.scheme == "https",
        max_age=600,
        path="/login/oidc",
    )
    return response


@router.get("/login/oidc/callback")
def oidc_callback(
    request: Request,
    client: OidcDep,
    settings: SettingsDep,
    store: StoreDep,
    accounts: AccountsDep,
    code: str = "",
    state: str = "",
    error: str = "",
) -> Response:
    """The provider's redirect back: check state, exchange the code, verify the ID token, map
    the user to a local account and role, start a session."""
    if client is None:
        return _error_page(
            request, N_("Inloggning via kommunens identitetsleverantör är inte påslagen.")
        )
    if error:
        return _oidc_failed(request, store, N_("Identitetsleverantören avbröt inloggningen."), 401)
    try:
        flow = read_flow(request.cookies.get(FLOW_COOKIE), settings.secret_key)
        identity = client.complete(flow, state, code)
    except OidcError as exc:
        return _oidc_failed(request, store, exc, 401)
    user = accounts.external_user(
        identity.username, identity.display_name, identity.role, via="oidc"
    )
    if user is None:
        return _oidc_failed(
            request,
            store,
            N_(
                "Du är inloggad hos kommunens identitetsleverantör men har inget konto här. "
                "Be en administratör om behörighet."
            ),
            403,
            identity.username or "?",
        )
    host = client_address(request)
    session = accounts.start_session(user, host, via="oidc")
    return _signed_in(request, session, flow.next)


def _error_page(request: Request, message: str) -> Response:
    context = {"next": "/mal", "error": message, "oidc": False}
    return respond(
        request, "login.html", {"detail": message, **page_only(context)}, status_code=404
    )


@router.post("/logout")
def logout(request: Request, accounts: AccountsDep, csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    accounts.logout(request.cookies.get(COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
