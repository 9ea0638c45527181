"""Reader for Statistikdatabasen exports (Excel and CSV) as SCB writes them.

An export has a title row, one or more header rows, data rows whose first cells name the
region (a DeSO/RegSO/kommun code, or "Kommun (RegSO-namn)") and sometimes a year, and
footnotes at the end (``Intern referenskod:`` followed by the table's code). The reader turns
every value cell into an :class:`ScbCell` carrying the column's header labels, so a mapping can
pick cells by label without knowing the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import isfinite
from pathlib import Path

from kommunanalys.catalog.regions import regional_code_of_label
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.sources.grid import column_letter, csv_rows, sheet_rows, text_lines
from kommunanalys.sources.numbers import NotANumber, parse_cell

REGION = re.compile(
    r"^(?:\d{4}[A-C]\d{4}|\d{4}R\d{3})(?:_[A-Za-z0-9]+)?$"  # DeSO / RegSO code (+ vintage)
    r"|^\d{2}(?:\d{2})? \S.*$"  # "0126 Huddinge", "01 Stockholms län"
    r"|^[^()]+ \([^()]+\)$"  # "Huddinge (Flemingsberg västra)"
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


class ExportError(KommunanalysError, ValueError):
    """An export that cannot be read: a code, the file's ``name`` and, for a cell, its ``row``
    and ``column`` (values of the message too)."""

    def __init__(
        self,
        code: ErrorCode,
        /,
        *,
        row: int | None = None,
        column: str | None = None,
        **values: object,
    ) -> None:
        cell = {} if row is None else {"row": row, "column": column}
        super().__init__(code, **values, **cell)
        self.row = row
        self.column = column


@dataclass(frozen=True, slots=True)
class ScbCell:
    region: str
    labels: tuple[str, ...]
    value: float | None
    status: str | None
    row: int  # 1-based row in the file or sheet
    column: int  # 1-based column

    @property
    def year(self) -> str | None:
        for label in reversed(self.labels):
            match = YEAR.search(label)
            if match:
                return match.group(1)
        return None

    def has(self, *labels: str) -> bool:
        own = {_norm(label) for label in self.labels}
        return all(_norm(label) in own for label in labels)


@dataclass(frozen=True)
class ScbTable:
    file: str
    title: str | None
    reference_code: str | None
    cells: tuple[ScbCell, ...]


def read_export(path: str | Path, kind: str | None = None) -> ScbTable:
    """Read an export; ``kind`` ("xlsx" or "text", from the content) overrides the suffix."""
    path = Path(path)
    kind = kind or {".xlsx": "xlsx", ".csv": "text", ".txt": "text"}.get(path.suffix.lower())
    if kind == "xlsx":
        return _read_xlsx(path)
    if kind == "text":
        return _read_csv(path)
    raise ExportError(ErrorCode.EXPORT_UNKNOWN_FORMAT, name=path.name, v=path.suffix)


def _read_xlsx(path: Path) -> ScbTable:
    return _parse_grid(path.name, sheet_rows(path)[1])


def _read_csv(path: Path) -> ScbTable:
    rows: list[list[object]] = [
        [cell if cell != "" else None for cell in row]
        for row in csv_rows(text_lines(path.read_bytes()))
    ]
    rows = [row for row in rows if row]  # the blank lines of \r\r\n files
    return _parse_grid(path.name, rows, header_has_no_title=True)


def _parse_grid(name: str, rows: list[list[object]], header_has_no_title: bool = False) -> ScbTable:
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    first_data, region_col = _find_data_start(rows)
    if first_data is None:
        raise ExportError(ErrorCode.EXPORT_NO_DATA_ROWS, name=name)
    last_data = first_data
    while last_data + 1 < len(rows) and _is_region(rows[last_data + 1][region_col]):
        last_data += 1
    data = rows[first_data : last_data + 1]
    stub_cols = [c for c in range(width) if c <= region_col or _all_text(data, c)]
    value_cols = [
        c for c in range(width) if c not in stub_cols and any(r[c] is not None for r in data)
    ]
    title_rows = 0 if header_has_no_title else 1
    header_rows = rows[title_rows:first_data]
    column_labels = {c: _column_labels(header_rows, c, value_cols) for c in value_cols}
    cells: list[ScbCell] = []
    parsed: dict[object, tuple[float | None, str | None]] = {}
    carried: dict[int, object] = {}
    for offset, row in enumerate(data):
        row_number = first_data + offset + 1
        for c in stub_cols:
            if row[c] is not None:
                carried[c] = row[c]
        stub_labels = tuple(
            str(carried[c]).strip() for c in stub_cols if c != region_col and c in carried
        )
        region = str(row[region_col]).strip()
        for c in value_cols:
            raw = row[c]
            value: float | None
            try:
                if type(raw) is int or (type(raw) is float and isfinite(raw)):  # most cells
                    value, status = float(raw), None
                elif raw in parsed:  # a text read before (CSV cells repeat: 0, 1, "..")
                    value, status = parsed[raw]
                else:
                    value, status = parsed[raw] = parse_cell(raw)
            except NotANumber as exc:
                raise ExportError(
                    ErrorCode.EXPORT_NOT_A_NUMBER,
                    name=name,
                    v=exc.text,
                    row=row_number,
                    column=column_letter(c),
                ) from None
            if value is None and status is None:
                continue
            cells.append(
                ScbCell(region, column_labels[c] + stub_labels, value, status, row_number, c + 1)
            )
    footer = rows[last_data + 1 :]
    title = None if header_has_no_title else _first_text(rows[0]) if rows else None
    return ScbTable(name, title, _reference_code(footer), tuple(cells))


def _find_data_start(rows: list[list[object]]) -> tuple[int | None, int]:
    for index, row in enumerate(rows):
        for col, cell in enumerate(row):
            if _is_region(cell) and any(
                isinstance(v, int | float) or _numberish(v) for v in row[col + 1 :]
            ):
                return index, col
    return None, 0


def _is_region(cell: object) -> bool:
    """A region cell: a DeSO/RegSO code, "0126 Huddinge", "Huddinge (RegSO)", or riket or a
    län however SCB writes it ("00 Riket", "Riket", "01", "Stockholms län")."""
    if not isinstance(cell, str):
        return False
    text = cell.strip()
    return bool(REGION.match(text)) or regional_code_of_label(text) is not None


def _numberish(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    try:
        parse_cell(cell)
    except NotANumber:
        return False
    return cell.strip() != ""


def _all_text(data: list[list[object]], col: int) -> bool:
    values = {r[col] for r in data if r[col] is not None}  # distinct: a column repeats a few
    return bool(values) and all(isinstance(v, str) and not _numberish(v) for v in values)


def _column_labels(
    header_rows: list[list[object]], col: int, value_cols: list[int]
) -> tuple[str, ...]:
    """Labels above ``col``, each header row forward-filled from the left (merged cells)."""
    labels = []
    for row in header_rows:
        label = None
        for c in range(col, -1, -1):
            if row[c] is not None and str(row[c]).strip():
                label = str(row[c]).strip()
                break
            if c not in value_cols:  # do not fill across the stub columns
                break
        if label is not None:
            labels.append(label)
    return tuple(labels)


def _reference_code(footer: list[list[object]]) -> str | None:
    texts = [_first_text(r) for r in footer]
    for index, text in enumerate(texts):
        if text and text.rstrip(":").strip().lower() == "intern referenskod":
            for following in texts[index + 1 :]:
                if following:
                    return following.strip()
    return None


def _first_text(row: list[object]) -> str | None:
    for cell in row:
        if cell is not None and str(cell).strip():
            return str(cell).strip()
    return None


def _norm(label: str) -> str:
    return " ".join(label.split()).lower()
