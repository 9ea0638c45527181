"""The comparison views (/jamfor, /utveckling, /bubblor) and their JSON twins: parameter
combinations across levels, genders and the 2025 redraw; bad parameters give Swedish 4xx;
a permalink reproduces its view."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from kommunanalys.model import Gender
from kommunanalys.query import Dataset

KOMMUN, REGSO, DESO = "0126", "0126R007", "0126C1270"
BROKEN_REGSO, ENDED_DESO, CHANGED_DESO = "0126R001", "0126C1310", "0126C1020"


# -- /jamfor ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"omraden": f"{KOMMUN},{REGSO},{DESO}", "ar": "2023"},
        {"omraden": f"{REGSO},{DESO}", "ar": "2024", "kon": "K"},
        {"omraden": f"{KOMMUN},{BROKEN_REGSO}", "ar": "2021", "doman": "Fritid"},
        {"omraden": f"{KOMMUN},{REGSO}", "domän": "Fritid", "kon": "M"},
        {"omraden": f"{KOMMUN},{DESO}", "indikatorer": "antal_invanare,andel_ledarledd_fritid"},
        {"omraden": f"{DESO},{CHANGED_DESO}", "ar": "2025", "kon": "T"},
    ],
)
def test_compare_areas_page_and_twin(client: TestClient, query: dict[str, str]) -> None:
    html = client.get("/jamfor", params=query)
    assert html.status_code == 200, html.text[:500]
    assert "Jämför områden" in html.text and "<table" in html.text
    data = client.get("/jamfor.json", params=query).json()
    codes = query["omraden"].split(",")
    assert [a["code"] for a in data["areas"]] == codes
    assert data["indicators"], "some indicator has values"
    for row in data["indicators"]:
        assert [v["area"] for v in row["values"]] == codes
    if "ar" in query:
        assert data["year"] == query["ar"]
    if "kon" in query:
        assert data["gender"] == query["kon"]


def test_compare_areas_values_match_the_dataset(client: TestClient, dataset: Dataset) -> None:
    data = client.get(
        "/jamfor.json",
        params={"omraden": f"{KOMMUN},{REGSO}", "indikatorer": "antal_invanare", "ar": "2023"},
    ).json()
    row = data["indicators"][0]
    assert row["indicator"]["id"] == "antal_invanare"
    assert [v["value"]["value"] for v in row["values"]] == [113920, 5023]
    assert row["values"][0]["comparison"] is None  # the kommun is the benchmark itself
    page = client.get(
        "/jamfor",
        params={"omraden": f"{KOMMUN},{REGSO}", "indikatorer": "antal_invanare", "ar": "2023"},
    ).text
    assert "113\u00a0920" in page and "5\u00a0023" in page


def test_compare_areas_has_benchmark_outcomes_and_intervals(client: TestClient) -> None:
    data = client.get(
        "/jamfor.json",
        params={"omraden": f"{KOMMUN},{REGSO},{DESO}", "doman": "Fritid", "ar": "2023"},
    ).json()
    row = next(r for r in data["indicators"] if r["indicator"]["id"] == "andel_ledarledd_fritid")
    regso = row["values"][1]
    assert regso["interval"]["lower"] < regso["value"]["value"] < regso["interval"]["upper"]
    assert regso["comparison"]["result"] in {"better", "similar", "worse"}
    words = {"better": "bättre", "similar": "likvärdig", "worse": "sämre"}
    assert regso["comparison"]["result_label"] == words[regso["comparison"]["result"]]
    assert regso["comparison"]["benchmark"] == pytest.approx(row["benchmark_value"]["value"])
    assert all(r["indicator"]["domain"] == "Fritid" for r in data["indicators"])


def test_no_values_for_the_choice_is_said_in_words(client: TestClient) -> None:
    query = {"omraden": f"{KOMMUN},{REGSO}", "domän": "Inkomst och arbete", "kon": "M"}
    response = client.get("/jamfor", params=query)
    assert response.status_code == 200 and "Det finns inga värden" in response.text
    assert client.get("/jamfor.json", params=query).json()["indicators"] == []


def test_compare_areas_marks_an_area_missing_from_the_years_division(client: TestClient) -> None:
    response = client.get("/jamfor", params={"omraden": f"{KOMMUN},{ENDED_DESO}", "ar": "2025"})
    assert response.status_code == 200
    assert "finns inte i indelningen för 2025" in response.text
    data = client.get(
        "/jamfor.json", params={"omraden": f"{KOMMUN},{ENDED_DESO}", "ar": "2025"}
    ).json()
    assert data["areas_without_values_this_year"] == [ENDED_DESO]


def test_compare_areas_without_parameters_shows_kommun_and_regso(
    client: TestClient, dataset: Dataset
) -> None:
    response = client.get("/jamfor")
    assert response.status_code == 200
    assert "Inga områden valda" in response.text
    data = client.get("/jamfor.json").json()
    assert data["areas"][0]["code"] == KOMMUN
    assert {a["level"] for a in data["areas"][1:]} == {"regso"}


def test_suppressed_values_are_never_shown(client: TestClient, dataset: Dataset) -> None:
    suppressed = [
        v
        for v in dataset.values(["andel_aktualiseringar_kriminalitet"], genders=[Gender.TOTAL])
        if v.status == "skyddad" and v.division.value == "DeSO2018"
    ]
    assert suppressed, "the demo has suppressed DeSO values"
    v = suppressed[0]
    params = {
        "omraden": f"{KOMMUN},{v.area}",
        "indikatorer": "andel_aktualiseringar_kriminalitet",
        "ar": v.period,
    }
    data = client.get("/jamfor.json", params=params).json()
    cell = data["indicators"][0]["values"][1]
    assert cell["value"]["status"] == "skyddad" and cell["value"]["value"] is None
    assert cell["value"]["numerator"] is None and cell["interval"] is None
    assert "skyddad" in client.get("/jamfor", params=params).text


# -- /utveckling -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"omrade": REGSO, "indikator": "andel_ledarledd_fritid"},
        {"omrade": f"{KOMMUN},{REGSO},{DESO}", "indikator": "antal_invanare", "kon": "alla"},
        {"omrade": f"{BROKEN_REGSO},{CHANGED_DESO}", "indikator": "andel_ledarledd_fritid"},
        {"omrade": ENDED_DESO, "indikator": "andel_ledarledd_fritid,antal_invanare", "kon": "K"},
    ],
)
def test_compare_years_page_and_twin(client: TestClient, query: dict[str, str]) -> None:
    html = client.get("/utveckling", params=query)
    assert html.status_code == 200, html.text[:500]
    assert "Utveckling över åren" in html.text
    data = client.get("/utveckling.json", params=query).json()
    assert data["years"][0] == "2020" and data["years"][-1] >= "2025"
    assert data["series"]


def test_series_break_is_marked_not_hidden(client: TestClient) -> None:
    query = {"omrade": f"{KOMMUN},{CHANGED_DESO}", "indikator": "andel_ledarledd_fritid"}
    data = client.get("/utveckling.json", params=query).json()
    by_area = {s["area"]["code"]: s for s in data["series"]}
    kommun, changed = by_area[KOMMUN], by_area[CHANGED_DESO]
    assert not kommun["series_break_2025"] and len(kommun["segments"]) == 1
    assert changed["series_break_2025"] and changed["break_before"] == "2024"
    divisions = [seg["division"] for seg in changed["segments"]]
    assert divisions == ["DeSO2018", "DeSO2025"]
    years = [p["year"] for seg in changed["segments"] for p in seg["points"]]
    assert "2023" in years and "2024" in years  # both sides shown
    page = client.get("/utveckling", params=query).text
    assert "Serien bryts" in page and 'class="num after-break"' in page


def test_bridged_series_runs_across_the_redraw(client: TestClient) -> None:
    data = client.get(
        "/utveckling.json", params={"omrade": DESO, "indikator": "andel_ledarledd_fritid"}
    ).json()
    series = data["series"][0]
    assert not series["series_break_2025"] and len(series["segments"]) == 1
    years = [p["year"] for p in series["segments"][0]["points"]]
    assert years[0] <= "2022" and years[-1] >= "2025"


def test_ended_area_points_to_its_successors(client: TestClient) -> None:
    data = client.get(
        "/utveckling.json", params={"omrade": ENDED_DESO, "indikator": "andel_ledarledd_fritid"}
    ).json()
    assert data["series"][0]["successors"] == ["0126C1311", "0126C1312"]


def test_genders_give_one_series_each(client: TestClient) -> None:
    data = client.get(
        "/utveckling.json",
        params={"omrade": REGSO, "indikator": "andel_ledarledd_fritid", "kon": "alla"},
    ).json()
    assert sorted(s["gender"] for s in data["series"]) == ["K", "M", "T"]


# -- /bubblor --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"niva": "deso", "ar": "2023"},
        {"x": "medelinkomst", "y": "andel_behoriga_gymnasium", "niva": "regso", "ar": "2022"},
        {"x": "andel_boende_hyresratt", "y": "andel_apn_aktivitet", "farg": "andel_i_kulturskola"},
        {"storlek": "ingen", "farg": "ingen", "niva": "deso", "ar": "2025"},
    ],
)
def test_bubbles_page_and_twin(client: TestClient, query: dict[str, str]) -> None:
    html = client.get("/bubblor", params=query)
    assert html.status_code == 200, html.text[:500]
    data = client.get("/bubblor.json", params=query).json()
    assert data["level"] == query.get("niva", "regso")
    assert data["bubbles"] and all(b["link"].startswith("/omrade/") for b in data["bubbles"])
    for b in data["bubbles"]:
        assert f'href="/omrade/{b["area"]["code"]}?ar={data["year"]}"' in html.text


def test_bubbles_default_year_has_both_axes(client: TestClient) -> None:
    data = client.get("/bubblor.json", params={"x": "medelinkomst", "y": "antal_invanare"}).json()
    assert data["year"] == "2022"  # medelinkomst exists for 2022 only
    assert any(b["drawn"] for b in data["bubbles"])


# -- bad parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/jamfor?omraden=0126,0126X999", 404, "finns inte"),
        ("/jamfor?omraden=0126,,0126R007", 400, "Listan"),
        ("/jamfor?omraden=0126;DROP", 400, "Listan"),
        ("/jamfor?omraden=0126R007", 400, "minst två områden"),
        ("/jamfor?omraden=0126,0126R007&ar=1999", 404, "inga data för år 1999"),
        ("/jamfor?omraden=0126,0126R007&ar=tjugo", 400, "årtal"),
        ("/jamfor?omraden=0126,0126R007&kon=X", 400, "Okänt kön"),
        ("/jamfor?omraden=0126,0126R007&doman=Sport", 400, "Domänen"),
        ("/jamfor?omraden=0126,0126R007&indikatorer=finns_inte", 404, "finns inte"),
        ("/jamfor?omraden=0126,0126R007&ar=2023&ar=2024", 303, ""),
        ("/jamfor.doc?omraden=0126,0126R007", 404, "Formatet"),
        ("/utveckling?omrade=nej", 404, "finns inte"),
        ("/utveckling?indikator=a,,b", 400, "Listan"),
        ("/utveckling?kon=barn", 400, "Okänt kön"),
        ("/bubblor?niva=kommun", 400, "Okänd nivå"),
        ("/bubblor?x=finns_inte", 404, "finns inte"),
        ("/bubblor?ar=2019", 404, "inga data"),
        ("/jamfor.csv?omraden=0126,0126R007&sep=tab", 400, "avgränsare"),
        ("/jamfor.csv?omraden=0126", 400, "minst två"),
    ],
)
def test_bad_parameters_give_swedish_4xx(
    client: TestClient, path: str, status: int, words: str
) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == status, response.text[:300]
    if status >= 400:
        assert words in response.text
        twin = client.get(path, headers={"Accept": "application/json"}, follow_redirects=False)
        assert twin.status_code == status and words in twin.json()["detail"]


def test_conflicting_values_of_a_single_parameter_are_refused(client: TestClient) -> None:
    response = client.get("/jamfor?omraden=0126,0126R007&ar=2023&ar=2024")
    assert response.status_code == 400 and "ett värde, inte en lista" in response.text


# -- permalinks ------------------------------------------------------------------------------------


def test_a_submitted_form_redirects_to_its_permalink(client: TestClient) -> None:
    response = client.get(
        "/jamfor?ar=2023&kon=T&doman=Fritid&omraden=0126&omraden=0126R007&indikatorer=",
        follow_redirects=False,
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == "/jamfor?ar=2023&kon=T&doman=Fritid&omraden=0126,0126R007"
    assert client.get(location, follow_redirects=False).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"/jamfor?omraden={KOMMUN},{REGSO},{DESO}&ar=2023&kon=K&doman=Fritid",
        f"/utveckling?omrade={REGSO},{CHANGED_DESO}&indikator=antal_invanare&kon=alla",
        "/bubblor?x=andel_boende_hyresratt&y=andel_apn_aktivitet&niva=deso&ar=2023",
    ],
)
def test_permalinks_round_trip(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200
    assert f'href="{url.replace("&", "&amp;")}"' in page.text  # the page links to itself
    path, query = url.split("?")
    twin = client.get(f"{path}.json?{query}").json()
    links = twin["links"]
    for kind in ("csv", "xlsx", "json", "svg", "png"):
        target = urlsplit(links[kind])
        assert target.path == f"{path}.{kind}"
        assert parse_qsl(target.query) == parse_qsl(query)
    assert client.get(f"{path}.json?{query}").json() == twin


def test_profile_export_routes_do_not_shadow_the_profile(client: TestClient) -> None:
    assert client.get(f"/omrade/{REGSO}").status_code == 200
    assert client.get(f"/omrade/{REGSO}.json").json()["area"]["code"] == REGSO
    assert client.get(f"/omrade/{REGSO}/insikter").status_code == 200
    export = client.get(f"/omrade/{REGSO}/export.csv", params={"ar": "2023"})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert client.get(f"/omrade/{REGSO}/export.doc").status_code == 400
    assert client.get("/omrade/0126X999/export.csv").status_code == 404


def test_charts_download_as_svg_and_png(client: TestClient) -> None:
    for url in (
        f"/jamfor.svg?omraden={KOMMUN},{REGSO}&doman=Fritid&ar=2023",
        f"/utveckling.svg?omrade={REGSO},{CHANGED_DESO}&indikator=andel_ledarledd_fritid",
        "/bubblor.svg",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert response.text.startswith("<svg") and "<title>" in response.text
    png = client.get("/bubblor.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
