"""The map coloured by comparison (issue 20: "the map colours areas by comparison", as
Fingertips' map does): every area's comparison on the map — its JSON twin, its SVG and its
table — is the one the area's own profile card shows against the same benchmark, for every
indicator of the catalogue on the demo's DeSO and RegSO (as the overview table's test does)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from kommunanalys.model import DOMAINS, Level
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import QUINTILE_METHOD
from kommunanalys.web.views.profile_view import profile_view


def _cards(dataset: Dataset, codes: list[str], year: str, benchmark: str | None) -> dict:
    """(area, indicator) → the comparison on the area's card."""
    found = {}
    for code in codes:
        for domain in DOMAINS:
            view = profile_view(dataset, dataset.place(code, year), domain, benchmark)
            for ind_id, assessed in view["_assessments"].items():
                found[(code, ind_id)] = assessed.comparison if assessed else None
    return found


@pytest.mark.parametrize(
    ("niva", "year", "benchmark"),
    [("deso", "2022", None), ("regso", "2022", None), ("regso", "2023", "0000")],
)
def test_every_areas_map_comparison_is_the_one_on_its_card(
    client: TestClient, dataset: Dataset, niva: str, year: str, benchmark: str | None
) -> None:
    level = Level(niva)
    codes = [a.code for a in dataset.areas(level, dataset.place("0126", year).divisions[level])]
    cards = _cards(dataset, codes, year, benchmark)
    shown = {ind for _, ind in cards}
    compared = 0
    methods: set[str] = set()
    for ind in dataset.catalogue:
        if ind.id not in shown:
            continue
        params = {"indikator": ind.id, "ar": year, "niva": niva, "jamfor": benchmark or ""}
        doc = client.get("/karta.json", params=params).json()
        for row in doc["areas"]:
            card = cards.get((row["area"], ind.id))
            expected = card.outcome.value if card else None
            assert row["comparison"] == expected, (ind.id, row["area"])
            compared += expected is not None
            methods.add(card.method if card else "")
    assert compared > 100
    assert QUINTILE_METHOD in methods
    if benchmark is None:  # the kommun has the synthetic shares: both kinds were checked
        assert "Wilson" in methods
