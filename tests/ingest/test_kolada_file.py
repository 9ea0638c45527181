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


def test_kolada_file_with_riket_and_a_region_is_accepted(store: Store, tmp_path: Path) -> None:
    """Issue 20 item 7: Kolada writes riket 0000 and a region 0001 (Region Stockholm); both
    were refused ("okänd områdeskod '0000'"). They become the areas riket (0000) and
    Stockholms län (01), one vintage, with their values."""
    path = write(
        tmp_path / "kolada_N00945.csv",
        "gender,count,status,value,kpi,year,municipality_id,municipality,municipality_type\n"
        "T,1,,31.5,N00945,2023,0000,Riket,L\n"
        "T,1,,32.0,N00945,2023,0001,Region Stockholm,L\n"
        "T,1,,30.1,N00945,2023,0126,Huddinge,K\n",
    )
    result = import_file(store, path, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert set(result.new_areas) == {"0000", "01"}
    areas = {a.code: a for a in store.areas()}
    assert (areas["0000"].name, areas["0000"].level) == ("Riket", Level.RIKET)
    assert (areas["01"].name, areas["01"].level, areas["01"].parent) == (
        "Stockholms län",
        Level.LAN,
        "0000",
    )
    values = {r.area: r.value for r in store.history("kolada_n00945")}
    assert values == {"0000": 31.5, "01": 32.0, "0126": 30.1}


def test_a_tidy_file_with_riket_and_a_lan_is_accepted(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "riket.csv",
        "indicator,area,period,value\nantal_invanare,0000,2023,10551707\n"
        "antal_invanare,01,2023,2454821\n",
    )
    result = import_file(store, path, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert set(result.new_areas) == {"0000", "01"}


def test_a_tidy_file_with_riket_and_a_lan_in_any_sources_spelling(
    store: Store, tmp_path: Path
) -> None:
    """Issue 20 item 7, every import: SCB writes riket ``00``, Kolada riket ``0000`` and a
    region ``0001`` (Region Stockholm), the catalogue ``0000`` and ``01``. A tidy file copied
    from either was refused ("okänd områdeskod '00'", "… '0001'")."""
    path = write(
        tmp_path / "spellings.csv",
        "indicator,area,period,value\nantal_invanare,00,2023,10551707\n"
        "antal_invanare,0001,2023,2454821\nantal_invanare,0003,2023,402000\n",
    )
    result = import_file(store, path, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert set(result.new_areas) == {"0000", "01", "03"}
    values = {r.area: r.value for r in store.history("antal_invanare")}
    assert values["0000"] == 10551707 and values["01"] == 2454821 and values["03"] == 402000
    # a code of no län after the 00 stays what it was, and is refused as unknown
    bad = write(tmp_path / "bad.csv", "indicator,area,period,value\nantal_invanare,0099,2023,1\n")
    refused = import_file(store, bad, refresh=False)
    assert not refused.ok and "'0099'" in str(refused.problems[0])
