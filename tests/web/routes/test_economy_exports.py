"""/ekonomi's CSV and Excel downloads carry every table of the page and its JSON twin (issue 17
item 4): one worksheet per section heading, one block per section in the CSV, as many rows
as the twin has, the new cost sections (cost per invånare, Kolada's IFO key figures)
included."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kommunanalys.ingest.files import import_file
from kommunanalys.store import Store
from kommunanalys.web import create_app

#: Invented values in Kolada's layout, not real figures (see tests/data/kolada/ATTRIBUTION.txt).
TEST_VALUES = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "kolada"
    / "kolada_N30005_testvarden_ej_verkliga.csv"
)
#: the twin's keys that are no table (its period, names and choices)
ABOUT = {
    "committee",
    "committee_name",
    "year",
    "through",
    "period",
    "unit",
    "synthetic",
    "years_available",
}


def _rows_per_section(twin: dict[str, Any]) -> list[int]:
    """How many rows each section of the page (in its order) has in the twin."""
    return [
        len(twin["resultatrakning"]),
        len(twin["drift"]) + 1,  # and the total row
        len(twin["three_years"]["rows"]),
        len(twin["costs"]["per_resident"]),
        sum(len(k["years"]) for k in twin["costs"]["kolada"]),
        len(twin["forecast"]["rows"]),
        len(twin["backtest"]),
    ]


@pytest.fixture
def kolada_client(demo_copy: Path) -> Any:
    store = Store.open(demo_copy)
    try:
        assert import_file(store, TEST_VALUES).ok
        yield TestClient(create_app(store))
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_section_of_the_page_is_in_the_csv_and_the_workbook(
    kolada_client: TestClient, lang: str
) -> None:
    client = kolada_client
    params = {"lang": lang}
    twin = client.get("/ekonomi.json", params=params).json()
    assert set(twin) - ABOUT == {
        "resultatrakning",
        "drift",
        "drift_total",
        "three_years",
        "costs",
        "forecast",
        "backtest",
    }, "a new section of the twin needs its table in economy_sheet (and here)"
    page = client.get("/ekonomi", params=params).text
    headings = [html.unescape(h) for h in re.findall(r'<h[23] id="[^"]+">([^<]+)</h[23]>', page)]
    expected = _rows_per_section(twin)
    assert len(headings) == len(expected) and all(expected), (headings, expected)

    book = load_workbook(io.BytesIO(client.get("/ekonomi.xlsx", params=params).content))
    titles = [str(ws["A1"].value) for ws in book.worksheets]
    assert [t.split(": ")[-1] for t in titles] == headings
    for ws, rows in zip(book.worksheets, expected, strict=True):
        top, bottom = ws.auto_filter.ref.split(":")
        assert int(re.sub(r"\D", "", bottom)) - int(re.sub(r"\D", "", top)) == rows, ws.title

    text = client.get("/ekonomi.csv", params=params).content.decode("utf-8-sig")
    lines = [r for r in csv.reader(io.StringIO(text)) if r]
    table_word = lines[0][0]
    body = [r for r in lines if r[0] != table_word]
    assert [sum(r[0] == h for r in body) for h in headings] == expected


def test_the_cost_and_forecast_rows_are_the_twins(kolada_client: TestClient) -> None:
    client = kolada_client
    twin = client.get("/ekonomi.json").json()
    text = client.get("/ekonomi.csv", params={"sep": "semikolon"}).content.decode("utf-8-sig")
    lines = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r]
    per_resident = [r for r in lines if r[0] == "Kostnad per invånare"]
    assert ["Kostnad per invånare", "2024", "497046", "114799", "4330"] in per_resident
    kolada = [r for r in lines if r[0] == "Jämfört med andra kommuner (Kolada)"]
    assert kolada[-1][1:] == [
        "Nettokostnad individ- och familjeomsorg, kr/inv",
        "kolada_n30005",
        "2024",
        "5300",
        "5350",
        "5800",
        "5150",
        "3",
        "4",
    ]
    total = twin["forecast"]["rows"][-1]
    [row] = [r for r in lines if r[0] == "Prognos för helåret" and r[1] == total["name"]]
    assert row[2:7] == [
        str(total["forecast"]["value"]),
        str(total["forecast"]["low"]),
        str(total["forecast"]["high"]),
        str(total["budget"]),
        str(total["deviation_from_budget"]),
    ]
    first = twin["backtest"][0]
    backtest = [r for r in lines if r[0] == "Hur bra var tidigare prognoser?"]
    assert backtest[0][1] == str(first["year"]) and backtest[0][3] == str(first["forecast"])


def test_an_empty_table_says_in_the_workbook_what_the_page_says(client: TestClient) -> None:
    book = load_workbook(io.BytesIO(client.get("/ekonomi.xlsx").content))
    kolada = book["Kolada"]
    notes = {
        kolada.cell(row=r, column=1).value: kolada.cell(row=r, column=2).value for r in range(2, 6)
    }
    assert "kommunanalys import kolada --kpi N30005" in notes["Obs"]
    assert kolada.auto_filter.ref is None  # a header without rows
