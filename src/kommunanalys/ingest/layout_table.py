"""A table in a declared layout, read from a CSV file or a workbook's sheets.

Shared by the economy's files (ledger, budget, volumes: :mod:`.economy`) and the personnel,
internal-control and financing tables (:mod:`.staff_control`). A layout is a tuple of
:class:`LayoutColumn` — the column's name, the field it fills and the other names it may
have. The header row is the first row that is not empty; it names the columns in any order
and any case. The rows below it (empty ones skipped) keep their row numbers in the file, and
each cell is found by its field. Where a problem is, :meth:`LayoutTable.where` says: file,
sheet, row and the column as the importer words it (:class:`Naming`). What a cell means, and
what is wrong with it, is the importer's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from kommunanalys.errors import ErrorCode
from kommunanalys.rows import Where
from kommunanalys.sources.file_safety import MAX_FILE_BYTES, UnsafeFile, check_file
from kommunanalys.sources.grid import (
    UnreadableWorkbook,
    column_letter,
    csv_rows,
    sheet_rows,
    text_lines,
)

Grid = list[list[Any]]


@dataclass(frozen=True)
class LayoutColumn:
    """A column of a layout: its ``header`` (lower case, the name a problem gives it), the
    ``field`` it fills, and the other names the header may have."""

    header: str
    field: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


class Naming(StrEnum):
    """How a problem names a column."""

    #: the column's letter and its layout name: ``C (belopp)`` (its name where it is missing)
    LETTER = "letter"
    #: the header as the file writes it: ``Belopp`` (none where the column is missing)
    WRITTEN = "written"


def header_text(cell: Any) -> str:
    """A header cell as layouts name it: stripped, in lower case."""
    return text(cell).casefold()


def text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def match_header(cells: Iterable[Any], columns: Sequence[LayoutColumn]) -> dict[str, int]:
    """``field → column index`` of the layout's columns found in a header row (a name written
    twice: the first)."""
    by_name = {name: c.field for c in columns for name in c.names}
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        field = by_name.get(header_text(cell))
        if field is not None and field not in found:
            found[field] = i
    return found


@dataclass(frozen=True)
class LayoutTable:
    """The rows of one table under its header row, with where each cell is."""

    file: str
    sheet: str | None
    #: the header row's number in the file (1-based) and its cells as written (stripped)
    header_row: int
    header: tuple[str, ...]
    #: field → column index, for the layout's columns the header has
    index: dict[str, int]
    #: (row number in the file, cells), the empty rows left out
    rows: tuple[tuple[int, list[Any]], ...]
    columns: tuple[LayoutColumn, ...]
    naming: Naming = Naming.LETTER

    def laid_out(self, columns: Sequence[LayoutColumn]) -> LayoutTable:
        """The same rows in the layout of ``columns`` (a layout chosen by its header)."""
        return replace(self, index=match_header(self.header, columns), columns=tuple(columns))

    def has(self, field: str) -> bool:
        return field in self.index

    def cell(self, cells: Sequence[Any], field: str) -> Any:
        """The row's cell of ``field`` (None where the column or the cell is missing)."""
        i = self.index.get(field)
        return None if i is None or i >= len(cells) else cells[i]

    def column(self, field: str) -> str | None:
        """The column of ``field`` as a problem names it."""
        i = self.index.get(field)
        if self.naming is Naming.WRITTEN:
            return None if i is None else self.header[i]
        name = next((c.header for c in self.columns if c.field == field), field)
        return name if i is None else f"{column_letter(i)} ({name})"

    def where(self, row: int | None = None, field: str | None = None) -> Where:
        """File, sheet, row and (for a ``field``) column."""
        return Where(self.file, self.sheet, row, None if field is None else self.column(field))


def read_layout(
    grid: Grid,
    file: str,
    sheet: str | None,
    columns: Sequence[LayoutColumn],
    naming: Naming = Naming.LETTER,
) -> LayoutTable | None:
    """The table of ``grid`` in the layout of ``columns``; None when every row is empty."""
    first = next((n for n, r in enumerate(grid) if any(text(c) for c in r)), None)
    if first is None:
        return None
    header = grid[first]
    body = tuple(
        (n, cells)
        for n, cells in enumerate(grid[first + 1 :], start=first + 2)
        if any(text(c) for c in cells)
    )
    return LayoutTable(
        file,
        sheet,
        first + 1,
        tuple(text(c) for c in header),
        match_header(header, columns),
        body,
        tuple(columns),
        naming,
    )


def read_grids(
    path: Path,
    sheet: str | None = None,
    *,
    every_sheet: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
) -> list[tuple[str | None, Grid]]:
    """The grids of a file: a CSV file's one (sheet None), or a workbook's ``sheet`` (default
    the first), or with ``every_sheet`` each of its sheets. What is neither CSV nor a
    workbook is refused by :func:`~kommunanalys.sources.file_safety.check_file`."""
    kind = check_file(path, max_bytes=max_bytes)
    if kind == "json":
        raise UnsafeFile(ErrorCode.FILE_TYPE_UNSUPPORTED, name=path.name)
    if kind == "xlsx":
        names = _sheet_names(path) if every_sheet else [sheet]
        return [sheet_rows(path, name) for name in names]
    return [(None, [list(r) for r in csv_rows(text_lines(path.read_bytes()))])]


def _sheet_names(path: Path) -> list[str | None]:
    import python_calamine

    with path.open("rb") as handle:
        try:
            workbook = python_calamine.load_workbook(handle)
        except Exception as exc:  # checked as a zip, but no workbook
            raise UnreadableWorkbook(
                ErrorCode.WORKBOOK_UNREADABLE, name=path.name, reason=exc
            ) from None
        try:
            return list(workbook.sheet_names)
        finally:
            workbook.close()
