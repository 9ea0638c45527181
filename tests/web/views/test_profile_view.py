"""The area profile's view model, built without HTTP, and the resolved :class:`Place` it
stands on (kommunanalys.web.views.profile_view, kommunanalys.query.Dataset.place)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kommunanalys.catalog.areas import division_for
from kommunanalys.model import Division, Level
from kommunanalys.query import Dataset, NoData, UnknownArea
from kommunanalys.web.rendering import template_context, twin
from kommunanalys.web.views.profile_view import benchmark_choices, level_switch, profile_view


def test_a_place_resolves_area_year_and_divisions_once(dataset: Dataset) -> None:
    place = dataset.place("0126R007", "2023")
    assert place.area.code == "0126R007" and place.year == "2023"
    assert place.area.division is Division.REGSO2020  # 2023 is published on RegSO 2020
    for level in (Level.REGSO, Level.DESO, Level.KOMMUN, Level.CUSTOM):
        assert place.division(level) is division_for(level, 2023)
    later = dataset.place("0126R007", "2025")
    assert later.area.division is Division.REGSO2025


def test_a_place_without_a_year_opens_on_the_areas_latest(dataset: Dataset) -> None:
    place = dataset.place("0126R007")
    assert place.year == dataset.latest_year(place.area)


def test_a_place_refuses_an_unknown_area_or_year(dataset: Dataset) -> None:
    with pytest.raises(UnknownArea):
        dataset.place("0126X999")
    with pytest.raises(NoData):
        dataset.place("0126R007", "1850")


def test_profile_at_a_place_is_the_profile(dataset: Dataset) -> None:
    place = dataset.place("0126R007", "2023")
    assert dataset.profile_at(place) == dataset.profile("0126R007", "2023")
    one = dataset.profile_at(place, "Befolkning")
    assert one == dataset.profile("0126R007", "2023", "Befolkning")


def test_a_benchmark_is_read_in_the_places_vintage(dataset: Dataset) -> None:
    for year in ("2023", "2025"):
        place = dataset.place("0126R007", year)
        assert dataset.area_at("0126R001", place) == dataset.area("0126R001", year)
    with pytest.raises(UnknownArea):
        dataset.area_at("0126X999", dataset.place("0126", "2023"))


def test_the_view_models_twin_is_the_pages_json(client: TestClient, dataset: Dataset) -> None:
    view = profile_view(dataset, dataset.place("0126R007", "2023"), None, "0126R001")
    page = client.get("/omrade/0126R007.json", params={"ar": "2023", "jamfor": "0126R001"})
    assert twin(view) == page.json()
    assert view["_benchmark"].code == "0126R001"
    cards = {c["indicator"]: c for d in twin(view)["domains"] for c in d["indicators"]}
    assert cards["antal_invanare"]["value"]["value"] == 5023


def test_the_view_models_page_context(dataset: Dataset) -> None:
    place = dataset.place("0126R007", "2023")
    view = profile_view(dataset, place, "Befolkning")
    context = template_context(view)
    assert context["profile"].area.code == "0126R007" and context["domain"] == "Befolkning"
    assert context["benchmark"] == dataset.kommun  # no benchmark chosen: the kommun
    assert [s.domain for s in context["profile"].sections] == ["Befolkning"]
    choices = context["benchmark_choices"]
    assert choices[0] == dataset.kommun and all(a.code != "0126R007" for a in choices[1:])
    # then the län and riket (issue 20 item 7: the demo has their SCB sums), then the RegSO
    assert [(a.code, a.level) for a in choices[1:3]] == [("01", Level.LAN), ("0000", Level.RIKET)]
    assert all(a.division is Division.REGSO2020 for a in choices[3:])
    assert context["switch"] == {"regso": None, "deso": context["profile"].children[0].code}
    assert set(context["spines"]) == {"Befolkning"}


def test_the_kommuns_page_ignores_a_benchmark_and_the_api_does_not(dataset: Dataset) -> None:
    place = dataset.place("0126", "2023")
    page = profile_view(dataset, place, None, "0126R001")
    assert page["_benchmark"] == dataset.kommun  # ignored: the kommun's own benchmark
    api = profile_view(dataset, place, None, "0126R001", benchmark_for_kommun=True)
    assert api["_benchmark"].code == "0126R001"
    assert twin(page) != twin(api)  # the API's cards are assessed against the RegSO


def test_the_level_switch_and_the_choices_of_the_kommun(dataset: Dataset) -> None:
    place = dataset.place("0126", "2025")
    switch = level_switch(dataset, place, dataset.profile_at(place))
    regso = dataset.areas(Level.REGSO, Division.REGSO2025)
    deso = dataset.areas(Level.DESO, Division.DESO2025)
    assert switch == {"regso": regso[0].code, "deso": deso[0].code}
    # the kommun's own page offers its län and riket (issue 20 item 7), no longer the RegSO
    # (the page never showed them: it had no chooser)
    lan, riket = dataset.area("01"), dataset.area("0000")
    assert benchmark_choices(dataset, place) == [dataset.kommun, lan, riket]


def test_the_kommun_and_its_areas_compare_with_riket(dataset: Dataset) -> None:
    """Issue 20 item 7: "Riket" beside the kommun as a benchmark, as Fingertips compares
    with England. The demo's riket is SCB's sum of all 5 984 DeSO."""
    place = dataset.place("0126", "2022")
    page = profile_view(dataset, place, None, "0000")
    assert page["_benchmark"].code == "0000"
    assessed = page["_assessments"]["andel_utrikes_fodda"]
    assert assessed.benchmark is not None and 20 < (assessed.benchmark.value or 0) < 21
    assert assessed.comparison is not None and assessed.comparison.benchmark_label == "Riket"
    cards = {c["indicator"]: c for d in twin(page)["domains"] for c in d["indicators"]}
    assert cards["andel_utrikes_fodda"]["benchmark_value"]["value"] == pytest.approx(20.39, 0.01)
    deso = profile_view(dataset, dataset.place("0126C1010", "2022"), None, "0000")
    assert deso["_assessments"]["andel_utrikes_fodda"].comparison.benchmark_label == "Riket"


def _ended_deso(dataset: Dataset) -> str:
    """A DeSO code that ended at the 2025 redraw (only in DeSO 2018)."""
    current = {a.code for a in dataset.areas(Level.DESO, Division.DESO2025)}
    return next(
        a.code for a in dataset.areas(Level.DESO, Division.DESO2018) if a.code not in current
    )


def test_the_choosers_offer_only_areas_and_years_valid_for_the_year(
    dataset: Dataset, client: TestClient
) -> None:
    """Issue 21 item 8: a DeSO that ended at the 2025 redraw is not offered for 2024–2025,
    and at 2025 the area chooser offers only DeSO 2025 codes (an old code gave an empty page)."""
    ended = _ended_deso(dataset)
    profile = dataset.profile(ended)
    assert profile.years and all(
        division_for(Level.DESO, int(y)) is Division.DESO2018 for y in profile.years
    )
    late = dataset.place(ended, "2025")  # asked for anyway: the chooser offers the year's vintage
    assert {a.division for a in dataset.profile_at(late).siblings} == {Division.DESO2025}
    view = profile_view(dataset, late)
    current = {a.code for a in dataset.areas(Level.DESO, Division.DESO2025)}
    assert {code for code, _ in view["_area_choices"]} <= current
    page = client.get(f"/omrade/{ended}", params={"ar": "2023"}).text
    assert "<option>2025</option>" not in page and "<option selected>2023</option>" in page
