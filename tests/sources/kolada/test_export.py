"""Kolada CSV exports: the shipped shapes (tests/data/kolada) and the variants people save."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kommunanalys.model import Division, Gender
from kommunanalys.sources.adapter import Extract, SourceError, run
from kommunanalys.sources.kolada.export import (
    KoladaFileAdapter,
    KoladaFileOptions,
    kpi_from_name,
    looks_like_kolada_export,
)

DATA = Path(__file__).parents[2] / "data" / "kolada"
FLAT_HEADER = "gender,count,status,value,kpi,year,municipality_id,municipality,municipality_type"


def read(path: Path, kpi: str | None = None) -> Extract:
    return run(KoladaFileAdapter(), KoladaFileOptions(path, kpi))


def values(extract: Extract) -> dict[tuple[str, str, Gender], tuple[float | None, str | None]]:
    return {
        (r.observation.area, r.observation.period, r.observation.gender): (
            r.observation.value,
            r.observation.status,
        )
        for r in extract.rows
    }


def test_the_flat_export_as_the_api_gives_it() -> None:
    path = DATA / "n00945.csv"
    extract = read(path)
    assert extract.problems == [] and extract.rows_read == len(extract.rows) == 9
    got = values(extract)
    assert got[("0180", "2020", Gender.TOTAL)] == (40.8, None)  # Stockholm
    assert got[("1280", "2019", Gender.TOTAL)] == (35.4, None)  # Malmö
    malmo = next(
        r for r in extract.rows if r.observation.area == "1280" and r.observation.period == "2019"
    )
    assert str(malmo.where) == "n00945.csv, rad 6, kolumn value"
    assert malmo.observation.indicator == "kolada_n00945"
    assert malmo.observation.division is Division.KOMMUN
    assert [(i.id, i.kolada_id, i.in_seed) for i in extract.indicators] == [
        ("kolada_n00945", "N00945", False)
    ]
    assert extract.source == "kolada-file" and extract.files == ("n00945.csv",)
    assert extract.checksum == hashlib.sha256(path.read_bytes()).hexdigest()


def test_kommun_year_value_files_take_the_kpi_from_their_name() -> None:
    tax = read(DATA / "kolada_N00901_tax_stockholms_lan.csv")
    assert tax.problems == [] and {r.observation.indicator for r in tax.rows} == {"kolada_n00901"}
    assert values(tax)[("0126", "2024", Gender.TOTAL)] == (19.47, None)  # Huddinge
    assert values(tax)[("0180", "2025", Gender.TOTAL)] == (18.22, None)  # Stockholm
    netcost = read(DATA / "kolada_N03011_netcost_stockholms_lan.csv")
    assert values(netcost)[("0126", "2025", Gender.TOTAL)] == (-66125.909004, None)
    assert kpi_from_name("kolada_N03011_netcost_stockholms_lan.csv") == "N03011"
    assert kpi_from_name("skattesats.csv") is None


def test_semicolons_bom_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    header = FLAT_HEADER.replace(",", ";")
    path.write_bytes(
        (
            f"\ufeff{header}\r\n"
            "T;1;;31,3;N00945;2023;0126;Huddinge;K\r\n"
            "K;0;;;N00945;2023;0126;Huddinge;K\r\n"
            "M;1;Prel;1 234,5;N00945;2023;0126;Huddinge;K\r\n"
        ).encode()
    )
    got = values(read(path))
    assert got == {
        ("0126", "2023", Gender.TOTAL): (31.3, None),
        ("0126", "2023", Gender.WOMEN): (None, ".."),  # empty is missing, never 0
        ("0126", "2023", Gender.MEN): (1234.5, "Prel"),
    }
    commas = tmp_path / "commas.csv"
    commas.write_text(f'{FLAT_HEADER}\nT,1,,"31,3",N00945,2023,126,Huddinge,K\n', "utf-8")
    assert values(read(commas)) == {("0126", "2023", Gender.TOTAL): (31.3, None)}


def test_a_simple_file_needs_its_kpi(tmp_path: Path) -> None:
    path = tmp_path / "skattesats.csv"
    path.write_text("kommun;year;value\n0126;2025;19,47\n0126;2026;..\n", "utf-8")
    (problem,) = read(path).problems
    assert str(problem).startswith("skattesats.csv: nyckeltalet framgår inte")
    extract = read(path, kpi="n00901")
    assert values(extract) == {
        ("0126", "2025", Gender.TOTAL): (19.47, None),
        ("0126", "2026", Gender.TOTAL): (None, ".."),
    }
    assert extract.indicators[0].id == "kolada_n00901"


def test_text_in_the_value_column_is_a_problem_naming_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kolada_N00945.csv"
    path.write_text(
        f"{FLAT_HEADER}\n"
        "T,1,,31.3,N00945,2023,0126,Huddinge,K\n"
        "T,1,,saknas,N00945,2024,0126,Huddinge,K\n"
        "X,1,,30.0,N00945,2025,0126,Huddinge,K\n",
        "utf-8",
    )
    extract = read(path)
    assert [str(p) for p in extract.problems] == [
        "kolada_N00945.csv, rad 3, kolumn value: 'saknas' är inget tal",
        "kolada_N00945.csv, rad 4, kolumn gender: okänt kön 'X' (väntade T, K eller M)",
    ]
    assert len(extract.rows) == 1


def test_rows_of_other_kpis_are_skipped_when_one_is_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text(
        f"{FLAT_HEADER}\nT,1,,31.3,N00945,2023,0126,H,K\nT,1,,19.47,N00901,2023,0126,H,K\n",
        "utf-8",
    )
    extract = read(path, kpi="N00901")
    assert extract.skipped == 1 and [r.observation.value for r in extract.rows] == [19.47]


@pytest.mark.parametrize(
    ("header", "kolada"),
    [
        (FLAT_HEADER.split(","), True),
        (["\ufeffgender", "count", "status", "value", "kpi", "year", "municipality_id"], True),
        (["kommun", "year", "value"], True),
        (["Kommun ", "Year", "Value"], True),
        (["region", "år", "värde"], False),
        ([], False),
    ],
)
def test_auto_detection(header: list[str], kolada: bool) -> None:
    assert looks_like_kolada_export(header) is kolada


def test_check_and_files_that_are_not_kolada(tmp_path: Path) -> None:
    adapter = KoladaFileAdapter()
    assert adapter.check(KoladaFileOptions(DATA / "n00945.csv")).ok
    missing = adapter.check(KoladaFileOptions(tmp_path / "borta.csv"))
    assert not missing.ok and missing.message == "borta.csv: filen finns inte"
    other = tmp_path / "scb.csv"
    other.write_text("region;år;värde\n0126;2024;1\n", "utf-8")
    assert not adapter.check(KoladaFileOptions(other)).ok
    with pytest.raises(SourceError, match=r"scb\.csv: ingen Kolada-export"):
        adapter.fetch(KoladaFileOptions(other))
