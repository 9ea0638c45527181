"""Templates, language-aware filters and content negotiation (HTML or its JSON twin).

One dict per view feeds both the page and its JSON twin (Datasette's model): a view function
in :mod:`kommunanalys.web.views` returns it, and :func:`respond` gives it out. The rule that
splits it is one: **a key starting with ``_`` is for the template only.** The twin is the dict
without those keys, as it stands. The template sees every key: the twin's, then what every
page has (``version``, ``kommun``, ``user``, ``csrf``), then the ``_`` keys under their name
without the underscore, each winning over the one before. So a view may carry beside the
twin's ``"profile"`` (its JSON) the object ``"_profile"`` the page renders from, which the
template reads as ``profile``; and the twin's ``"user"`` (a name) does not hide the page's
signed-in :class:`User`.

A value that only one of the two needs may be :class:`Deferred`: a twin value (the 6 000 rows
of a national ranking or map) is made only when the twin is asked for and the template never sees
it; a template-only value (the profile's spine charts) is made only when the page is rendered.

The Jinja environment is shared by every request: the language is never set on it. Its
gettext callables, number filters and catalogue helpers read the request's language from
:mod:`kommunanalys.i18n`, which :func:`language_context` sets before each page renders."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from kommunanalys import i18n
from kommunanalys.access.roles import ANONYMOUS, may_open
from kommunanalys.formatting import format_goal, format_input, format_number, format_value
from kommunanalys.i18n.labels import label, status_label
from kommunanalys.model import Level
from kommunanalys.query import LEVEL_NAMES
from kommunanalys.stats.comparison import INTERVAL_OUTCOMES, Outcome
from kommunanalys.stats.trend import TrendResult
from kommunanalys.web.dependencies import get_dataset
from kommunanalys.web.json_response import FastJSONResponse
from kommunanalys.web.language import (
    SWITCH_LABEL,
    language_from_request,
    remember,
    switch_url,
    template_globals,
)
from kommunanalys.web.sessions import csrf_token, current_user


def language_context(request: Request) -> dict[str, Any]:
    """Every page's language: sets it for the render and offers the switch to the other one."""
    lang = language_from_request(request)
    i18n.use_language(lang)
    other = i18n.ENGLISH if lang == i18n.SWEDISH else i18n.SWEDISH
    return {
        "lang": lang,
        "switch_lang": other,
        "switch_label": SWITCH_LABEL[lang],
        "switch_url": switch_url(request, other),
    }


templates = Jinja2Templates(
    directory=str(Path(str(resources.files("kommunanalys.web") / "templates"))),
    context_processors=[language_context],
)
templates.env.add_extension("jinja2.ext.i18n")
templates.env.policies["ext.i18n.trimmed"] = True


@pass_context
def _gettext(context: Context, message: str) -> str:
    return i18n.gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n)


@pass_context
def _pgettext(context: Context, word_context: str, message: str) -> str:
    """A message whose translation depends on where it is used ("Insats" is an intervention
    on its page and a service in the economy's tables)."""
    return i18n.pgettext(word_context, message)


templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    _gettext, _ngettext, newstyle=True, pgettext=_pgettext
)


def _number(value: float | None, decimals: int = 0) -> str:
    return format_number(value, decimals, lang=i18n.current_language())


def _value(value: float | None, indicator: Any, *, with_unit: bool = True) -> str:
    lang = i18n.current_language()
    unit = i18n.unit_name(indicator.unit)
    return format_value(value, indicator, lang=lang, with_unit=with_unit, unit=unit)


def _goal(value: float | None, indicator: Any) -> str:
    return format_goal(value, indicator, lang=i18n.current_language())


templates.env.filters["number"] = _number
templates.env.filters["fmt"] = _value
templates.env.filters["iname"] = i18n.indicator_name
templates.env.globals.update(template_globals())
templates.env.globals["status_label"] = status_label
templates.env.globals["fmt_goal"] = _goal
templates.env.filters["as_input"] = format_input
templates.env.globals["LEVEL_NAMES"] = LEVEL_NAMES
templates.env.globals["may_open"] = may_open
templates.env.globals["Level"] = Level


def outcome_class(outcome: Outcome) -> str:
    """The CSS class of an outcome's badge: the code itself, "quintile" for a quintile."""
    return outcome.value if outcome in INTERVAL_OUTCOMES else "quintile"


templates.env.globals["label"] = label
templates.env.globals["outcome_class"] = outcome_class
templates.env.globals["Outcome"] = Outcome
templates.env.globals["OUTCOME_MARK"] = {
    Outcome.BETTER: "▲",
    Outcome.SIMILAR: "●",
    Outcome.WORSE: "▼",
    Outcome.HIGHER: "△",
    Outcome.LOWER: "▽",
}
templates.env.globals["TREND_MARK"] = {
    TrendResult.INCREASING: "↗",
    TrendResult.DECREASING: "↘",
    TrendResult.NO_CHANGE: "→",
}
templates.env.globals["TREND_CLASS"] = {TrendResult.IMPROVING: "good", TrendResult.WORSENING: "bad"}


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


#: the prefix of a view's template-only keys (left out of the JSON twin)
TEMPLATE_ONLY = "_"


class Deferred:
    """A value made only by the one of page and twin that shows it (the module's docstring)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def twin(view: dict[str, Any]) -> dict[str, Any]:
    """The JSON twin of a view: its keys that do not start with ``_``, deferred values made."""
    return {
        k: v.make() if isinstance(v, Deferred) else v
        for k, v in view.items()
        if not k.startswith(TEMPLATE_ONLY)
    }


def page_only(context: dict[str, Any]) -> dict[str, Any]:
    """``context``'s keys marked template-only (``_``), to join a view dict beside its twin."""
    return {TEMPLATE_ONLY + k: v for k, v in context.items()}


def template_only(view: dict[str, Any]) -> dict[str, Any]:
    """A view's template-only keys, under their name without the ``_``, deferred values made."""
    return {
        k[len(TEMPLATE_ONLY) :]: v.make() if isinstance(v, Deferred) else v
        for k, v in view.items()
        if k.startswith(TEMPLATE_ONLY)
    }


def template_context(view: dict[str, Any], common: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the template sees of a view: the twin's keys, then ``common`` (what every page
    has), then the template-only keys under their name without the ``_``."""
    shown = {
        k: v
        for k, v in view.items()
        if not k.startswith(TEMPLATE_ONLY) and not isinstance(v, Deferred)
    }
    return {**shown, **(common or {}), **template_only(view)}


def respond(
    request: Request,
    template: str,
    view: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    twin_key: str | None = None,
    json_suffix: bool = False,
    status_code: int = 200,
) -> Response:
    """The page as HTML, or its JSON twin (``.json`` suffix or ``Accept: application/json``),
    from one view dict (see the module's docstring for the ``_`` rule).

    ``view`` may be a function, called once whichever of the two is asked for. A twin that
    is not an object (the indicator catalogue is a list) is the view's ``twin_key``."""
    if callable(view):
        view = view()
    if wants_json(request, json_suffix):
        data = view[twin_key] if twin_key else twin(view)
        return FastJSONResponse(data, status_code=status_code)
    response = templates.TemplateResponse(
        request, template, template_context(view, page_context(request)), status_code=status_code
    )
    remember(request, response)
    return response


def page_context(request: Request) -> dict[str, Any]:
    """What every page's frame (``base.html``: header, menu, banner, footer) needs."""
    dataset = get_dataset(request)
    return {
        "version": dataset.version,
        "kommun": _kommun_or_none(dataset),
        "user": current_user(request),
        "csrf": csrf_token(request),
    }


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page in the site's frame (header and menu); when the frame itself cannot
    be made (the database is what failed), the bare page without the menu."""
    try:
        frame = page_context(request)
    except Exception:  # the error page must not fail when the database does
        frame = {"user": ANONYMOUS, "csrf": ""}
    context = {**frame, "status": status, "message": message}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def _kommun_or_none(dataset: Any) -> Any:
    """The kommun, or None for a database with goals but no areas loaded yet."""
    try:
        return dataset.kommun
    except StopIteration:
        return None
