"""Excel and CSV files from internal systems, read through a TOML mapping
(:mod:`kommunanalys.sources.mapped_file`), and imported with ``import_file``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest.files import import_file
from kommunanalys.model import Division, Gender
from kommunanalys.sources.adapter import run
from kommunanalys.sources.mapped_file import (
    FileMapping,
    MappedFileAdapter,
    MappedFileOptions,
    MappingFileError,
)
from kommunanalys.store import Store
from tests.ingest.helpers import sha256, snapshot, with_catalogue, workbook, write


@pytest.fixture
def store(store: Store) -> Store:
    """The shared empty ``store`` with the catalogue and Huddinge's geography."""
    return with_catalogue(store)


def values(store: Store, indicator: str) -> dict[tuple[str, str, Gender], tuple[object, ...]]:
    return {
        (r.area, r.period, r.gender): (r.value, r.status, r.division)
        for r in store.history(indicator)
    }


EXCEL_MAPPING = """\
[file]
sheet = "Blad1"
header_row = 2

[columns]
area = "DeSO"
period = "År"

[[values]]
indicator = "antal_aktualiseringar_barn_o_ungdom"
value = "Antal aktualiseringar"

[[values]]
indicator = "befolkning_0_20"
value = "Invånare 0-20"
"""


def test_generic_excel_sheet_blad1_header_row_2(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "procapita_uttag.xlsx",
        [
            ["Uttag ur Procapita 2024-01-15, socialtjänstens barn- och ungdomssektion"],
            ["DeSO", "År", "Antal aktualiseringar", "Invånare 0-20"],
            ["0126C1310", 2022, 41, 912],
            ["0126A0010", "2022", 7, "410"],
            [None, None, None, None],  # blank rows are ignored
            ["0126C1311_DeSO2025", 2024, 12, 288],  # SCB's vintage suffix is dropped
        ],
    )
    mapping = write(tmp_path / "procapita.toml", EXCEL_MAPPING)
    result = import_file(store, path, mapping=mapping, actor="anna", refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert (result.added, result.revised, result.unchanged) == (6, 0, 0)
    assert result.description == "procapita_uttag.xlsx (procapita.toml)"
    assert result.record is not None and result.record.checksum == sha256(path)
    assert values(store, "antal_aktualiseringar_barn_o_ungdom") == {
        ("0126C1310", "2022", Gender.TOTAL): (41.0, None, Division.DESO2018),
        ("0126A0010", "2022", Gender.TOTAL): (7.0, None, Division.DESO2018),
        ("0126C1311", "2024", Gender.TOTAL): (12.0, None, Division.DESO2025),
    }
    assert values(store, "befolkning_0_20")[("0126A0010", "2022", Gender.TOTAL)][0] == 410.0


CSV_MAPPING = """\
[file]
delimiter = ";"

[columns]
area = "Område"
period = "År"
gender = "Kön"

[genders]
Kvinnor = "K"
"Män" = "M"
Totalt = "T"

[[values]]
indicator = "medianinkomst"
value = "Median, tkr"
status = "Anmärkning"
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_semicolon_csv_with_decimal_comma_and_gender_codes(
    store: Store, tmp_path: Path, encoding: str
) -> None:
    """Swedish Excel saves "CSV (semikolonavgränsad)" in cp1252 with decimal commas."""
    path = write(
        tmp_path / "inkomst.csv",
        "Område;År;Kön;Median, tkr;Anmärkning\n"
        "0126C1310;2022;Kvinnor;1 334,5;\n"
        "0126C1310;2022;Män;2\u00a0345,25;\n"
        "0126C1310;2022;Totalt;350,8;\n"
        "0126A0010;2022;Totalt;..;\n"
        "0126A0010;2021;Totalt;;x\n",
        encoding=encoding,
    )
    mapping = write(tmp_path / "inkomst.toml", CSV_MAPPING)
    result = import_file(store, path, mapping=mapping, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    assert values(store, "medianinkomst") == {
        ("0126C1310", "2022", Gender.WOMEN): (1334.5, None, Division.DESO2018),
        ("0126C1310", "2022", Gender.MEN): (2345.25, None, Division.DESO2018),
        ("0126C1310", "2022", Gender.TOTAL): (350.8, None, Division.DESO2018),
        ("0126A0010", "2022", Gender.TOTAL): (None, "..", Division.DESO2018),
        ("0126A0010", "2021", Gender.TOTAL): (None, "x", Division.DESO2018),
    }


def test_an_untranslated_gender_code_names_row_and_column(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "inkomst.csv",
        "Område;År;Kön;Median, tkr;Anmärkning\n"
        "0126C1310;2022;Totalt;350,8;\n"
        "0126C1310;2022;Okänt;1,0;\n",
    )
    mapping = write(tmp_path / "inkomst.toml", CSV_MAPPING)
    before = snapshot(store)
    result = import_file(store, path, mapping=mapping, refresh=False)
    (problem,) = result.problems
    assert (problem.where.file, problem.where.row, problem.where.column) == ("inkomst.csv", 3, "C")
    assert problem.message == "okänt kön 'Okänt' (översätt det under [genders])"
    assert snapshot(store) == before


def test_long_file_with_an_indicator_column(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "lang.csv",
        "omrade,indikator,varde\n"
        "0126C1310,antal_i_kulturskola,31\n"
        "0126C1310,antal_elever_grundskola,402\n",
    )
    mapping = write(
        tmp_path / "lang.toml",
        '[columns]\narea = "omrade"\nindicator = "indikator"\n[fixed]\nperiod = "2023"\n'
        '[[values]]\nvalue = "varde"\n',
    )
    result = import_file(store, path, mapping=mapping, refresh=False)
    assert result.ok and result.added == 2
    assert values(store, "antal_i_kulturskola")[("0126C1310", "2023", Gender.TOTAL)][0] == 31.0


def test_numerator_and_denominator_columns(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "andel.csv", "DeSO;Hyresrätt;Lägenheter\n0126C1310;88;903\n0126A0010;38;672\n"
    )
    mapping = write(
        tmp_path / "andel.toml",
        '[columns]\narea = "DeSO"\n[fixed]\nperiod = "2022"\n'
        '[[values]]\nindicator = "andel_boende_hyresratt"\nvalue = "Hyresrätt"\n'
        'numerator = "Hyresrätt"\ndenominator = "Lägenheter"\n',
    )
    result = import_file(store, path, mapping=mapping, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    (row,) = [r for r in store.history("andel_boende_hyresratt") if r.area == "0126C1310"]
    assert (row.numerator, row.denominator) == (88.0, 903.0)


# -- mapping errors name the mapping file ------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('[columns]\nperiod = "År"\n[[values]]\nindicator = "x"\nvalue = "A"\n', "saknar 'area'"),
        ('[columns]\narea = "O"\n[[values]]\nindicator = "x"\nvalue = "A"\n', "ange period"),
        (
            '[columns]\narea = "O"\nperiod = "År"\nkommun = "K"\n'
            '[[values]]\nindicator = "x"\nvalue = "A"\n',
            "okänd nyckel i [columns]: kommun",
        ),
        ('[columns]\narea = "O"\nperiod = "År"\n', "minst ett [[values]]-block"),
        ('[columns]\narea = "O"\nperiod = "År"\n[[values]]\nindicator = "x"\n', "saknar 'value'"),
        (
            '[columns]\narea = "O"\nperiod = "År"\n[[values]]\nvalue = "A"\n',
            "saknar 'indicator'",
        ),
        (
            '[columns]\narea = "O"\nperiod = "År"\n[[values]]\nindicator = "x"\nvalue = "A"\n'
            'enhet = "st"\n',
            "okänd nyckel enhet",
        ),
        ("[columns\narea = 1\n", "ingen giltig TOML"),
        ('columns = "O"\n[[values]]\nvalue = "A"\n', "[columns] ska vara en tabell"),
    ],
)
def test_mapping_errors_name_the_mapping_file(
    store: Store, tmp_path: Path, toml: str, says: str
) -> None:
    mapping = write(tmp_path / "min_mappning.toml", toml)
    with pytest.raises(MappingFileError, match=r"^min_mappning\.toml: ") as caught:
        FileMapping.read(mapping)
    assert says in str(caught.value)

    data = write(tmp_path / "data.csv", "O;År;A\n0126C1310;2022;1\n")
    before = snapshot(store)
    result = import_file(store, data, mapping=mapping, refresh=False)
    (problem,) = result.problems
    assert problem.where.file == "data.csv"
    assert problem.message.startswith("min_mappning.toml: ") and says in problem.message
    assert snapshot(store) == before


def test_a_mapped_column_missing_from_the_file(store: Store, tmp_path: Path) -> None:
    mapping = write(tmp_path / "procapita.toml", EXCEL_MAPPING)
    path = workbook(
        tmp_path / "uttag.xlsx",
        [["Uttag"], ["DeSO", "År", "Antal aktualiseringar"], ["0126C1310", 2022, 41]],
    )
    result = import_file(store, path, mapping=mapping, refresh=False)
    (problem,) = result.problems
    assert (problem.where.file, problem.where.sheet, problem.where.row) == (
        "uttag.xlsx",
        "Blad1",
        2,
    )
    assert problem.message == (
        "kolumnen 'Invånare 0-20' finns inte i rubrikraden "
        "(kolumner: DeSO, År, Antal aktualiseringar)"
    )
    assert "procapita.toml" in result.description  # the mapping that asked for it


def test_a_sheet_that_does_not_exist(store: Store, tmp_path: Path) -> None:
    mapping = write(tmp_path / "procapita.toml", EXCEL_MAPPING)
    path = workbook(tmp_path / "uttag.xlsx", [["DeSO"]], sheet="Data")
    (problem,) = import_file(store, path, mapping=mapping, refresh=False).problems
    assert problem.message == "bladet 'Blad1' finns inte (blad: Data)"


def test_a_header_row_beyond_the_file(tmp_path: Path) -> None:
    mapping = FileMapping.parse(
        {
            "file": {"header_row": 5},
            "columns": {"area": "DeSO", "period": "År"},
            "values": [{"indicator": "x", "value": "A"}],
        },
        "kort.toml",
    )
    path = write(tmp_path / "kort.csv", "DeSO,År,A\n0126C1310,2022,1\n")
    with pytest.raises(MappingFileError, match=r"kort\.csv: filen har ingen rad 5 \(rubrikraden\)"):
        run(MappedFileAdapter(), MappedFileOptions(path, mapping, kind="text"))
