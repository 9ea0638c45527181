"""A snapshot reads the database as it was when made, whatever is written later; its writes
(an audit entry made while reading) go to the store and are committed."""

from __future__ import annotations

from kommunanalys.model import Division, Observation
from kommunanalys.store import Store


def _obs(value: float) -> Observation:
    return Observation("antal_invanare", "0126C1310", Division.DESO2018, "2023", value, source="t")


def test_a_snapshot_keeps_its_state_while_the_store_is_written(store: Store) -> None:
    store.record_import(source="t", description="1", checksum="a", observations=[_obs(10)])
    snapshot = store.snapshot()
    store.record_import(source="t", description="2", checksum="b", observations=[_obs(11)])
    assert [o.value for o in snapshot.current_observations()] == [10]
    assert len(snapshot.imports()) == 1
    assert [o.value for o in store.snapshot().current_observations()] == [11]


def test_a_write_through_a_snapshot_reaches_the_store(store: Store) -> None:
    snapshot = store.snapshot()
    snapshot.audit.record("analytiker", "export", "indicator:x/historik")
    assert [e.target for e in store.audit.events(action="export")] == ["indicator:x/historik"]
    snapshot.close()
    assert store.audit.events(action="export")  # closing the view loses nothing
