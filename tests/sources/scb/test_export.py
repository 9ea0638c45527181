"""Reading SCB exports as they come, and clear errors for files that are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.demo.build import scb_files
from kommunanalys.sources.numbers import parse_cell
from kommunanalys.sources.scb.export import ExportError, read_export


def _shipped(prefix: str) -> Path:
    return next(p for p in scb_files() if p.name.startswith(prefix))


def test_excel_export_with_title_header_rows_and_footnotes() -> None:
    table = read_export(_shipped("000005FF"))
    assert table.reference_code == "000005FF"
    assert table.title and table.title.startswith("Folkmängden per region")
    cell = next(c for c in table.cells if c.region == "0126C1310" and c.has("0-4 år"))
    assert cell.year == "2022" and cell.value > 0


def test_year_in_a_stub_column() -> None:  # 000005FC: year in column A, region in column B
    table = read_export(_shipped("000005FC"))
    huddinge = [c for c in table.cells if c.region.startswith("0126")]
    assert len(huddinge) == 60 and {c.year for c in huddinge} == {"2023"}
    assert sum(c.value for c in huddinge) == 113_920


def test_csv_with_bom_and_double_carriage_returns() -> None:
    table = read_export(_shipped("deso_foreign_born"))
    cell = next(
        c
        for c in table.cells
        if c.region == "Huddinge (Glömsta-Loviseberg)"
        and c.year == "2023"
        and c.has("totalt")
        and not c.has("Sverige")
    )
    assert cell.value == 5023


@pytest.mark.parametrize(
    ("raw", "value", "status"),
    [
        ("1 234,5", 1234.5, None),
        ("1\u00a0234", 1234.0, None),
        ("..", None, ".."),
        ("-", None, "-"),
        (12, 12.0, None),
        ("", None, None),
    ],
)
def test_swedish_numbers_and_missing_markers(
    raw: object, value: float | None, status: str | None
) -> None:
    assert parse_cell(raw) == (value, status)


def test_non_number_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        '"region","Antal 2023"\n"Huddinge (Vårby gård)",12\n"Huddinge (Stuvsta)",tolv\n',
        encoding="utf-8",
    )
    with pytest.raises(ExportError, match=r"bad\.csv: rad 3, kolumn B: 'tolv' är inget tal"):
        read_export(path)


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"x\.pdf: okänt filformat"):
        read_export(tmp_path / "x.pdf")
