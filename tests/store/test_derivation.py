"""Derived values in the database: one row per key without a key index, all or nothing, and
migration 9 keeps the stored values."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import derive_in_store
from kommunanalys.store import Store
from kommunanalys.store import derivation as derivation_module
from kommunanalys.store.schema import MIGRATIONS
from tests.privacy.small import INDICATORS, small_store
from tests.store.old_schema import database_at

_KEY = "indicator, area, division, period, gender, age_group"


def test_a_refresh_writes_every_key_once_and_twice_the_same() -> None:
    store = small_store({("0999A0010", "2023", "K"): 2.0})
    try:
        first = store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}")
        count, keys = store.backend.query(
            f"SELECT count(*), count(DISTINCT ({_KEY})) FROM derived_value"
        )[0]
        assert count == keys == len(first) > 0
        derive_in_store(store, store.areas(), Catalogue(INDICATORS))
        assert store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}") == first
    finally:
        store.close()


def test_a_failed_derivation_leaves_the_stored_values(monkeypatch: pytest.MonkeyPatch) -> None:
    store = small_store()
    try:
        before = store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}")

        def broken(*_: object) -> None:
            raise RuntimeError("avbrott")

        monkeypatch.setattr(derivation_module, "_aggregate_custom", broken)
        monkeypatch.setattr(derivation_module, "_gender_totals", broken)
        with pytest.raises(RuntimeError):
            derive_in_store(store, store.areas(), Catalogue(INDICATORS))
        assert store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}") == before
    finally:
        store.close()


def test_migration_9_keeps_the_derived_values(tmp_path: Path) -> None:
    path = tmp_path / "v8.duckdb"
    con = database_at(path, 8)
    con.execute(
        "INSERT INTO derived_value VALUES ('antal_invanare', '0126', 'kommun', '2022', 'T', "
        "'total', 113920, NULL, NULL, NULL, 'aggregated', false, NULL)"
    )
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == MIGRATIONS[-1].version
        assert store.backend.query("SELECT area, value, method FROM derived_value") == [
            ("0126", 113920.0, "aggregated")
        ]
        indexes = store.backend.query(
            "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'derived_value'"
        )
        assert indexes == [("derived_value_area",)]
    finally:
        store.close()
