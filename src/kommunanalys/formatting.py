"""Numbers and dates as the reader's language expects them.

Swedish (the default): 1 234,5 and 12,3 %, thousands grouped with a no-break space (U+00A0)
so that a number never wraps. English: 1,234.5 and 12.3 %. Dates: "5 maj 2024" or
"5 May 2024" (Babel's CLDR data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from babel.dates import format_date as babel_format_date

from kommunanalys.model import Indicator, ValueType

NBSP = "\u00a0"

#: the language of the running web request, for code (charts) that formats numbers deep down
#: without being handed a language; the CLI and reports never set it and stay Swedish
_reading_language: ContextVar[str] = ContextVar("kommunanalys_reading_language", default="sv")


def reading_language() -> str:
    return _reading_language.get()


def use_reading_language(lang: str) -> None:
    """Set by the web layer per request (its thread or task only)."""
    _reading_language.set(lang)


def in_reading_language(message: str) -> str:
    """A Swedish message built outside the web layer (accounts, roles, analyses) in the
    reader's language: imported as ``_`` there so that ``pybabel extract`` finds it.

    The catalogue lives with the web layer, which imports those modules, so it is imported
    only when a web request asks for another language; the CLI stays Swedish and never
    loads the web app."""
    if reading_language() == "sv" or not message:  # gettext("") is the catalogue's header
        return message
    from kommunanalys.web.i18n import gettext

    return gettext(message)


def reader_indicator_name(indicator: Indicator) -> str:
    """The indicator's name in the reader's language (Swedish when it has no English name)."""
    if reading_language() == "en" and indicator.name_en:
        return indicator.name_en
    return indicator.name_sv


if TYPE_CHECKING:
    from kommunanalys.goals.model import GoalIndicator


def decimals_for(indicator: Indicator) -> int:
    if indicator.value_type is ValueType.COUNT or indicator.value_type is ValueType.INDEX:
        return 0
    return 1


#: Format specifications by number of decimals (a national JSON twin formats 6 000 values).
_SPECS = tuple(f",.{d}f" for d in range(7))


def format_number(value: float | None, decimals: int = 0, *, lang: str = "sv") -> str:
    if value is None:
        return "–"
    text = format(value, _SPECS[decimals] if 0 <= decimals < len(_SPECS) else f",.{decimals}f")
    if lang == "sv":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def format_value(
    value: float | None,
    indicator: Indicator,
    *,
    lang: str = "sv",
    with_unit: bool = True,
    unit: str | None = None,
) -> str:
    """``value`` formatted for ``indicator``, with its unit unless the unit is "antal".

    ``unit`` is the unit as the reader's language names it (default: the catalogue's)."""
    return value_formatter(indicator, lang=lang, with_unit=with_unit, unit=unit)(value)


def value_formatter(
    indicator: Indicator,
    *,
    lang: str = "sv",
    with_unit: bool = True,
    unit: str | None = None,
) -> Callable[[float | None], str]:
    """:func:`format_value` for many values of one indicator, decided once (a national JSON
    twin formats 6 000 values: half the time of calling :func:`format_value` for each)."""
    decimals = decimals_for(indicator)
    spec = _SPECS[decimals] if 0 <= decimals < len(_SPECS) else f",.{decimals}f"
    swedish = lang == "sv"
    suffix = ""
    if with_unit and indicator.unit not in ("antal", "klass"):
        suffix = f"{NBSP}{unit or indicator.unit}"

    def formatted(value: float | None) -> str:
        if value is None:
            return "–"
        text = format(value, spec)
        if swedish:
            text = text.replace(",", NBSP).replace(".", ",")
        return text + suffix

    return formatted


def format_goal(value: float | None, indicator: GoalIndicator, *, lang: str = "sv") -> str:
    """A goal indicator's value with its decimals, and "%" for percentages."""
    if value is None:
        return "–"
    text = format_number(value, indicator.decimals, lang=lang)
    return f"{text}{NBSP}%" if indicator.is_percent else text


def format_date(value: dt.date | None, *, lang: str = "sv") -> str:
    """A date in words: "5 maj 2024" in Swedish, "5 May 2024" in English."""
    if value is None:
        return "–"
    if lang == "sv":
        return babel_format_date(value, format="d MMMM y", locale="sv")
    return babel_format_date(value, format="d MMMM y", locale="en")


def format_input(value: float | None) -> str:
    """A stored number as a form field shows it: every stored decimal, Swedish comma, no
    grouping, so that sending the form back unchanged reads back the same number."""
    if value is None:
        return ""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")
