"""The store: migrations, append-only revisions, idempotent and all-or-nothing imports."""

from __future__ import annotations

import pytest

from kommunanalys.model import Division, Observation
from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION


def _obs(value: float, area: str = "0126C1310") -> Observation:
    return Observation("antal_invanare", area, Division.DESO2018, "2023", value, source="test")


def test_migrations_are_recorded_and_rerunnable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "a.duckdb")
    assert store.schema_version() == LATEST_VERSION
    store.close()
    again = Store.open(tmp_path / "a.duckdb")
    assert again.migrate() == LATEST_VERSION


def test_revisions_are_new_rows_and_same_data_writes_nothing(store: Store) -> None:
    first = store.record_import(source="t", description="1", checksum="a", observations=[_obs(10)])
    same = store.record_import(source="t", description="2", checksum="a", observations=[_obs(10)])
    changed = store.record_import(
        source="t", description="3", checksum="b", observations=[_obs(11)]
    )
    assert (first.rows_written, same.rows_written, changed.rows_written) == (1, 0, 1)
    assert store.observation_count() == 2  # the old value is kept
    [current] = store.current_observations()
    assert current.value == 11 and current.import_id == changed.id


def test_a_failing_import_leaves_the_database_as_it_was(store: Store) -> None:
    store.record_import(source="t", description="1", checksum="a", observations=[_obs(10)])
    with pytest.raises(ValueError, match="dubbel nyckel"):
        store.record_import(
            source="t",
            description="bad",
            checksum="x",
            observations=[_obs(12, "0126C1270"), _obs(12, "0126C1270")],
        )
    assert store.observation_count() == 1
    assert len(store.imports()) == 1
