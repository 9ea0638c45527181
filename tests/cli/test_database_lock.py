"""A DuckDB file another process holds (a running ``kommunanalys serve``): every command says
so in Swedish — the file, the process id and its command line, what to do — exits with code 2,
prints no traceback and leaves the file as it was. Commands that only read open the file
read-only, so they run beside another reader (DuckDB lets no process open a file a writer holds,
not even read-only: for them the message is all there is)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from tests.lock_holder import holding

runner = CliRunner()
CLI = "from kommunanalys.cli.app import app; app()"  # the installed ``kommunanalys`` script

INDICATOR = "antal_aktualiseringar_kriminalitet"

# every command that reads, as a user types it; "{db}" and "{tmp}" are filled in
READING: list[list[str]] = [
    ["values", "-i", INDICATOR, "--db", "{db}"],
    ["areas", "--db", "{db}"],
    ["indicators", "--db", "{db}"],
    ["disclosure-check", "--db", "{db}"],
    ["backup", "{tmp}/kopia.tar", "--db", "{db}"],
    [
        "report",
        "verksamhetsberattelse",
        "--format",
        "html",
        "--out",
        "{tmp}/vb.html",
        "--db",
        "{db}",
    ],
    ["history", "antal_invanare", "--db", "{db}"],
    ["user", "list", "--db", "{db}"],
    ["audit", "--db", "{db}"],
    ["area", "list", "--db", "{db}"],
    ["insights", "-a", "0126R001", "--db", "{db}"],
]
WRITING: list[list[str]] = [
    ["import", "file", "{tmp}/masmo.csv", "--db", "{db}"],
    ["init", "--db", "{db}"],
    ["area", "remove", "nord", "--db", "{db}"],
]


def _args(args: list[str], db: Path, tmp: Path) -> list[str]:
    return [a.format(db=db, tmp=tmp) for a in args]


def _tidy(tmp: Path) -> None:
    (tmp / "masmo.csv").write_text(
        "indicator,area,period,value\nantal_invanare,0126C1310,2019,3190\n", encoding="utf-8"
    )


def _says_held(output: str, db: Path, pid: int) -> None:
    flat = " ".join(output.split())
    assert flat.startswith("Fel: ") or "\nFel: " in output, output
    assert f"{db} används av en annan process (PID {pid}" in flat, flat
    assert "lock_holder" not in flat  # the holder is named by its command line ...
    assert "import sys, duckdb" in flat  # ... which /proc/<pid>/cmdline gives
    assert "Stoppa den processen" in flat
    assert "eller använd PostgreSQL (se docs/deployment.md)" in flat
    assert "Traceback" not in output and "IOException" not in output


def test_serve_with_several_workers_on_a_duckdb_file_is_refused(
    demo_copy: Path, tmp_path: Path
) -> None:
    """One process writes a DuckDB file: several server processes need PostgreSQL."""
    result = runner.invoke(app, ["serve", "--workers", "2", "--db", str(demo_copy)])
    flat = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "--workers 2 kräver PostgreSQL" in flat and "docs/deployment.md" in flat
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", READING + WRITING, ids=lambda c: " ".join(c[:2]))
def test_every_command_names_the_process_that_holds_the_file(
    demo_copy: Path, tmp_path: Path, command: list[str]
) -> None:
    _tidy(tmp_path)
    before = demo_copy.read_bytes()
    with holding(demo_copy) as pid:
        result = runner.invoke(app, _args(command, demo_copy, tmp_path))
        assert result.exit_code == 2, result.output
        assert isinstance(result.exception, SystemExit)  # a clean exit, not an error escaping
        _says_held(result.stderr, demo_copy, pid)
    assert demo_copy.read_bytes() == before
    assert not (tmp_path / "kopia.tar").exists() and not (tmp_path / "vb.html").exists()


@pytest.mark.parametrize("command", READING, ids=lambda c: " ".join(c[:2]))
def test_reading_commands_open_the_file_read_only(
    demo_copy: Path, tmp_path: Path, command: list[str]
) -> None:
    """Another process reading the file (read-only) does not stop a command that only reads."""
    with holding(demo_copy, mode="read"):
        result = runner.invoke(app, _args(command, demo_copy, tmp_path))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    finding = command[0] == "disclosure-check"  # ends with code 1 when it finds a leak
    assert result.exit_code in ((0, 1) if finding else (0,)), result.output
    assert "används av en annan process" not in result.output


def test_a_writing_command_beside_a_reader_is_told_who_reads(
    demo_copy: Path, tmp_path: Path
) -> None:
    _tidy(tmp_path)
    with holding(demo_copy, mode="read") as pid:
        result = runner.invoke(app, _args(WRITING[0], demo_copy, tmp_path))
        assert result.exit_code == 2, result.output
        _says_held(result.stderr, demo_copy, pid)


def test_restore_does_not_replace_a_file_another_process_holds(
    demo_copy: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "kopia.tar"
    made = runner.invoke(app, ["backup", str(copy), "--db", str(demo_copy)])
    assert made.exit_code == 0, made.output
    before = demo_copy.read_bytes()
    with holding(demo_copy) as pid:
        result = runner.invoke(app, ["restore", str(copy), "--force", "--db", str(demo_copy)])
        assert result.exit_code == 2, result.output
        _says_held(result.stderr, demo_copy, pid)
    assert demo_copy.read_bytes() == before
    assert not list(tmp_path.glob(".*aterstalls*"))


def test_a_second_serve_is_told_and_exits_2(demo_copy: Path) -> None:
    """A real second ``kommunanalys serve`` process on the file a first one holds."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    source = Path(__file__).resolve().parents[2] / "src"
    with holding(demo_copy) as pid:
        second = subprocess.run(
            [sys.executable, "-c", CLI, "serve", "--db", str(demo_copy), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        )
    assert second.returncode == 2, second.stderr
    _says_held(second.stderr, demo_copy, pid)
