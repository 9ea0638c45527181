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
    while last_data + 1 < len(rows) and _continues(rows[last_data + 1], region_col):
        last_data += 1
    data = rows[first_data : last_data + 1]
    footer = rows[last_data + 1 :]
    reference_code = _reference_code(footer)
    title_rows = 0 if header_has_no_title else 1
    header_rows = rows[title_rows:first_data]
    stub_cols = [c for c in range(width) if c <= region_col or _all_text(data, c)]
    value_cols = [
        c for c in range(width) if c not in stub_cols and any(r[c] is not None for r in data)
    ]
    signed = reference_code is not None or _headed(header_rows, region_col, _REGION_HEADS)
    years = [c for c in value_cols if signed and _year_column(header_rows, data, region_col, c)]
    if years and _years_as_rows(header_rows, value_cols, years):
        stub_cols = sorted(stub_cols + years)
        value_cols = [c for c in value_cols if c not in years]
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
            _year_text(carried[c]) for c in stub_cols if c != region_col and c in carried
        )
        region = str(carried[region_col]).strip()
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
    title = None if header_has_no_title else _first_text(rows[0]) if rows else None
    return ScbTable(name, title, reference_code, tuple(cells))


def _find_data_start(rows: list[list[object]]) -> tuple[int | None, int]:
    for index, row in enumerate(rows):
        for col, cell in enumerate(row):
            if _is_region(cell) and any(
                isinstance(v, int | float) or _numberish(v) for v in row[col + 1 :]
            ):
                return index, col
    return None, 0


def _continues(row: list[object], region_col: int) -> bool:
    """Whether ``row`` is a data row after the first: its region cell names a region, or is
    empty (Excel leaves a stub cell empty under the same value: "0126C1310", "2021", …;
    "", "2022", …) while a cell right of it holds something. A footnote or a blank row ends
    the data."""
    cell = row[region_col]
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return any(c is not None and str(c).strip() for c in row[region_col + 1 :])
    return _is_region(cell)


def _is_region(cell: object) -> bool:
    """A region cell: a DeSO/RegSO code, "0126 Huddinge", "Huddinge (RegSO)", or riket or a
    län however SCB writes it ("00 Riket", "Riket", "01", "Stockholms län")."""
    if not isinstance(cell, str):
        return False
    text = cell.strip()
    return bool(REGION.match(text)) or regional_code_of_label(text) is not None


#: NaN and infinity as a program writes them (no label of SCB's reads so)
_NOT_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)


def _numberish(cell: object) -> bool:
    """Whether a text cell is a number, or a marker SCB writes in a number's place, or a
    number that is none (1e400, 400 nines, NaN, inf): that is a value cell with a problem,
    which the reader reports on its row and column, not a label."""
    if not isinstance(cell, str):
        return False
    if _NOT_FINITE.fullmatch(cell.strip()):
        return True
    try:
        parse_cell(cell)
    except NotANumber as exc:
        return exc.code is ErrorCode.NOT_A_FINITE_NUMBER
    return cell.strip() != ""


def _all_text(data: list[list[object]], col: int) -> bool:
    values = {r[col] for r in data if r[col] is not None}  # distinct: a column repeats a few
    return bool(values) and all(isinstance(v, str) and not _numberish(v) for v in values)


#: SCB's names of the region and time variables, as its exports head their columns (lower
#: case; English exports: "region", "year")
_REGION_HEADS = frozenset({"region"})
_TIME_HEADS = frozenset({"år", "year"})
_PLAIN_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def _headed(header_rows: list[list[object]], col: int, heads: frozenset[str]) -> bool:
    """Whether a header cell above ``col`` is one of ``heads``, written exactly so."""
    cells = (row[col] for row in header_rows)
    return any(isinstance(cell, str) and cell.strip() in heads for cell in cells)


def _years_as_rows(
    header_rows: list[list[object]], value_cols: list[int], years: list[int]
) -> bool:
    """Whether the columns of years (:func:`_year_column`) hold the rows' years: where no
    other column of values has a year in its head. A column of birth years beside "Antal
    2022" stays values (its year and the head's would both claim the value, the last one
    silently)."""
    others = [c for c in value_cols if c not in years]
    return not any(
        YEAR.search(label) for c in others for label in _column_labels(header_rows, c, value_cols)
    )


def _year_column(
    header_rows: list[list[object]], data: list[list[object]], region_col: int, col: int
) -> bool:
    """A column of years right of the region: SCB's export of a table pivoted with the years
    as rows ("region", "kön", "år", "Antal"; in Excel the stub columns have no head at all).
    Headed by SCB's time variable, or with no head over it or between it and the region, and
    holding nothing but years, it is a stub column (its year a label of the row's values), not
    a column of values that happen to look like numbers (a column of values has a head: its
    content or its year, its own or one merged from its left).

    Asked only of a file that shows it is SCB's (its reference code, or its region column
    headed "region" as SCB heads it): a user's own long table ("Område;År;Antal") is no
    export, and the import asks for its mapping instead of guessing what its columns are."""
    if not _headed(header_rows, col, _TIME_HEADS) and any(
        row[c] is not None and str(row[c]).strip()
        for row in header_rows
        for c in range(region_col + 1, col + 1)
    ):
        return False  # headed otherwise, or under a head merged from its left: values
    values = {r[col] for r in data if r[col] is not None}
    return bool(values) and all(_PLAIN_YEAR.match(_year_text(v)) for v in values)


def _year_text(value: object) -> str:
    """A stub cell as a label: a whole float (a year Excel holds as a number) without ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
