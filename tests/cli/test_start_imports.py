"""The command line starts without the heavy libraries (issue 22 goal 4: `kommunanalys --help`
and `values` under 0.5 s): the database (duckdb), numpy, scipy, statsmodels, weasyprint, pandas,
httpx and the web layer (fastapi, jinja2) are imported inside the commands that use them, and
importing the CLI hashes no password. A check of laziness, not a timing (bench/start_time.py
times it)."""

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
)
SRC = str(Path(__file__).resolve().parents[2] / "src")


def _loaded_after(code: str) -> dict[str, object]:
    probe = (
        "import json, sys\n"
        "calls = []\n"
        "import argon2\n"
        "original = argon2.PasswordHasher.hash\n"
        "def counted(self, *args, **kwargs):\n"
        "    calls.append(1)\n"
        "    return original(self, *args, **kwargs)\n"
        "argon2.PasswordHasher.hash = counted\n"
        f"{code}\n"
        f"print(json.dumps({{'heavy': [m for m in {HEAVY!r} if m in sys.modules],"
        " 'hashes': len(calls)}))\n"
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


def test_importing_the_cli_loads_no_heavy_library_and_hashes_nothing() -> None:
    assert _loaded_after("import kommunanalys.cli.app") == {"heavy": [], "hashes": 0}


def test_help_loads_no_heavy_library() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from kommunanalys.cli.app import app\n"
        "sys.argv = ['kommunanalys', '--help']\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    app()"
    )
    assert _loaded_after(code) == {"heavy": [], "hashes": 0}
