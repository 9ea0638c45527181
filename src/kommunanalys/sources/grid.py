"""Reading the cells of spreadsheet-like files, shared by the file adapters.

Text as Swedish offices save it (UTF-8 with or without BOM, UTF-16 with BOM, cp1252; ``\\r\\n``,
``\\r`` and SCB's ``\\r\\r\\n`` line ends; ``,`` ``;`` or tab between cells), Excel sheets opened
through a handle (so that any stored file name works), and Excel-style column letters.
"""

from __future__ import annotations

import _csv
import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kommunanalys.errors import ErrorCode
from kommunanalys.sources.adapter import CheckResult, SourceError

DELIMITERS = (",", ";", "\t")


class UnreadableWorkbook(SourceError):
    """A workbook (or one of its sheets) that cannot be read: a code and the file's ``name``."""


def decode_text(raw: bytes) -> str:
    """The text of a file's bytes: BOM-marked UTF-8/UTF-16, else UTF-8, else cp1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def text_lines(raw: bytes) -> str:
    """Decoded text with every kind of line end made ``\\n`` (``\\r\\r\\n`` included)."""
    return decode_text(raw).replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def guess_delimiter(sample: str) -> str:
    return max(DELIMITERS, key=sample.count)


def csv_rows(text: str, delimiter: str | None = None) -> _csv.Reader:
    """A CSV reader over ``text``; the delimiter is guessed from the start when not given."""
    return csv.reader(io.StringIO(text), delimiter=delimiter or guess_delimiter(text[:4096]))


def sheet_rows(path: Path, sheet: str | None = None) -> tuple[str, list[list[Any]]]:
    """``(sheet name, rows)`` of ``sheet`` (default: the first) of the workbook at ``path``.

    Read by python-calamine (a compiled reader, about ten times openpyxl's speed on SCB's
    exports); the cells come as openpyxl's ``data_only`` reading gave them, which the adapters
    were written against: an empty cell is ``None``, a whole number ``int``, a date a
    ``datetime``, every row as wide as the widest.
    """
    import python_calamine

    with path.open("rb") as handle:  # a handle: any stored file name works
        try:
            workbook = python_calamine.load_workbook(handle)
        except Exception as exc:  # a zip that is no workbook, a damaged or encrypted file
            raise UnreadableWorkbook(
                ErrorCode.WORKBOOK_UNREADABLE, name=path.name, reason=exc
            ) from None
        try:
            names = workbook.sheet_names
            if not names:
                raise UnreadableWorkbook(
                    ErrorCode.WORKBOOK_UNREADABLE, name=path.name, reason="inga blad"
                )
            name = sheet or names[0]
            if name not in names:
                raise UnreadableWorkbook(
                    ErrorCode.SHEET_MISSING,
                    name=path.name,
                    sheet=repr(name),
                    sheets=", ".join(names),
                )
            try:
                raw = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:  # a sheet whose XML cannot be parsed
                raise UnreadableWorkbook(
                    ErrorCode.WORKBOOK_UNREADABLE, name=path.name, reason=exc
                ) from None
        finally:
            workbook.close()
    width = max((len(row) for row in raw), default=0)
    rows = []
    for row in raw:
        cells = [_cell(value) for value in row]
        cells.extend([None] * (width - len(cells)))
        rows.append(cells)
    return name, rows


_WHOLE_LIMIT = 1e15  # Excel writes a whole number below this without exponent or decimals


def _cell(value: Any) -> Any:
    """A calamine cell as openpyxl gave it: ``""`` → ``None``, ``5.0`` → ``5``, date → datetime."""
    if value == "" and isinstance(value, str):
        return None
    if type(value) is float:
        return int(value) if value.is_integer() and abs(value) < _WHOLE_LIMIT else value
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column ``index``: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def check_readable(path: Path) -> CheckResult:
    """The ``check`` of a file adapter: is the file there?"""
    if not path.is_file():
        return CheckResult(False, f"{path.name}: filen finns inte")
    return CheckResult(True, f"{path.name}: kan läsas")
