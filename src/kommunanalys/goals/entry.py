"""What a unit may enter as a goal value (the form and every other writer of a value).

A value is a finite number no larger than :data:`MAX_ENTRY` in absolute value (a typed 1e300
is a slip, never an amount), and a numerator or denominator is a count: never negative. The
parser (:func:`kommunanalys.sources.numbers.parse_number`) has already refused NaN and ±inf in
text; these rules hold for numbers from any caller.
"""

from __future__ import annotations

import math

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.formatting import format_number

#: the largest value in absolute terms (10¹²: a thousand billion kronor or persons)
MAX_ENTRY = 1e12


def entry_problems(
    value: float | None, numerator: float | None, denominator: float | None
) -> dict[str, KommunanalysError]:
    """The problems of one entered value by part (``value``, ``numerator``, ``denominator``);
    empty when it may be saved."""
    problems: dict[str, KommunanalysError] = {}
    for part, number in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        if number is None:
            continue
        if not math.isfinite(number):
            problems[part] = KommunanalysError(ErrorCode.NOT_A_FINITE_NUMBER, v=number)
        elif abs(number) > MAX_ENTRY:
            problems[part] = KommunanalysError(
                ErrorCode.ENTRY_TOO_LARGE, v=_shown(number), max=_shown(MAX_ENTRY)
            )
        elif part != "value" and number < 0:
            problems[part] = KommunanalysError(ErrorCode.NEGATIVE_COUNT_ENTRY, v=_shown(number))
    return problems


def _shown(number: float) -> str:
    if abs(number) >= 1e15:
        return f"{number:.3g}"
    return format_number(number, 0 if number == round(number) else 2)
