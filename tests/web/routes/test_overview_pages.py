"""/oversiktstabell (issue 20 item 8): every level and domain answers with its JSON twin and
downloads, the sorting and paging of the URL, and bad parameters as Swedish 400s."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kommunanalys.model import DOMAINS


@pytest.mark.parametrize("niva", ["kommun", "regso", "deso"])
def test_every_level_and_domain_answers_with_its_twin(client: TestClient, niva: str) -> None:
    for domain in DOMAINS:
        params = {"niva": niva, "doman": domain}
        page = client.get("/oversiktstabell", params=params)
        assert page.status_code == 200, (niva, domain)
        twin = client.get("/oversiktstabell.json", params=params).json()
        assert twin["level"] == niva and twin["domain"] == domain
        assert len(twin["rows"]) == min(twin["areas_total"], 100)
        for row in twin["rows"]:
            assert [c["indicator"] for c in row["cells"]] == [i["id"] for i in twin["indicators"]]


def test_the_page_is_in_the_menu_and_marks_every_cell(client: TestClient) -> None:
    assert 'href="/oversiktstabell"' in client.get("/").text
    html = client.get("/oversiktstabell", params={"niva": "regso", "doman": "Boende", "ar": "2022"})
    text = html.text
    assert 'class="b-better"' in text or 'class="b-higher"' in text
    assert "▽" in text and "(lägre)" in text  # a mark and a word beside the colour
    assert 'aria-sort="ascending"' in text  # sorted by name


def test_sorting_by_an_indicator_puts_areas_without_a_value_last(client: TestClient) -> None:
    params = {"niva": "regso", "doman": "Boende", "ar": "2022"}
    sort = {"sortera": "andel_boende_hyresratt", "ordning": "fallande"}
    twin = client.get("/oversiktstabell.json", params=params | sort).json()
    column = [i["id"] for i in twin["indicators"]].index("andel_boende_hyresratt")
    values = [r["cells"][column]["value"] for r in twin["rows"]]
    numbers = [v["value"] for v in values if v and v["value"] is not None]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 10
    assert twin["order"] == "fallande"


def test_pages_of_a_large_level(client: TestClient) -> None:
    """The demo's 63 DeSO 2025 fit one page; the page number is checked and kept."""
    first = client.get("/oversiktstabell.json", params={"niva": "deso", "sida": "1"}).json()
    assert first["pages"] == 1 and first["page"] == 1 and first["areas_total"] >= 60
    beyond = client.get("/oversiktstabell.json", params={"niva": "deso", "sida": "9"}).json()
    assert beyond["page"] == 1


def test_csv_and_excel_hold_every_area_with_value_and_comparison(client: TestClient) -> None:
    params = {"niva": "regso", "doman": "Boende", "ar": "2022", "sep": "semikolon"}
    body = client.get("/oversiktstabell.csv", params=params)
    assert body.status_code == 200 and body.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig")), delimiter=";"))
    twin = client.get("/oversiktstabell.json", params=params).json()
    assert len(rows) == 1 + twin["areas_total"]
    assert rows[0][:2] == ["Område", "Områdeskod"] and "jämfört med Huddinge" in rows[0][3]
    book = client.get("/oversiktstabell.xlsx", params=params)
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None and sheet.max_row > twin["areas_total"]


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"niva": "lan"}, "niva"),
        ({"doman": "Trafik"}, "Domänen"),
        ({"ordning": "uppåt"}, "ordning"),
        ({"sida": "0"}, "sida"),
        ({"sortera": "finns_inte"}, "sortera"),
        ({"jamfor": "0126R001"}, "jamfor"),
    ],
)
def test_bad_parameters_are_400_with_a_swedish_message(
    client: TestClient, params: dict[str, str], word: str
) -> None:
    answer = client.get("/oversiktstabell", params=params)
    assert answer.status_code == 400 and word in answer.text


def test_a_lan_that_is_not_loaded_is_404(client: TestClient) -> None:
    assert client.get("/oversiktstabell", params={"jamfor": "25"}).status_code == 404
