"""A refused request's parameters in the reader's words.

FastAPI refuses a query, form or path parameter that is not of its type with pydantic's
errors: a code (``int_parsing``, ``greater_than_equal``, …), its limits and English prose.
The prose is never shown; each code gets its sentence here, made in the reader's language
where the error is shown, naming the parameter and what was given."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kommunanalys.i18n import gettext

#: the longest given value repeated in a message (a long query string stays out of the page)
SHOWN = 40


def describe(errors: Iterable[Mapping[str, Any]]) -> str:
    """One sentence per refused parameter, joined: "parametern ar: väntade ett heltal, fick
    'abc'"."""
    return "; ".join(_one(error) for error in errors)


def _one(error: Mapping[str, Any]) -> str:
    # ("query", "gender", 0): the parameter, not the where (query, form, path) nor which of
    # its repeated values
    location = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
    name = ".".join(location[1:]) or ".".join(location) or "?"
    return gettext("parametern %(name)s: %(reason)s") % {"name": name, "reason": _reason(error)}


def _given(value: object) -> str:
    text = str(value)
    return f"'{text[:SHOWN]}…'" if len(text) > SHOWN else f"'{text}'"


def _reason(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    given = _given(error.get("input"))
    if kind == "missing":
        return gettext("saknas")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return gettext("väntade ett heltal, fick %(v)s") % {"v": given}
    if kind in ("float_parsing", "float_type", "finite_number"):
        return gettext("väntade ett tal, fick %(v)s") % {"v": given}
    if kind in ("bool_parsing", "bool_type"):
        return gettext("väntade true eller false, fick %(v)s") % {"v": given}
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return gettext("väntade ett datum (ÅÅÅÅ-MM-DD), fick %(v)s") % {"v": given}
    if kind in ("enum", "literal_error"):
        return gettext("väntade ett av %(choices)s, fick %(v)s") % {
            "choices": str(context.get("expected", "")).replace(" or ", ", "),
            "v": given,
        }
    limits = {
        "greater_than_equal": ("ge", gettext("måste vara minst %(limit)s, fick %(v)s")),
        "greater_than": ("gt", gettext("måste vara större än %(limit)s, fick %(v)s")),
        "less_than_equal": ("le", gettext("får vara högst %(limit)s, fick %(v)s")),
        "less_than": ("lt", gettext("måste vara mindre än %(limit)s, fick %(v)s")),
        "string_too_long": ("max_length", gettext("får vara högst %(limit)s tecken")),
        "string_too_short": ("min_length", gettext("måste vara minst %(limit)s tecken")),
        "too_long": ("max_length", gettext("får ha högst %(limit)s värden")),
        "too_short": ("min_length", gettext("måste ha minst %(limit)s värden")),
    }
    if kind in limits:
        key, sentence = limits[kind]
        return sentence % {"limit": context.get(key, "?"), "v": given}
    return gettext("ogiltigt värde %(v)s") % {"v": given}
