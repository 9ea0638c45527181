"""A database file at an older schema version, for the migration tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kommunanalys.store import Store
from kommunanalys.store import store as store_module
from kommunanalys.store.schema import MIGRATIONS


def database_at(path: Path, version: int) -> duckdb.DuckDBPyConnection:
    """A new DuckDB file at ``path`` with the migrations up to ``version`` applied and recorded,
    as a database made by that release would be; the caller adds its rows and closes it."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
        "description VARCHAR NOT NULL, applied_at TIMESTAMP)"
    )
    for migration in MIGRATIONS:
        if migration.version > version:
            break
        for statement in migration.statements if migration.applies_to("duckdb") else ():
            con.execute(statement)
        con.execute(
            "INSERT INTO schema_version VALUES (?, ?, NULL)",
            (migration.version, migration.description),
        )
    return con


def store_at(url: str, version: int, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store opened on ``url`` (a new PostgreSQL database) with the migrations up to
    ``version`` only, as that release would have made it; the caller adds its rows and
    closes it."""
    with monkeypatch.context() as patched:
        older = tuple(m for m in MIGRATIONS if m.version <= version)
        patched.setattr(store_module, "MIGRATIONS", older)
        store = Store.open(url)
    assert store.schema_version() == version
    return store
