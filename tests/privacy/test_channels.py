"""A count of 1–4 in one DeSO is hidden on every output channel: the profile page and its
JSON twin, the HTTP API, the indicator ranking, the insights, the exports, the CLI, the map and
its SVG, the comparison and its Excel file, the years view, the bubbles and the language-model
prompt."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kommunanalys.analysis.insights import area_insights
from kommunanalys.analysis.narrative import build_messages
from kommunanalys.cli.app import app
from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app
from tests.privacy.small import KOMMUN, A, B, small_store

SMALL = {(A, "2023", "K"): 1.0, (A, "2023", "M"): 2.0}  # antal_x in A 2023: 1 + 2 = 3
HIDDEN = {A, B}  # A by the rule, B (the smallest sibling) so that A ≠ RegSO − B − C


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("channels") / "small.duckdb"
    small_store(SMALL, path=str(path)).close()
    return path


@pytest.fixture(scope="module")
def web(db: Path) -> Iterator[TestClient]:
    store = Store.open(db)
    yield TestClient(create_app(store))
    store.close()


def _assert_hidden(row: dict) -> None:
    assert row["value"] is None and row["status"] == SUPPRESSED
    assert row.get("numerator") is None and row.get("denominator") is None
    assert row.get("status_text") == SUPPRESSION_TEXT


def test_primary_suppression_on_the_api_values(web: TestClient) -> None:
    rows = web.get(
        "/api/v1/values", params={"indicator": ["antal_x", "andel_x"], "year": "2023"}
    ).json()
    for row in rows:
        if row["area"] in HIDDEN:
            _assert_hidden(row)
        else:
            assert row["value"] is not None
    assert {r["area"] for r in rows if r["status"] == SUPPRESSED} == HIDDEN


def test_primary_suppression_on_the_profile_json_twin(web: TestClient) -> None:
    for url in (f"/omrade/{A}.json?ar=2023", f"/api/v1/areas/{A}/profile?year=2023"):
        data = web.get(url).json()
        cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
        for indicator in ("antal_x", "andel_x"):
            card = cards[indicator]
            _assert_hidden(card["value"])
            assert card["interval"] is None and card["comparison"] is None
            for gender in card["genders"].values():
                _assert_hidden(gender)


def _card(html: str, indicator: str) -> str:
    match = re.search(rf'<li class="card[^"]*" data-indicator="{indicator}".*?</li>', html, re.S)
    assert match, indicator
    return match.group(0)


def test_primary_suppression_on_the_profile_page(web: TestClient) -> None:
    response = web.get(f"/omrade/{A}?ar=2023")
    assert response.status_code == 200
    for indicator in ("antal_x", "andel_x"):
        card = _card(response.text, indicator)
        assert SUPPRESSION_TEXT in card
        value = re.search(r'<p class="value[^"]*">(.*?)</p>', card, re.S)
        assert value and not re.search(r"\d", value.group(1))
        genders = re.search(r'<p class="genders">(.*?)</p>', card, re.S)
        assert genders is not None and not re.search(r"\d", genders.group(1))


def test_primary_suppression_in_the_indicator_ranking(web: TestClient) -> None:
    data = web.get("/indikator/antal_x.json", params={"ar": "2023", "niva": "deso"}).json()
    rows = {r["area"]: r for r in data["values"]}
    for code in HIDDEN:
        _assert_hidden(rows[code])
    html = web.get("/indikator/antal_x", params={"ar": "2023", "niva": "deso"}).text
    row = re.search(rf"<tr>(?:(?!</tr>).)*{A}(?:(?!</tr>).)*</tr>", html, re.S)
    assert row and SUPPRESSION_TEXT in row.group(0)
    assert not re.search(r'class="num">\s*\d', row.group(0))


def test_primary_suppression_in_the_insights(web: TestClient) -> None:
    response = web.get(f"/omrade/{A}/insikter.json", params={"ar": "2023"})
    assert response.status_code == 200
    for finding in response.json().get("findings", []):
        assert "antal_x" not in json.dumps(finding) and "andel_x" not in json.dumps(finding)


def test_primary_suppression_in_the_profile_export(web: TestClient) -> None:
    response = web.get(f"/omrade/{A}/export.csv", params={"ar": "2023"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    hidden = [r for r in rows if r["Indikator-id"] in ("antal_x", "andel_x")]
    assert len(hidden) == 2
    for row in hidden:
        for column in ("Värde", "95 % KI nedre", "95 % KI övre", "Kvinnor", "Män"):
            assert not re.search(r"\d", row[column]), (column, row[column])
        assert row["Täljare"] == row["Nämnare"] == ""
        assert SUPPRESSION_TEXT in row["Anmärkning"]


def test_primary_suppression_in_the_cli(db: Path) -> None:
    result = CliRunner().invoke(
        app, ["values", "--db", str(db), "-i", "antal_x", "--year", "2023", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    hidden = [r for r in rows if r["area"] in HIDDEN]
    assert hidden and all(r["status"] == SUPPRESSED and r["value"] == "" for r in hidden)


# -- the dashboard's channels: map, comparison, years, bubbles, charts, exports, prompts ------


def _no_number_for(text: str, area: str) -> None:
    """No element naming ``area`` carries a number (tooltips, labels, table cells)."""
    for match in re.finditer(rf"[^<>]*{area}[^<>]*", text):
        assert not re.search(r"\d+[,.]?\d*\s*(%|st|personer)", match.group(0)), match.group(0)


def test_primary_suppression_on_the_map(web: TestClient) -> None:
    params = {"indikator": "antal_x", "ar": "2023", "niva": "deso"}
    data = web.get("/karta.json", params=params).json()
    rows = {r["area"]: r for r in data["areas"]}
    for code in HIDDEN:
        assert rows[code]["value"] is None and rows[code]["status"] == SUPPRESSED
    svg = web.get("/karta.svg", params=params)
    assert svg.status_code == 200
    for code in HIDDEN:
        _no_number_for(svg.text, code)


def test_primary_suppression_in_the_comparison_and_its_excel_export(web: TestClient) -> None:
    params = {"omraden": f"{A},{B},{KOMMUN}", "indikatorer": "antal_x,andel_x", "ar": "2023"}
    data = web.get("/jamfor.json", params=params).json()
    text = json.dumps(data)
    assert SUPPRESSED in text
    workbook = openpyxl.load_workbook(io.BytesIO(web.get("/jamfor.xlsx", params=params).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Domän")
    value_columns = [header.index(c) for c in ("Värde", "95 % KI nedre", "95 % KI övre")]
    hidden = [r for r in rows if r and r[5] in HIDDEN and r[2] in ("antal_x", "andel_x")]
    assert len(hidden) == 4
    for row in hidden:
        assert [row[i] for i in value_columns] == [SUPPRESSED, None, None], row


def test_primary_suppression_in_the_years_view_and_bubbles(web: TestClient) -> None:
    years = web.get("/utveckling.json", params={"omrade": A, "indikator": "antal_x"}).json()
    points = [
        p
        for s in years["series"]
        if s["gender"] == "T"
        for seg in s["segments"]
        for p in seg["points"]
        if p["year"] == "2023"
    ]
    assert points and all(p["value"]["value"] is None for p in points)
    bubbles = web.get(
        "/bubblor.json",
        params={
            "x": "antal_x",
            "y": "befolkning_x",
            "storlek": "ingen",
            "niva": "deso",
            "ar": "2023",
        },
    )
    assert bubbles.status_code == 200, bubbles.text
    placed = bubbles.json()["bubbles"]
    for bubble in placed:  # a hidden x value is never placed on the chart
        if bubble["area"]["code"] in HIDDEN:
            assert bubble["x"]["value"] is None and bubble["x"]["status"] == SUPPRESSED
            assert not bubble["drawn"]


def test_primary_suppression_in_the_language_model_prompt(db: Path) -> None:
    store = Store.open(db)
    try:
        ds = Dataset(store)
        messages = build_messages("Test", area_insights(ds, A, "2023"))
    finally:
        store.close()
    prompt = json.dumps(messages, ensure_ascii=False)
    assert "antal_x" not in prompt and "Test antal_x" not in prompt
