"""The command line starts without the heavy libraries (issue 22 goal 4: `kommunanalys --help`
and `values` under 0.5 s): the database (duckdb), numpy, scipy, statsmodels, weasyprint, pandas,
httpx, the web layer (fastapi, jinja2) and Babel (only to compile a translation or write a date
in words) are imported where they are used, and importing the CLI hashes no password. A check
of laziness, not a timing (bench/start_time.py times it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "duckdb",
    "numpy",
    "scipy",
    "statsmodels",
    "weasyprint",
    "pandas",
    "httpx",
    "fastapi",
    "jinja2",
    "babel",
)
SRC = str(Path(__file__).resolve().parents[2] / "src")


#: What ``values`` does not need: the libraries above but the database's own (DuckDB, numpy),
#: the layers of other commands (goal follow-up, reports, statistical analysis, the web), rich
#: (a CSV is written to stdout; rich is loaded where a console prints or a table is drawn) and
#: the import's staging area (a reader never stages).
NOT_FOR_VALUES = (
    *(m for m in HEAVY if m != "duckdb"),
    "kommunanalys.goals",
    "kommunanalys.report.content",
    "kommunanalys.analysis",
    "kommunanalys.web",
    "rich",
    "kommunanalys.store.staging",
)


def _loaded_after(code: str, watched: tuple[str, ...] = HEAVY) -> dict[str, object]:
    """Run ``code`` in a new interpreter: which of ``watched`` it loaded, how many passwords it
    hashed, and ``out`` (a variable ``code`` may set)."""
    probe = (
        "import json, sys\n"
        "calls = []\n"
        "out = None\n"
        "import argon2\n"
        "original = argon2.PasswordHasher.hash\n"
        "def counted(self, *args, **kwargs):\n"
        "    calls.append(1)\n"
        "    return original(self, *args, **kwargs)\n"
        "argon2.PasswordHasher.hash = counted\n"
        f"{code}\n"
        f"print(json.dumps({{'heavy': [m for m in {watched!r} if m in sys.modules],"
        " 'hashes': len(calls), 'out': out}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"},
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _run_cli(*args: str) -> str:
    """Code that runs the CLI with ``args`` and sets ``out`` to its exit code and output."""
    return (
        "import contextlib, io, sys\n"
        "from kommunanalys.cli.app import app\n"
        f"sys.argv = ['kommunanalys', *{list(args)!r}]\n"
        "buffer = io.StringIO()\n"
        "with contextlib.redirect_stdout(buffer):\n"
        "    try:\n"
        "        app()\n"
        "    except SystemExit as exc:\n"
        "        out = [exc.code, buffer.getvalue()]"
    )


def test_importing_the_cli_loads_no_heavy_library_and_hashes_nothing() -> None:
    assert _loaded_after("import kommunanalys.cli.app") == {"heavy": [], "hashes": 0, "out": None}


def test_help_loads_no_heavy_library() -> None:
    result = _loaded_after(_run_cli("--help"))
    assert (result["heavy"], result["hashes"]) == ([], 0)
    code, text = result["out"]  # type: ignore[misc]
    assert code == 0 and "values" in text


def test_values_loads_only_what_it_needs(demo_copy: Path) -> None:
    """``values`` opens the database (DuckDB) and the disclosure gate, nothing more: not numpy
    (the store's bulk inserts and the plan's computation import it where they run), not the
    goal follow-up or reports (``kommunanalys.report`` re-exports nothing), not scipy."""
    args = ("values", "--db", str(demo_copy), "--indicator", "antal_invanare", "--format", "csv")
    result = _loaded_after(_run_cli(*args), NOT_FOR_VALUES)
    assert (result["heavy"], result["hashes"]) == ([], 0)
    code, text = result["out"]  # type: ignore[misc]
    assert code == 0
    assert text.splitlines()[0].startswith("indicator,area,division,period,gender,value")
    assert len(text.splitlines()) > 100
