"""Kolada CSV exports through ``import_file`` (recognised by their header)."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.ingest.files import import_file
from kommunanalys.model import Division, Level
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from tests.ingest.helpers import snapshot, write

KOLADA = Path(__file__).parents[1] / "data" / "kolada"


def test_kolada_export_of_the_municipality(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "kolada_N00901_huddinge.csv",
        "\ufeffkommun;year;value\n0126;2023;19,47\n0126;2024;19,47\n0126;2025;\n",
    )
    result = import_file(store, path, actor="anna", refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert result.new_indicators == ("kolada_n00901",)
    assert next(i for i in store.indicators() if i.id == "kolada_n00901").confirmed is False
    values = {r.period: (r.value, r.status, r.division) for r in store.history("kolada_n00901")}
    assert values == {
        "2023": (19.47, None, Division.KOMMUN),
        "2024": (19.47, None, Division.KOMMUN),
        "2025": (None, "..", Division.KOMMUN),  # empty is missing, never 0
    }


def test_kolada_export_of_the_county_imports_every_municipality(store: Store) -> None:
    """A Kolada export usually covers several municipalities (here Stockholms län): the home
    kommun's values are imported, and every other municipality in the file becomes a
    comparison municipality (a kommun area without RegSO) with its values."""
    path = KOLADA / "kolada_N00901_tax_stockholms_lan.csv"
    before = snapshot(store)
    result = import_file(store, path, refresh=False)
    assert result.ok, [str(p) for p in result.problems[:3]]
    assert result.added == 8 and result.new_areas == ("0180",)
    values = {r.period: r.value for r in store.history("kolada_n00901", area="0126")}
    assert values == {"2023": 19.47, "2024": 19.47, "2025": 19.47, "2026": 19.38}
    stockholm = {r.period for r in store.history("kolada_n00901", area="0180")}
    assert len(stockholm) == 4
    assert snapshot(store).observations == before.observations + 8
    (area,) = [a for a in store.areas() if a.code == "0180"]
    assert (area.name, area.level, area.parent) == ("Stockholm", Level.KOMMUN, None)
    assert Dataset(store).kommun.code == "0126"  # the home kommun stays the profiles' kommun


def test_kpi_from_the_display_name_of_an_upload(store: Store, tmp_path: Path) -> None:
    """The web stores an upload as ``data``; a ``kommun;year;value`` file's KPI is in the
    name the user gave it."""
    path = write(tmp_path / "data", "kommun;year;value\n0126;2023;19,47\n")
    result = import_file(
        store, path, display_name="kolada_N00901_huddinge.csv", actor="anna", refresh=False
    )
    assert result.ok, [str(p) for p in result.problems]
    assert result.new_indicators == ("kolada_n00901",)
    assert [r.value for r in store.history("kolada_n00901")] == [19.47]
