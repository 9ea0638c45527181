"""Templates, Swedish filters and content negotiation (HTML or its JSON twin)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from kommunanalys.formatting import format_goal, format_input, format_number, format_value
from kommunanalys.model import Level
from kommunanalys.query import LEVEL_NAMES
from kommunanalys.web.presenters import STATUS_TEXT
from kommunanalys.web.sessions import csrf_token, current_user

templates = Jinja2Templates(
    directory=str(Path(str(resources.files("kommunanalys.web") / "templates")))
)
templates.env.filters["number"] = format_number
templates.env.filters["fmt"] = format_value
templates.env.globals["STATUS_TEXT"] = STATUS_TEXT
templates.env.globals["fmt_goal"] = format_goal
templates.env.filters["as_input"] = format_input
templates.env.globals["LEVEL_NAMES"] = LEVEL_NAMES
templates.env.globals["Level"] = Level
templates.env.globals["OUTCOME_CLASS"] = {
    "bättre": "better",
    "likvärdig": "similar",
    "sämre": "worse",
    "högre": "higher",
    "lägre": "lower",
}
templates.env.globals["OUTCOME_MARK"] = {
    "bättre": "▲",
    "likvärdig": "●",
    "sämre": "▼",
    "högre": "△",
    "lägre": "▽",
}
templates.env.globals["TREND_MARK"] = {"ökar": "↗", "minskar": "↘", "ingen säker förändring": "→"}
templates.env.globals["TREND_CLASS"] = {"förbättras": "good", "försämras": "bad"}
templates.env.globals["QUALITY_TEXT"] = {
    "kvalitetssakrad": "Kvalitetssäkrad",
    "preliminar": "Preliminär",
    "kvalitetssakras": "Kvalitetssäkras",
}


def split_suffix(name: str) -> tuple[str, bool]:
    """``("0126R007", True)`` for ``"0126R007.json"``."""
    if name.endswith(".json"):
        return name[: -len(".json")], True
    return name, False


def wants_json(request: Request, suffix: bool = False) -> bool:
    if suffix or request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def respond(
    request: Request,
    template: str,
    context: dict[str, Any],
    data: Any,
    *,
    json_suffix: bool = False,
    status_code: int = 200,
) -> Response:
    """The page as HTML, or its JSON twin (``.json`` suffix or ``Accept: application/json``).

    ``data`` may be a function, called only when the JSON twin is asked for."""
    if wants_json(request, json_suffix):
        return JSONResponse(data() if callable(data) else data, status_code=status_code)
    dataset = request.app.state.dataset
    base = {
        "version": dataset.version,
        "kommun": _kommun_or_none(dataset),
        "user": current_user(request),
        "csrf": csrf_token(request),
    }
    return templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )


def _kommun_or_none(dataset: Any) -> Any:
    """The kommun, or None for a database with goals but no areas loaded yet."""
    try:
        return dataset.kommun
    except StopIteration:
        return None
