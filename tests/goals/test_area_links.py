"""'Per område →' links only to the same measure by area (issue 21, item 12)."""

from __future__ import annotations

from dataclasses import replace

from kommunanalys.goals.consistency import area_links
from kommunanalys.goals.repository import GoalRepository

CID = "socialnamnden"


def test_two_goal_measures_naming_one_area_measure_are_not_linked(
    repo: GoalRepository,
) -> None:
    indicators = repo.indicators(CID)
    a, b = "ungdomar-grov-krim-paborjat", "ungdomar-grov-krim-fullfoljt"
    both = {
        **indicators,
        a: replace(indicators[a], area_indicator="andel_x"),
        b: replace(indicators[b], area_indicator="andel_x"),
    }
    assert a not in area_links(both, {"andel_x": "%"}) and b not in area_links(both, {})
    one = {**indicators, a: replace(indicators[a], area_indicator="andel_x")}
    assert area_links(one, {"andel_x": "%"})[a] == "andel_x"
    assert a not in area_links(one, {"andel_x": "st"})  # a share is not a count
    assert a not in area_links(one, {})  # not in the catalogue


def test_the_demo_goal_file_links_only_the_same_measure(repo: GoalRepository) -> None:
    links = area_links(repo.indicators(CID), {"andel_aktualiseringar_barn_o_ungdom": "%"})
    assert links == {"barn-aktuella-utredning": "andel_aktualiseringar_barn_o_ungdom"}
    assert all(
        i.area_indicator != "andel_aktualiseringar_kriminalitet"
        for i in repo.indicators(CID).values()
    )
