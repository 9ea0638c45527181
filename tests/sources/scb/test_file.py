"""The SCB export file adapter: known tables by reference code or file name, and tables the
catalogue does not know, whose content columns become new (unconfirmed) indicators."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kommunanalys.demo.build import scb_files
from kommunanalys.model import Division, Gender, ValueType
from kommunanalys.sources.adapter import Extract, run
from kommunanalys.sources.grid import csv_rows, text_lines
from kommunanalys.sources.scb.export import ExportError
from kommunanalys.sources.scb.export_tables import RULES
from kommunanalys.sources.scb.file import ScbFileAdapter, ScbFileOptions, known_rules
from kommunanalys.sources.scb.mapping import RegionResolver
from tests.ingest.helpers import scb_like_export, write

HUDDINGE = RegionResolver(
    kommun="0126",
    kommun_name="Huddinge",
    regso_by_name={"Flemingsberg västra": "0126R001", "Flemingsberg östra": "0126R002"},
)


def read(path: Path, kind: str | None = None) -> Extract:
    return run(ScbFileAdapter(), ScbFileOptions(path, HUDDINGE, kind=kind))


def shipped(prefix: str) -> Path:
    return next(p for p in scb_files() if p.name.startswith(prefix))


def test_known_rules_by_reference_code_or_file_name() -> None:
    assert known_rules("anything.xlsx", "000005FE") == RULES["000005FE"]
    assert known_rules("000005FM_20240813-153407.xlsx", None) == RULES["000005FM"]
    assert (
        known_rules("regso_socioekonomisk_index_2022.csv", "000005QX")
        == RULES["regso_socioekonomisk_index"]
    )
    assert known_rules("egen_tabell.xlsx", "000006TA") is None


def test_shipped_excel_rows_point_at_their_line_in_the_sheet() -> None:
    path = shipped("000005FE")
    extract = read(path, "xlsx")
    assert extract.problems == [] and extract.indicators == []
    assert extract.source == "scb-file" and extract.files == (path.name,)
    assert extract.description.startswith("Folkmängden per region efter region, år")
    rows = {r.observation.area: r for r in extract.rows}
    assert len(rows) == 60  # Huddinge's DeSO 2018
    masmo = rows["0126C1310"]
    assert masmo.observation.value == 1501.0 and masmo.observation.period == "2022"
    assert masmo.observation.source == f"SCB 000005FE ({path.name})"
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        cells = book.active.iter_rows(values_only=True)
        line = next(n for n, r in enumerate(cells, 1) if r[0] == "0126C1310")
    finally:
        book.close()
    assert masmo.where.file == path.name and masmo.where.row == line
    assert extract.skipped == (extract.rows_read or 0) - 3 * 60  # 3 columns × 60 DeSO kept


def test_shipped_csv_regions_by_name() -> None:
    extract = read(shipped("deso_income"), "text")
    values = {(r.observation.area, r.observation.period): r.observation for r in extract.rows}
    assert values[("0126R001", "2023")].value == 175.6
    assert values[("0126R001", "2023")].division is Division.REGSO2020
    assert len(values) == 2 * 4  # the two RegSO the resolver knows, four years


def _low_income(path: Path, *, genders: tuple[str, ...] = ()) -> Path:
    header = [[None, "Låg ekonomisk standard, procent", None, None], [None, "2022", "2023", None]]
    data = [["0126A0010", 8.0, 8.5], ["0126C1310", 23.1, 22.4], ["0127A0010", 5.0, 6.0]]
    merge = ("B3:C3",)
    if genders:
        header = [
            [None, "Låg ekonomisk standard, procent", None, None],
            [None, "2022", None, None],
            [None, *genders],
        ]
        data = [["0126A0010", 8.0, 8.5, 7.5], ["0126C1310", 23.1, 24.0, 22.2]]
        merge = ("B3:D3", "B4:D4")
    return scb_like_export(
        path,
        title="Låg ekonomisk standard efter region. År 2022-2023",
        header_rows=header,
        data=data,
        reference_code="000006TA",
        merge=merge,
    )


def test_unknown_table_becomes_an_indicator_named_after_its_content(tmp_path: Path) -> None:
    extract = read(_low_income(tmp_path / "lag_ek.xlsx"), "xlsx")
    assert extract.problems == []
    (indicator,) = extract.indicators
    assert indicator.id == "scb_000006ta_lag_ekonomisk_standard_procent"
    assert indicator.name_sv == "Låg ekonomisk standard, procent"
    assert (indicator.value_type, indicator.unit) == (ValueType.PROPORTION, "%")
    assert indicator.confirmed is False and indicator.in_seed is False
    assert "Låg ekonomisk standard efter region" in indicator.source
    assert "000006TA" in indicator.source and indicator.source_kind == "scb"
    values = {(r.observation.area, r.observation.period): r.observation.value for r in extract.rows}
    assert values == {
        ("0126A0010", "2022"): 8.0,
        ("0126A0010", "2023"): 8.5,
        ("0126C1310", "2022"): 23.1,
        ("0126C1310", "2023"): 22.4,
    }
    assert extract.skipped == 2  # Danderyd's DeSO


def test_new_shares_and_rates_scale_like_the_api_adapter(tmp_path: Path) -> None:
    """The same content from SCB's API gets multiplier 100 (procent) or the rate's base
    (per 1 000): a file must not give the same indicator another scale."""
    share = read(_low_income(tmp_path / "andel.xlsx"), "xlsx").indicators[0]
    assert share.multiplier == 100
    rate_file = scb_like_export(
        tmp_path / "brott.xlsx",
        title="Anmälda brott efter region. År 2022",
        header_rows=[[None, "Anmälda brott per 1 000 invånare"], [None, "2022"]],
        data=[["0126C1310", 70.1]],
        reference_code="000006XZ",
    )
    rate = read(rate_file, "xlsx").indicators[0]
    assert (rate.value_type, rate.unit) == (ValueType.RATE, "per 1 000")
    assert rate.multiplier == 1000


@pytest.mark.parametrize(
    "genders",
    [("totalt", "kvinnor", "män"), ("kvinnor", "män", "totalt")],
    ids=["T-first", "T-last"],
)
def test_gender_columns_feed_k_m_t_whatever_their_order(
    tmp_path: Path, genders: tuple[str, ...]
) -> None:
    extract = read(_low_income(tmp_path / "kon.xlsx", genders=genders), "xlsx")
    (indicator,) = extract.indicators
    assert indicator.name_sv == "Låg ekonomisk standard, procent"
    got = {(r.observation.area, r.observation.gender): r.observation.value for r in extract.rows}
    values = dict(zip(genders, (23.1, 24.0, 22.2), strict=True))
    assert got[("0126C1310", Gender.TOTAL)] == values["totalt"]
    assert got[("0126C1310", Gender.WOMEN)] == values["kvinnor"]
    assert got[("0126C1310", Gender.MEN)] == values["män"]
    assert indicator.by_gender is True  # the table has values for women and men


def test_a_table_without_the_municipality_is_a_problem(tmp_path: Path) -> None:
    path = scb_like_export(
        tmp_path / "danderyd.xlsx",
        title="Låg ekonomisk standard efter region. År 2022",
        header_rows=[[None, "Låg ekonomisk standard, procent"], [None, "2022"]],
        data=[["0162A0010", 3.0]],
        reference_code="000006TA",
    )
    extract = read(path, "xlsx")
    assert [str(p) for p in extract.problems] == [
        "danderyd.xlsx: inga värden för kommunen 0126 (Huddinge) i filen"
    ]
    assert extract.rows == [] and extract.skipped == 1


def test_a_table_without_years_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "utan_ar.csv", '"region","Antal"\n"0126C1310",12\n')
    extract = read(path, "text")
    (problem,) = extract.problems
    assert problem.where.file == "utan_ar.csv"
    assert "året framgår inte av rubrikerna" in problem.message


@pytest.mark.parametrize(
    ("riket", "lan"),
    [("00 Riket", "01 Stockholms län"), ("Riket", "Stockholms län"), ("00", "01")],
    ids=["code-and-name", "name", "code"],
)
def test_riket_and_the_lan_of_an_scb_export_are_read(tmp_path: Path, riket: str, lan: str) -> None:
    """Issue 20 item 7: riket and the län are accepted by every import. A table from SCB's
    statistical database writes its regions "00 Riket", "01 Stockholms län", "0126 Huddinge"
    (or only the names, or only the codes); riket and the län were silently skipped."""
    path = scb_like_export(
        tmp_path / "lag_ek_lan.xlsx",
        title="Låg ekonomisk standard efter region. År 2022",
        header_rows=[[None, "Låg ekonomisk standard, procent"], [None, "2022"]],
        data=[[riket, 14.0], [lan, 13.1], ["0126 Huddinge", 16.2], ["0180 Stockholm", 12.0]],
        reference_code="000006TA",
    )
    extract = read(path, "xlsx")
    assert extract.problems == []
    values = {
        (r.observation.area, r.observation.division): r.observation.value for r in extract.rows
    }
    assert values == {
        ("0000", Division.KOMMUN): 14.0,
        ("01", Division.KOMMUN): 13.1,
        ("0126", Division.KOMMUN): 16.2,
    }
    assert extract.skipped == 1  # another kommun: not this municipality's


def _pivoted_long(wide: Path, path: Path) -> Path:
    """The shipped wide CSV ("region", "kön", "Medelinkomst 2020", …) as Statistikdatabasen
    exports the same table pivoted with the years as rows: "region", "kön", "år", one column
    of values headed by the content (years quoted, as SCB quotes its stub cells)."""
    rows = [r for r in csv_rows(text_lines(wide.read_bytes())) if r]
    header, body = rows[0], rows[1:]
    years = [(i, c.rsplit(" ", 1)) for i, c in enumerate(header) if c[-4:].isdigit()]
    stubs = [i for i in range(len(header)) if i not in dict(years)]
    content = years[0][1][0]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow([*(header[i] for i in stubs), "år", content])
        for row in body:
            for i, (_, year) in years:
                writer.writerow([*(row[s] for s in stubs), year, float(row[i])])
    return path


def _values(extract: Extract) -> dict[tuple[str, str, Gender], float | None]:
    return {
        (r.observation.area, r.observation.period, r.observation.gender): r.observation.value
        for r in extract.rows
    }


def test_an_export_with_the_years_as_rows_reads_as_the_wide_one(tmp_path: Path) -> None:
    """A user who pivots the table in Statistikdatabasen gets a column "år" right of the
    region: its years are the rows' years, not a column of values ("året framgår inte")."""
    wide = read(shipped("deso_income"), "text")
    long = read(_pivoted_long(shipped("deso_income"), tmp_path / "deso_income_lang.csv"), "text")
    assert long.problems == [] and wide.problems == []
    assert _values(long) == _values(wide) and len(_values(long)) == 2 * 4
    # as an unknown table: one new indicator, the year no part of its name
    unknown = read(_pivoted_long(shipped("deso_income"), tmp_path / "egen.csv"), "text")
    assert [i.name_sv for i in unknown.indicators] == ["Medelvärde för samtliga, tkr, löneinkomst"]
    assert set(_values(unknown).values()) == set(_values(wide).values())


def test_an_excel_export_with_the_years_as_rows_and_empty_repeated_stubs(tmp_path: Path) -> None:
    """In Excel, SCB leaves a stub cell empty under the same value (the region and the gender
    once, then only the years) and heads no stub column: the rows after a region's first
    are its rows, and the unheaded column of years holds the rows' years."""
    path = scb_like_export(
        tmp_path / "folkmangd_lang.xlsx",
        title="Folkmängden per region efter region, kön och år",
        header_rows=[[None, None, None, "Folkmängd"]],
        data=[
            ["0126C1310", "kvinnor", "2021", 700],
            [None, None, "2022", 710],
            [None, "män", "2021", 690],
            [None, None, "2022", 695],
            ["0126C1270", "kvinnor", "2021", 1200],
            [None, None, "2022", 1210],
            [None, "män", "2021", 1100],
            [None, None, "2022", 1105],
        ],
        reference_code="000006TB",
    )
    extract = read(path, "xlsx")
    assert extract.problems == []
    assert _values(extract) == {
        ("0126C1310", "2021", Gender.WOMEN): 700.0,
        ("0126C1310", "2022", Gender.WOMEN): 710.0,
        ("0126C1310", "2021", Gender.MEN): 690.0,
        ("0126C1310", "2022", Gender.MEN): 695.0,
        ("0126C1270", "2021", Gender.WOMEN): 1200.0,
        ("0126C1270", "2022", Gender.WOMEN): 1210.0,
        ("0126C1270", "2021", Gender.MEN): 1100.0,
        ("0126C1270", "2022", Gender.MEN): 1105.0,
    }
    [indicator] = extract.indicators
    assert indicator.name_sv == "Folkmängd" and indicator.by_gender
    # a value points at the line of its area and year (title, blank, head: data from line 4)
    rows = {
        (r.observation.area, r.observation.period, r.observation.gender): r for r in extract.rows
    }
    assert rows["0126C1270", "2022", Gender.WOMEN].where.row == 9


def test_a_long_table_without_a_sign_of_scb_keeps_its_year_column_as_values(
    tmp_path: Path,
) -> None:
    """A user's own long table ("Område;År;Antal") is no SCB export: its "År" is not read as
    SCB's time variable, so the import asks for a mapping (the adapter finds no year)."""
    path = write(tmp_path / "eget.csv", "Område,År,Antal\n0126C1310,2019,41\n0126A0010,2019,7\n")
    extract = read(path, "text")
    (problem,) = extract.problems
    assert problem.message == "året framgår inte av rubrikerna"
    assert (problem.where.row, problem.where.column) == (2, "B")  # the first "År" value
    assert extract.rows == []


def test_a_column_of_year_like_values_under_a_content_head_stays_values(tmp_path: Path) -> None:
    """Only a column headed by the time variable (or by nothing) is years: counts that happen
    to lie between 1900 and 2099 under "Antal 2022" are values, also in an SCB export."""
    path = write(
        tmp_path / "antal.csv",
        '"region","Antal 2022"\n"0126C1310",1987\n"0126C1270",2003\n',
    )
    extract = read(path, "text")
    assert extract.problems == []
    assert {(r.observation.area, r.observation.value) for r in extract.rows} == {
        ("0126C1310", 1987.0),
        ("0126C1270", 2003.0),
    }


def test_a_column_of_birth_years_beside_a_year_in_the_head_is_not_the_rows_year(
    tmp_path: Path,
) -> None:
    """In an export whose values are headed by their year ("Antal 2022"), an unheaded column
    of years (birth years, say) is not the rows' year: read so, it gave two years to one value
    and the last column's silently won. It stays a column of values, and the table (whose
    values then have no year) is refused as before rather than misread."""
    path = scb_like_export(
        tmp_path / "fodelsear.xlsx",
        title="Folkmängden efter region, födelseår och år",
        header_rows=[[None, None, "Antal 2022", "Antal 2023"]],
        data=[["0126C1310", "1987", 5, 6], [None, "1988", 7, 8]],
        reference_code="000006TC",
    )
    extract = read(path, "xlsx")
    assert [p.message for p in extract.problems] == ["året framgår inte av rubrikerna"]
    assert extract.rows == []


@pytest.mark.parametrize(
    "value", ["1e400", "-1e999", "9" * 400, "NaN", "inf", "-Infinity"], ids=str.__len__
)
@pytest.mark.parametrize(
    "layout",
    [
        '"region","kön","år","Folkmängd"\n"0126C1310","totalt","2021",{v}\n',
        '"region","Folkmängd 2021"\n"0126C1310",{v}\n',
    ],
    ids=["years-as-rows", "wide"],
)
def test_a_number_that_is_none_is_refused_on_its_row_and_column(
    tmp_path: Path, layout: str, value: str
) -> None:
    """A value that is no finite number is a value with a problem, on its row and column (it
    was read as a label: the column's heads took "1e400", or the export had "no values for
    the municipality")."""
    path = write(tmp_path / "tal.csv", layout.format(v=value))
    with pytest.raises(ExportError) as caught:
        read(path, "text")
    column = "D" if "år" in layout else "B"
    assert (caught.value.row, caught.value.column) == (2, column)
    assert "är inget tal" in str(caught.value) and value[:40] in str(caught.value)
