"""The checks' grouping into cells (the key without the gender): duplicates and T = K + M
are found as before wherever the rows of one cell come from, and a clean national file is
checked without per-row work that its cells can do (issue 22, DuckDB's import throughput).

The grouping keeps four plain aggregates per cell (rows, the sum of gender codes, values,
T - K - M); a file loaded as a part is grouped by its columns as read unless a code carries
SCB's vintage suffix (then two codes can be one area). Before the row checks' scan of a part,
a proof that no row fails (store/check_prefilter.py); the scan runs only where it finds
something, so each kind of problem is tried here beside clean rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest.files import import_file
from kommunanalys.store import Store
from kommunanalys.store.row_checks import row_checks
from tests.ingest.helpers import tidy
from tests.ingest.test_validation import rejected, where

HEADER = "indicator,area,period,gender,value"
KEYED = "indicator,area,division,period,gender,age_group,value"


def test_a_key_written_with_and_without_its_suffix_is_a_duplicate(
    store: Store, tmp_path: Path
) -> None:
    path = tidy(
        tmp_path / "suffix.csv",
        "antal_invanare,0126A0010,2022,T,10",
        "antal_invanare,0126A0010_DeSO2018,2022,T,10",
        header=HEADER,
    )
    (problem,) = rejected(store, path)
    assert where(problem)[:3] == ("suffix.csv", None, 2)
    assert problem.message == (
        "samma nyckel finns flera gånger (antal_invanare, 0126A0010, 2022, T, total; rader 2, 3)"
    )


def test_women_and_men_written_with_a_suffix_still_add_up_to_the_total(
    store: Store, tmp_path: Path
) -> None:
    path = tidy(
        tmp_path / "blandat.csv",
        "antal_invanare,0126A0010,2022,T,77",
        "antal_invanare,0126A0010_DeSO2018,2022,K,45",
        "antal_invanare,0126A0010_DeSO2018,2022,M,26",
        header=HEADER,
    )
    (problem,) = rejected(store, path)
    assert where(problem) == ("blandat.csv", None, 2, "value")
    assert problem.message == (
        "totalen 77 är inte kvinnor 45 + män 26 (antal_invanare, 0126A0010, 2022)"
    )


@pytest.mark.parametrize(
    "genders",
    [("K", "K"), ("T", "T", "K"), ("M", "M", "M"), ("T", "K", "K", "M")],
    ids=["KK", "TTK", "MMM", "TKKM"],
)
def test_a_gender_twice_in_a_cell_is_a_duplicate(
    store: Store, tmp_path: Path, genders: tuple[str, ...]
) -> None:
    """Gender codes T 1, K 2, M 4: no repeat adds up to the sum of distinct codes."""
    path = tidy(
        tmp_path / "kon.csv",
        *(f"antal_invanare,0126C1310,2022,{g},{n}" for n, g in enumerate(genders, 1)),
        header=HEADER,
    )
    problems = rejected(store, path)
    assert any("samma nyckel finns flera gånger" in p.message for p in problems)


def test_a_duplicated_cell_that_does_not_add_up_reports_both(store: Store, tmp_path: Path) -> None:
    path = tidy(
        tmp_path / "bada.csv",
        "antal_invanare,0126C1310,2022,T,77",
        "antal_invanare,0126C1310,2022,T,77",
        "antal_invanare,0126C1310,2022,K,45",
        "antal_invanare,0126C1310,2022,M,26",
        header=HEADER,
    )
    messages = [p.message for p in rejected(store, path)]
    assert "totalen 77 är inte kvinnor 45 + män 26 (antal_invanare, 0126C1310, 2022)" in messages
    assert any(m.startswith("samma nyckel finns flera gånger") for m in messages)


def test_an_unknown_gender_alone_in_its_cell_is_reported_once(store: Store, tmp_path: Path) -> None:
    path = tidy(tmp_path / "x.csv", "antal_invanare,0126C1310,2022,X,5", header=HEADER)
    (problem,) = rejected(store, path)
    assert where(problem) == ("x.csv", None, 2, "gender")
    assert problem.message == "okänt kön 'X' (väntade T, K eller M)"


def test_cells_are_keyed_by_age_group_and_division_when_the_file_has_them(
    store: Store, tmp_path: Path
) -> None:
    ok = tidy(
        tmp_path / "nycklar.csv",
        "antal_invanare,0126A0010,DeSO2018,2022,T,0-6,3",
        "antal_invanare,0126A0010,DeSO2018,2022,T,7-15,4",
        "antal_invanare,0126A0010,DeSO2025,2022,T,0-6,5",
        header=KEYED,
    )
    assert import_file(store, ok, refresh=False).ok
    again = tidy(
        tmp_path / "dubbel.csv",
        "antal_invanare,0126A0010,DeSO2018,2023,T,0-6,3",
        "antal_invanare,0126A0010,DeSO2018,2023,T,0-6,4",
        header=KEYED,
    )
    (problem,) = rejected(store, again)
    assert problem.message.startswith(
        "samma nyckel finns flera gånger (antal_invanare, 0126A0010, 2023, T, 0-6"
    )


def test_a_clean_part_is_grouped_as_read_and_its_periods_looked_up(
    engine: str, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The passes of a clean first import (DuckDB keeps it as a part): the file read once,
    no per-row translation of the period, no scan of every row joined with its indicator and
    area for the row checks (the proof found nothing), and one grouping of the part's own
    columns (no computed area, division or age group to hash per row)."""
    if engine != "duckdb":
        pytest.skip("parts are DuckDB's")
    statements: list[str] = []
    backend = store.backend
    for name in ("execute", "query"):
        run = getattr(backend, name)

        def record(sql: str, params: object = (), run: object = run) -> object:
            statements.append(sql)
            return run(sql, params)  # type: ignore[operator]

        monkeypatch.setattr(backend, name, record)
    path = tidy(
        tmp_path / "ren.csv",
        "antal_invanare,0126C1310,2022,T,71",
        "antal_invanare,0126C1310,2022,K,45",
        "antal_invanare,0126C1310,2022,M,26",
        header=HEADER,
    )
    assert import_file(store, path, refresh=False).ok
    reads = [s for s in statements if "read_csv(" in s]
    assert len(reads) == 1
    assert not [s for s in statements if "translate(" in s]
    scan = "s LEFT JOIN indicator i ON i.id = s.indicator LEFT JOIN area a"
    assert not [s for s in statements if scan in s]
    (grouping,) = [s for s in statements if "GROUP BY s.indicator" in s]
    assert "GROUP BY s.indicator, s.area, s.period)" in grouping
    assert "FROM observation_part_" in grouping and "split_part" not in grouping


FULL = "indicator,area,period,gender,age_group,value,numerator,denominator,status"
CLEAN = "antal_invanare,0126C1310,2022,T,total,71,,,"
SHARE = "andel_aktualiseringar_barn_o_ungdom"
CLEAN_SHARE = f"{SHARE},0126C1310,2022,T,total,50,2,4,"


#: One row per kind of row problem (:func:`~kommunanalys.store.row_checks.row_checks`): the
#: row, the column it is reported in and a piece of the check's message.
BAD_ROWS = [
    ("antal_invanare,0126C1310,2021,T,total,2e15,,,", "value", "orimligt stort"),
    (f"{SHARE},0126C1310,2021,T,total,50,-2e15,1,", "numerator", "orimligt stort"),
    (f"{SHARE},0126C1310,2021,T,total,50,1,2e15,", "denominator", "orimligt stort"),
    ("antal_invanare,0126C1310,2021,T,total,nan,,,", "value", "inget ändligt tal"),
    ("antal_invanare,0126C1310,2021,T,total,-inf,,,", "value", "inget ändligt tal"),
    (f"{SHARE},0126C1310,2021,T,total,50,nan,4,", "numerator", "inget ändligt tal"),
    (f"{SHARE},0126C1310,2021,T,total,50,1,inf,", "denominator", "inget ändligt tal"),
    (f"antal_invanare,0126C1310,2021,T,{'x' * 41},5,,,", "age_group", "längre än"),
    (f"antal_invanare,0126C1310,2021,T,total,,,,{'.' * 41}", "status", "längre än"),
    ("antal_invanare,0126C1310,2021,X,total,5,,,", "gender", "okänt kön"),
    ("antal_invanare,0126C1310,2021,,total,5,,,", "gender", "könet saknas"),
    ("antal_invanare,0126C1310,2021,T, ,5,,,", "age_group", "åldersgruppen saknas"),
    ("antal_invanare,0126C1310,2021,T,total,-1,,,", "value", "inget heltal ≥ 0"),
    ("antal_invanare,0126C1310,2021,T,total,1.5,,,", "value", "inget heltal ≥ 0"),
    (f"{SHARE},0126C1310,2021,T,total,101,,,", "value", "utanför 0–100"),
    (f"{SHARE},0126C1310,2021,T,total,-1,,,", "value", "utanför 0–100"),
    (f"{SHARE},0126C1310,2021,T,total,50,5,4,", "numerator", "större än"),
    (f"{SHARE},0126C1310,2021,T,total,50,1.5,4,", "numerator", "heltal ≥ 0"),
    (f"{SHARE},0126C1310,2021,T,total,50,1,-4,", "numerator", "heltal ≥ 0"),
    ("antal_invanare,0126C1310,2021,T,total,,,,", "value", "varken värde"),
    ("antal_invanare,0126C1310,21,T,total,5,,,", "period", "perioden"),
    ("antal_invanare,0126C9999,2021,T,total,5,,,", "area", "okänd områdeskod"),
    ("antal_invanare,Ingenstans,2021,T,total,5,,,", "division", "kan inte avgöra indelningen"),
    ("antal_enhorningar,0126C1310,2021,T,total,5,,,", "indicator", "okänd indikator"),
]


def test_every_row_check_has_a_bad_row_below() -> None:
    """A new check of the staged rows needs a row here: the proof that no row fails
    (:mod:`~kommunanalys.store.check_prefilter`) skips the exact scan, so a check it does
    not cover would let a bad file through unseen."""
    uncovered = [
        (check.column, check.message)
        for check in row_checks(1900, 2100)
        if not any(c == check.column and piece in check.message for _, c, piece in BAD_ROWS)
    ]
    assert uncovered == []


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_one_bad_row_among_clean_ones_is_found(
    store: Store, tmp_path: Path, row: str, column: str, message: str
) -> None:
    """Each kind of row problem, alone beside clean rows of the same indicator: the proof
    that no row fails (check_prefilter) must not miss it, and the exact scan reports it."""
    clean = (CLEAN, CLEAN_SHARE)
    later = [r.replace("2022", "2023") for r in clean]
    path = tidy(tmp_path / "en.csv", clean[0], row, clean[1], *later, header=FULL)
    found = [where(p) for p in rejected(store, path) if message in p.message]
    assert found == [("en.csv", None, 3, column)]


def test_a_total_alone_is_checked_against_the_latest_revision_of_its_genders(
    store: Store, tmp_path: Path
) -> None:
    """K revised (revision 2, over a first import kept as read): a file of T alone is checked
    against K's revision 2 and M, not revision 1."""

    def file(name: str, *rows: str) -> Path:
        return tidy(tmp_path / name, *rows, header=HEADER)

    first = file(
        "a.csv",
        *(f"antal_invanare,0126A0010,2022,{g},{v}" for g, v in (("T", 5), ("K", 2), ("M", 3))),
    )
    assert import_file(store, first, refresh=False).added == 3
    revised = file(
        "b.csv", "antal_invanare,0126A0010,2022,T,7", "antal_invanare,0126A0010,2022,K,4"
    )
    assert import_file(store, revised, refresh=False).revised == 2
    (problem,) = rejected(store, file("c.csv", "antal_invanare,0126A0010,2022,T,5"))
    assert problem.message.startswith("totalen 5 är inte kvinnor 4 + män 3")
    assert import_file(store, file("d.csv", "antal_invanare,0126A0010,2022,T,7")).ok
