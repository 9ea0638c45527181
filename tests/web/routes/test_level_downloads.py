"""CSV and Excel downloads of the map (/karta) and the ranking (/indikator/{id}): the same
gated rows as their JSON twins, through the shared export code (formula-safe cells, the
suppression mark, never a hidden number); and every download the README promises answers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kommunanalys.query import Dataset

SENSITIVE = "andel_aktualiseringar_kriminalitet"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
README = Path(__file__).resolve().parents[3] / "README.md"


def _rows(body: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads å, ä, ö right
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def _hidden_year(client: TestClient, dataset: Dataset) -> str:
    for year in dataset.years:
        params = {"indikator": SENSITIVE, "ar": year, "niva": "deso"}
        areas = client.get("/karta.json", params=params).json()["areas"]
        if any(a["status"] == "skyddad" for a in areas):
            return year
    raise AssertionError("the demo has suppressed DeSO values for this sensitive indicator")


def test_map_csv_has_the_twins_rows_and_never_a_hidden_number(
    client: TestClient, dataset: Dataset
) -> None:
    year = _hidden_year(client, dataset)
    params = {"indikator": SENSITIVE, "ar": year, "niva": "deso"}
    twin = client.get("/karta.json", params=params).json()
    response = client.get("/karta.csv", params=params)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _rows(response.content)
    assert [r["Områdeskod"] for r in rows] == [a["area"] for a in twin["areas"]]
    for row, area in zip(rows, twin["areas"], strict=True):
        if area["status"] == "skyddad":
            assert row["Värde"] == "skyddad" and row["95 % KI nedre"] == ""
        elif area["value"] is not None:
            assert float(row["Värde"]) == pytest.approx(area["value"], abs=0.051)
            assert row["Klass"] == str(area["class"])
        assert row["År"] == year and row["Indikator-id"] == SENSITIVE


def test_map_xlsx_and_swedish_csv(client: TestClient) -> None:
    params = {"indikator": "andel_ledarledd_fritid", "niva": "deso", "ar": "2023"}
    book = client.get("/karta.xlsx", params=params)
    assert book.status_code == 200 and book.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None and "ledarledd fritid" in str(sheet["A1"].value)
    swedish = client.get("/karta.csv", params={**params, "sep": "semikolon"})
    rows = _rows(swedish.content, ";")
    assert rows and any("," in r["Värde"] for r in rows if r["Värde"])
    assert client.get("/karta.csv", params={**params, "sep": "tab"}).status_code == 400


def test_ranking_csv_is_ranked_like_its_twin(client: TestClient, dataset: Dataset) -> None:
    year = _hidden_year(client, dataset)
    params = {"ar": year, "niva": "deso"}
    twin = client.get(f"/indikator/{SENSITIVE}.json", params=params).json()
    response = client.get(f"/indikator/{SENSITIVE}.csv", params=params)
    assert response.status_code == 200, response.text[:300]
    rows = _rows(response.content)
    assert [r["Områdeskod"] for r in rows] == [v["area"] for v in twin["values"]]
    assert [r["Rang"] for r in rows] == [str(v["rank"] or "") for v in twin["values"]]
    hidden = [r for r in rows if r["Värde"] == "skyddad"]
    assert hidden and all(r["Täljare"] == r["Nämnare"] == "" for r in hidden)
    book = client.get(f"/indikator/{SENSITIVE}.xlsx", params=params)
    assert book.status_code == 200 and book.headers["content-type"] == XLSX


def test_the_pages_link_their_downloads(client: TestClient) -> None:
    page = client.get("/karta", params={"indikator": "medianinkomst", "niva": "regso"}).text
    assert "/karta.csv?" in page and "/karta.xlsx?" in page
    page = client.get("/indikator/medianinkomst", params={"niva": "regso"}).text
    assert "/indikator/medianinkomst.csv?" in page and "/indikator/medianinkomst.xlsx?" in page


#: A working address of each view the README lists (its path as the README writes it).
SAMPLES = {
    "/jamfor": "/jamfor{s}?omraden=0126,0126R007&ar=2023&doman=Fritid",
    "/utveckling": "/utveckling{s}?omrade=0126R007&indikator=antal_invanare",
    "/bubblor": "/bubblor{s}?niva=regso",
    "/karta": "/karta{s}?indikator=medianinkomst&niva=regso",
    "/indikator/{id}": "/indikator/medianinkomst{s}?niva=regso",
    "/omrade/{code}/export": "/omrade/0126R007/export{s}",
}


def _promised_downloads() -> list[tuple[str, str]]:
    """(view, suffix) for each download the README's URL table promises."""
    line = next(x for x in README.read_text(encoding="utf-8").splitlines() if "downloads of" in x)
    cell, what = re.split(r"(?<!\\)\|", line.strip("|"))[:2]  # a cell may hold "\|"
    suffixes = list(dict.fromkeys(re.findall(r"`….(csv|xlsx|svg|png)", cell)))
    views = re.findall(r"`(/[^`?]+?)(?:\.csv\\?\|xlsx)?`", what)
    assert suffixes and views, line
    out = [(v, f".{s}") for v in views if "export" not in v for s in suffixes]
    out += [(v, f".{s}") for v in views if "export" in v for s in ("csv", "xlsx")]
    return out


def test_every_download_the_readme_promises_answers(client: TestClient) -> None:
    promised = _promised_downloads()
    assert {v for v, _ in promised} == set(SAMPLES), "a view the README lists has no sample"
    for view, suffix in promised:
        url = SAMPLES[view].format(s=suffix)
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:200])
        assert response.content, url
    assert client.get("/karta.csv?sep=semikolon").status_code == 200  # the ; variant
