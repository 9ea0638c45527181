"""CSV and Excel downloads: opened with the csv module and openpyxl, they hold exactly the
page's values, with units, sources, quality and suppression marks; numbers stay numbers and
text that a spreadsheet would run as a formula is escaped."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kommunanalys.model import Gender
from kommunanalys.privacy import SUPPRESSION_TEXT
from kommunanalys.query import Dataset
from kommunanalys.web.views.exports import (
    Column,
    Number,
    Sheet,
    escape_text,
    number,
    table,
    to_csv,
    to_xlsx,
)

KOMMUN, REGSO, DESO = "0126", "0126R007", "0126C1270"
COMPARE = {"omraden": f"{KOMMUN},{REGSO}", "indikatorer": "antal_invanare", "ar": "2023"}


def _csv(response_bytes: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    assert response_bytes.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    text = response_bytes.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _xlsx(content: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content)).active


def _header_row(ws, first: str) -> int:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header row starting with {first}")


def test_compare_csv_holds_the_pages_values(client: TestClient) -> None:
    response = client.get("/jamfor.csv", params=COMPARE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv(response.content)
    assert [(r["Område"], r["Värde"]) for r in rows] == [
        ("Huddinge", "113920"),
        ("Glömsta-Loviseberg", "5023"),
    ]
    assert rows[0]["Enhet"] == "antal" and rows[0]["Källa"].startswith("SCB")
    assert rows[0]["Kvalitet"] == "Kvalitetssäkrad" and rows[0]["Syntetiska"] == "nej"
    json_rows = client.get("/jamfor.json", params=COMPARE).json()["indicators"]
    assert [v["value"]["value"] for v in json_rows[0]["values"]] == [113920, 5023]


def test_semicolon_variant_uses_a_decimal_comma(client: TestClient) -> None:
    params = {**COMPARE, "indikatorer": "andel_ledarledd_fritid", "sep": "semikolon"}
    rows = _csv(client.get("/jamfor.csv", params=params).content, delimiter=";")
    plain = _csv(client.get("/jamfor.csv", params={**params, "sep": "komma"}).content)
    page = client.get("/jamfor.json", params=params).json()["indicators"][0]["values"]
    for semi, comma, shown in zip(rows, plain, page, strict=True):
        assert "," in semi["Värde"] and "." not in semi["Värde"]
        assert semi["Värde"].replace(",", ".") == comma["Värde"]
        assert float(comma["Värde"]) == round(shown["value"]["value"], 1)
        assert semi["Enhet"] == "%"
    assert rows[1]["Jämfört med Huddinge"] in {"bättre", "likvärdig", "sämre"}
    assert rows[1]["95 % KI nedre"] and rows[1]["95 % KI övre"]


def test_compare_xlsx_numbers_stay_numbers_with_header(client: TestClient) -> None:
    params = {**COMPARE, "indikatorer": "antal_invanare,andel_ledarledd_fritid"}
    response = client.get("/jamfor.xlsx", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = _xlsx(response.content)
    assert ws["A1"].value.startswith("Jämförelse av områden 2023")
    labels = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, 9)}
    assert "antal" in labels["Enhet"] and "%" in labels["Enhet"]
    assert "SCB" in labels["Källa"]
    assert "Kvalitetssäkrad" in labels["Kvalitet"]
    assert SUPPRESSION_TEXT in labels["Skyddade värden"]
    assert labels["Adress"].startswith("/jamfor?")
    top = _header_row(ws, "Domän")
    header = [c.value for c in ws[top]]
    value_col = header.index("Värde") + 1
    cells = {
        (ws.cell(row=r, column=3).value, ws.cell(row=r, column=6).value): ws.cell(
            row=r, column=value_col
        )
        for r in range(top + 1, ws.max_row + 1)
    }
    population = cells[("antal_invanare", REGSO)]
    assert population.value == 5023 and isinstance(population.value, int)
    assert population.number_format == "#,##0"
    share = cells[("andel_ledarledd_fritid", REGSO)]
    assert isinstance(share.value, int | float) and share.number_format == "#,##0.0"


def test_suppressed_values_export_as_the_mark(client: TestClient, dataset: Dataset) -> None:
    v = next(
        v
        for v in dataset.values(["andel_aktualiseringar_kriminalitet"], genders=[Gender.TOTAL])
        if v.status == "skyddad" and v.division.value == "DeSO2018"
    )
    params = {
        "omraden": f"{KOMMUN},{v.area}",
        "indikatorer": "andel_aktualiseringar_kriminalitet",
        "ar": v.period,
    }
    rows = _csv(client.get("/jamfor.csv", params=params).content)
    row = next(r for r in rows if r["Områdeskod"] == v.area)
    assert row["Värde"] == "skyddad" and row["Anmärkning"] == SUPPRESSION_TEXT
    assert row["95 % KI nedre"] == "" and row["95 % KI övre"] == ""
    ws = _xlsx(client.get("/jamfor.xlsx", params=params).content)
    found = [c.value for r in ws.iter_rows() for c in r]
    assert "skyddad" in found


def test_years_export_marks_the_series_break(client: TestClient) -> None:
    params = {"omrade": "0126C1020", "indikator": "andel_ledarledd_fritid", "sep": "semikolon"}
    rows = _csv(client.get("/utveckling.csv", params=params).content, delimiter=";")
    by_year = {r["År"]: r for r in rows}
    assert by_year["2023"]["Indelning"] == "DeSO2018" and by_year["2024"]["Indelning"] == "DeSO2025"
    assert by_year["2023"]["Serie"].startswith("del 1 av 2")
    assert by_year["2024"]["Serie"].startswith("del 2 av 2")
    series = client.get("/utveckling.json", params=params).json()["series"][0]
    shown = {p["year"]: p["value"]["value"] for s in series["segments"] for p in s["points"]}
    for year, value in shown.items():
        assert by_year[year]["Värde"] == f"{value:.1f}".replace(".", ",")
    ws = _xlsx(client.get("/utveckling.xlsx", params=params).content)
    notes = [ws.cell(row=r, column=1).value for r in range(1, 12)]
    assert "Seriebrott" in notes


def test_bubble_export_has_a_column_per_role(client: TestClient) -> None:
    rows = _csv(client.get("/bubblor.csv", params={"niva": "deso", "ar": "2023"}).content)
    data = client.get("/bubblor.json", params={"niva": "deso", "ar": "2023"}).json()
    assert len(rows) == len(data["bubbles"]) + 1  # the kommun's reference row last
    assert rows[-1]["Områdeskod"] == KOMMUN and rows[-1]["I diagrammet"] == "referenslinje"
    x_column = next(c for c in rows[0] if c.endswith("[x]"))
    assert "(%)" in x_column
    drawn = {b["area"]["code"]: b["drawn"] for b in data["bubbles"]}
    for row in rows[:-1]:
        assert (row["I diagrammet"] == "ja") == drawn[row["Områdeskod"]]


def test_profile_exports_match_the_profile(client: TestClient) -> None:
    profile = client.get(f"/omrade/{REGSO}.json", params={"ar": "2023"}).json()
    cards = {c["indicator"]: c for d in profile["domains"] for c in d["indicators"]}
    rows = _csv(client.get(f"/omrade/{REGSO}/export.csv", params={"ar": "2023"}).content)
    assert {r["Indikator-id"] for r in rows} == set(cards)
    population = next(r for r in rows if r["Indikator-id"] == "antal_invanare")
    assert population["Värde"] == "5023" and population["Värde Huddinge"] == "113920"
    ws = _xlsx(client.get(f"/omrade/{REGSO}/export.xlsx", params={"ar": "2023"}).content)
    assert ws["A1"].value == "Områdesprofil Glömsta-Loviseberg 2023"
    bench = client.get(
        f"/omrade/{REGSO}/export.csv", params={"ar": "2023", "jamfor": "0126R001"}
    ).content.decode("utf-8-sig")
    assert "Jämfört med Flemingsberg västra" in bench.splitlines()[0]


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_text_is_escaped(text: str) -> None:
    assert escape_text(text) == "'" + text
    sheet = Sheet(text, (text, "tal"), [(text, Number(-2.5, 1))], [("Källa", text)], "t")
    rows = list(csv.reader(io.StringIO(to_csv(sheet).decode("utf-8-sig"))))
    assert rows[0][0] == "'" + text and rows[1] == ["'" + text, "-2.5"]
    ws = load_workbook(io.BytesIO(to_xlsx(sheet))).active
    values = [c.value for r in ws.iter_rows() for c in r if c.value is not None]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert -2.5 in values  # a negative number is a number, not escaped text
    assert ws["A1"].data_type == "s"


def test_plain_text_is_not_escaped() -> None:
    assert escape_text("Huddinge") == "Huddinge" and escape_text("0126") == "0126"


def test_the_xlsx_header_row_is_bold_filtered_and_frozen(client: TestClient) -> None:
    ws = _xlsx(client.get("/jamfor.xlsx", params=COMPARE).content)
    top = _header_row(ws, "Domän")
    assert ws.cell(row=top, column=1).font.bold
    assert ws.auto_filter.ref.startswith(f"A{top}:")
    assert ws.freeze_panes == f"A{top + 1}"


def test_a_table_cell_that_is_a_number_keeps_its_own_decimals() -> None:
    """A column whose rows are rounded each as its measure is (the personnel download: a
    headcount whole, a share with one decimal) gives its cells as numbers already; text and
    a column's own decimals are as before. Failed before: the cell became its text."""
    rows = [("Antal", 12.0, 3.0), ("Andel", number(41.26, 1), 2.5)]
    columns = [Column("Mått", lambda r: r[0]), Column("Värde", lambda r: r[1], 0)]
    sheet = table("T", [*columns, Column("Övrigt", lambda r: r[2], 1)], rows, name="t")
    assert sheet.rows == [
        ("Antal", Number(12.0, 0), Number(3.0, 1)),
        ("Andel", Number(41.26, 1), Number(2.5, 1)),
    ]
