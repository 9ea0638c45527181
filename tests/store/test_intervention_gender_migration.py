"""Migration 22: an intervention's gender, stored before as the form's free text, becomes a code
(all, female, male); a word that is none of the three is kept in the target group."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.model import TargetGender
from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION
from tests.postgres_cluster import Cluster
from tests.store.old_schema import database_at, store_at

#: (id, target group, gender as stored at schema 21)
STORED = [
    ("a", "elever", "alla"),
    ("b", "", " Flickor "),
    ("c", "föräldrar", "pojkar och män"),
    ("d", "unga", "unga vuxna"),
    ("e", "", ""),
    ("f", "", "MÄN"),  # upper case, also where the database's locale does not lower Ä
    ("g", "", "Pojkar\toch  män"),
    ("h", "unga", "\t"),
]
INSERT = (
    "INSERT INTO effect_intervention (id, name, description, target_group, ages, gender, "
    "level, start_date, end_date, responsible, cost, status, created_by, created_at) "
    "VALUES (?, ?, '', ?, '', ?, NULL, NULL, NULL, '', NULL, 'planned', 'test', "
    "TIMESTAMP '2026-01-01 00:00:00')"
)
EXPECTED = {
    "a": ("elever", TargetGender.ALL),
    "b": ("", TargetGender.FEMALE),
    "c": ("föräldrar", TargetGender.MALE),
    "d": ("unga (kön: unga vuxna)", None),
    "e": ("", None),
    "f": ("", TargetGender.MALE),
    "g": ("", TargetGender.MALE),
    "h": ("unga", None),
}


def _insert(execute: Callable[[str, tuple[object, ...]], object]) -> None:
    for iid, group, gender in STORED:
        execute(INSERT, (iid, iid.upper(), group, gender))


def _migrated(db: Path | str) -> dict[str, tuple[str, TargetGender | None]]:
    """The interventions of ``db`` as the store opened at the latest schema reads them."""
    store = Store.open(db)
    try:
        assert store.schema_version() == LATEST_VERSION
        return {i.id: (i.target_group, i.gender) for i in InterventionRepository(store).all()}
    finally:
        store.close()


def test_stored_words_become_codes_on_duckdb(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = database_at(path, 21)
    _insert(con.execute)
    con.close()
    assert _migrated(path) == EXPECTED


def test_stored_words_become_codes_on_postgresql(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_cluster.create_database()
    try:
        old = store_at(url, 21, monkeypatch)
        _insert(old.backend.execute)
        old.close()
        assert _migrated(url) == EXPECTED
    finally:
        pg_cluster.drop_database(url)
