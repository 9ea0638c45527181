"""Migration 19 on a database of schema 16: the report_text table arrives empty and what was
stored stays."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.report.narrative import TextSection, narrative, save_text
from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION
from tests.store.old_schema import database_at


def test_a_schema_16_database_gets_the_report_texts(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = database_at(path, 16)
    assert "report_text" not in {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    con.execute("INSERT INTO goal_committee VALUES ('sn', 'Socialnämnden', '0126', NULL)")
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == LATEST_VERSION >= 19
        assert store.backend.query("SELECT id FROM goal_committee") == [("sn",)]
        assert store.report_texts.latest("sn", 2024, "helår") == []
        save_text(store, "sn", 2024, "helår", TextSection.EVENTS, "Året.", "anna")
        assert narrative(store, "sn", 2024, "helår").text(TextSection.EVENTS) == "Året."
    finally:
        store.close()
