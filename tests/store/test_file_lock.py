"""Opening a DuckDB file another process holds: :class:`DatabaseLocked` names the process, and
a read-only open reads beside other readers (DuckDB's rules, checked with a real second
process)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kommunanalys.errors import ErrorCode
from kommunanalys.store import Store
from kommunanalys.store.file_lock import DatabaseLocked, command_line, locked_error
from kommunanalys.store.schema import LATEST_VERSION
from tests.lock_holder import holding

DUCKDB_SAYS = (
    'IO Error: Could not set lock on file "/data/k.duckdb": Conflicting lock is held in '
    "/usr/bin/python3.11 (PID {pid}). See also https://duckdb.org/docs/current/connect/concurrency"
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.duckdb"
    Store.open(path).close()
    return path


def test_the_holder_is_named_by_pid_and_command_line(db: Path) -> None:
    with holding(db) as pid, pytest.raises(DatabaseLocked) as raised:
        Store.open(db)
    assert raised.value.code is ErrorCode.DATABASE_LOCKED
    assert raised.value.values["pid"] == pid
    assert "import sys, duckdb" in raised.value.values["command"]  # from /proc/<pid>/cmdline
    assert str(raised.value).startswith(f"Databasen {db} används av en annan process (PID {pid}: ")


def test_no_process_opens_a_file_a_writer_holds_not_even_read_only(db: Path) -> None:
    """DuckDB's rule, which the message exists for: read-only is no way around a writer."""
    with holding(db), pytest.raises(DatabaseLocked):
        Store.open(db, read_only=True)


def test_readers_share_a_file_a_writer_cannot_open(db: Path) -> None:
    with holding(db, mode="read") as pid:
        reader = Store.open(db, read_only=True)
        try:
            assert reader.schema_version() == LATEST_VERSION
        finally:
            reader.close()
        with pytest.raises(DatabaseLocked) as raised:
            Store.open(db)
    assert raised.value.values["pid"] == pid


def test_a_read_only_open_migrates_an_older_file_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kommunanalys.store import store as store_module
    from kommunanalys.store.schema import MIGRATIONS

    path = tmp_path / "v7.duckdb"
    with monkeypatch.context() as old_code:
        old_code.setattr(store_module, "MIGRATIONS", tuple(m for m in MIGRATIONS if m.version <= 7))
        old_code.setattr(store_module, "LATEST_VERSION", 7)
        Store.open(path).close()
    reader = Store.open(path, read_only=True)
    try:
        assert reader.schema_version() == LATEST_VERSION
        with pytest.raises(Exception, match="read-only"):  # and it is open read-only
            reader.backend.execute("CREATE TABLE t (a INTEGER)")
    finally:
        reader.close()


def test_the_program_from_duckdb_when_proc_cannot_be_read(tmp_path: Path) -> None:
    error = locked_error("/data/k.duckdb", DUCKDB_SAYS.format(pid=4242))
    assert error.values["pid"] == 4242
    assert error.values["command"] in (command_line(4242), "/usr/bin/python3.11")
    assert command_line(4242, proc=tmp_path) == ""  # no /proc entry: DuckDB's program name
    unread = locked_error("/data/k.duckdb", DUCKDB_SAYS.format(pid=4242).replace("PID", "pid"))
    assert unread.code is ErrorCode.DATABASE_LOCKED_UNKNOWN_HOLDER
    assert "används av en annan process och kan inte öppnas" in str(unread)


def test_a_long_command_line_is_cut(tmp_path: Path) -> None:
    (tmp_path / "7").mkdir()
    (tmp_path / "7" / "cmdline").write_bytes(b"python\0-c\0" + b"x" * 500 + b"\0")
    shown = command_line(7, proc=tmp_path)
    assert shown.startswith("python -c xxx") and len(shown) == 200 and shown.endswith("…")
    assert command_line(os.getpid())  # this process's own line is readable on Linux
