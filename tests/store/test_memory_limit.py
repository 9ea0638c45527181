"""DuckDB's memory is bounded (issue 23 item 7): a limit derived from the machine unless
``KOMMUNANALYS_DB_MEMORY`` says otherwise, a temporary directory to spill to beside the file
(in the system's temporary directory for an in-memory database), emptied when it closes; a
setting that is not a size is the one Swedish message, exit code 2, the file untouched."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.config import (
    DB_MEMORY_MAX,
    DB_MEMORY_MIN,
    ENV_DB_MEMORY,
    ConfigError,
    database_memory_limit,
)
from kommunanalys.errors import ErrorCode
from kommunanalys.store import Store

GB = 1024**3


def test_the_default_is_a_quarter_of_the_machine_within_bounds() -> None:
    assert database_memory_limit({}, memory=4 * GB) == GB
    assert database_memory_limit({}, memory=64 * GB) == DB_MEMORY_MAX == 2 * GB
    assert database_memory_limit({}, memory=512 * 1024**2) == DB_MEMORY_MIN
    assert DB_MEMORY_MIN <= database_memory_limit({}) <= DB_MEMORY_MAX  # this machine's


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("512MB", 512 * 1000**2),
        ("1.5GiB", int(1.5 * GB)),
        (" 3 gb ", 3 * 1000**3),
        ("10%", int(8 * GB * 0.1)),
    ],
)
def test_the_setting_takes_sizes_and_shares(text: str, limit: int) -> None:
    assert database_memory_limit({ENV_DB_MEMORY: text}, memory=8 * GB) == limit


@pytest.mark.parametrize("text", ["mycket", "2", "0GB", "-1GB", "150%", "2 GB RAM"])
def test_a_setting_that_is_no_size_is_refused(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        database_memory_limit({ENV_DB_MEMORY: text})
    assert caught.value.code is ErrorCode.DB_MEMORY_INVALID
    assert f"{ENV_DB_MEMORY}={text.strip()}" in str(caught.value)


def _setting(store: Store, name: str) -> str:
    return str(store.backend.query(f"SELECT current_setting('{name}')")[0][0])


def test_a_database_file_is_bounded_and_spills_beside_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DB_MEMORY, "300MB")
    store = Store.open(tmp_path / "k.duckdb")
    try:
        assert _setting(store, "memory_limit") == "286.1 MiB"  # DuckDB shows MiB
        assert _setting(store, "temp_directory") == f"{tmp_path / 'k.duckdb'}.tmp"
    finally:
        store.close()
    monkeypatch.delenv(ENV_DB_MEMORY)
    store = Store.open(tmp_path / "k.duckdb", read_only=True)
    try:  # DuckDB's own default would be 80 % of the machine's memory
        limit = store.backend.query("SELECT current_setting('memory_limit')")[0][0]
        assert limit == _shown(database_memory_limit())
    finally:
        store.close()


def _shown(limit: int) -> str:
    """``limit`` bytes as DuckDB shows a memory limit."""
    for unit, size in (("GiB", GB), ("MiB", 1024**2)):
        if limit >= size:
            return f"{limit / size:.1f} {unit}"
    return f"{limit} bytes"


def test_a_statement_beyond_the_limit_spills_and_the_files_go_at_close(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_DB_MEMORY, "24MB")
    store = Store.memory()
    folder = Path(_setting(store, "temp_directory"))
    assert folder.parent == Path(tempfile.gettempdir())
    try:
        store.backend.execute("SET threads = 1")
        store.backend.execute(
            "CREATE TEMP TABLE big AS SELECT md5(CAST(range AS VARCHAR)) AS h "
            "FROM range(400000) ORDER BY h"
        )
        spilled = store.backend.query("SELECT path FROM duckdb_temporary_files()")
        assert spilled and all(Path(p).parent == folder for (p,) in spilled)
        assert store.backend.query("SELECT count(*) FROM big") == [(400000,)]
    finally:
        store.close()
    assert not [p for p, in spilled if Path(p).exists()]


def test_a_bad_setting_is_one_message_and_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "k.duckdb"
    Store.open(db).close()
    before = db.read_bytes()
    monkeypatch.setenv(ENV_DB_MEMORY, "mycket")
    result = CliRunner().invoke(app, ["indicators", "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "KOMMUNANALYS_DB_MEMORY=mycket är ingen minnesgräns" in result.output
    assert "Traceback" not in result.output
    assert db.read_bytes() == before
