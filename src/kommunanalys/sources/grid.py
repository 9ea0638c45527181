"""Reading the cells of spreadsheet-like files, shared by the file adapters.

Text as Swedish offices save it (UTF-8 with or without BOM, UTF-16 with BOM, cp1252; ``\\r\\n``,
``\\r`` and SCB's ``\\r\\r\\n`` line ends; ``,`` ``;`` or tab between cells), Excel sheets opened
through a handle (so that any stored file name works), and Excel-style column letters.
"""

from __future__ import annotations

import _csv
import csv
import io
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
    """``(sheet name, rows)`` of ``sheet`` (default: the first) of the workbook at ``path``."""
    import openpyxl

    with path.open("rb") as handle:  # a handle: openpyxl refuses paths without an Excel suffix
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a zip that is no workbook
            raise UnreadableWorkbook(
                ErrorCode.WORKBOOK_UNREADABLE, name=path.name, reason=exc
            ) from None
        try:
            name = sheet or workbook.sheetnames[0]
            if name not in workbook.sheetnames:
                raise UnreadableWorkbook(
                    ErrorCode.SHEET_MISSING,
                    name=path.name,
                    sheet=repr(name),
                    sheets=", ".join(workbook.sheetnames),
                )
            return name, [list(r) for r in workbook[name].iter_rows(values_only=True)]
        finally:
            workbook.close()


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
