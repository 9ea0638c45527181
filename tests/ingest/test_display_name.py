"""``import_file(display_name=…)``: the web stores uploads under server-chosen names; the
user's file name is the one that must appear in problems, the import record and the values'
provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest.files import import_file
from kommunanalys.store import Store
from tests.ingest.helpers import scb_like_export, tidy, workbook, write

SHOWN = "befolkning_masmo.csv"

MAPPING = (
    '[columns]\narea = "Område"\nperiod = "År"\n'
    '[[values]]\nindicator = "antal_aktualiseringar_barn_o_ungdom"\nvalue = "Antal"\n'
)


def test_record_and_result_use_the_display_name(store: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "data", "antal_invanare,0126C1310,2019,3190")
    result = import_file(store, path, display_name=SHOWN, refresh=False)
    assert result.ok and result.description == SHOWN and result.files == (SHOWN,)
    assert result.record is not None and result.record.files == (SHOWN,)
    (row,) = store.history("antal_invanare")
    assert row.source == "file"
    stored = store.backend.query("SELECT DISTINCT source FROM observation")
    assert stored == [(f"Fil {SHOWN}",)]


@pytest.mark.parametrize("kind", ["tidy", "mapped", "unsafe"])
def test_problems_name_the_display_name(store: Store, tmp_path: Path, kind: str) -> None:
    mapping = None
    if kind == "tidy":
        path = tidy(tmp_path / "data", "antal_invanare,0126C9999,2019,1")
    elif kind == "mapped":
        path = write(tmp_path / "data", "Område;År;Antal\n0126C9999;2023;1\n")
        mapping = write(tmp_path / "mappning.toml", MAPPING)
    else:
        path = write(tmp_path / "data", "")
    result = import_file(store, path, mapping=mapping, display_name=SHOWN, refresh=False)
    (problem,) = result.problems
    assert problem.where.file == SHOWN, str(problem)
    assert "data" not in problem.message.split()


def test_provenance_of_mapped_values_names_the_display_name(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "data", "Område;År;Antal\n0126C1310;2023;41\n")
    mapping = write(tmp_path / "mappning.toml", MAPPING)
    result = import_file(store, path, mapping=mapping, display_name=SHOWN, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    sources = [r[0] for r in store.backend.query("SELECT DISTINCT source FROM observation")]
    assert sources == [f"Fil {SHOWN}"]


# -- workbooks are recognised by their content, whatever their name ---------------------------


def _renamed(path: Path, name: str) -> Path:
    return path.rename(path.with_name(name))


@pytest.mark.parametrize("stored_as", ["data", "export.csv"])
def test_an_scb_workbook_under_any_name(store: Store, tmp_path: Path, stored_as: str) -> None:
    """The web saves uploads as ``data``; people save exports with odd suffixes. The content
    says Excel, so the file is read as Excel."""
    path = scb_like_export(
        tmp_path / "bakgrund.xlsx",
        title="Folkmängden per region efter region, år, utländsk/svensk bakgrund och kön",
        header_rows=[
            [None, "2022", None, None],
            [None, "svensk bakgrund", "utländsk bakgrund", "totalt"],
            [None, "totalt", "totalt", "totalt"],
        ],
        data=[["0126C1310", 1776, 1501, 3277]],
        reference_code="000005FE",
    )
    path = _renamed(path, stored_as)
    result = import_file(store, path, display_name="bakgrund.xlsx", refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    (row,) = store.history("antal_utlandsk_bakgrund")
    assert (row.area, row.period, row.value) == ("0126C1310", "2022", 1501.0)
    sources = [r[0] for r in store.backend.query("SELECT DISTINCT source FROM observation")]
    assert sources == ["SCB 000005FE (bakgrund.xlsx)"]


@pytest.mark.parametrize("stored_as", ["data", "uttag.csv"])
def test_a_mapped_workbook_under_any_name(store: Store, tmp_path: Path, stored_as: str) -> None:
    path = workbook(tmp_path / "uttag.xlsx", [["Område", "År", "Antal"], ["0126C1310", 2023, 41]])
    path = _renamed(path, stored_as)
    mapping = write(tmp_path / "mappning.toml", MAPPING)
    result = import_file(store, path, mapping=mapping, display_name="uttag.xlsx", refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert result.added == 1
