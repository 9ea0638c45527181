"""The language of a request: from the URL, else the cookie, else Swedish.

The language of a request comes from ``?lang=sv|en`` in the URL (so that every view stays a
permalink in its language), else from the ``lang`` cookie that :func:`remember` sets when the
switch is used, else Swedish. The browser's Accept-Language is deliberately not honoured: the
public face of a Swedish municipality is Swedish unless the reader asks otherwise.

The language is set once per request before anything is rendered (:func:`request_language`,
:class:`LanguageMiddleware`) in :mod:`kommunanalys.i18n`, which everything below the web layer
reads; the translations and the labels live there too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kommunanalys.i18n import (
    DEFAULT,
    ENGLISH,
    SWEDISH,
    current_language,
    gettext,
    use_language,
    valid,
)
from kommunanalys.i18n.words import (
    domain_name,
    indicator_name,
    name_is_swedish,
    swedish_only,
    unit_name,
)

QUERY_KEY = "lang"
COOKIE = "lang"
#: the switch's label is the other language's own name
SWITCH_LABEL = {SWEDISH: "English", ENGLISH: "Svenska"}


def language_from_request(request: Request) -> str:
    """``?lang=`` first, then the cookie, then Swedish; always Swedish for a JSON twin.

    A JSON twin is data, the same whoever asks: text built in Python while it is made (findings,
    messages) must not follow the reader's language there."""
    if _wants_json(request):
        return DEFAULT
    return (
        valid(request.query_params.get(QUERY_KEY)) or valid(request.cookies.get(COOKIE)) or DEFAULT
    )


def _wants_json(request: Request) -> bool:
    """The same rule as :func:`kommunanalys.web.rendering.wants_json` (which imports us)."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


async def request_language(request: Request) -> str:
    """A router dependency: sets the request's language before the view builds any text.

    Async on purpose: FastAPI runs it in the request's task, so the value is inherited by the
    thread a synchronous endpoint runs in."""
    lang = language_from_request(request)
    use_language(lang)
    return lang


class LanguageMiddleware:
    """Sets the request's language for everything below it (views, error handlers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            use_language(language_from_request(Request(scope)))
        await self.app(scope, receive, send)


def remember(request: Request, response: Response) -> None:
    """Keep an explicit ``?lang=`` choice in a cookie so that plain links keep the language."""
    chosen = valid(request.query_params.get(QUERY_KEY))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)


def switch_url(request: Request, to: str) -> str:
    """The current page and its query in language ``to``."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != QUERY_KEY]
    kept.append((QUERY_KEY, to))
    return f"{request.url.path}?{urlencode(kept)}"


def template_globals() -> dict[str, Callable[..., Any]]:
    """What every template may call, all reading the request's language."""
    return {
        "iname": indicator_name,
        "iname_sv": name_is_swedish,
        "sv_only": swedish_only,
        "dname": domain_name,
        "uname": unit_name,
        "tr": gettext,
        "current_language": current_language,
    }
