"""/ekonomi and /ekonomi/volymer: the seed's figures on the page and in the twin, the
exports, the period chooser, English, and clear 400/404 answers."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kommunanalys.formatting import NBSP


def test_the_page_shows_the_seeds_2024_figures(client: TestClient) -> None:
    html = client.get("/ekonomi").text
    for figure in (
        "41 974",
        "49 339",
        "-501 534",
        "-497 046",
        "4 487",
        "310 779",
        "304 133",
        "6 647",
        "501 533",
        "4 488",
        "466 299",
        "256 611",
    ):
        assert figure.replace(" ", NBSP) in html, figure
    assert "Prognos för helåret" in html and "Hur bra var tidigare prognoser?" in html
    assert 'href="/ekonomi/volymer?namnd=socialnamnden"' in html


def test_the_twin_is_the_page_data(client: TestClient) -> None:
    twin = client.get("/ekonomi.json").json()
    assert (twin["year"], twin["through"], twin["unit"]) == (2024, 12, "tkr")
    rows = {r["key"]: r for r in twin["resultatrakning"]}
    assert [rows["result"][k] for k in ("budget", "outcome", "deviation", "previous")] == [
        -501534,
        -497046,
        4487,
        -466299,
    ]
    assert twin["drift_total"]["budget"] == 501533 and twin["drift_total"]["deviation"] == 4488
    assert twin["forecast"]["made_through"] == 8
    assert {r["delar"] for r in twin["backtest"]} == {"delar1", "delar2"}
    assert not any(k.startswith("_") for k in twin)
    assert client.get("/ekonomi", headers={"Accept": "application/json"}).json() == twin


def test_year_to_date_and_its_forecast(client: TestClient) -> None:
    twin = client.get("/ekonomi.json?till=4").json()
    assert twin["through"] == 4 and twin["forecast"]["made_through"] == 4
    total = twin["forecast"]["rows"][-1]["forecast"]
    assert total["method"] == "seasonal_profile" and total["low"] <= total["value"] <= total["high"]
    assert twin["forecast"]["rows"][-1]["outcome"] is None


def test_exports(client: TestClient) -> None:
    csv = client.get("/ekonomi.csv?sep=semikolon")
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    text = csv.content.decode("utf-8-sig")
    assert "Resultaträkning;Årets resultat;-501534;-497046;4487" in text
    book = load_workbook(io.BytesIO(client.get("/ekonomi/volymer.xlsx").content))
    assert book.active.max_row > 20


def test_english(fresh_client: TestClient) -> None:
    client = fresh_client
    html = client.get("/ekonomi?lang=en").text
    assert "Operating income" in html and "Result for the year" in html
    assert "Verksamhetens intäkter" not in html
    volumes = client.get("/ekonomi/volymer?lang=en").text
    assert "Placement volumes" in volumes and "Volume or price?" in volumes
    # a twin is always Swedish
    assert (
        client.get("/ekonomi/volymer.json?lang=en").json()["measure_label"] == "placerade per månad"
    )


def test_bad_parameters_are_clear(client: TestClient) -> None:
    month = client.get("/ekonomi.json?till=13")
    assert month.status_code == 400 and "Månaden '13' finns inte" in month.json()["detail"]
    assert client.get("/ekonomi?till=13").status_code == 400
    assert client.get("/ekonomi?ar=20x").status_code == 400
    missing = client.get("/ekonomi.json?namnd=okand")
    assert missing.status_code == 404 and "ingen ekonomi för okand" in missing.json()["detail"]
    assert client.get("/ekonomi.pdf").status_code == 404


def test_volumes_in_the_trees_order_with_forecast_and_split(client: TestClient) -> None:
    twin = client.get("/ekonomi/volymer.json?insats=skyddat_boende").json()
    assert twin["insats"] == "skyddat_boende"
    assert [i["code"] for i in twin["insatser"]][:2] == ["hvb_barn", "familjehem"]
    shelter = next(r for r in twin["rows"] if r["code"] == "skyddat_boende")
    assert [y["placed"] for y in shelter["years"]] == [19.0, 12.0, 22.0]
    split = shelter["split_previous_year"]
    assert split["volume"] + split["price"] == split["deviation"]
    months = twin["forecast"]["months"]
    assert len(months) == 6 and months[0]["month"] == "2025-01"
    first = months[0]
    assert (
        first["low_95"]
        <= first["low_80"]
        <= first["placed"]
        <= first["high_80"]
        <= first["high_95"]
    )
    assert client.get("/ekonomi/volymer?insats=skyddat_boende").status_code == 200


def test_the_menu_has_ekonomi(client: TestClient) -> None:
    assert '<a href="/ekonomi">Ekonomi</a>' in client.get("/").text


def test_a_year_without_data_and_an_unknown_insats(client: TestClient) -> None:
    empty = client.get("/ekonomi.json?ar=1999").json()
    assert empty["year"] == 1999 and empty["drift"][0]["outcome"] is None
    assert client.get("/ekonomi?ar=1999").status_code == 200
    assert client.get("/ekonomi/volymer.json?insats=okand").json()["insats"] == "hvb_barn"
