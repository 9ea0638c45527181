"""Bulk tidy-CSV imports kept as parts behind the ``observation`` view."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest import import_tidy_csv
from kommunanalys.published import published_checksum
from kommunanalys.store import Store
from kommunanalys.store.backup import backup, restore
from kommunanalys.store.observation_parts import part_table
from kommunanalys.store.schema import MIGRATIONS
from tests.ingest.helpers import with_catalogue
from tests.store.old_schema import database_at

HEADER = "indicator,area,period,gender,value\n"
ROWS = (
    "antal_invanare,0126C1010,2022,T,1200\n"
    "antal_invanare,0126C1010_DeSO2025,2024,T,1210\n"
    "antal_invanare,0126,2022,K,56000\n"
)


def _csv(tmp_path: Path, body: str = ROWS, name: str = "bulk.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _parts(store: Store) -> list[tuple[int, str]]:
    return [
        (int(i), str(t))
        for i, t in store.backend.query(
            "SELECT import_id, table_name FROM observation_part ORDER BY 1"
        )
    ]


def _tables(store: Store) -> set[str]:
    rows = store.backend.query("SELECT table_name FROM information_schema.tables")
    return {str(r[0]) for r in rows}


#: parts are DuckDB's way to keep a bulk import (Dialect.parts); PostgreSQL stores every row in
#: observation_row, and its rejected, dry-run and re-imports are tested here all the same
PARTS_ONLY = pytest.mark.duckdb_only("only DuckDB keeps a bulk import as a part")


@PARTS_ONLY
def test_a_first_import_is_kept_as_read_and_read_complete(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    result = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    assert result.ok and result.added == 3
    [(import_id, table)] = _parts(store)
    assert table == part_table(import_id) and table in _tables(store)
    # the part holds exactly the file's columns, as read
    columns = [r[0] for r in store.backend.query(f"DESCRIBE {table}")]
    assert columns == ["indicator", "area", "period", "gender", "value"]
    rows = store.backend.query(
        "SELECT area, division, period, gender, age_group, value, source, import_id, revision "
        "FROM observation ORDER BY period, gender"
    )
    assert rows == [
        ("0126", "kommun", "2022", "K", "total", 56000.0, "Fil bulk.csv", import_id, 1),
        ("0126C1010", "DeSO2018", "2022", "T", "total", 1200.0, "Fil bulk.csv", import_id, 1),
        ("0126C1010", "DeSO2025", "2024", "T", "total", 1210.0, "Fil bulk.csv", import_id, 1),
    ]
    assert store.backend.query("SELECT count(*) FROM observation_row")[0][0] == 0


def test_a_rejected_import_leaves_no_part(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    bad = _csv(tmp_path, ROWS + "antal_invanare,9999X9999,2022,T,5\n", "bad.csv")
    result = import_tidy_csv(store, bad, actor="test", refresh=False)
    assert not result.ok
    assert _parts(store) == []
    assert not any(t.startswith("observation_part_") for t in _tables(store))
    assert store.backend.query("SELECT count(*) FROM observation")[0][0] == 0


def test_a_dry_run_leaves_no_part(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    result = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False, dry_run=True)
    assert result.ok and result.added == 3
    assert _parts(store) == []
    assert store.backend.query("SELECT count(*) FROM observation")[0][0] == 0


@PARTS_ONLY
def test_reimport_and_revision_go_to_the_row_table(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    first = _parts(store)
    again = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    assert again.ok and again.added == 0 and again.unchanged == 3
    assert _parts(store) == first  # the second import's part was dropped again
    changed = _csv(tmp_path, ROWS.replace(",1200", ",1250"), "changed.csv")
    revised = import_tidy_csv(store, changed, actor="test", refresh=False)
    assert revised.revised == 1 and revised.unchanged == 2
    assert store.backend.query("SELECT area, period, value, revision FROM observation_row") == [
        ("0126C1010", "2022", 1250.0, 2)
    ]
    history = store.history("antal_invanare", area="0126C1010")
    assert sorted((r.period, r.revision, r.value) for r in history) == [
        ("2022", 1, 1200.0),
        ("2022", 2, 1250.0),
        ("2024", 1, 1210.0),
    ]


def test_a_source_with_quotes_is_kept_verbatim(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    path = _csv(tmp_path, name="o'brien.csv")
    assert import_tidy_csv(store, path, actor="test", refresh=False).ok
    assert store.backend.query("SELECT DISTINCT source FROM observation") == [("Fil o'brien.csv",)]


def test_backup_and_restore_keep_the_parts(tmp_path: Path) -> None:
    store = with_catalogue(Store.open(tmp_path / "source.duckdb"))
    assert import_tidy_csv(store, _csv(tmp_path), actor="test").ok
    before = store.backend.query("SELECT * FROM observation ORDER BY ALL")
    backup(store, tmp_path / "backup.tar", checksum=published_checksum)
    store.close()
    restore(tmp_path / "backup.tar", tmp_path / "restored.duckdb", checksum=published_checksum)
    restored = Store.open(tmp_path / "restored.duckdb")
    assert restored.backend.query("SELECT * FROM observation ORDER BY ALL") == before
    assert len(_parts(restored)) == 1
    restored.close()


def test_migration_keeps_the_stored_rows(tmp_path: Path) -> None:
    """A database of schema 6 (rows in the table ``observation``) reads the same after."""
    path = tmp_path / "v6.duckdb"
    con = database_at(path, 6)
    con.execute(
        "INSERT INTO observation VALUES ('antal_invanare', '0126', 'kommun', '2022', 'T', "
        "'total', 113920, NULL, NULL, NULL, 'SCB', 1, 1)"
    )
    con.close()
    store = Store.open(path)
    assert store.schema_version() == MIGRATIONS[-1].version
    assert store.backend.query("SELECT area, value, revision FROM observation") == [
        ("0126", 113920.0, 1)
    ]
    assert store.backend.query("SELECT count(*) FROM observation_row")[0][0] == 1
    store.close()
