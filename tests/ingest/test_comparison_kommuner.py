"""Comparison municipalities: a Kolada county export brings the other kommuner of the file as
areas of their own, beside (not instead of) the home kommun of the profiles."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from kommunanalys.catalog.areas import comparison_kommuner, home_kommun
from kommunanalys.ingest.files import import_file
from kommunanalys.model import Division, Gender, Level
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app

KOLADA = Path(__file__).resolve().parents[1] / "data" / "kolada"


def test_only_swedish_municipality_codes_become_comparison_kommuner() -> None:
    areas = comparison_kommuner(["0180", "138", "0000", "9999", "0180"])
    assert [(a.code, a.name, a.level, a.division) for a in areas] == [
        ("0180", "Stockholm", Level.KOMMUN, Division.KOMMUN),
        ("0138", "Tyresö", Level.KOMMUN, Division.KOMMUN),
    ]


def test_home_kommun_is_the_one_with_regso(writable_demo: Store) -> None:
    areas = writable_demo.areas()
    stockholm = comparison_kommuner(["0180"])
    assert home_kommun(stockholm + areas).code == "0126"  # Stockholm first, still Huddinge


def test_county_export_adds_comparison_kommuner_and_pages_keep_working(
    writable_demo: Store,
) -> None:
    result = import_file(writable_demo, KOLADA / "kolada_N00901_tax_stockholms_lan.csv")
    assert result.ok and result.new_areas == ("0180",)
    ds = Dataset(writable_demo)
    assert ds.kommun.code == "0126"
    # Kolada's tax rate for 2026 does not make the profile open on a year with one figure.
    huddinge = ds.area("0126")
    assert ds.latest_year(huddinge) == "2025"
    profile = ds.profile("0126")
    assert len({c.code for c in profile.children}) == len(profile.children) == 22
    _, ranking = ds.ranking("kolada_n00901", "2025", Level.KOMMUN)
    assert {a.code: v.value for a, v in ranking if v} == {"0126": 19.47, "0180": 18.22}
    (value,) = ds.values(["kolada_n00901"], areas=["0180"], years=["2024"], genders=[Gender.TOTAL])
    assert value.value is not None
    client = TestClient(create_app(writable_demo))
    assert client.get("/omrade/0180").status_code == 200
    page = client.get("/indikator/kolada_n00901", params={"niva": "kommun", "ar": "2025"})
    assert page.status_code == 200 and "Stockholm" in page.text
    compared = client.get("/jamfor.json", params={"omraden": "0126,0180", "ar": "2025"})
    assert compared.status_code == 200
