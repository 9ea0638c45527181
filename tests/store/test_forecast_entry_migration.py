"""Migration 18 on a database of schema 16: the editors' forecast entries and the month locks
arrive empty, what was stored stays, and an entered amount that is not finite is refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION
from tests.store.old_schema import database_at


def test_a_schema_16_database_gets_the_forecast_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = database_at(path, 16)
    con.execute("INSERT INTO goal_committee VALUES ('sn', 'Socialnämnden', '0126', NULL)")
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == LATEST_VERSION >= 18
        assert store.backend.query("SELECT id FROM goal_committee") == [("sn",)]
        assert store.economy.forecast_entries("sn") == []
        assert store.economy.locked_months("sn") == set()
        with pytest.raises(duckdb.ConstraintException):
            store.backend.execute(
                "INSERT INTO econ_forecast_entry VALUES ('sn', 'x', '2024-01', 'inf'::DOUBLE, "
                "'', 1, 'a', current_timestamp)"
            )
    finally:
        store.close()


def test_entries_keep_every_revision_and_locks_toggle(store: Store) -> None:
    rows = store.economy
    with store.transaction():
        assert rows.add_forecast_entry("sn", "bou", "2024-08", -1e6, "första", "a") == 1
        assert rows.add_forecast_entry("sn", "bou", "2024-08", -2e6, "andra", "b") == 2
        rows.add_forecast_entry("sn", "bou", "2023-08", None, "förra året", "a")
    latest = rows.forecast_entries("sn", 2024)
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in latest] == [
        ("bou", "2024-08", -2e6, "andra", 2, "b")
    ]
    assert len(rows.forecast_entries("sn")) == 2
    assert store.backend.query("SELECT count(*) FROM econ_forecast_entry")[0][0] == 3
    with store.transaction():
        rows.set_month_lock("sn", "2024-08", True, "analytiker")
        rows.set_month_lock("sn", "2024-08", True, "analytiker")
    assert rows.locked_months("sn") == {"2024-08"}
    with store.transaction():
        rows.set_month_lock("sn", "2024-08", False, "analytiker")
    assert rows.locked_months("sn") == set()
