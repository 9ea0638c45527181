"""Benchmark: ``kommunanalys demo --no-serve`` — the build of the demo database (issue 22 goal 3).

The build runs as a new process (as a user runs it), ``--runs`` times (3), into a new file each
time; printed: wall seconds (median), CPU seconds and peak memory (max RSS of the process).
Baseline in the same run: DuckDB alone writing the same content — the built database exported
to Parquet and imported into a new file (``EXPORT``/``IMPORT DATABASE``), which is what the
bytes cost without reading, checking or deriving anything. Goals: < 10 s and < 400 MB.

    .venv/bin/python bench/demo_build.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kommunanalys.store import Store
from kommunanalys.store.backend import DuckDBBackend

GOAL_S = 10.0
GOAL_MB = 400.0


def _build(db: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one build in a new process."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [
        sys.executable,
        "-c",
        "import resource, sys\n"
        "from kommunanalys.cli.app import app\n"
        f"sys.argv = ['kommunanalys', 'demo', '--no-serve', '--db', {str(db)!r}]\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as end:\n"
        "    if end.code: raise\n"
        "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print('RUSAGE', usage.ru_utime + usage.ru_stime, usage.ru_maxrss)\n",
    ]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    line = next(x for x in done.stdout.splitlines() if x.startswith("RUSAGE"))
    _, cpu, rss_kb = line.split()
    return wall, float(cpu), int(rss_kb) / 1024


def _baseline(built: Path, folder: Path) -> float:
    store = Store.open(built)
    export = folder / "export"
    export.mkdir()
    store.backend.export_database(export)
    store.close()
    start = time.perf_counter()
    DuckDBBackend.import_database(export, folder / "copy.duckdb")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [_build(Path(tmp) / f"demo-{n}.duckdb") for n in range(args.runs)]
        baseline = _baseline(Path(tmp) / "demo-0.duckdb", Path(tmp))
    walls = [w for w, _, _ in runs]
    wall = statistics.median(walls)
    cpu = statistics.median(c for _, c, _ in runs)
    peak = max(r for _, _, r in runs)
    ok = wall < GOAL_S and peak < GOAL_MB
    each = ", ".join(f"{w:.2f}" for w in walls)
    print(f"demo build: {wall:.2f} s median of {args.runs} ({each}),"
          f" CPU {cpu:.2f} s, peak RSS {peak:.0f} MB; goals < {GOAL_S:.0f} s, < {GOAL_MB:.0f} MB")
    print(f"baseline (DuckDB importing the same content): {baseline:.2f} s, "
          f"ratio {wall / baseline:.1f}")
    print("PASS" if ok else "FAIL: a goal is missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
