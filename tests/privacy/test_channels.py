"""A count of 1–4 in one DeSO is hidden on every output channel: the profile page and its
JSON twin, the HTTP API, the indicator ranking, the insights, the export and the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kommunanalys.cli import app
from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT
from kommunanalys.store import Store
from kommunanalys.web import create_app
from tests.privacy.small import A, B, small_store

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
        assert genders is None or not re.search(r"\d", genders.group(1))


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
