"""No stored number is NaN or ±inf, whatever path writes it (issue 23 item 4).

The import and the forms refuse such numbers with a message (tests/ingest/test_finite_values.py,
tests/web/routes/test_goal_entry_limits.py); this is the store's own guard beneath them: the
CHECKs of schema migration 10 on every DOUBLE column, and the staging's check of a bulk part.
Each writer is tried with NaN, inf and -inf, and must leave the database as it was.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import psycopg
import pytest

from kommunanalys.model import Division, Gender, Observation, Value
from kommunanalys.store import Store
from kommunanalys.store.staging import Staging
from tests.store.old_schema import database_at

BAD = (math.nan, math.inf, -math.inf)
#: A CHECK refused the row: DuckDB's and PostgreSQL's names for it
REFUSED = (duckdb.ConstraintException, psycopg.errors.CheckViolation)


def _obs(value: float) -> Observation:
    return Observation("antal_invanare", "0126", Division.KOMMUN, "2023", value, source="t")


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_record_import_cannot_store_a_non_finite_value(store: Store, bad: float) -> None:
    with pytest.raises(REFUSED):
        store.record_import(source="t", description="d", checksum="c", observations=[_obs(bad)])
    assert store.observation_count() == 0
    assert store.imports() == []


@pytest.mark.parametrize("column", ["value", "numerator", "denominator"])
def test_a_staged_merge_cannot_store_a_non_finite_number(store: Store, column: str) -> None:
    numbers = {"value": 1.0, "numerator": 1.0, "denominator": 2.0, column: math.nan}
    row = (
        "antal_invanare", "0126", "kommun", "2023", "T", "total",
        numbers["value"], numbers["numerator"], numbers["denominator"], None, "t", 1, 1,
    )  # fmt: skip
    with pytest.raises(REFUSED), store.transaction():
        store.backend.execute(
            f"INSERT INTO observation_row VALUES ({', '.join('?' for _ in row)})", row
        )
    assert store.observation_count() == 0


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_derived_values_cannot_be_non_finite(store: Store, bad: float) -> None:
    good = Value("antal_invanare", "0126", Division.KOMMUN, "2023", Gender.TOTAL, 5.0)
    store.replace_derived([good])
    with pytest.raises(REFUSED):
        store.replace_derived(
            [Value("antal_invanare", "0127", Division.KOMMUN, "2023", Gender.TOTAL, bad)]
        )
    assert store.backend.query("SELECT area, value FROM derived_value") == [("0126", 5.0)]


@pytest.mark.parametrize("table", ["goal_value", "goal_target"])
def test_goal_values_and_targets_cannot_be_non_finite(store: Store, table: str) -> None:
    row: tuple[object, ...]
    if table == "goal_value":
        row = ("k", "i", 2024, "helår", math.inf, None, None, "", "t", None, 1)
    else:
        row = ("k", "i", 2024, "target", None, math.nan, 1.0)
    with pytest.raises(REFUSED), store.transaction():
        store.backend.execute(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in row)})", row)
    assert store.backend.query(f"SELECT count(*) FROM {table}") == [(0,)]


@pytest.mark.duckdb_only("only DuckDB keeps a bulk import as a part (PostgreSQL: the CHECK)")
def test_a_bulk_part_with_a_non_finite_number_is_never_merged(store: Store, tmp_path: Path) -> None:
    """A tidy CSV loaded as a part (no CHECK on its table) is refused at the merge even if the
    validation was skipped."""
    path = tmp_path / "nan.csv"
    path.write_text("indicator,area,period,value\nantal_invanare,0126,2023,nan\n")
    with (
        pytest.raises(ValueError, match="inte är ändligt"),
        store.transaction(),
        Staging(store.backend) as staging,
    ):
        assert staging.add_tidy_csv(path, source="t", import_id=1) == []
        staging.merge(1)
    assert store.observation_count() == 0


def test_migration_10_keeps_the_rows_and_adds_the_checks(tmp_path: Path) -> None:
    path = tmp_path / "v8.duckdb"
    con = database_at(path, 8)
    con.execute(
        "INSERT INTO observation_row VALUES ('antal_invanare', '0126', 'kommun', '2022', 'T', "
        "'total', 113920, NULL, NULL, NULL, 'SCB', 1, 1)"
    )
    con.execute(
        "INSERT INTO goal_value VALUES ('k', 'i', 2024, 'helår', 1.5, 1, 2, '', 't', NULL, 1)"
    )
    con.close()
    migrated = Store.open(path)
    assert migrated.schema_version() >= 10
    assert migrated.backend.query("SELECT area, value FROM observation") == [("0126", 113920.0)]
    assert migrated.backend.query("SELECT value FROM goal_value") == [(1.5,)]
    with pytest.raises(REFUSED):
        migrated.record_import(
            source="t", description="d", checksum="c", observations=[_obs(math.nan)]
        )
    migrated.close()
