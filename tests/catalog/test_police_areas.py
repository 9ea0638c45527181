"""The Police's list, converted once from SWEREF 99 TM to longitude/latitude, checked against
SCB's independent boundaries: each of Huddinge's three areas on the list lies in the RegSO it is
named after."""

from __future__ import annotations

import json

import pytest

from kommunanalys.catalog.police_areas import (
    CATEGORIES,
    centre,
    police_areas,
    within,
)
from kommunanalys.model import Division, Level
from kommunanalys.store import Store


def test_reads_the_police_list() -> None:
    areas = police_areas()
    names = {a.name for a in areas}
    assert {"Vårby", "Skogås", "Grantorp / Visättra", "Alby"} <= names  # UTF-8 names
    assert {a.category for a in areas} == set(CATEGORIES)
    for a in areas:  # longitude and latitude, closed rings
        assert a.geometry["type"] == "Polygon"
        for ring in a.geometry["coordinates"]:
            assert ring[0] == ring[-1]
            assert all(10.5 < lon < 24.5 and 55.0 < lat < 69.5 for lon, lat in ring)


def test_every_area_is_in_sweden_with_a_known_category() -> None:
    areas = police_areas()
    assert len(areas) == 59
    for a in areas:
        lon, lat = centre(a)
        assert 10.5 < lon < 24.5 and 55.0 < lat < 69.5, a.name
        assert a.category in CATEGORIES


@pytest.mark.parametrize(
    ("name", "regso"),
    [
        ("Vårby", "Vårby Udde-Duvberget"),
        ("Skogås", "Skogås västra"),
        ("Grantorp / Visättra", "Flemingsberg östra"),
    ],
)
def test_huddinges_areas_lie_in_their_regso(demo_store: Store, name: str, regso: str) -> None:
    regsos = demo_store.areas(level=Level.REGSO, division=Division.REGSO2025, with_geometry=True)
    geometry = next(json.loads(r.geometry) for r in regsos if r.name == regso and r.geometry)
    area = next(a for a in police_areas() if a.name == name)
    assert within([geometry], [area]) == [area]


def test_within_huddinge_only_huddinges(demo_store: Store) -> None:
    deso = demo_store.areas(level=Level.DESO, division=Division.DESO2025, with_geometry=True)
    found = within([json.loads(a.geometry) for a in deso if a.geometry])
    assert sorted(a.name for a in found) == ["Grantorp / Visättra", "Skogås", "Vårby"]
    assert {a.place for a in found} == {"Huddinge"}
