"""The staging area on its own: staging rows, checking them, counting, merging, rolling back.

The import tests (tests/ingest) run it end to end through the pipeline; these call
:class:`kommunanalys.store.staging.Staging` directly on a store with the catalogue and
Huddinge's areas, so that a failure names the step that broke.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.model import Division, Gender, Observation
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.store import Store
from kommunanalys.store.staging import Staging
from tests.ingest.helpers import with_catalogue

COUNT = "antal_invanare"
SHARE = "andel_aktualiseringar_barn_o_ungdom"
DESO = "0126C1010"


def _row(
    value: float | None,
    *,
    indicator: str = COUNT,
    area: str = DESO,
    period: str = "2022",
    gender: Gender = Gender.TOTAL,
    numerator: float | None = None,
    denominator: float | None = None,
    row: int = 2,
) -> SourceRow:
    observation = Observation(
        indicator,
        area,
        Division.DESO2018,
        period,
        value,
        gender=gender,
        numerator=numerator,
        denominator=denominator,
        source="test",
    )
    return SourceRow(observation, Where("fil.xlsx", sheet="Blad1", row=row, column="C"))


def _rows_in_observation(store: Store) -> list[tuple[object, ...]]:
    return store.backend.query(
        "SELECT indicator, area, period, gender, value, import_id, revision FROM observation "
        "ORDER BY indicator, area, period, gender, revision"
    )


def _merge(store: Store, rows: list[SourceRow], import_id: int) -> tuple[int, int, int]:
    """Stage ``rows`` and merge them as import ``import_id``; (staged, added, revised)."""
    with Staging(store.backend, file_label="fil.xlsx") as staging, store.transaction():
        staging.add_rows(rows)
        assert staging.problems() == []
        counts = staging.merge(import_id)
    return counts.staged, counts.added, counts.revised


def test_staged_rows_are_counted_and_the_table_is_dropped_after(store: Store) -> None:
    with_catalogue(store)
    with Staging(store.backend) as staging:
        assert staging.count() == 0
        assert staging.add_rows([_row(10), _row(12, gender=Gender.WOMEN)]) == 2
        assert staging.count() == 2
        table = staging.table
        assert store.backend.query(f"SELECT count(*) FROM {table}") == [(2,)]
    with pytest.raises(Exception, match=table):
        store.backend.query(f"SELECT count(*) FROM {table}")


def test_rows_that_match_the_catalogue_have_no_problems(store: Store) -> None:
    with_catalogue(store)
    with Staging(store.backend) as staging:
        staging.add_rows(
            [
                _row(1200),
                _row(None, indicator=SHARE, numerator=3, denominator=40),
                _row(1100, period="2021"),
            ]
        )
        assert staging.problems() == []


def test_every_kind_of_problem_names_its_row_and_column(store: Store) -> None:
    with_catalogue(store)
    with Staging(store.backend, file_label="fil.xlsx") as staging:
        staging.add_rows(
            [
                _row(5, indicator="finns_inte", row=2),
                _row(5, area="0126C9999", row=3),
                _row(5, period="1850", row=4),
                _row(2.5, row=5),
                _row(None, indicator=SHARE, numerator=9, denominator=4, row=6),
                _row(None, area="0126C1020", row=7),
            ]
        )
        problems = staging.problems(first_year=1900, last_year=2030)
    by_row = {p.where.row: p for p in problems}
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7]
    assert "okänd indikator 'finns_inte'" in by_row[2].message
    assert "okänd områdeskod '0126C9999'" in by_row[3].message
    assert "perioden '1850' ligger utanför 1900–2030" in by_row[4].message
    assert "antalet 2,5 är inget heltal" in by_row[5].message  # Swedish decimals (issue 21)
    assert "täljaren 9 är större än nämnaren 4" in by_row[6].message
    assert "varken värde eller statuskod" in by_row[7].message
    # adapters keep the value's own file, sheet and column
    assert all(
        (p.where.file, p.where.sheet, p.where.column) == ("fil.xlsx", "Blad1", "C")
        for p in problems
    )


def test_a_duplicate_key_is_reported_with_both_rows(store: Store) -> None:
    with_catalogue(store)
    with Staging(store.backend) as staging:
        staging.add_rows([_row(10, row=2), _row(11, row=9)])
        [problem] = staging.problems()
    assert problem.where.row == 2
    assert "samma nyckel finns flera gånger" in problem.message and "rader 2, 9" in problem.message


def test_merge_adds_new_keys_revises_changed_values_and_skips_equal_ones(store: Store) -> None:
    with_catalogue(store)
    assert _merge(store, [_row(10), _row(20, period="2021")], 1) == (2, 2, 0)
    assert _merge(store, [_row(10), _row(21, period="2021")], 2) == (2, 0, 1)
    assert _rows_in_observation(store) == [
        (COUNT, DESO, "2021", "T", 20.0, 1, 1),
        (COUNT, DESO, "2021", "T", 21.0, 2, 2),  # the old revision stays
        (COUNT, DESO, "2022", "T", 10.0, 1, 1),
    ]


def test_a_merge_rolled_back_writes_nothing(store: Store) -> None:
    with_catalogue(store)

    class Stop(Exception):
        pass

    with Staging(store.backend) as staging:
        staging.add_rows([_row(10)])
        with pytest.raises(Stop), store.transaction():
            counts = staging.merge(1)
            assert counts.added == 1
            assert store.observation_count() == 1  # visible inside the transaction
            raise Stop
    assert store.observation_count() == 0


def test_a_tidy_csv_is_staged_and_its_unreadable_lines_are_problems(
    tmp_path: Path, store: Store
) -> None:
    with_catalogue(store)
    path = tmp_path / "data.csv"
    path.write_text(
        "indicator,area,period,gender,value\n"
        f"{COUNT},{DESO},2022,T,1200\n"
        f"{COUNT},{DESO}_DeSO2025,2024,K,tusen\n"
        f"{COUNT},0126,2022,T,56000\n",
        encoding="utf-8",
    )
    with Staging(store.backend) as staging:
        problems = staging.add_tidy_csv(path, source="Fil data.csv")
        unreadable = Problem(Where("data.csv", row=3, column="value"), "'tusen' är inget tal")
        assert problems == [unreadable]
        assert staging.count() == 2
        # the suffix is taken off the area code; the division is inferred from code and year
        assert store.backend.query(
            f"SELECT area, division, gender, age_group FROM {staging.relation} ORDER BY area"
        ) == [("0126", "kommun", "T", "total"), (DESO, "DeSO2018", "T", "total")]


def test_a_tidy_csv_without_a_required_column_is_refused(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    path = tmp_path / "data.csv"
    path.write_text(f"indicator,area,value\n{COUNT},{DESO},1200\n", encoding="utf-8")
    with Staging(store.backend) as staging:
        [problem] = staging.add_tidy_csv(path, source="Fil data.csv")
        assert problem.where == Where("data.csv", row=1)
        assert "kolumnen 'period' saknas" in problem.message
        assert staging.count() == 0


def test_a_tidy_csv_loaded_as_a_part_merges_without_a_copy(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    path = tmp_path / "data.csv"
    path.write_text(
        f"indicator,area,period,value\n{COUNT},{DESO},2022,1200\n{COUNT},0126,2022,56000\n",
        encoding="utf-8",
    )
    with Staging(store.backend) as staging, store.transaction():
        import_id = store.next_import_id()
        assert staging.add_tidy_csv(path, source="Fil data.csv", import_id=import_id) == []
        assert staging.problems() == []
        counts = staging.merge(import_id)
    assert (counts.staged, counts.added, counts.revised, counts.unchanged) == (2, 2, 0, 0)
    assert [r[:5] for r in _rows_in_observation(store)] == [
        (COUNT, "0126", "2022", "T", 56000.0),
        (COUNT, DESO, "2022", "T", 1200.0),
    ]
