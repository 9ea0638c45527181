"""Migration 16 on a database of schema 11: the seven tables arrive empty, what was stored stays,
and a number that is not finite is refused by their CHECKs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION
from kommunanalys.store.staff_control import TABLES, StaffControlRows
from tests.store.old_schema import database_at


def test_a_schema_11_database_gets_the_tables_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = database_at(path, 11)
    con.execute("INSERT INTO goal_committee VALUES ('sn', 'Socialnämnden', '0126', NULL)")
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == LATEST_VERSION
        assert store.backend.query("SELECT id, name FROM goal_committee") == [
            ("sn", "Socialnämnden")
        ]
        rows = StaffControlRows(store.backend)
        for table in TABLES.values():
            assert rows.latest(table) == []
        with pytest.raises(duckdb.ConstraintException):
            store.backend.execute(
                "INSERT INTO investment VALUES ('sn', 2024, 'A', 'nan'::DOUBLE, 1, 1, 1, "
                "'f.csv', 'x', current_timestamp)"
            )
    finally:
        store.close()
