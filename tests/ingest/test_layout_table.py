"""The layout-table reader shared by the economy's files and the personnel, internal-control
and financing tables (ingest/layout_table.py): the header is the first row that is not empty,
columns are found by any of their names in any case and order, rows keep their numbers in the
file, and a problem names a column as its importer words it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest import economy, staff_control
from kommunanalys.ingest.layout_table import LayoutColumn, Naming, read_grids, read_layout
from kommunanalys.sources.file_safety import UnsafeFile

COLUMNS = (
    LayoutColumn("period", "period", ("månad",)),
    LayoutColumn("belopp", "amount"),
)
GRID = [
    [None, None, None],
    ["Extra", " Månad ", "BELOPP"],
    ["x", "2024-01", "10"],
    ["", "  ", None],
    ["y", "2024-02", "tio"],
]


@pytest.mark.parametrize(
    ("naming", "column"), [(Naming.LETTER, "C (belopp)"), (Naming.WRITTEN, "BELOPP")]
)
def test_the_header_is_the_first_row_and_cells_are_found_by_field(
    naming: Naming, column: str
) -> None:
    table = read_layout(GRID, "f.xlsx", "Blad1", COLUMNS, naming)
    assert table is not None
    assert table.header_row == 2 and table.index == {"period": 1, "amount": 2}
    assert [n for n, _ in table.rows] == [3, 5]  # the empty row 4 left out, numbers kept
    number, cells = table.rows[1]
    assert table.cell(cells, "amount") == "tio" and table.cell(cells, "nothing") is None
    assert str(table.where(number, "amount")) == f"f.xlsx, blad Blad1, rad 5, kolumn {column}"


def test_a_missing_column_and_an_empty_grid() -> None:
    table = read_layout([["belopp"], ["1"]], "f.csv", None, COLUMNS)
    assert table is not None and not table.has("period")
    assert table.where(2, "period").column == "period"
    assert read_layout(GRID, "f.csv", None, COLUMNS, Naming.WRITTEN) is not None
    assert read_layout([[None], ["", " "]], "f.csv", None, COLUMNS) is None


def test_both_importers_read_through_it() -> None:
    assert issubclass(staff_control.Column, LayoutColumn)
    assert all(isinstance(c, LayoutColumn) for c in (*economy.LEDGER, *economy.VOLUMES))


def test_a_json_file_is_refused_by_its_type(tmp_path: Path) -> None:
    path = tmp_path / "huvudbok.csv"
    path.write_text('{"period": "2024-01"}', encoding="utf-8")
    with pytest.raises(UnsafeFile, match="filtypen stöds inte"):
        read_grids(path)
