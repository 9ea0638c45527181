"""Migration 14 on a database of schema 11: the economy tables appear, nothing else moves."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION
from tests.store.old_schema import database_at


def test_a_schema_11_database_gets_the_economy_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = database_at(path, 11)
    con.execute("INSERT INTO goal_committee VALUES ('sn', 'Socialnämnden', '0126', NULL)")
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == LATEST_VERSION
        assert {"econ_unit", "econ_ledger_code", "econ_amount", "econ_volume"} <= set(
            store.backend.table_names()
        )
        assert store.backend.query("SELECT id FROM goal_committee") == [("sn",)]
        assert store.economy.amounts("sn") == []
    finally:
        store.close()
