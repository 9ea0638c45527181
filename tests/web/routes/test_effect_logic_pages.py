"""The effect logic pages (issue 18 items 2 and 3): /effektlogik, /effektlogik/{id}?omrade=&ar=
and /datatillgang, each with its JSON twin; values past the disclosure gate."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kommunanalys.effect.area_view import movement
from kommunanalys.effect.model import Movement, WantedDirection
from kommunanalys.stats.trend import Trend, TrendResult


def _readings(twin: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        x
        for level in twin["grid"]
        for cell in level["cells"]
        for item in cell["items"]
        for x in item["indicators"]
    ]


def test_the_list_names_the_outcomes_their_project_and_coverage(client: TestClient) -> None:
    twin = client.get("/effektlogik.json").json()
    assert [o["id"] for o in twin["outcomes"]] == ["lyckad-skolgang", "meningsfull-fritid"]
    school = twin["outcomes"][0]
    assert (school["items"], school["items_with_data"], school["owner"]) == (11, 8, "skogas")
    (project,) = twin["projects"]
    assert project["area"] == "skogas" and len(project["goals"]) == 2
    html = client.get("/effektlogik").text
    assert 'href="/effektlogik/lyckad-skolgang"' in html and "Projektmål" in html
    # in the menu, marked as the current page
    assert '<a href="/effektlogik" aria-current="page">Effektlogik</a>' in html


def test_the_grid_of_an_outcome_defaults_to_its_projects_area(client: TestClient) -> None:
    twin = client.get("/effektlogik/lyckad-skolgang.json").json()
    assert twin["area"]["code"] == "skogas" and twin["year"] == twin["years"][-1]
    assert [lv["level"] for lv in twin["grid"]] == ["indicated", "selective", "universal"]
    assert [c["column"] for c in twin["grid"][0]["cells"]] == [
        "process",
        "short_term",
        "long_term",
    ]
    cell = twin["grid"][0]["cells"][1]["items"]
    assert [i["text"] for i in cell] == [
        "Färre elever med problematisk skolfrånvaro",
        "Fler barn inskrivna på förskola",
    ]
    assert twin["grid"][2]["cells"][0]["items"] == []  # Lyckad skolgång has no universal item
    missing = twin["grid"][0]["cells"][0]["items"][1]
    assert missing["data_missing"] and missing["indicators"] == [] and missing["movement"] is None


def test_each_item_shows_value_interval_kommun_trend_and_movement(client: TestClient) -> None:
    twin = client.get("/effektlogik/lyckad-skolgang.json?omrade=0126R014&ar=2024").json()
    assert (twin["area"]["code"], twin["year"]) == ("0126R014", "2024")
    by_id = {x["indicator"]: x for x in _readings(twin)}
    share = by_id["andel_problematisk_skolfranvaro"]
    assert share["value"]["value"] is not None and share["value"]["synthetic"]
    assert share["interval"]["lower"] <= share["value"]["value"] <= share["interval"]["upper"]
    assert share["kommun"]["area"] == "0126" and share["comparison"]["result"]
    assert share["trend"]["direction"] in {"increasing", "decreasing", "no_change"}
    assert share["movement"] in {m.value for m in Movement}
    assert twin["synthetic"] is True
    html = client.get("/effektlogik/lyckad-skolgang?omrade=0126R014&ar=2024").text
    assert (
        '<th scope="row">indikerad <span class="level-note">– tidiga tecken observerade</span></th>'
        in html
        and '<th scope="col">målgrupp: kort sikt</th>' in html
    )
    assert "95 % KI" in html and "data saknas" in html


def test_a_protected_value_never_reaches_the_grid(client: TestClient) -> None:
    """The sensitive counts' suppressed cells (small DeSO) carry a status and no number,
    interval, comparison or trend in the grid."""
    deso = [
        a["code"]
        for a in client.get("/api/v1/areas?level=deso").json()
        if a.get("parent") in ("0126R014", "0126R015")
    ]
    protected = 0
    for code in deso:
        twin = client.get(f"/effektlogik/lyckad-skolgang.json?omrade={code}&ar=2024").json()
        for x in _readings(twin):
            value = x.get("value")
            if value and value.get("status"):
                protected += 1
                assert value["value"] is None and value["numerator"] is None
                assert x["interval"] is None and x["comparison"] is None
    assert protected > 0


def test_an_unknown_outcome_is_404(client: TestClient) -> None:
    assert client.get("/effektlogik/finns-inte").status_code == 404
    answer = client.get("/effektlogik/finns-inte.json")
    assert answer.status_code == 404 and "finns-inte" in answer.json()["detail"]


def test_the_availability_matrix_and_the_agenda(client: TestClient) -> None:
    twin = client.get("/datatillgang.json").json()
    first = twin["agenda"][0]
    assert first["rank"] == 1 and first["outcomes"] == ["lyckad-skolgang", "meningsfull-fritid"]
    school = twin["outcomes"][0]
    rows = {r["text"]: r for r in school["matrix"]}
    applications = rows["Ökat antal ansökningar till socialtjänst"]["indicators"][0]
    assert applications["source_system"] == "Procapita" and applications["lowest_level"] == "deso"
    assert applications["delivery"] == "file" and applications["synthetic"]
    html = client.get("/datatillgang").text
    assert "Datautvecklingsagenda" in html and "Mått på samverkan" in html


def test_the_pages_in_english(fresh_client: TestClient) -> None:
    html = fresh_client.get("/effektlogik/lyckad-skolgang?omrade=0126R014&ar=2024&lang=en").text
    assert "target group: short term" in html and "indicated" in html and "Effect logic" in html
    assert "Data development agenda" in fresh_client.get("/datatillgang?lang=en").text


@pytest.mark.parametrize(
    ("direction", "wanted", "expected"),
    [
        (TrendResult.INCREASING, WantedDirection.INCREASE, Movement.WANTED),
        (TrendResult.INCREASING, WantedDirection.DECREASE, Movement.UNWANTED),
        (TrendResult.DECREASING, WantedDirection.DECREASE, Movement.WANTED),
        (TrendResult.NO_CHANGE, WantedDirection.INCREASE, Movement.NO_CHANGE),
        (TrendResult.NOT_COMPUTABLE, WantedDirection.INCREASE, Movement.NOT_ASSESSED),
    ],
)
def test_movement_reads_the_trend_against_the_wanted_direction(
    direction: TrendResult, wanted: WantedDirection, expected: Movement
) -> None:
    trend = Trend(direction, direction, None, None, 5, "2020", "2024", "", 0.95)
    assert movement(trend, wanted) is expected
    assert movement(None, wanted) is Movement.NOT_ASSESSED


def test_the_project_page(client: TestClient) -> None:
    twin = client.get("/projekt/skogas.json").json()
    assert twin["project"]["name"] == "Datadriven områdesutveckling Skogås"
    assert twin["area"]["code"] == "skogas" and len(twin["project"]["goals"]) == 2
    assert [o["id"] for o in twin["outcomes"]] == ["lyckad-skolgang", "meningsfull-fritid"]
    assert twin["interventions"] == [
        "narvaroteam-skogas",
        "foraldrastod-skogas",
        "avgiftsfri-fritid-skogas",
    ]
    html = client.get("/projekt/skogas").text
    assert 'href="/omrade/skogas"' in html and 'href="/insatser/narvaroteam-skogas"' in html
    assert client.get("/projekt/finns-inte").status_code == 404


def test_the_grid_heads_its_rows_as_the_seed_does(client: TestClient) -> None:
    """The slide's rows are "Indikerad – tidiga tecken observerade", "Selektiv – till riskgrupp
    (utifrån bakgrundsvariabler)" and "Universell – ges till alla": the grid and its twin say
    what each level means, not only its name."""
    twin = client.get("/effektlogik/lyckad-skolgang.json").json()
    assert [(r["level_label"], r["level_note"]) for r in twin["grid"]] == [
        ("indikerad", "tidiga tecken observerade"),
        ("selektiv", "till riskgrupp (utifrån bakgrundsvariabler)"),
        ("universell", "ges till alla"),
    ]
    html = client.get("/effektlogik/lyckad-skolgang").text
    for note in ("tidiga tecken observerade", "till riskgrupp (utifrån bakgrundsvariabler)"):
        assert note in html


def test_an_intervention_is_no_service_in_english(fresh_client: TestClient) -> None:
    """ "Insats" in the economy pages is a social-care service; the register's interventions
    must not borrow that word in English (the page's title and the list's column). One
    intervention's page is titled by the word in the singular, in its own context."""
    page = fresh_client.get("/insatser/narvaroteam-skogas?lang=en").text
    assert "<title>Service" not in page and "<title>Intervention: Närvaroteamet" in page
    swedish = fresh_client.get("/insatser/narvaroteam-skogas?lang=sv").text
    assert "<title>Insats: Närvaroteamet" in swedish
    listing = fresh_client.get("/insatser?lang=en").text
    assert ">Service<" not in listing
