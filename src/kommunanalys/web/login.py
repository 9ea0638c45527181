"""``/login`` and ``/logout``: local accounts, server-side sessions."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access.accounts import AccountError, LoginThrottled
from kommunanalys.web.rendering import respond
from kommunanalys.web.sessions import COOKIE, accounts, check_csrf, current_user

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect a user to another site after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/mal"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    user = current_user(request)
    return respond(
        request,
        "login.html",
        {"next": _safe_next(next), "error": None},
        {"user": user.username or None, "role": user.role.value},
    )


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/mal"),
) -> Response:
    client = request.client.host if request.client else ""
    try:
        session = accounts(request).login(username, password, client)
    except AccountError as exc:
        context = {"next": _safe_next(next), "error": str(exc), "username": username}
        status = 429 if isinstance(exc, LoginThrottled) else 401
        return respond(request, "login.html", context, {"detail": str(exc)}, status_code=status)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        session.token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=8 * 3600,
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    accounts(request).logout(request.cookies.get(COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
