"""The ranking (/indikator/{id}) and the map (/karta) compare with riket and the län as
Fingertips compares with England (issue 20 item 7): a benchmark choice (``jamfor=``), the
outcomes against it, the twins and exports naming it, and the kommun level comparing with
riket by default. The demo has riket (0000) and Stockholms län (01) as SCB's sums."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from fastapi.testclient import TestClient

from kommunanalys.model import Division, Gender, Level
from kommunanalys.query import Dataset

#: a real SCB share the demo has for the kommun, riket and the län
SHARE = "andel_utlandsk_bakgrund"


def _expected(row: dict[str, object], reference: float) -> str | None:
    """The outcome an interval must have against ``reference`` (no polarity: higher/lower)."""
    lower, upper = row["lower"], row["upper"]
    if lower is None or upper is None:
        return None
    assert isinstance(lower, float) and isinstance(upper, float)
    if lower > reference:
        return "higher"
    if upper < reference:
        return "lower"
    return "similar"


def test_the_kommun_level_compares_with_riket_by_default(client: TestClient) -> None:
    doc = client.get(f"/indikator/{SHARE}.json", params={"niva": "kommun"}).json()
    assert doc["benchmark"]["area"] == "0000"
    assert doc["benchmark"]["name"] == "Riket"
    assert doc["benchmark"]["level"] == "riket"
    reference = doc["benchmark"]["value"]
    assert reference is not None
    (huddinge,) = doc["values"]  # the demo's one kommun
    assert huddinge["comparison"] is not None
    assert huddinge["comparison"] == _expected(huddinge, reference)


@pytest.mark.parametrize("code", ["0000", "01"])
def test_a_regso_ranking_compares_with_the_chosen_benchmark(
    client: TestClient, dataset: Dataset, code: str
) -> None:
    doc = client.get(
        f"/indikator/{SHARE}.json", params={"niva": "regso", "jamfor": code}
    ).json()
    assert doc["benchmark"]["area"] == code
    reference = doc["benchmark"]["value"]
    own = dataset.values([SHARE], areas=[code], years=[doc["year"]], genders=[Gender.TOTAL])
    assert reference == pytest.approx(next(v.value for v in own if v.value is not None))
    compared = [r for r in doc["values"] if r["comparison"] is not None]
    assert compared
    for row in compared:
        assert row["comparison"] == _expected(row, reference), row["area"]


def test_the_regso_default_stays_the_kommun(client: TestClient, dataset: Dataset) -> None:
    doc = client.get(f"/indikator/{SHARE}.json", params={"niva": "regso"}).json()
    assert doc["benchmark"]["area"] == dataset.kommun.code
    assert doc["benchmark"]["value"] == doc["kommun"]["value"]


def test_the_ranking_page_offers_the_choice_and_names_the_benchmark(
    client: TestClient, dataset: Dataset
) -> None:
    page = client.get(f"/indikator/{SHARE}", params={"niva": "regso", "jamfor": "0000"}).text
    select = re.search(r'<select name="jamfor" id="jamfor"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select[1])
    assert [(v, s != "", n) for v, s, n in options] == [
        (dataset.kommun.code, False, dataset.kommun.name),
        ("01", False, "Stockholms län"),
        ("0000", True, "Riket"),
    ]
    assert "Jämfört med Riket</th>" in page
    assert "den streckade lodlinjen är Riket." in page
    assert "grått likvärdig med Riket" in page
    # the downloads and the twin keep the choice
    assert f"/indikator/{SHARE}.json?ar=" in page
    assert "niva=regso&amp;jamfor=0000" in page
    # the kommun's value stays beside the benchmark's
    assert f"<dt>{dataset.kommun.name}</dt>" in page and "<dt>Riket</dt>" in page


def test_the_kommun_level_page_compares_with_riket(client: TestClient) -> None:
    page = client.get(f"/indikator/{SHARE}", params={"niva": "kommun"}).text
    assert "Jämfört med Riket</th>" in page
    assert '<span class="badge b-' in page  # Huddinge's row has its outcome
    assert '<option value="0000" selected>Riket</option>' in page


def test_an_unknown_benchmark_is_a_swedish_400(client: TestClient) -> None:
    for path in (f"/indikator/{SHARE}", "/karta"):
        response = client.get(path, params={"jamfor": "0126C1010"})
        assert response.status_code == 400, path
        text = html.unescape(response.text)
        assert "Okänd jämförelse '0126C1010': jämför med" in text
        assert "01 (Stockholms län), 0000 (Riket)" in text


def test_the_ranking_downloads_say_which_benchmark(client: TestClient) -> None:
    params = {"niva": "regso", "jamfor": "0000"}
    body = client.get(f"/indikator/{SHARE}.csv", params=params).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert "Jämfört med Riket" in rows[0] and "Värde Riket" in rows[0]
    assert any(r["Jämfört med Riket"] for r in rows)
    svg = client.get(f"/indikator/{SHARE}.svg", params=params).text
    assert "Riket" in svg


def test_the_map_compares_with_the_chosen_benchmark(client: TestClient) -> None:
    params = {"indikator": SHARE, "niva": "regso", "jamfor": "0000"}
    doc = client.get("/karta.json", params=params).json()
    assert doc["benchmark"]["area"] == "0000"
    reference = doc["benchmark"]["value"]
    compared = [a for a in doc["areas"] if a["comparison"] is not None]
    assert compared
    for row in compared:
        assert row["comparison"] == _expected(row, reference), row["area"]
    assert "jamfor=0000" in doc["svg"]
    page = client.get("/karta", params=params).text
    assert '<option value="0000" selected>Riket</option>' in page
    assert "Jämfört med Riket</th>" in page
    assert '<span class="badge b-' in page
    assert "jamfor=0000" in page  # the downloads keep the choice
    rows = list(csv.DictReader(io.StringIO(client.get("/karta.csv", params=params).text)))
    assert "Jämfört med Riket" in rows[0]


def test_the_benchmark_accepts_any_spelling_and_defaults_by_level(dataset: Dataset) -> None:
    from kommunanalys.web.views.indicator_values import benchmark_area, level_values

    assert benchmark_area(dataset, Level.KOMMUN, None) == dataset.area("0000")
    assert benchmark_area(dataset, Level.REGSO, None) == dataset.kommun
    assert benchmark_area(dataset, Level.DESO, "00") == dataset.area("0000")
    assert benchmark_area(dataset, Level.DESO, "0001") == dataset.area("01")
    found = level_values(dataset, dataset.indicator(SHARE), None, Level.DESO, Gender.TOTAL, "01")
    assert found.benchmark is not None and found.benchmark.division is Division.KOMMUN


def test_without_a_value_of_riket_the_kommun_level_keeps_the_kommuns_line(
    client: TestClient, dataset: Dataset
) -> None:
    """A synthetic indicator has no value for riket: the kommun level is then not compared
    (as before), the chart keeps the kommun's line, and the chooser says so."""
    ind = "andel_ledarledd_fritid"
    doc = client.get(f"/indikator/{ind}.json", params={"niva": "kommun"}).json()
    assert doc["benchmark"] is None
    assert all(r["comparison"] is None for r in doc["values"])
    page = client.get(f"/indikator/{ind}", params={"niva": "kommun"}).text
    assert '<option value="" selected>Ingen jämförelse</option>' in page
    assert f"den streckade lodlinjen är {dataset.kommun.name}." in page
