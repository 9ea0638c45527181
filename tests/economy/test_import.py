"""Ledger, budget and volume import: exact sums, revisions, idempotence, and every bad input
named by file, row and column with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.analysis.economy_model import AmountKind
from kommunanalys.ingest.economy import import_amounts, import_volumes
from kommunanalys.store import Store
from tests.economy.conftest import write

LEDGER = """period;ansvar;konto;belopp
2024-01;510;5010;100000,10
2024-01;511;5020;50000,20
2024-01;510;3010;-20000
2024-02;512;4610;30000
Summa;;;160000,30
"""


def _tables(store: Store) -> tuple[list[tuple[object, ...]], ...]:
    q = store.backend.query
    return (
        q("SELECT * FROM econ_amount ORDER BY ALL"),
        q("SELECT * FROM econ_volume ORDER BY ALL"),
        q("SELECT * FROM econ_unit ORDER BY ALL"),
        q("SELECT count(*) FROM import"),
    )


def test_a_ledger_is_summed_per_month_unit_and_cost_type_exactly(
    store: Store, mapping: Path, tmp_path: Path
) -> None:
    ledger = write(tmp_path, "huvudbok.csv", LEDGER)
    result = import_amounts(store, [ledger], mapping)
    assert result.ok, result.problems
    assert result.added == 3
    rows = {(r[0], r[1], r[2], r[3]): r[5] for r in store.economy.amounts("sn")}
    # debet sign: costs stored negative, intäkter positive; öre kept
    assert rows[("bou", "2024-01", "personal", "outcome")] == pytest.approx(-150000.30)
    assert rows[("bou", "2024-01", "intakter", "outcome")] == 20000
    assert rows[("hvb", "2024-02", "kop_av_verksamhet", "outcome")] == -30000
    assert [u[0] for u in store.economy.units("sn")] == ["sn", "bou", "hvb"]


def test_the_same_file_twice_writes_nothing_and_a_change_is_a_revision(
    store: Store, mapping: Path, tmp_path: Path
) -> None:
    ledger = write(tmp_path, "huvudbok.csv", LEDGER)
    import_amounts(store, [ledger], mapping)
    again = import_amounts(store, [ledger], mapping)
    assert (again.added, again.revised, again.unchanged) == (0, 0, 3)
    changed = write(
        tmp_path,
        "huvudbok2.csv",
        LEDGER.replace("30000\n", "31000\n").replace("160000,30", "161000,30"),
    )
    third = import_amounts(store, [changed], mapping)
    assert (third.added, third.revised) == (0, 1)
    revisions = store.economy.revisions("sn", "hvb", "2024-02")
    assert [(r[3], r[5]) for r in revisions] == [(-30000, 1), (-31000, 2)]
    assert store.economy.amounts("sn")[-1][5] == -31000
    assert store.audit.count(action="economy.import") == 3


@pytest.mark.parametrize(
    ("replace", "by", "row", "column", "words"),
    [
        ("2024-01;510;5010", "2024-01;510;9999", 2, "konto", "kontot '9999' finns inte"),
        ("2024-02;512", "2024-13;512", 5, "period", "månad 13"),
        ("100000,10", "hundra", 2, "belopp", "'hundra' är inget belopp"),
        ("160000,30", "160000,00", 6, "belopp", "summaraden"),
        ("2024-01;511", "2024-01;999", 3, "ansvar", "'999' är ingen verksamhet"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(
    store: Store,
    mapping: Path,
    tmp_path: Path,
    replace: str,
    by: str,
    row: int,
    column: str,
    words: str,
) -> None:
    good = write(tmp_path, "januari.csv", LEDGER)
    import_amounts(store, [good], mapping)
    before = _tables(store)
    bad = write(tmp_path, "huvudbok.csv", LEDGER.replace(replace, by, 1))
    result = import_amounts(store, [bad], mapping)
    assert not result.ok
    [problem] = [p for p in result.problems if words in p.message]
    assert (problem.where.file, problem.where.row, problem.where.column) == (
        "huvudbok.csv",
        row,
        column,
    )
    assert _tables(store) == before


def test_a_budget_by_cost_type_and_a_forecast_needs_its_delar(
    store: Store, mapping: Path, tmp_path: Path
) -> None:
    budget = write(
        tmp_path, "budget.csv", "period,verksamhet,kostnadsslag,belopp\n2024-01,bou,personal,1200\n"
    )
    assert import_amounts(store, [budget], mapping, kind=AmountKind.BUDGET).ok
    assert not import_amounts(store, [budget], mapping, kind=AmountKind.FORECAST).ok
    assert import_amounts(store, [budget], mapping, kind=AmountKind.FORECAST, version="delar2").ok
    kinds = {(r[3], r[4]) for r in store.economy.amounts("sn")}
    assert kinds == {("budget", ""), ("forecast", "delar2")}


def test_volumes_are_read_per_insats_month_and_regi(
    store: Store, mapping: Path, tmp_path: Path
) -> None:
    volumes = write(
        tmp_path,
        "volymer.csv",
        "period;insats;placerade;vårddygn;regi\n2024-01;hvb;12,5;380;extern\n2024-01;hvb;3;90;egen\n",
    )
    assert import_volumes(store, [volumes], mapping).ok
    assert len(store.economy.volumes("sn")) == 4
    doubled = write(
        tmp_path,
        "dubbel.csv",
        "period;insats;placerade;regi\n2024-01;hvb;1;extern\n2024-01;hvb;2;extern\n",
    )
    result = import_volumes(store, [doubled], mapping)
    assert not result.ok and result.problems[0].where.row == 3
    month = write(tmp_path, "m.csv", "period;insats;placerade\n2024-13;hvb;1\n")
    [problem] = import_volumes(store, [month], mapping).problems
    assert (problem.where.row, problem.where.column) == (2, "period")
    assert len(store.economy.volumes("sn")) == 4


def test_an_excel_ledger_names_its_sheet(store: Store, mapping: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Huvudbok"
    for row in (
        ["period", "ansvar", "konto", "belopp"],
        ["2024-01", "510", "5010", 100],
        ["2024-01", "510", "5010", "tio"],
    ):
        sheet.append(row)
    path = tmp_path / "huvudbok.xlsx"
    book.save(path)
    [problem] = import_amounts(store, [path], mapping).problems
    assert (problem.where.sheet, problem.where.row, problem.where.column) == (
        "Huvudbok",
        3,
        "belopp",
    )
    assert str(problem.where) == "huvudbok.xlsx, blad Huvudbok, rad 3, kolumn belopp"
    assert store.economy.amounts("sn") == []


def test_a_corrected_extract_replaces_what_it_no_longer_books(
    store: Store, mapping: Path, tmp_path: Path
) -> None:
    import_amounts(store, [write(tmp_path, "huvudbok.csv", LEDGER)], mapping)
    # January's intäkter on 510 were booked on a cost account by mistake: the corrected
    # extract books them as personal; the other verksamheter and months are not in it
    corrected = write(
        tmp_path, "rattad.csv", "period;ansvar;konto;belopp\n2024-01;510;5010;80000,10\n"
    )
    result = import_amounts(store, [corrected], mapping)
    assert (result.added, result.revised) == (0, 2)
    rows = {(r[0], r[1], r[2]): r[5] for r in store.economy.amounts("sn")}
    assert rows[("bou", "2024-01", "intakter")] == 0
    assert rows[("bou", "2024-01", "personal")] == pytest.approx(-80000.10)
    assert rows[("hvb", "2024-02", "kop_av_verksamhet")] == -30000  # not named: kept


def test_empty_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(
    store: Store, mapping: Path, tmp_path: Path
) -> None:
    # an export with an empty first line reads as the personnel tables do: the header is the
    # first row that is not empty (the shared layout-table reader)
    ledger = write(tmp_path, "huvudbok.csv", "\n" + LEDGER.replace("100000,10", "hundra"))
    problems = import_amounts(store, [ledger], mapping).problems
    [problem] = [p for p in problems if "är inget belopp" in p.message]
    assert (problem.where.row, problem.where.column) == (3, "belopp")
    good = write(tmp_path, "bra.csv", "\n" + LEDGER)
    assert import_amounts(store, [good], mapping).added == 3


def test_a_json_file_is_refused_by_its_type(store: Store, mapping: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "volymer.csv", '[{"period": "2024-01"}]')
    [problem] = import_volumes(store, [path], mapping).problems
    assert "filtypen stöds inte" in problem.message and problem.where.file == "volymer.csv"
