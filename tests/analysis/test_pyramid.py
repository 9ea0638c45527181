"""The population pyramid (issue 20 item 9): SCB's five-year bands by sex, each area's bands
summing to its population, the kommun beside it, every number through the disclosure gate."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from kommunanalys.analysis.pyramid import band_indicators, population_pyramid
from kommunanalys.model import Division, Gender, Level
from kommunanalys.query import Dataset, NoData


def test_the_bands_are_scbs_seventeen_five_year_groups(dataset: Dataset) -> None:
    bands = band_indicators(dataset)
    assert [b[1] for b in bands] == list(range(0, 85, 5))
    assert bands[-1] == ("antal_invanare_80_plus", 80, None)


@pytest.mark.parametrize(
    ("level", "division"),
    [
        (Level.KOMMUN, Division.KOMMUN),
        (Level.REGSO, Division.REGSO2025),
        (Level.DESO, Division.DESO2025),
    ],
)
def test_the_bands_sum_to_the_areas_population(
    dataset: Dataset, level: Level, division: Division
) -> None:
    """SCB's bands by sex of 2024 sum to Antal invånare of the same table (K + M), for every
    area whose bands all have a number; an area with a suppressed band has none estimated."""
    checked = 0
    for area in dataset.areas(level, division):
        pyramid = population_pyramid(dataset, dataset.place(area.code, "2024"))
        assert pyramid.year == "2024" and len(pyramid.bands) == 17
        if not pyramid.complete:
            assert any(
                b.men is None or b.women is None or b.men.value is None for b in pyramid.bands
            )
            continue
        assert pyramid.population is not None
        assert pyramid.total() == pyramid.population.value, area.code
        checked += 1
    assert checked >= 1
    if level is Level.KOMMUN:
        kommun = population_pyramid(dataset, dataset.place("0126", "2024"))
        assert kommun.total() == 114_799  # SOURCES.md: the age-by-sex cells of Huddinge
        assert kommun.total(of_kommun=True) == kommun.total()


def test_the_kommun_is_the_outline_of_every_area(dataset: Dataset) -> None:
    pyramid = population_pyramid(dataset, dataset.place("0126R007", "2024"))
    kommun = population_pyramid(dataset, dataset.place("0126", "2024"))
    assert [(b.kommun_men, b.kommun_women) for b in pyramid.bands] == [
        (b.men, b.women) for b in kommun.bands
    ]
    assert all(b.men is not None and b.men.gender is Gender.MEN for b in pyramid.bands)


def test_an_area_without_bands_by_sex_has_no_pyramid(dataset: Dataset) -> None:
    with pytest.raises(NoData):
        population_pyramid(dataset, dataset.place("0000", "2023"))


def test_the_page_its_twin_and_the_chart(client: TestClient) -> None:
    twin = client.get("/omrade/0126R007/pyramid.json").json()
    assert twin["year"] == "2024" and len(twin["bands"]) == 17
    assert twin["sum_of_bands"] == sum(
        b[s]["value"] for b in twin["bands"] for s in ("men", "women")
    )
    shares = [b["men_share"] + b["women_share"] for b in twin["bands"]]
    assert sum(shares) == pytest.approx(100)
    page = client.get("/omrade/0126R007/pyramid")
    assert page.status_code == 200 and "Befolkningspyramid" in page.text
    start = page.text.index("<svg")
    svg = ET.fromstring(page.text[start : page.text.index("</svg>", start) + 6])
    assert svg.get("role") == "img" and svg.find("{http://www.w3.org/2000/svg}title") is not None
    assert client.get("/omrade/0000/pyramid").status_code == 404
    assert 'href="/omrade/0126/pyramid"' in client.get("/").text  # in the menu
