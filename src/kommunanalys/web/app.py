"""Application factory: ``create_app(store)``."""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kommunanalys import __version__
from kommunanalys.access.accounts import Accounts
from kommunanalys.access.audit import record
from kommunanalys.access.roles import Forbidden
from kommunanalys.analysis.assessment import area_trends
from kommunanalys.analysis.narrative import LanguageModelConfig
from kommunanalys.goals.repository import Conflict, GoalError, GoalNotFound, GoalRepository
from kommunanalys.query import Dataset, QueryError
from kommunanalys.store import Store
from kommunanalys.web import admin, api, compare, goals, imports, login, maps, pages
from kommunanalys.web.rendering import templates, wants_json
from kommunanalys.web.sessions import current_user


def create_app(
    store: Store, language_model: LanguageModelConfig | None = None, *, warm: bool = False
) -> FastAPI:
    """The web app over ``store``; ``language_model`` enables the optional narrative.

    ``warm`` computes the per-area trend tests in a background thread at start, so that the
    first visitor does not wait for them (about 2 s for a municipality's ~170 areas)."""
    app = FastAPI(
        title="kommunanalys API",
        version=__version__,
        description="Områdesprofiler och indikatorer per kommun, RegSO och DeSO. Alla värden "
        "har passerat röjandekontrollen; skyddade värden har status 'skyddad'.",
        docs_url=None,  # the Swagger UI loads from a CDN: not offline, so not served
        redoc_url=None,
    )
    app.state.dataset = Dataset(store)
    app.state.accounts = Accounts(store.backend)
    app.state.goals = GoalRepository(store.backend)
    app.state.language_model = language_model
    if warm:
        dataset = app.state.dataset
        threading.Thread(
            target=area_trends, args=(dataset, dataset.kommun), name="warm", daemon=True
        ).start()
    static = Path(str(resources.files("kommunanalys.web") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(login.router)
    app.include_router(goals.router)
    app.include_router(imports.router)
    app.include_router(admin.router)
    app.include_router(maps.router)
    app.include_router(compare.router)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        user = current_user(request)
        record(
            store.backend,
            user.username or "allmänheten",
            "access.denied",
            request.url.path,
            detail=str(exc),
        )
        return _error(request, 403, str(exc))

    @app.exception_handler(GoalError)
    async def goal_error(request: Request, exc: GoalError) -> Response:
        status = 409 if isinstance(exc, Conflict) else 404 if isinstance(exc, GoalNotFound) else 400
        return _error(request, status, str(exc))

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if exc.status_code != 404 else "Sidan finns inte."
        if isinstance(exc.detail, str) and exc.status_code == 404 and exc.detail != "Not Found":
            message = exc.detail
        return _error(request, exc.status_code, str(message))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        return _error(request, 422, f"Ogiltig begäran: {problems}")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def _error(request: Request, status: int, message: str) -> Response:
    if wants_json(request) or request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    context = {"status": status, "message": message, "user": current_user(request), "csrf": ""}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)
