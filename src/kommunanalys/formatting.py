"""Numbers and dates as the reader's language expects them.

Swedish (the default): 1 234,5 and 12,3 %, thousands grouped with a no-break space (U+00A0)
so that a number never wraps. English: 1,234.5 and 12.3 %. Dates: "5 maj 2024" or
"5 May 2024" (Babel's CLDR data).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kommunanalys.model import Indicator, ValueType

NBSP = "\u00a0"

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
    suffix = unit_suffix(indicator, unit) if with_unit else ""

    def formatted(value: float | None) -> str:
        if value is None:
            return "–"
        text = format(value, spec)
        if swedish:
            text = text.replace(",", NBSP).replace(".", ",")
        return text + suffix

    return formatted


def unit_suffix(indicator: Indicator, unit: str | None = None) -> str:
    """What :func:`format_value` puts after a number of ``indicator``: a no-break space and
    the unit (``unit``: as the reader's language names it), nothing for "antal" or "klass"."""
    if indicator.unit in ("antal", "klass"):
        return ""
    return f"{NBSP}{unit or indicator.unit}"


#: Joins a column's texts while the separators are swapped: no formatted number holds it.
_JOIN = "\x00"


def format_numbers(
    values: Sequence[float | None], decimals: int = 0, *, lang: str = "sv"
) -> list[str]:
    """:func:`format_number` of each of ``values``, an empty text for None (no formatted
    number is empty), the separators swapped once for the whole column instead of per number
    (a national table has 6 000 rows)."""
    spec = _SPECS[decimals] if 0 <= decimals < len(_SPECS) else f",.{decimals}f"
    texts = ["" if value is None else format(value, spec) for value in values]
    if lang != "sv" or not texts:
        return texts
    return _JOIN.join(texts).replace(",", NBSP).replace(".", ",").split(_JOIN)


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
    from babel.dates import format_date as babel_format_date  # here: numbers need no Babel

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


#: Above this a number in a sentence is written as Python writes it ("1e+60"), comma decimal.
_PLAIN_LIMIT = 1e15


class InText:
    """A number inside a sentence, as the sentence's language writes it (``"{0:.0f}"`` or
    ``"{0}"`` in a ``str.format`` template): "112,5" and "2 799" in Swedish, every decimal
    the number has unless the template gives a precision. What validation messages use, so
    that a problem text never shows "112.5" (issue 21 item 14)."""

    __slots__ = ("lang", "value")

    def __init__(self, value: float, lang: str = "sv") -> None:
        self.value = value
        self.lang = lang

    def __format__(self, spec: str) -> str:
        value = self.value
        if not math.isfinite(value) or abs(value) >= _PLAIN_LIMIT:
            text = repr(value)
            return text.replace(".", ",") if self.lang == "sv" else text
        precision = spec[1:-1] if spec.startswith(".") and spec.endswith("f") else ""
        if precision.isascii() and precision.isdecimal():
            decimals = int(precision)
        else:
            _, _, fraction = repr(float(value)).partition(".")
            decimals = 0 if fraction in ("", "0") else len(fraction)
        return format_number(value, decimals, lang=self.lang)

    def __str__(self) -> str:
        return self.__format__("")


def numbers_in_text(values: tuple[object, ...], lang: str = "sv") -> tuple[object, ...]:
    """``values`` with every float as :class:`InText`, for ``template.format(*values)``."""
    return tuple(InText(v, lang) if isinstance(v, float) else v for v in values)
