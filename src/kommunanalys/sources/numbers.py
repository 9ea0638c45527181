"""Numbers as Swedish statistics files write them and Swedish users type them, and SCB's
missing-value markers.

One parser for every reader: the source files (SCB and Kolada exports, mapped files, JSON-stat
text cells) read a cell with :func:`parse_cell`, which turns markers into a status and passes
everything else to :func:`parse_number`; a goal file and the goal form call
:func:`parse_number` directly. A year typed in a URL or a form is read by :func:`parse_year`
and a whole number such as a form's version by :func:`parse_count`, never by ``int()`` after
``str.isdigit()`` (which is true for '²' and '٣', where ``int()`` fails or reads another digit).
"""

from __future__ import annotations

import math
import re

from kommunanalys.errors import ErrorCode, KommunanalysError, echoed

#: SCB/Kolada markers for values that are not numbers; they become status codes, never 0.
MISSING_MARKERS: dict[str, str] = {
    "..": "..",  # uppgift inte tillgänglig eller för osäker
    "…": "..",
    ".": ".",  # uppgift kan inte förekomma
    "-": "-",  # inget finns att redovisa (noll)
    "–": "-",
    "x": "x",  # sekretess
}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
#: ASCII digits only: ``\d`` would also let Arabic-Indic or full-width digits through as numbers
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
#: a year: four ASCII digits (``[0-9]``, not ``\d``, which matches any Unicode digit)
_YEAR = re.compile(r"[0-9]{4}")
#: a whole number of at most 18 ASCII digits (fits a 64-bit integer)
_COUNT = re.compile(r"[0-9]{1,18}")


class NotANumber(KommunanalysError, ValueError):
    """Text that is not a number: its code says how, ``v`` is the text as given and ``text``
    what stood where a number should be (stripped), for a reader's own message; ``str()`` says
    so in Swedish for the goal file and the CLI, pages in the reader's language."""

    def __init__(self, raw: object, code: ErrorCode) -> None:
        shown = str(raw)
        super().__init__(code, v=echoed(shown))
        self.text = str(raw).strip()


def parse_number(raw: object) -> float:
    """A finite float from an int, float or Swedish-formatted text; :class:`NotANumber`
    (a ``ValueError``) otherwise.

    Spaces (space, no-break, narrow no-break and thin space) are thousands separators, a comma
    is the decimal sign (``"1 234,5"``; ``"1234.5"`` is read too), a trailing ``%`` is dropped
    (values are kept in percent), and the minus sign may be U+2212. Only digits with one sign,
    one decimal sign and an exponent pass: ``"nan"``, ``"inf"``, ``"1_000"`` and ``"1,2,3"``
    are refused, and so is a non-finite float.
    """
    if isinstance(raw, bool):
        raise NotANumber(raw, ErrorCode.NOT_A_NUMBER)
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        text = _SPACES.sub("", raw).replace("\u2212", "-").removesuffix("%")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not _NUMBER.match(text):
            raise NotANumber(raw, ErrorCode.NOT_A_NUMBER_AS_WRITTEN)
        number = float(text)
    else:
        raise NotANumber(raw, ErrorCode.NOT_A_NUMBER)
    if not math.isfinite(number):
        raise NotANumber(raw, ErrorCode.NOT_A_FINITE_NUMBER)
    return number


def parse_cell(raw: object) -> tuple[float | None, str | None]:
    """``(value, status)`` of a cell in a statistics file: a number (:func:`parse_number`), or
    ``None`` and the marker that stood in its place; an empty cell is ``(None, None)``.

    Raises :class:`NotANumber` for anything else.
    """
    if raw is None:
        return None, None
    if isinstance(raw, str):
        text = raw.strip()
        if text == "":
            return None, None
        if text in MISSING_MARKERS:
            return None, MISSING_MARKERS[text]
    return parse_number(raw), None


class NotAYear(KommunanalysError, ValueError):
    """Text that is not a year of four ASCII digits; ``v`` is the text (shortened)."""

    def __init__(self, raw: object, code: ErrorCode = ErrorCode.NOT_A_YEAR) -> None:
        shown = str(raw)
        super().__init__(code, v=echoed(shown))


def parse_year(raw: str) -> int:
    """A year written as four ASCII digits (``"2023"``); :class:`NotAYear` otherwise: no sign,
    no spaces, no superscript, full-width or Arabic-Indic digits, no 20-digit years that no
    INTEGER column holds."""
    if not _YEAR.fullmatch(raw):
        raise NotAYear(raw)
    return int(raw)


def parse_count(raw: str) -> int | None:
    """A whole number ≥ 0 of ASCII digits that fits 64 bits (e.g. a form's version), or None:
    the caller says what was expected."""
    return int(raw) if _COUNT.fullmatch(raw) else None
