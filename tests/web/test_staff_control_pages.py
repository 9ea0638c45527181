"""``/personal``, ``/intern-kontroll`` and ``/ekonomi/finansiering``: the seed's tables on the
page and in the JSON twin, CSV and Excel downloads, Swedish and English, and 404 for a
committee or year without rows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kommunanalys.config import Settings
from kommunanalys.demo.staff_control import load_staff_control
from kommunanalys.store import Store
from kommunanalys.web import create_app

PAGES = ("/personal", "/intern-kontroll", "/ekonomi/finansiering")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("staff") / "staff.duckdb"
    store = Store.open(path)
    load_staff_control(store)
    app = create_app(store, settings=Settings.for_tests())
    yield TestClient(app)
    store.close()


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_its_twin_and_downloads(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert "<table" in page.text and 'href="/personal"' in page.text  # the menu
    twin = client.get(f"{path}.json")
    assert twin.status_code == 200
    assert twin.json()["committee"] == "socialnamnden" and twin.json()["year"] == 2024
    csv = client.get(f"{path}.csv?sep=semikolon")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    xlsx = client.get(f"{path}.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row > 3
    assert client.get(f"{path}?ar=1999").status_code == 404
    assert client.get(f"{path}.json?namnd=okand").status_code == 404
    assert client.get(f"{path}.pdf").status_code == 404


def test_personnel_shows_389_391_and_hme_against_the_kommun(client: TestClient) -> None:
    twin = client.get("/personal.json").json()
    [employees] = [h for h in twin["headcount"] if h["measure"] == "employees"]
    assert employees["values"] == {"2023": 389, "2024": 391} and employees["difference"] == 2
    assert employees["measure_label"] == "Antal anställda"
    hme = twin["survey"][-1]
    assert (hme["measure"], hme["value"], hme["kommun_value"], hme["difference"]) == (
        "hme",
        82,
        79,
        3,
    )
    assert len(twin["survey"]) == 10
    [bou] = [
        i
        for i in twin["indicators"]
        if i["measure"] == "turnover" and i["unit_name"] == "Myndighetsutövning barn och unga"
    ]
    assert bou["values"] == {"2022": 25, "2023": 5.6, "2024": 14.3}
    page = client.get("/personal").text
    assert "389" in page and "391" in page and "14,3" in page


def test_financing_totals_as_the_seed(client: TestClient) -> None:
    twin = client.get("/ekonomi/finansiering.json").json()
    assert twin["grants_total"] == {"applied": 9123, "received": 7861, "budgeted": 5579}
    assert twin["investments_total"] == {"budget": 800, "outcome": 207, "deviation": 593}
    assert [i["deviation"] for i in twin["investments"]] == [645, -52]
    page = client.get("/ekonomi/finansiering").text
    assert "9 123" in page.replace("\u00a0", " ") and "20 000" in page.replace("\u00a0", " ")


def test_control_statuses_are_codes_with_labels(client: TestClient) -> None:
    twin = client.get("/intern-kontroll.json").json()
    [risk] = twin["risks"]
    assert (risk["status"], risk["status_label"]) == ("done", "Klart")
    assert len(twin["contracts"]) == 10
    for path in PAGES:  # the twin is data: the same in every language
        assert client.get(f"{path}.json?lang=en").json() == client.get(f"{path}.json").json()
    assert ">Done<" in client.get("/intern-kontroll?lang=en").text


def test_pages_in_english(client: TestClient) -> None:
    page = client.get("/personal?lang=en").text
    assert "Number of employees" in page and "Significant personnel matters" in page
    page = client.get("/intern-kontroll?lang=en").text
    assert "Internal control" in page and "Framework agreement" in page
    page = client.get("/ekonomi/finansiering?lang=en").text
    assert "External funding" in page and "Investments" in page


def test_a_grant_links_the_namndmal_it_serves(tmp_path: Path) -> None:
    from kommunanalys.demo.build import demo_goal_file
    from kommunanalys.goals.goal_file import read_goal_file
    from kommunanalys.goals.repository import GoalRepository

    store = Store.open(tmp_path / "goals.duckdb")
    try:
        GoalRepository(store).save_book(read_goal_file(demo_goal_file()), actor="demo")
        load_staff_control(store)
        client = TestClient(create_app(store, settings=Settings.for_tests()))
        grants = client.get("/ekonomi/finansiering.json").json()["grants"]
        assert [g["objective_id"] for g in grants] == [
            "forebyggande",
            "forebyggande",
            "forebyggande",
            "forebyggande",
            "vuxna-forbattrad-situation",
            "vuxna-forbattrad-situation",
            "barn-unga-forbattrad-situation",
            "barn-unga-forbattrad-situation",
            "barn-unga-forbattrad-situation",
        ]
        page = client.get("/ekonomi/finansiering").text
        assert 'href="/mal/forebyggande?namnd=socialnamnden&amp;ar=2024"' in page
        assert client.get("/mal/forebyggande?namnd=socialnamnden&ar=2024").status_code == 200
    finally:
        store.close()
