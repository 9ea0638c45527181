"""/karta: every level, year and a sample of indicators, the JSON twin, SVG and PNG downloads,
the payload for Huddinge, and bad parameters as Swedish 4xx."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient

from kommunanalys.query import Dataset

NS = "{http://www.w3.org/2000/svg}"
SAMPLE = [
    "medianinkomst",
    "antal_invanare",
    "andel_boende_hyresratt",
    "andel_aktualiseringar_kriminalitet",
    "loneinkomst_kvinnor",
]


@pytest.mark.parametrize("niva", ["deso", "regso"])
@pytest.mark.parametrize("klasser", ["kvantiler", "fasta"])
def test_every_year_and_level_answers(
    client: TestClient, dataset: Dataset, niva: str, klasser: str
) -> None:
    for indicator in SAMPLE:
        for year in dataset.years:
            params = {"indikator": indicator, "ar": year, "niva": niva, "klasser": klasser}
            page = client.get("/karta", params=params)
            assert page.status_code == 200, (indicator, year, niva)
            assert "<svg" in page.text and "Tabell:" in page.text
            data = client.get("/karta.json", params=params).json()
            assert data["year"] == year and data["level"] == niva
            assert data["classification"]["method"] == klasser


def test_json_twin_has_values_classes_and_links(client: TestClient) -> None:
    data = client.get("/karta.json", params={"indikator": "antal_invanare", "ar": "2023"}).json()
    areas = data["areas"]
    assert len(areas) == 60  # the DeSO 2018 of Huddinge
    glomsta = [a for a in areas if a["parent"] == "0126R007"]
    assert glomsta and all(a["class"] in range(1, 6) for a in glomsta)
    classes = data["classification"]["classes"]
    assert sum(c["areas"] for c in classes) == sum(1 for a in areas if a["value"] is not None)
    assert data["svg"].startswith("/karta.svg?") and data["png"].startswith("/karta.png?")
    assert areas[0]["profile"].startswith(f"/omrade/{areas[0]['area']}?ar=2023")
    assert data["kommun"]["area"] == "0126" and data["kommun"]["value"] == 113920


def test_html_map_links_every_area_to_its_profile(client: TestClient) -> None:
    page = client.get(
        "/karta", params={"niva": "regso", "ar": "2023", "indikator": "antal_invanare"}
    )
    assert page.status_code == 200
    assert 'href="/omrade/0126R007?ar=2023"' in page.text
    # Antal invånare is a complete register count: no interval (issue 20 item 5) …
    assert 'aria-label="Glömsta-Loviseberg: 5\u00a0023"' in page.text
    assert "Ladda ner SVG" in page.text and "/karta.png?" in page.text
    # … a share keeps its interval in the label
    share = client.get(
        "/karta", params={"niva": "regso", "ar": "2023", "indikator": "andel_ledarledd_fritid"}
    )
    assert 'aria-label="Glömsta-Loviseberg: 68,8\u00a0% (95 % KI ' in share.text


def test_suppressed_areas_are_hatched_never_coloured(client: TestClient, dataset: Dataset) -> None:
    found = None
    for year in dataset.years:
        params = {"indikator": "andel_aktualiseringar_kriminalitet", "ar": year, "niva": "deso"}
        data = client.get("/karta.json", params=params).json()
        hidden = [a for a in data["areas"] if a.get("status") == "skyddad"]
        if hidden:
            found = (params, hidden)
            break
    assert found, "the demo has suppressed DeSO values for this sensitive indicator"
    params, hidden = found
    assert all(a["value"] is None and a["class"] is None for a in hidden)
    svg = client.get("/karta.svg", params=params).text
    root = ET.fromstring(svg)
    codes = {a["area"] for a in hidden}
    for link in root.iter(f"{NS}a"):
        code = link.get("href", "").split("/omrade/")[1].split("?")[0]
        path = link.find(f"{NS}path")
        assert path is not None
        assert path.get("fill", "").endswith("-hatch)") == (code in codes)
    assert "Skyddad: visas inte för att skydda enskilda" in svg


def test_svg_and_png_downloads(client: TestClient) -> None:
    svg = client.get("/karta.svg", params={"niva": "deso", "ar": "2025"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    ET.fromstring(svg.text)
    png = client.get("/karta.png", params={"niva": "regso", "ar": "2025"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_huddinge_map_payload_is_under_200_kb(client: TestClient, dataset: Dataset) -> None:
    for niva in ("deso", "regso"):
        for year in dataset.years:
            svg = client.get("/karta.svg", params={"niva": niva, "ar": year})
            assert len(svg.content) < 200_000, (niva, year, len(svg.content))
            page = client.get("/karta", params={"niva": niva, "ar": year})
            assert len(page.content) < 200_000, (niva, year, len(page.content))


def test_gender_choice(client: TestClient) -> None:
    params = {"indikator": "antal_invanare", "ar": "2024", "niva": "regso"}
    women = client.get("/karta.json", params={**params, "kon": "K"}).json()
    total = client.get("/karta.json", params=params).json()
    assert women["gender"] == "K" and total["gender"] == "T"
    value = {a["area"]: a["value"] for a in women["areas"]}
    everyone = {a["area"]: a["value"] for a in total["areas"]}
    assert value["0126R007"] is not None and value["0126R007"] < everyone["0126R007"]


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"niva": "kommun"}, 400, "Okänd nivå"),
        ({"klasser": "jenks"}, 400, "Okänd klassindelning"),
        ({"kon": "X"}, 400, "Okänt kön"),
        ({"polisen": "kanske"}, 400, "Okänt val för polisen"),
        ({"indikator": "finns_inte"}, 404, "finns inte"),
        ({"ar": "1999"}, 404, "inga data för år 1999"),
        ({"ar": "abc"}, 404, "inga data för år abc"),
    ],
)
def test_bad_parameters_are_swedish_4xx(
    client: TestClient, params: dict[str, str], status: int, words: str
) -> None:
    for path in ("/karta", "/karta.json", "/karta.svg", "/karta.png"):
        response = client.get(path, params=params)
        assert response.status_code == status, path
        assert words in response.text


# -- the ranking on /indikator/{id} and the spine chart on the area profile ----------------------


def test_ranking_has_chart_intervals_and_comparison(client: TestClient) -> None:
    params = {"niva": "deso", "ar": "2023", "omrade": "0126C1080"}
    page = client.get("/indikator/andel_ledarledd_fritid", params=params)
    assert page.status_code == 200
    assert 'class="chart chart-bars"' in page.text and "95&nbsp;% konfidensintervall" in page.text
    assert "/indikator/andel_ledarledd_fritid.svg?" in page.text
    assert "/karta?indikator=andel_ledarledd_fritid&amp;ar=2023&amp;niva=deso" in page.text
    data = client.get("/indikator/andel_ledarledd_fritid.json", params=params).json()
    values = data["values"]
    shown = [v for v in values if v["value"] is not None]
    assert [v["rank"] for v in shown][:3] == [1, 2, 3]
    assert all(a["value"] >= b["value"] for a, b in pairwise(shown))
    assert all(v["lower"] <= v["value"] <= v["upper"] for v in shown)
    assert {v["comparison"] for v in shown} <= {"better", "similar", "worse"}
    assert {v["comparison_label"] for v in shown} <= {"bättre", "likvärdig", "sämre"}
    assert all(isinstance(v["area"], str) for v in values)


def test_ranking_chart_downloads(client: TestClient) -> None:
    svg = client.get("/indikator/medianinkomst.svg", params={"niva": "deso", "ar": "2023"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.text)
    assert len(list(root.iter(f"{NS}a"))) == 60
    png = client.get("/indikator/medianinkomst.png", params={"niva": "regso"})
    assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_ranking_marks_suppressed_rows_not_zero(client: TestClient, dataset: Dataset) -> None:
    for year in dataset.years:
        params = {"niva": "deso", "ar": year}
        data = client.get("/indikator/andel_aktualiseringar_kriminalitet.json", params=params)
        hidden = [v for v in data.json()["values"] if v.get("status") == "skyddad"]
        if hidden:
            break
    assert hidden
    svg = client.get("/indikator/andel_aktualiseringar_kriminalitet.svg", params=params).text
    assert svg.count("-hatch)") >= len(hidden) and ": skyddad" in svg
    assert all(v["rank"] is None and v["lower"] is v["upper"] is None for v in hidden)


def test_profile_has_spine_charts_with_table(client: TestClient) -> None:
    page = client.get("/omrade/0126R007", params={"ar": "2023"}).text
    assert page.count('class="spine-section"') >= 3
    assert 'class="chart chart-spine"' in page and 'class="spine-table"' in page
    assert "Andel utrikes födda" in page and "25:e percentilen" in page
    assert "/indikator/andel_ledarledd_fritid?ar=2023&amp;niva=regso&amp;omrade=0126R007" in page
    assert 'class="spine-section"' not in client.get("/omrade/0126").text  # no peers


def test_a_year_without_values_offers_the_years_with_values(client: TestClient) -> None:
    page = client.get("/karta", params={"indikator": "medianinkomst", "ar": "2023"}).text
    assert "Det finns inga värden för medianinkomst år 2023" in page
    assert "/karta?indikator=medianinkomst&amp;ar=2022" in page


def test_the_police_layer_on_request(client: TestClient) -> None:
    params = {"indikator": "antal_invanare", "niva": "deso", "ar": "2025"}
    plain = client.get("/karta.svg", params=params).text
    assert 'class="overlay"' not in plain and "Polisens" not in plain
    svg = client.get("/karta.svg", params={**params, "polisen": "1"}).text
    root = ET.fromstring(svg)
    overlay = next(g for g in root.iter(f"{NS}g") if g.get("class") == "overlay")
    assert len(list(overlay.iter(f"{NS}path"))) == 3  # Vårby, Skogås, Grantorp / Visättra
    labels = sorted(t.text or "" for t in overlay.iter(f"{NS}text"))
    assert labels == ["Grantorp / Visättra", "Skogås", "Vårby"]
    assert "Polisens utsatta områden 2023" in svg
    page = client.get("/karta", params={**params, "polisen": "1"}).text
    assert 'name="polisen" value="1" checked' in page
    for name in ("Vårby", "Skogås", "Grantorp / Visättra"):
        assert f'<li lang="sv">{name} ' in page
    assert "polisen=1" in page  # the permalink and the downloads keep the layer
    data = client.get("/karta.json", params={**params, "polisen": "1"}).json()
    assert sorted(a["name"] for a in data["police_areas"]) == [
        "Grantorp / Visättra",
        "Skogås",
        "Vårby",
    ]
    assert client.get("/karta.json", params=params).json()["police_areas"] is None
