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


def _svg_outcomes(svg: str) -> dict[str, str]:
    """Area code → the data-outcome of its path in the map's SVG."""
    area = r'<a href="/omrade/([^"?]+)\?[^>]*>'
    return dict(re.findall(area + r'(?:(?!</a>).)*?data-outcome="([^"]+)"', svg))


@pytest.mark.parametrize(
    ("indicator", "niva", "year"),
    [
        ("andel_ledarledd_fritid", "deso", "2023"),  # intervals: bättre / likvärdig / sämre
        ("medianinkomst", "deso", "2022"),  # no interval: the quintiles
        ("grundskola_meritvarde", "regso", "2022"),  # a mean, high is good
        ("bostadsarea_per_person", "deso", "2025"),  # no polarity, DeSO 2025
    ],
)
def test_the_map_is_coloured_by_comparison_by_default_in_twin_svg_and_table(
    client: TestClient, indicator: str, niva: str, year: str
) -> None:
    params = {"indikator": indicator, "niva": niva, "ar": year}
    doc = client.get("/karta.json", params=params).json()
    assert doc["colouring"]["by"] == "jamforelse"
    categories = {c["comparison"]: c for c in doc["colouring"]["categories"]}
    svg = client.get("/karta.svg", params=params).text
    drawn = _svg_outcomes(svg)
    shown = [a for a in doc["areas"] if a["value"] is not None]
    assert len(drawn) == len(shown) > 20
    for row in shown:
        code = row["comparison"] or "not_compared"
        assert drawn[row["area"]] == code, row["area"]  # the SVG export carries the code
        assert row["colour"] == categories[code]["colour"]  # one colour per comparison
        assert f'fill="{row["colour"]}"' in svg
    assert sum(c["areas"] for c in categories.values()) == len(shown)
    assert len(categories) >= 3
    page = client.get("/karta", params=params).text
    assert '<option value="jamforelse" selected>Jämförelse</option>' in page
    for c in categories.values():
        if c["comparison"] != "not_compared":  # the table carries every compared area's word
            assert f">{c['label']}</span>" in page
    # the name and tooltip of an area say its comparison in words (not colour alone)
    first = next(r for r in shown if r["comparison"])
    assert f"– {categories[first['comparison']]['label']}" in svg


def test_the_comparison_colours_are_the_cards_hues_and_the_value_maps_fifths() -> None:
    from kommunanalys.charts.palettes import BAR_TONES, outcome_fill, sequential

    for code in ("better", "similar", "worse", "higher"):
        assert outcome_fill(code, "high_good") == BAR_TONES[code]
    assert outcome_fill("lower", "neutral") != outcome_fill("higher", "neutral")
    assert outcome_fill("best_fifth", "high_good") == sequential(5, "high_good")[4]
    assert outcome_fill("best_fifth", "low_good") == sequential(5, "low_good")[0]
    assert outcome_fill("lowest_fifth", "neutral") == sequential(5, "neutral")[0]
    assert outcome_fill("not_compared", "neutral") == "#ffffff"


def test_colouring_by_value_keeps_the_classes_and_a_bad_choice_is_400(
    client: TestClient,
) -> None:
    params = {"indikator": "andel_ledarledd_fritid", "niva": "deso", "ar": "2023"}
    by_value = client.get("/karta.json", params={**params, "farg": "varde"}).json()
    assert by_value["colouring"] == {"by": "varde", "name": "värdeklasser", "categories": []}
    colours = {c["class"]: c["colour"] for c in by_value["classification"]["classes"]}
    for row in by_value["areas"]:
        assert row["colour"] == (colours[row["class"]] if row["class"] else None)
    svg = client.get("/karta.svg", params={**params, "farg": "varde"}).text
    assert "data-outcome" not in svg and "Klasser: kvantiler" in svg
    page = client.get("/karta", params={**params, "farg": "varde"}).text
    assert "farg=varde" in page  # the permalinks keep the choice
    bad = client.get("/karta", params={**params, "farg": "regnbage"})
    assert bad.status_code == 400 and "Okänd färgläggning" in bad.text and "regnbage" in bad.text
    # a count is compared nowhere: by value classes unless asked for
    counts = client.get("/karta.json", params={"indikator": "antal_invanare", "ar": "2023"})
    assert counts.json()["colouring"]["by"] == "varde"
