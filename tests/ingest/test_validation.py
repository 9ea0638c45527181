"""Validation rejects the whole import; every problem names file, row and column, and the
database is exactly as before (observations, imports, indicators, audit trail)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kommunanalys.ingest.files import import_file
from kommunanalys.rows import Problem
from kommunanalys.store import Store
from tests.ingest.helpers import snapshot, tidy, workbook, write

GOOD = "antal_invanare,0126C1310,2022,3277"


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    """A store that already holds a value, so "unchanged" really means unchanged."""
    seed = tidy(tmp_path / "seed.csv", "medianinkomst,0126C1310,2021,340.5")
    assert import_file(store, seed, refresh=False).ok
    return store


def rejected(store: Store, path: Path, **kw: object) -> list[Problem]:
    """Import ``path``; assert it was rejected without writing anything; return problems."""
    before = snapshot(store)
    result = import_file(store, path, actor="test", refresh=False, **kw)  # type: ignore[arg-type]
    assert not result.ok, result.summary()
    assert result.record is None and result.added == 0
    assert result.summary() == f"Importen avvisades: {len(result.problems)} fel, inget skrevs."
    assert snapshot(store) == before
    return list(result.problems)


def where(problem: Problem) -> tuple[str, str | None, int | None, str | None]:
    w = problem.where
    return (w.file, w.sheet, w.row, w.column)


# -- tidy CSV -------------------------------------------------------------------------------


def test_unknown_area_code(seeded: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "omr.csv", GOOD, "antal_invanare,0126C9999,2022,5")
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("omr.csv", None, 3, "area")
    assert "okänd områdeskod '0126C9999'" in problem.message


_KEYED = "indicator,area,division,period,gender,age_group,value"


def test_an_empty_age_group_field_is_a_problem_not_a_crash(seeded: Store, tmp_path: Path) -> None:
    # The column is there, its field empty: a key column cannot be empty. Before, the merge
    # failed on observation_row's NOT NULL age_group with a traceback (both engines).
    path = tidy(
        tmp_path / "alder.csv",
        "antal_invanare,0126C1310,DeSO2018,2022,K,,1",
        "antal_invanare,0126C1310,DeSO2018,2022,M,0-6,2",
        header=_KEYED,
    )
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("alder.csv", None, 2, "age_group")
    assert problem.message == "åldersgruppen saknas (ett tomt fält; skriv total för alla åldrar)"


def test_an_empty_gender_or_division_field_says_it_is_empty(seeded: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "tomt.csv", "antal_invanare,0126C1310,,2022,,total,1", header=_KEYED)
    problems = rejected(seeded, path)
    assert [where(p) for p in problems] == [
        ("tomt.csv", None, 2, "gender"),
        ("tomt.csv", None, 2, "division"),
    ]
    assert problems[0].message == "könet saknas (ett tomt fält; skriv T, K eller M)"
    assert "(indelning saknas;" in problems[1].message
    assert all("None" not in p.message for p in problems)


def test_area_code_of_no_known_shape_is_a_problem_not_a_crash(
    seeded: Store, tmp_path: Path
) -> None:
    # No division can be inferred from '0126X9999': reported on its row, nothing written
    # (the direct load into observation once failed on the NOT NULL division).
    path = tidy(tmp_path / "form.csv", GOOD, "antal_invanare,0126X9999,2022,5")
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("form.csv", None, 3, "division")
    assert "kan inte avgöra indelningen för '0126X9999'" in problem.message


def test_unknown_indicator(seeded: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "ind.csv", GOOD, "antal_enhorningar,0126C1310,2022,5")
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("ind.csv", None, 3, "indicator")
    assert problem.message == "okänd indikator 'antal_enhorningar'"


def test_duplicate_key_lists_both_rows(seeded: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "dubbel.csv",
        GOOD,
        "antal_invanare,0126A0010,2022,1603",
        "antal_invanare,0126C1310,2022,3278",
    )
    (problem,) = rejected(seeded, path)
    assert where(problem)[:3] == ("dubbel.csv", None, 2)
    assert "samma nyckel finns flera gånger" in problem.message
    assert "antal_invanare, 0126C1310, 2022" in problem.message
    assert problem.message.endswith("rader 2, 4)")


def test_text_in_a_number_column(seeded: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "text.csv", GOOD, "antal_invanare,0126A0010,2022,tio")
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("text.csv", None, 3, "value")
    assert problem.message == "'tio' är inget tal"


def test_text_in_a_number_column_semicolons_and_decimal_commas(
    seeded: Store, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "semikolon.csv",
        "indicator;area;period;value;numerator;denominator\n"
        "andel_boende_hyresratt;0126C1310;2022;9,7;88;903\n"
        "andel_boende_hyresratt;0126A0010;2022;5,6;38;sexhundra\n",
    )
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("semikolon.csv", None, 3, "denominator")
    assert problem.message == "'sexhundra' är inget tal"


def test_count_with_decimals(seeded: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "decimal.csv", GOOD, "antal_invanare,0126A0010,2022,1603.5")
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("decimal.csv", None, 3, "value")
    assert (
        problem.message == "antalet 1\u00a0603,5 är inget heltal ≥ 0"
    )  # Swedish number (issue 21)


def test_numerator_above_denominator(seeded: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "kvot.csv",
        "andel_boende_hyresratt,0126C1310,2022,,88,903",
        "andel_boende_hyresratt,0126A0010,2022,,680,672",
        header="indicator,area,period,value,numerator,denominator",
    )
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("kvot.csv", None, 3, "numerator")
    assert problem.message == "täljaren 680 är större än nämnaren 672"


def test_period_out_of_range(seeded: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "period.csv",
        GOOD,
        "antal_invanare,0126A0010,1850,3000",  # 0126A0010 is in DeSO 2018 and 2025
        "antal_invanare,0126A0010,2099,3000",
        "antal_invanare,0126A0010,22,3000",
    )
    problems = rejected(seeded, path)
    assert [where(p) for p in problems] == [("period.csv", None, r, "period") for r in (3, 4, 5)]
    assert "perioden '1850' ligger utanför 1900–" in problems[0].message
    assert "'2099'" in problems[1].message and "'22'" in problems[2].message


def test_a_period_is_four_digits_from_1900_to_next_year(seeded: Store, tmp_path: Path) -> None:
    """The edges of the period check (compared as four-digit text since the PostgreSQL
    import's speed-up; the same rows as the integer conversion it replaced)."""
    last = date.today().year + 1
    periods = ["1899", "1900", str(last), str(last + 1), "20a2", "+202", "-190", "2.02", "202"]
    path = tidy(
        tmp_path / "kanter.csv",
        *(f"antal_invanare,0126A0010,{p},3000" for p in periods),
    )
    problems = rejected(seeded, path)
    bad = [p for p in periods if p not in ("1900", str(last))]
    assert [where(p) for p in problems] == [
        ("kanter.csv", None, 2 + periods.index(p), "period") for p in bad
    ]
    assert [p.message.split("'")[1] for p in problems] == bad


def test_row_with_neither_value_nor_status(seeded: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "tom.csv",
        "antal_invanare,0126C1310,2022,,..",  # a status instead of a value is fine
        "antal_invanare,0126A0010,2022,,",
        header="indicator,area,period,value,status",
    )
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("tom.csv", None, 3, "value")
    assert problem.message == "varken värde eller statuskod (t.ex. '..')"


def test_every_kind_of_problem_in_one_file_is_reported(seeded: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "allt.csv",
        GOOD,
        "antal_invanare,0126C9999,2022,1",
        "antal_enhorningar,0126C1310,2022,1",
        "antal_invanare,0126A0010,2022,2.5",
        "antal_invanare,0126A0010,1850,2",
    )
    problems = rejected(seeded, path)
    assert sorted((p.where.row, p.where.column) for p in problems) == [
        (3, "area"),
        (4, "indicator"),
        (5, "value"),
        (6, "period"),
    ]


def test_many_rows_with_the_same_problem_are_summarised(seeded: Store, tmp_path: Path) -> None:
    rows = [f"antal_okant_{n},0126C1310,2022,1" for n in range(25)]
    problems = rejected(seeded, tidy(tmp_path / "manga.csv", *rows))
    assert len(problems) == 21
    assert [p.where.row for p in problems[:20]] == list(range(2, 22))
    assert problems[-1].message == "… och 5 rader till med samma fel"


# -- SCB export and mapped Excel --------------------------------------------------------------


def test_text_in_a_number_column_of_an_scb_csv(seeded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "scb.csv",
        '"region","Antal 2023"\n'
        '"Huddinge (Flemingsberg västra)",7060\n'
        '"Huddinge (Flemingsberg östra)",sjutusen\n',
    )
    (problem,) = rejected(seeded, path)
    assert where(problem) == ("scb.csv", None, 3, "B")
    assert "'sjutusen' är inget tal" in problem.message
    # it *is* an SCB export: the message must not send the user to --mapping
    assert "ser inte ut som en export" not in problem.message


MAPPING = """\
[file]
sheet = "Blad1"
header_row = 2

[columns]
area = "Område"
period = "År"

[[values]]
indicator = "antal_aktualiseringar_barn_o_ungdom"
value = "Antal"
"""


def _procapita(tmp_path: Path, *rows: list[object]) -> Path:
    return workbook(
        tmp_path / "procapita.xlsx",
        [["Aktualiseringar per DeSO, uttag 2024-01-15"], ["Område", "År", "Antal"], *rows],
    )


def test_text_in_a_number_column_of_a_mapped_excel(seeded: Store, tmp_path: Path) -> None:
    mapping = write(tmp_path / "procapita.toml", MAPPING)
    path = _procapita(tmp_path, ["0126C1310", 2022, 12], ["0126A0010", 2022, "tolv"])
    (problem,) = rejected(seeded, path, mapping=mapping)
    assert where(problem) == ("procapita.xlsx", "Blad1", 4, "C")
    assert problem.message == "'tolv' är inget tal"


def test_count_with_decimals_in_a_mapped_excel_names_the_column(
    seeded: Store, tmp_path: Path
) -> None:
    mapping = write(tmp_path / "procapita.toml", MAPPING)
    path = _procapita(tmp_path, ["0126C1310", 2022, 12], ["0126A0010", 2022, 2.5])
    (problem,) = rejected(seeded, path, mapping=mapping)
    assert problem.message == "antalet 2,5 är inget heltal ≥ 0"
    assert where(problem) == ("procapita.xlsx", "Blad1", 4, "C")


def test_unknown_area_in_a_mapped_excel(seeded: Store, tmp_path: Path) -> None:
    mapping = write(tmp_path / "procapita.toml", MAPPING)
    path = _procapita(tmp_path, ["0126C1310", 2022, 12], ["0126X0000", 2022, 3])
    (problem,) = rejected(seeded, path, mapping=mapping)
    assert where(problem)[:3] == ("procapita.xlsx", "Blad1", 4)
    assert problem.where.column in ("A", "C")  # the area's or the value's column
    assert "okänd områdeskod '0126X0000'" in problem.message


@pytest.mark.parametrize(
    ("riket", "lan"),
    [
        ("00 Riket", "01 Stockholms län"),
        ("0000", "0001"),
        ("00", "01"),
        ("Riket", "Stockholms län"),
    ],
)
def test_riket_and_a_lan_in_a_mapped_excel(
    seeded: Store, tmp_path: Path, riket: str, lan: str
) -> None:
    """Issue 20 item 7, every import: an own Excel file with a mapping may hold riket and
    the län as SCB or Kolada writes them; they were refused as unknown area codes."""
    mapping = write(tmp_path / "procapita.toml", MAPPING)
    path = _procapita(tmp_path, ["0126C1310", 2022, 12], [riket, 2022, 900], [lan, 2022, 300])
    result = import_file(seeded, path, mapping=mapping, refresh=False)
    assert result.ok, [str(p) for p in result.problems]
    values = {
        r.area: r.value
        for r in seeded.history("antal_aktualiseringar_barn_o_ungdom")
        if r.period == "2022"
    }
    assert values["0000"] == 900 and values["01"] == 300


def test_a_number_with_spaces_between_its_thousands_gets_a_hint(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "tusental.csv"
    path.write_text(
        "indicator;area;period;value\nantal_invanare;0126C1310;2022;1 137\n", encoding="utf-8"
    )
    (problem,) = rejected(store, path)
    assert where(problem)[:4] == ("tusental.csv", None, 2, "value")
    assert problem.message == "'1 137' är inget tal (skriv det utan mellanrum: 1137)"


def test_a_long_field_that_is_no_number_is_shown_by_its_beginning(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "lang.csv"
    path.write_text(
        "indicator,area,period,value\nantal_invanare,0126C1310,2022,"
        + "9" * 30
        + "x" * 5000
        + "\n",
        encoding="utf-8",
    )
    (problem,) = rejected(store, path)
    assert where(problem)[:4] == ("lang.csv", None, 2, "value")
    assert problem.message == "'" + "9" * 30 + "x" * 10 + "…' är inget tal"
