"""Custom areas: definitions checked against the area catalogue, members per vintage, values
summed from counts, a profile like any other area, all or nothing on bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kommunanalys.catalog.custom_areas import (
    CustomAreaDefinition,
    CustomAreaError,
    parse_codes,
    read_definitions,
    resolve,
)
from kommunanalys.ingest.areas import define_custom_areas, remove_custom_area
from kommunanalys.model import Division, Gender, Level
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from tests.site import copy_db


def test_demo_skogas_is_the_sum_of_its_two_regso(dataset: Dataset) -> None:
    for year in ("2022", "2025"):
        (own,) = dataset.values(
            ["antal_invanare"], areas=["skogas"], years=[year], genders=[Gender.TOTAL]
        )
        parts = dataset.values(
            ["antal_invanare"], areas=["0126R014", "0126R015"], years=[year], genders=[Gender.TOTAL]
        )
        assert own.value == sum(p.value or 0 for p in parts) > 10_000
        assert own.method == "aggregated"


def test_members_reach_back_to_deso_2018_only_when_exact(dataset: Dataset) -> None:
    areas, changes = dataset.store.areas(), dataset.store.area_changes()
    skogas = resolve(
        CustomAreaDefinition("s1", "S", regso=("0126R014", "0126R015")), areas, changes
    )
    assert skogas.deso(Division.DESO2018) == skogas.deso(Division.DESO2025)
    # 0126C1081 took land from 0126C1020 and 0126C1080: alone it has no 2018 equivalent …
    alone = resolve(CustomAreaDefinition("a1", "A", deso=("0126C1081",)), areas, changes)
    assert alone.deso(Division.DESO2018) == () and len(alone.areas) == 1
    # … but with everything those two 2018 DeSO gave land to, it has.
    whole = resolve(
        CustomAreaDefinition("w1", "W", deso=("0126C1020", "0126C1081", "0126C1082")),
        areas,
        changes,
    )
    assert whole.deso(Division.DESO2018) == ("0126C1020", "0126C1080")


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        (CustomAreaDefinition("Skogås", "S", regso=("0126R014",)), "koden 'Skogås' duger inte"),
        (CustomAreaDefinition("x1", " ", regso=("0126R014",)), "saknar namn"),
        (CustomAreaDefinition("x1", "X", deso=("0126C9999",)), "DeSO '0126C9999' finns inte"),
        (CustomAreaDefinition("x1", "X", regso=("0126R099",)), "RegSO '0126R099' finns inte"),
        (CustomAreaDefinition("x1", "X"), "har inga DeSO"),
        (CustomAreaDefinition("0126", "X", deso=("0126C1020",)), "används redan"),
    ],
)
def test_bad_definitions_say_what_is_wrong(
    dataset: Dataset, definition: CustomAreaDefinition, message: str
) -> None:
    with pytest.raises(CustomAreaError, match=message):
        resolve(definition, dataset.store.areas(), dataset.store.area_changes())


def test_definitions_file_errors_name_the_file_and_area(tmp_path: Path) -> None:
    path = tmp_path / "omraden.toml"
    path.write_text('[[omrade]]\nkod = "a1"\nnamn = "A"\ndeso = "0126C1020"\n', encoding="utf-8")
    with pytest.raises(CustomAreaError, match=r"omraden.toml, område 1: 'deso' ska vara en lista"):
        read_definitions(path)
    path.write_text("[[omrade]\n", encoding="utf-8")
    with pytest.raises(CustomAreaError, match=r"omraden\.toml: ogiltig TOML"):
        read_definitions(path)
    path.write_text('[[omrade]]\nkod="a1"\nnamn="A"\nfarg="röd"\n', encoding="utf-8")
    with pytest.raises(CustomAreaError, match="okänd nyckel farg"):
        read_definitions(path)
    assert parse_codes(" 0126C1020, 0126C1030\n0126C1060;") == (
        "0126C1020",
        "0126C1030",
        "0126C1060",
    )


@pytest.fixture(scope="module")
def db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database of this module's own: these tests change areas."""
    return copy_db(demo_db, tmp_path_factory.mktemp("custom") / "demo.duckdb")


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    store = Store.open(db)
    yield store
    store.close()


def _state(store: Store) -> tuple[object, ...]:
    return (
        store.areas(),
        store.custom_members(),
        store.backend.query(  # order-independent and exact (a float sum is neither)
            "SELECT count(*), bit_xor(hash(indicator, area, division, period, gender, value)) "
            "FROM derived_value"
        ),
    )


def test_define_and_remove_with_values_and_audit(store: Store) -> None:
    definition = CustomAreaDefinition("vastra", "Västra", regso=("0126R011", "0126R016"))
    define_custom_areas(store, [definition], "cecilia")
    ds = Dataset(store)
    assert ds.area("vastra").level is Level.CUSTOM
    profile = ds.profile("vastra", "2025")
    assert profile.sections and profile.area.name == "Västra"
    events = store.backend.query(
        "SELECT actor, target FROM audit_event WHERE action = 'area.custom' ORDER BY 1"
    )
    assert ("cecilia", "area:vastra") in events
    assert remove_custom_area(store, "vastra", "cecilia")
    assert not remove_custom_area(store, "vastra", "cecilia")
    assert not [a for a in store.areas() if a.code == "vastra"]
    assert not store.values(areas=["vastra"])


def test_one_bad_definition_leaves_the_database_as_it_was(store: Store) -> None:
    before = _state(store)
    good = CustomAreaDefinition("ny", "Ny", regso=("0126R011",))
    bad = CustomAreaDefinition("fel", "Fel", deso=("0126C9999",))
    with pytest.raises(CustomAreaError):
        define_custom_areas(store, [good, bad], "cecilia")
    assert _state(store) == before


def test_custom_area_pages(client: TestClient) -> None:
    page = client.get("/omrade/skogas", params={"ar": "2022"})
    assert page.status_code == 200 and "Skogås" in page.text
    data = client.get("/omrade/skogas.json").json()
    assert data["area"]["level"] == "custom"
    years = client.get(
        "/utveckling.json", params={"omrade": "skogas", "indikator": "antal_invanare"}
    ).json()
    points = [p["year"] for s in years["series"] for seg in s["segments"] for p in seg["points"]]
    assert points[0] < "2024" and points[-1] == "2025"  # across the 2025 redraw
