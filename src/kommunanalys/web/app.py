"""Application factory: ``create_app(store)``."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path

from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from kommunanalys import __version__
from kommunanalys.access.accounts import Accounts
from kommunanalys.access.audit import AnonymousRefusals
from kommunanalys.access.oidc import OidcClient
from kommunanalys.access.roles import Forbidden
from kommunanalys.analysis.narrative import LanguageModelConfig
from kommunanalys.charts.limits import ExportTooLarge
from kommunanalys.config import Settings
from kommunanalys.goals.repository import Conflict, GoalError, GoalNotFound, GoalRepository
from kommunanalys.i18n import gettext
from kommunanalys.i18n.messages import error_text
from kommunanalys.query import Dataset, QueryError
from kommunanalys.refresh import Publisher
from kommunanalys.sources.file_safety import MAX_FILE_BYTES
from kommunanalys.store import Store
from kommunanalys.store.backend import DatabaseUnavailable
from kommunanalys.web import csp
from kommunanalys.web.language import LanguageMiddleware
from kommunanalys.web.render_gate import RenderBusy, RenderGate, is_heavy
from kommunanalys.web.rendering import error_page, wants_json
from kommunanalys.web.request_errors import describe
from kommunanalys.web.response_cache import ResponseCache
from kommunanalys.web.routes import (
    admin,
    api_v1,
    compare,
    economy,
    economy_entry,
    effect_add,
    effect_edit,
    effect_logic,
    goals,
    imports,
    login,
    maps,
    overview,
    pages,
    report_texts,
    staff_control,
)
from kommunanalys.web.sessions import client_address, current_user
from kommunanalys.web.views.compare_params import BadParameter
from kommunanalys.web.warm_up import WarmUp
from kommunanalys.web.warm_up import prepare as prepare_readers

log = logging.getLogger("kommunanalys.web")

#: unsafe methods from another site are refused before any route runs (CSRF in depth; the
#: forms also carry the session's token)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def create_app(
    store: Store,
    language_model: LanguageModelConfig | None = None,
    *,
    warm: bool = False,
    settings: Settings | None = None,
    hasher: PasswordHasher | None = None,
    response_cache: bool = False,
) -> FastAPI:
    """The web app over ``store``; ``language_model`` enables the optional narrative.

    ``settings`` default to the environment (:meth:`Settings.from_env`), which raises
    :class:`kommunanalys.config.ConfigError` in production mode with a missing, short or default
    secret key: the app refuses to start rather than run with a key an attacker may know.

    ``warm`` computes the home kommun's trend tests and the map projections in a background
    thread at start, and again for each snapshot an import publishes, before it is swapped
    in; then, in the background, every other kommun's trends (:mod:`kommunanalys.web.warm_up`;
    ``app.state.warm_up.wait()``), so a profile request reads them and a national database
    still answers at once.

    ``hasher`` hashes the passwords of accounts the app creates (default argon2's
    recommended cost; tests pass a cheaper one).

    ``response_cache`` keeps public answers of the data views by data version, with ETags
    (:mod:`kommunanalys.web.response_cache`; ``kommunanalys serve`` switches it on)."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="kommunanalys API",
        version=__version__,
        description="Områdesprofiler och indikatorer per kommun, RegSO och DeSO. Alla värden "
        "har passerat röjandekontrollen; skyddade värden har status 'skyddad'.",
        docs_url=None,  # the Swagger UI loads from a CDN: not offline, so not served
        redoc_url=None,
    )
    app.state.store = store

    app.state.warm_up = warm_up = WarmUp()

    def published(dataset: Dataset) -> None:
        app.state.dataset = dataset
        if warm:  # every other kommun's trends, kept with the snapshot
            warm_up.start(dataset)

    # readers get a snapshot; an import's refresh makes the next one in the background (warmed
    # like the first, with ``warm``, before it is swapped in)
    app.state.publisher = Publisher(
        store, prepare=prepare_readers if warm else None, on_publish=published
    )
    app.state.dataset = app.state.publisher.dataset
    app.state.accounts = Accounts(store, hasher=hasher, limits=settings.limits)
    app.state.goals = GoalRepository(store)
    app.state.language_model = language_model
    app.state.settings = settings
    app.state.oidc = OidcClient(settings.oidc) if settings.oidc else None
    app.state.pending_imports = imports.PendingImports()
    limits = settings.limits
    app.state.render_gate = gate = RenderGate(limits.renders, limits.render_retry_after)
    app.state.anonymous_refusals = anonymous_refusals = AnonymousRefusals(store.audit, limits)
    if warm:
        warm_up.start(app.state.dataset, first=True)
    static = Path(str(resources.files("kommunanalys.web") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(api_v1.router)
    app.include_router(pages.router)
    app.include_router(login.router)
    app.include_router(report_texts.router)
    app.include_router(goals.router)
    app.include_router(economy.router)
    app.include_router(effect_add.router)  # before the pages: /insatser/ny is its form
    app.include_router(effect_logic.router)
    app.include_router(effect_edit.router)
    app.include_router(economy_entry.router)
    app.include_router(imports.router)
    app.include_router(admin.router)
    app.include_router(maps.router)
    app.include_router(compare.router)
    app.include_router(overview.router)
    app.include_router(staff_control.router)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        user = current_user(request)
        if user.username:  # a signed-in user's refusal: every time
            store.audit.record(user.username, "access.denied", request.url.path, detail=str(exc))
        else:  # the public's: counted, one row per address and route per window
            route = getattr(request.scope.get("route"), "path", "?")
            anonymous_refusals.refused(
                client_address(request), request.method, route, request.url.path, str(exc)
            )
        return _error(request, 403, error_text(exc))

    @app.exception_handler(GoalError)
    async def goal_error(request: Request, exc: GoalError) -> Response:
        status = 409 if isinstance(exc, Conflict) else 404 if isinstance(exc, GoalNotFound) else 400
        return _error(request, status, error_text(exc))

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return _error(request, exc.status_code, error_text(exc))

    @app.exception_handler(ExportTooLarge)
    async def export_too_large(request: Request, exc: ExportTooLarge) -> Response:
        return _error(request, 400, error_text(exc))

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return _error(request, 404, error_text(exc))

    @app.exception_handler(DatabaseUnavailable)
    async def database_unavailable(request: Request, exc: DatabaseUnavailable) -> Response:
        """A write the disk refused, or a statement beyond DuckDB's memory limit
        (:class:`~kommunanalys.store.backend.DatabaseOutOfMemory`): rolled back, nothing held;
        reads go on, the writer may retry (``Retry-After``)."""
        log.warning("%s (%s %s)", exc, request.method, request.url.path)
        response = _error(request, 503, error_text(exc))
        response.headers["Retry-After"] = "30"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if exc.status_code != 404 else "Sidan finns inte."
        if isinstance(exc.detail, str) and exc.status_code == 404 and exc.detail != "Not Found":
            message = exc.detail
        return _error(request, exc.status_code, str(message))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = describe(exc.errors())
        return _error(request, 422, gettext("Ogiltig begäran: %(v)s") % {"v": problems})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        """Anything unforeseen: logged here with its traceback, a generic Swedish page there —
        no stack trace, path or SQL ever reaches the client."""
        log.exception("Oväntat fel vid %s %s", request.method, request.url.path)
        return _error(request, 500, GENERIC_ERROR)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method in UNSAFE_METHODS and _cross_site(request):
            response: Response = _error(request, 403, CROSS_SITE)
        else:
            try:
                response = await _bounded(request, call_next)
            except Exception:  # the catch-all: see ``unexpected``; here the headers still apply
                log.exception("Oväntat fel vid %s %s", request.method, request.url.path)
                response = _error(request, 500, GENERIC_ERROR)
        response.headers.setdefault(csp.HEADER, csp.policy())  # a route may add style hashes
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.url.scheme == "https":
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    async def _bounded(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """An export runs only in a free render slot; without one, 503 and ``Retry-After``."""
        if not is_heavy(request.url.path):
            return await call_next(request)
        try:
            gate.take()
        except RenderBusy as busy:
            response = _error(request, 503, error_text(busy))
            response.headers["Retry-After"] = str(gate.retry_after)
            return response
        try:
            return await call_next(request)
        finally:
            gate.give()

    app.add_middleware(BodyLimit)
    app.add_middleware(LanguageMiddleware)  # text built in Python follows ?lang= / the cookie
    if response_cache:  # outermost: what it keeps has every header the app adds
        app.add_middleware(ResponseCache)
    return app


#: the largest request body: one upload at the file limit plus its form fields and mapping
MAX_BODY_BYTES = MAX_FILE_BYTES + 2_000_000


class BodyLimit:
    """Refuse request bodies above ``MAX_BODY_BYTES`` with 413 before they are read.

    Starlette reads a whole multipart body (spooling files to disk) before a route's own size
    check runs, and before the CSRF and role checks: without this, anyone could fill the disk.
    The declared Content-Length is checked (the server holds the client to it); a body without
    one (chunked) is refused with 411 — browsers always declare the length of a form."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            declared = headers.get(b"content-length", b"").strip()
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                detail = f"Begäran är större än gränsen {MAX_BODY_BYTES // 1_000_000} MB."
                await _refuse(send, 413, detail)
                return
            if not declared and b"chunked" in headers.get(b"transfer-encoding", b"").lower():
                await _refuse(send, 411, "Begäran måste ange sin längd (Content-Length).")
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


GENERIC_ERROR = (
    "Ett oväntat fel inträffade. Felet är loggat; försök igen om en stund eller kontakta "
    "kommunens analysenhet om det upprepas."
)
CROSS_SITE = "Formuläret skickades från en annan webbplats och togs inte emot."


def _cross_site(request: Request) -> bool:
    """A browser's request from another site: ``Sec-Fetch-Site: cross-site`` or an ``Origin``
    that is not this host. Requests without these headers (scripts, tests) pass on to the
    CSRF token check."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = request.headers.get("origin")
    if not origin:
        return False
    if origin == "null":
        return True
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] != host


def _error(request: Request, status: int, message: str) -> Response:
    if wants_json(request) or request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return error_page(request, status, message)
