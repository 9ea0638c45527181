"""Numbers as Swedish users type them: ``"1 137"``, ``"6,6"``, ``"4,20 %"``, ``"−2"``."""

from __future__ import annotations

import math
import re
from typing import Any

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(value: Any) -> float:
    """A finite float from an int, float or Swedish-formatted text; ``ValueError`` otherwise.

    Spaces (incl. non-breaking) are thousand separators, a comma is the decimal sign, a
    trailing ``%`` is dropped (values are kept in percent), and the minus sign may be U+2212.
    """
    if isinstance(value, bool):
        raise ValueError(f"'{value}' är inget tal")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = _SPACES.sub("", value).replace("\u2212", "-").removesuffix("%")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not _NUMBER.match(text):
            raise ValueError(f"'{value}' är inget tal (skriv t.ex. 1 137 eller 6,6)")
        number = float(text)
    else:
        raise ValueError(f"'{value}' är inget tal")
    if not math.isfinite(number):
        raise ValueError(f"'{value}' är inget ändligt tal")
    return number
