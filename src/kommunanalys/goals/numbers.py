"""Numbers as Swedish users type them: ``"1 137"``, ``"6,6"``, ``"4,20 %"``, ``"−2"``."""

from __future__ import annotations

import math
import re
from typing import Any

from kommunanalys.errors import ErrorCode, KommunanalysError

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class InvalidNumber(KommunanalysError, ValueError):
    """Text that is not a number: its code says how, its value is the text."""


def parse_number(value: Any) -> float:
    """A finite float from an int, float or Swedish-formatted text; :class:`InvalidNumber` (a
    ``ValueError``) otherwise.

    Spaces (incl. non-breaking) are thousand separators, a comma is the decimal sign, a
    trailing ``%`` is dropped (values are kept in percent), and the minus sign may be U+2212.
    """
    if isinstance(value, bool):
        raise InvalidNumber(ErrorCode.NOT_A_NUMBER, v=value)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = _SPACES.sub("", value).replace("\u2212", "-").removesuffix("%")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not _NUMBER.match(text):
            raise InvalidNumber(ErrorCode.NOT_A_NUMBER_AS_WRITTEN, v=value)
        number = float(text)
    else:
        raise InvalidNumber(ErrorCode.NOT_A_NUMBER, v=value)
    if not math.isfinite(number):
        raise InvalidNumber(ErrorCode.NOT_A_FINITE_NUMBER, v=value)
    return number
