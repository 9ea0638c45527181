"""Spreadsheet-safe cells: a text that a spreadsheet would run as a formula is escaped.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, after a paste, tab or carriage return) as a formula — ``=HYPERLINK(...)`` or a DDE call in
an exported name or analysis text runs on the reader's machine ("CSV injection"). Every export
of text cells (CSV, Excel, Word tables that get pasted into Excel) passes its cells through
:func:`safe_cell`: such texts get a leading apostrophe, the spreadsheets' own marker for "this
is text". Numbers stay numbers: an ``int``/``float`` is returned unchanged, and so is a text
that is a number as written (``-3,2``, ``+4 %``, ``−1 234``), so negative values are not
turned into text.
"""

from __future__ import annotations

import re
from typing import TypeVar

#: the characters a spreadsheet reads as the start of a formula (incl. full-width forms)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
#: a number as our formatting writes it: sign, digits with space/nbsp groups, decimal comma or
#: point, an optional per cent or per mille sign
_NUMBER = re.compile(
    r"^[+\-−]?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)([.,]\d+)?(e[+\-]?\d+)?\s?[%‰]?$", re.I
)

T = TypeVar("T")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not _NUMBER.match(text.strip())


def safe_cell(value: T) -> T | str:
    """``value`` as a spreadsheet cell that can never run as a formula.

    Non-text values (numbers, dates, ``None``) come back unchanged."""
    if not isinstance(value, str) or not is_formula_like(value):
        return value
    return "'" + value
