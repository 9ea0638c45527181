"""The data version (schema migration 12): every committed write that changes published data
increments it, so that another process's server takes a new snapshot (Publisher.check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys import refresh
from kommunanalys.model import Division, Observation
from kommunanalys.refresh import Publisher
from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION
from tests.ingest.helpers import with_catalogue
from tests.store.old_schema import database_at


def _obs(value: float) -> Observation:
    return Observation("antal_invanare", "0126", Division.KOMMUN, "2023", value, source="t")


def test_migration_12_from_an_older_database_starts_at_zero(tmp_path: Path) -> None:
    path = tmp_path / "v11.duckdb"
    database_at(path, 11).close()
    store = Store.open(path)
    try:
        assert store.schema_version() == LATEST_VERSION
        assert store.data_version() == 0
    finally:
        store.close()


def test_an_import_and_a_refresh_count_and_a_rolled_back_one_does_not(store: Store) -> None:
    with_catalogue(store)
    start = store.data_version()
    store.record_import(source="t", description="d", checksum="c", observations=[_obs(1.0)])
    assert store.data_version() == start + 1
    # the same value again writes nothing: no change of the published data
    store.record_import(source="t", description="d", checksum="c", observations=[_obs(1.0)])
    assert store.data_version() == start + 1
    with pytest.raises(RuntimeError), store.transaction():
        store.changed_data()
        raise RuntimeError("rolled back")
    assert store.data_version() == start + 1
    refresh.refresh_derived(store)
    assert store.data_version() == start + 2


def test_the_publisher_takes_a_new_snapshot_when_another_writer_changed_the_data(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_catalogue(store)
    publisher = Publisher(store)
    first = publisher.dataset
    monkeypatch.setattr(refresh, "CHECK_INTERVAL", 0.0)
    publisher.check()  # nothing changed: the same dataset
    publisher.wait(timeout=30)
    assert publisher.dataset is first
    # a write that does not go through this publisher (another process's import)
    store.record_import(source="t", description="d", checksum="c", observations=[_obs(2.0)])
    publisher.check()
    assert publisher.wait(timeout=30)
    assert publisher.dataset is not first
    assert publisher.dataset.store.data_version() == store.data_version()


def test_the_publisher_asks_at_most_once_per_interval(store: Store) -> None:
    publisher = Publisher(store)
    first = publisher.dataset
    store.changed_data()
    publisher.check()  # within CHECK_INTERVAL of the publisher's start: not asked yet
    assert publisher.dataset is first
