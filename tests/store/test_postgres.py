"""What only the PostgreSQL engine does (the rest of tests/store runs on both engines through
the ``store`` fixture): placeholders, the URL, an unreachable server, transactions per
thread, the CSV reader's report, snapshots and the CHECK that guards bulk imports."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest

from kommunanalys.errors import ErrorCode
from kommunanalys.ingest import import_tidy_csv
from kommunanalys.store import Store
from kommunanalys.store.backend import DatabaseUnavailable
from kommunanalys.store.observation_parts import BULK_SOURCE_TABLE, BULK_TABLE
from kommunanalys.store.postgres import (
    IMPORT_STATISTICS_TARGET,
    IMPORT_WORK_MEM,
    TEMP_BUFFERS,
    DatabaseUnreachable,
    is_url,
    placeholders,
    redact,
)
from tests.ingest.helpers import with_catalogue
from tests.postgres_cluster import Cluster


def test_placeholders_leave_quoted_text_alone_and_double_percent() -> None:
    assert placeholders("SELECT ? FROM t WHERE a = ?") == "SELECT %s FROM t WHERE a = %s"
    assert placeholders("SELECT '?', \"a?\" FROM t WHERE b LIKE '5%' AND c = ?") == (
        "SELECT '?', \"a?\" FROM t WHERE b LIKE '5%%' AND c = %s"
    )
    assert placeholders("SELECT 'it''s ?' || ?") == "SELECT 'it''s ?' || %s"


def test_a_url_names_postgresql_and_its_password_is_never_shown() -> None:
    assert is_url("postgresql://u@/db?host=/tmp") and is_url("postgres://u@h/db")
    assert not is_url("kommunanalys.duckdb") and not is_url(Path("/tmp/x.duckdb"))
    assert redact("postgresql://anna:hemligt@db.example/k") == "postgresql://anna:***@db.example/k"


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"postgresql://nobody@/none?host={tmp_path}"  # no server listens there
    with pytest.raises(DatabaseUnreachable) as caught:
        Store.open(url)
    assert caught.value.code == ErrorCode.DATABASE_UNREACHABLE
    assert str(caught.value).startswith("Databasservern postgresql://nobody@/none")
    assert "svarar inte" in str(caught.value)


def test_the_cli_says_so_in_swedish_and_exits_2(tmp_path: Path) -> None:
    url = f"postgresql://nobody:hemligt@/none?host={tmp_path}"
    done = subprocess.run(
        [sys.executable, "-m", "kommunanalys.cli", "values", "-i", "antal_invanare", "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "Databasservern" in done.stderr and "svarar inte" in done.stderr
    assert "hemligt" not in done.stderr


def test_migrations_build_the_same_tables_as_on_duckdb(pg_url: str) -> None:
    pg = Store.open(pg_url)
    duck = Store.memory()
    try:
        # PostgreSQL's own: the bulk table and its sources (migration 21; DuckDB keeps parts)
        bulk = {BULK_TABLE, BULK_SOURCE_TABLE}
        assert [t for t in pg.backend.table_names() if t not in bulk] == (
            duck.backend.table_names()
        )
        assert bulk <= set(pg.backend.table_names())
        assert pg.is_current()
    finally:
        pg.close()
        duck.close()


def test_a_transaction_is_per_thread_and_a_failed_one_leaves_nothing(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        with pytest.raises(psycopg.errors.UniqueViolation), store.transaction():
            store.backend.execute("INSERT INTO disclosure_option VALUES ('a', true, NULL)")
            store.backend.execute("INSERT INTO disclosure_option VALUES ('a', true, NULL)")
        assert store.backend.query("SELECT count(*) FROM disclosure_option") == [(0,)]
        # another thread does not see (nor join) this thread's open transaction
        seen: list[object] = []
        with store.transaction():
            store.backend.execute("INSERT INTO disclosure_option VALUES ('b', true, NULL)")
            worker = threading.Thread(
                target=lambda: seen.append(
                    store.backend.query("SELECT count(*) FROM disclosure_option")[0][0]
                )
            )
            worker.start()
            worker.join()
        assert seen == [0]
        assert store.backend.query("SELECT count(*) FROM disclosure_option") == [(1,)]
    finally:
        store.close()


def test_a_statement_that_failed_inside_a_transaction_is_no_silent_commit(pg_url: str) -> None:
    """PostgreSQL answers COMMIT of an aborted transaction with a ROLLBACK: the store says
    so instead of returning as if it had saved."""
    store = Store.open(pg_url)
    try:
        with pytest.raises(DatabaseUnavailable), store.transaction():
            store.backend.execute("INSERT INTO disclosure_option VALUES ('c', true, NULL)")
            with pytest.raises(psycopg.errors.UndefinedTable):
                store.backend.execute("SELECT * FROM no_such_table")
        assert store.backend.query("SELECT count(*) FROM disclosure_option") == [(0,)]
    finally:
        store.close()


def test_a_snapshot_sees_nothing_written_after_it(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        snapshot = store.snapshot()
        store.backend.execute("INSERT INTO disclosure_option VALUES ('d', true, NULL)")
        assert snapshot.backend.query("SELECT count(*) FROM disclosure_option") == [(0,)]
        assert store.backend.query("SELECT count(*) FROM disclosure_option") == [(1,)]
        snapshot.close()
    finally:
        store.close()


def test_a_non_finite_number_in_a_tidy_csv_is_refused_by_the_check(
    pg_url: str, tmp_path: Path
) -> None:
    """DuckDB keeps a bulk import as a part and checks it at the merge; PostgreSQL keeps it
    in the import's bulk table, without CHECKs too: the staging's check (by DuckDB, beside the
    COPY) reports it (the merge's guard: tests/store/test_bulk_copy.py)."""
    store = with_catalogue(Store.open(pg_url))
    try:
        path = tmp_path / "nan.csv"
        path.write_text("indicator,area,period,value\nantal_invanare,0126,2023,nan\n")
        result = import_tidy_csv(store, path, actor="test", refresh=False)
        assert not result.ok
        assert "ändligt" in result.problems[0].message
        assert store.observation_count() == 0
    finally:
        store.close()


def test_the_cluster_runs_as_the_postgres_user_when_root(pg_cluster: Cluster) -> None:
    assert pg_cluster.url().startswith("postgresql://")
    assert (pg_cluster.data / "PG_VERSION").exists()


def test_an_import_sorts_and_hashes_in_memory_for_its_transaction_only(pg_url: str) -> None:
    """The import's transaction has the import's sort and hash memory (``work_mem``) and its
    statistics' sample, set with its lock; after it the connection has the server's own again
    (failed before: every import ran its checks and totals with the default 4 MB and sorted on
    disk, and analysed 30 000 of its staged rows)."""
    store = Store.open(pg_url)
    try:
        default = store.backend.query("SELECT current_setting('work_mem')")[0][0]
        with store.transaction():
            store.next_import_id()
            inside = store.backend.query("SELECT current_setting('work_mem')")[0][0]
            assert inside == IMPORT_WORK_MEM != default
            target = "SELECT current_setting('default_statistics_target')"
            assert store.backend.query(target)[0][0] == str(IMPORT_STATISTICS_TARGET)
        with store.backend.pinned():
            assert store.backend.query("SELECT current_setting('work_mem')")[0][0] == default
            assert store.backend.query(target)[0][0] == "100"
    finally:
        store.close()


def test_every_connection_keeps_temporary_tables_in_memory_of_their_own(pg_url: str) -> None:
    """A pooled connection has the temporary tables' memory (``temp_buffers``) that an
    import's staging needs, set when it connects (PostgreSQL refuses it after a session's
    first temporary table); failed before: 8 MB, and a 1 M-row staging went through the
    kernel page by page."""
    store = Store.open(pg_url)
    try:
        with store.staging(file_label="x"), store.backend.pinned():
            setting = store.backend.query("SELECT current_setting('temp_buffers')")[0][0]
        assert setting == TEMP_BUFFERS
    finally:
        store.close()


def _last_statement(url: str, pid: int) -> str:
    """What the server process ``pid`` ran last, seen from a connection of its own."""
    with psycopg.connect(url, autocommit=True) as other:
        row = other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
    assert row is not None
    return str(row[0])


def test_a_borrowed_connection_costs_its_statement_only(pg_url: str) -> None:
    """A statement on a borrowed connection is one round trip: giving the connection back
    sends nothing more. Failed before: every connection given back ran ``DISCARD TEMP`` (the
    pool's reset), so a signed-in editor's entry form paid 48 round trips for 24 queries."""
    store = Store.open(pg_url)
    try:
        pid = store.backend.query("SELECT pg_backend_pid()")[0][0]
        assert _last_statement(pg_url, pid) == "SELECT pg_backend_pid()"
    finally:
        store.close()


def test_a_temporary_table_never_reaches_the_next_borrower(pg_url: str) -> None:
    """A pinned connection (staging, a transaction) is cleared when given back, and so is one
    that ran a statement making a temporary table: the next user finds none."""
    store = Store.open(pg_url)
    backend = store.backend
    try:
        with backend.pinned():
            pid = backend.query("SELECT pg_backend_pid()")[0][0]
            backend.execute("CREATE TEMP TABLE left_behind (x INTEGER)")
        assert _last_statement(pg_url, pid) == "DISCARD TEMP"
        backend.execute("CREATE TEMP TABLE left_unpinned (x INTEGER)")
        for _ in range(3):  # whichever pooled connection comes: none holds either table
            with backend.pinned():
                found = backend.query(
                    "SELECT to_regclass('pg_temp.left_behind'), "
                    "to_regclass('pg_temp.left_unpinned')"
                )
            assert found == [(None, None)]
    finally:
        store.close()
