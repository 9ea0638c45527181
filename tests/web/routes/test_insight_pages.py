"""The statistics on the pages: profile cards, /omrade/{code}/insikter and /jamlikhet."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.site import Site


def test_profile_json_carries_interval_comparison_and_trend(client: TestClient) -> None:
    data = client.get("/omrade/0126R001.json?ar=2025").json()
    cards = [c for d in data["domains"] for c in d["indicators"]]
    compared = [c for c in cards if c["comparison"] and c["interval"]]
    assert compared
    for card in compared:
        assert card["interval"]["lower"] <= card["value"]["value"] <= card["interval"]["upper"]
        assert card["interval_99_8"]["level"] == 0.998
        assert card["comparison"]["level"] == 0.95 and card["comparison"]["method"]
    assert any(c["trend"] and c["trend"]["direction"] for c in cards)
    # the badge's trend is Fingertips' recent one, and says so
    trends = [c["trend"] for c in cards if c["trend"]]
    assert all(t["span"] == "recent" and t["level"] == 0.998 for t in trends)
    assert all(t["periods"] <= 5 for t in trends)
    assert all(t["span_label"] == "senaste fem värdena, 99,8 %" for t in trends)


def test_complete_counts_have_no_interval_on_cards_or_twins(client: TestClient) -> None:
    data = client.get("/omrade/0126.json?ar=2024").json()
    cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
    card = cards["antal_invanare"]
    assert card["value"] and card["interval"] is None and card["interval_99_8"] is None
    assert card["interval_note"] == (
        "inget intervall: en totalräkning ur ett register har inget urvalsfel"
    )


def test_profile_card_says_which_trend(client: TestClient) -> None:
    page = client.get("/omrade/0126C1010?ar=2023").text  # a DeSO with five years
    assert '<span class="trend-span">(senaste fem värdena, 99,8 %)</span>' in page


def test_profile_cards_show_the_benchmark_in_words_and_a_legend(client: TestClient) -> None:
    page = client.get("/omrade/0126R001?ar=2025").text
    assert "Teckenförklaring" in page
    assert 'data-comparison="worse"' in page  # the demo's R001 is worse than Huddinge on some
    assert "95&nbsp;% konfidensintervall" in page
    assert "/omrade/0126R001/insikter?ar=2025" in page


def test_insights_page_and_twin(client: TestClient) -> None:
    page = client.get("/omrade/0126R001/insikter?ar=2025")
    assert page.status_code == 200 and "Fynd (" in page.text
    data = client.get("/omrade/0126R001/insikter.json?ar=2025").json()
    assert data["area"]["code"] == "0126R001" and data["year"] == "2025"
    assert data["findings"] and data["similar"]["areas"]
    assert data["narrative"] is None and data["language_model"] is False
    for f in data["findings"]:
        assert {"text", "method", "level", "link", "interval"} <= f.keys()


def test_insights_unknown_area_and_year(client: TestClient) -> None:
    assert client.get("/omrade/0126X/insikter").status_code == 404
    assert client.get("/omrade/0126R001/insikter?ar=1990").status_code == 404


def test_equality_page_and_twin(client: TestClient) -> None:
    assert "Sök skillnader" in client.get("/jamlikhet").text
    page = client.get("/jamlikhet?indikator=andel_ledarledd_fritid&ar=2023")
    assert page.status_code == 200 and "säkerställda skillnader" in page.text
    data = client.get("/jamlikhet.json?indikator=andel_ledarledd_fritid&ar=2023").json()
    assert data["year"] == "2023" and data["tests"] == len(data["gaps"])
    assert all(g["q_value"] < data["fdr"] for g in data["candidates"])
    assert data["slope_index"]["basis"].startswith("SCB:s områdestyp")


def test_equality_page_shows_the_gradient_by_class(client: TestClient) -> None:
    """Issue 20: SII, RII, the value of each områdestyp and the population-attributable gap,
    as a table with bars on the page and as data in its twin."""
    page = client.get("/jamlikhet?indikator=andel_ledarledd_fritid&ar=2023").text
    assert '<table class="deprivation">' in page and "Relativt index för ojämlikhet" in page
    assert "Befolkningsattribuerbar skillnad" in page
    sii = client.get("/jamlikhet.json?indikator=andel_ledarledd_fritid&ar=2023").json()[
        "slope_index"
    ]
    assert sii["rii_lower"] <= sii["rii"] <= sii["rii_upper"] and sii["repetitions"] == 100_000
    groups = sii["classes_values"]
    assert [g["class"] for g in groups] == sorted(g["class"] for g in groups)
    assert sum(g["areas"] for g in groups) == sii["areas"]
    best = max(g["value"] for g in groups)  # the share is high-good
    assert sii["attributable_gap"]["absolute"] == pytest.approx(best - sii["overall"])


def test_equality_unknown_indicator(client: TestClient) -> None:
    response = client.get("/jamlikhet?indikator=finns_inte")
    assert response.status_code == 404 and "finns_inte" in response.text


def test_api_endpoints(client: TestClient) -> None:
    assert client.get("/api/v1/areas/0126R001/insights?year=2025").json()
    similar = client.get("/api/v1/areas/0126R001/similar?k=2").json()
    assert len(similar["areas"]) == 2
    scan = client.get("/api/v1/equality?indicator=andel_aktualiseringar_barn_o_ungdom").json()
    assert scan["candidates"] is not None
    assert client.get("/api/v1/areas/0126/similar").status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/equality", "/api/v1/areas/{code}/insights"} <= paths.keys()


def test_a_chosen_benchmark_area(client: TestClient) -> None:
    data = client.get("/omrade/0126C1010.json?ar=2025&jamfor=0126R004").json()
    labels = {
        c["comparison"]["benchmark_label"]
        for d in data["domains"]
        for c in d["indicators"]
        if c["comparison"] and c["comparison"]["benchmark"] is not None
    }
    assert labels == {"Fullersta norra"}
    page = client.get("/omrade?omrade=0126C1010&ar=2025&jamfor=0126R004", follow_redirects=False)
    assert page.headers["location"] == "/omrade/0126C1010?ar=2025&jamfor=0126R004"
    assert client.get("/omrade/0126C1010?jamfor=0126X").status_code == 404


def test_difference_between_two_areas_and_two_years(client: TestClient) -> None:
    areas = client.get(
        "/api/v1/difference?indicator=andel_ledarledd_fritid&area=0126R001&year=2025"
        "&other_area=0126R004"
    ).json()
    d = areas["difference"]
    assert d["lower"] <= d["estimate"] <= d["upper"] and d["method"].startswith("Newcombe")
    first, second = areas["first"]["value"], areas["second"]["value"]
    assert abs((first - second) - d["estimate"]) < 1e-9
    years = client.get(
        "/api/v1/difference?indicator=andel_ledarledd_fritid&area=0126&year=2025&other_year=2020"
    ).json()
    assert years["first"]["period"] == "2025" and years["second"]["period"] == "2020"


def test_difference_refuses_what_cannot_be_tested(client: TestClient) -> None:
    counts = client.get("/api/v1/difference?indicator=befolkning&area=0126&year=2025")
    assert counts.status_code == 404 and "andelar" in counts.json()["detail"]
    broken = client.get(
        "/api/v1/difference?indicator=andel_ledarledd_fritid&area=0126R001&year=2025"
        "&other_year=2020"
    )
    assert broken.status_code == 404 and "gräns" in broken.json()["detail"]


def test_similar_areas_with_weights(client: TestClient) -> None:
    url = "/api/v1/areas/0126R001/similar?indicator=andel_boende_hyresratt"
    url += "&indicator=andel_hemmaboende_barn_0_17_lag_inkomststandard&weight=3&weight=1"
    data = client.get(url).json()
    assert data["weights"] == {
        "andel_boende_hyresratt": 3.0,
        "andel_hemmaboende_barn_0_17_lag_inkomststandard": 1.0,
    }
    bad = client.get("/api/v1/areas/0126R001/similar?weight=2")
    assert bad.status_code == 422 and "vikt" in bad.json()["detail"]


def test_cards_without_an_interval_say_so(client: TestClient) -> None:
    data = client.get("/omrade/0126R001.json?ar=2023").json()
    cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
    assert cards["bostadsarea_per_person"]["interval"] is None
    assert cards["bostadsarea_per_person"]["interval_note"].startswith("inget intervall")


def test_review_edge_cases(client: TestClient) -> None:
    # the form's "Senaste" sends an empty year
    latest = client.get("/jamlikhet?indikator=andel_behoriga_gymnasium&ar=")
    assert latest.status_code == 200
    assert client.get("/omrade/0126R001/insikter?ar=").status_code == 200
    # weights must be numbers ≥ 0 with at least one above 0
    base = "/api/v1/areas/0126C1020/similar?indicator=andel_lag_ekonomisk_standard&weight="
    for bad in ("-1", "nan", "inf", "0"):
        assert client.get(base + bad).status_code == 422, bad
    # the kommun has no benchmark chooser, so ?jamfor= is ignored there
    kommun = client.get("/omrade/0126.json?jamfor=0126C1020").json()
    assert not any(
        c["comparison"] and c["comparison"]["benchmark"] is not None
        for d in kommun["domains"]
        for c in d["indicators"]
    )
    # a gender view is compared for its own gender
    view = client.get(
        "/api/v1/difference?indicator=andel_behoriga_gymnasium_kvinnor&area=0126&year=2024"
        "&other_year=2023"
    )
    assert view.status_code == 200 and view.json()["first"]["gender"] == "K"
    assert "Säkerställd" in client.get("/jamlikhet?indikator=andel_ledarledd_fritid").text


def test_the_equality_page_opens_on_a_default_indicator(client: TestClient) -> None:
    """/jamlikhet without a choice shows a scan, not an empty page (issue 21, item 14)."""
    page = client.get("/jamlikhet").text
    assert "tester," in page and "<h2>" in page
    assert 'value="andel_hemmaboende_barn_0_17_lag_inkomststandard" selected' in page


def test_the_public_is_not_told_how_the_language_model_is_configured(
    site: Site,
) -> None:
    """The missing KOMMUNANALYS_LLM_URL is the administrators' business (issue 21, item 14)."""
    path = "/omrade/0126R001/insikter?ar=2025"
    assert "KOMMUNANALYS_LLM_URL" not in site.anonymous().get(path).text
    assert "KOMMUNANALYS_LLM_URL" not in site.login("analytiker").get(path).text
    assert "KOMMUNANALYS_LLM_URL" in site.login("admin").get(path).text
