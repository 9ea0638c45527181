"""Effect logic in the database: a file replaces what was stored, whole or not at all, with an
audit event; a database of the schema before migration 13 gains the tables and keeps its data."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.logic_file import EffectLogicFileError, parse_logic_text
from kommunanalys.effect.repository import (
    LOAD_ACTION,
    EffectLogicRepository,
    UnknownOutcome,
    load_file,
)
from kommunanalys.errors import ErrorCode
from kommunanalys.store import Store
from tests.effect.test_logic_file import AREAS, GOOD, INDICATORS
from tests.store.old_schema import database_at


def test_saved_logic_reads_back_equal_with_an_audit_event(store: Store) -> None:
    logic = parse_logic_text(GOOD, "e.toml", INDICATORS, AREAS)
    repo = EffectLogicRepository(store)
    counts = repo.save(logic, "analytiker", file="e.toml")
    assert counts == {"added": 2, "changed": 0, "removed": 0, "unchanged": 0}
    assert repo.load() == logic
    assert repo.outcome("kommunens") == logic.outcomes[1]
    with pytest.raises(UnknownOutcome) as caught:
        repo.outcome("finns-inte")
    assert caught.value.code is ErrorCode.UNKNOWN_OUTCOME
    (event,) = store.audit.events(action=LOAD_ACTION)
    assert event.actor == "analytiker" and event.target == "effektlogik"
    assert "e.toml" in event.detail and "nya: lyckad-skolgang, kommunens" in event.detail

    changed = parse_logic_text(
        GOOD.replace("Ökad måluppfyllelse", "Högre måluppfyllelse"),
        "e.toml",
        INDICATORS,
        AREAS,
    )
    assert repo.save(changed, "analytiker") == {
        "added": 0,
        "changed": 1,
        "removed": 0,
        "unchanged": 1,
    }
    newest = store.audit.events(action=LOAD_ACTION)[0]
    assert "ändrade: kommunens" in newest.detail


def test_a_bad_file_leaves_the_stored_logic_as_it_was(store: Store, tmp_path: Path) -> None:
    repo = EffectLogicRepository(store)
    logic = parse_logic_text(GOOD, "e.toml", INDICATORS, AREAS)
    repo.save(logic, "analytiker")
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('riktning = "ökning"', 'riktning = "upp"'), encoding="utf-8")
    with pytest.raises(EffectLogicFileError):
        load_file(store, bad, "analytiker")
    assert repo.load() == logic
    assert len(store.audit.events(action=LOAD_ACTION)) == 1


def test_migration_13_adds_the_effect_tables_to_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "v11.duckdb"
    con = database_at(path, 11)
    con.execute(
        "INSERT INTO audit_event (happened_at, actor, action, target, detail) "
        "VALUES (now(), 'a', 'x', 't', '')"
    )
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() >= 13
        assert EffectLogicRepository(store).load().outcomes == ()
        assert InterventionRepository(store).all() == []
        assert len(store.audit.events(action="x")) == 1
        logic = parse_logic_text(GOOD, "e.toml", INDICATORS, AREAS)
        EffectLogicRepository(store).save(logic, "a")
        assert EffectLogicRepository(store).load() == logic
    finally:
        store.close()
