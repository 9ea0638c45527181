"""Benchmark: the disclosure plan of a database with one BLAS thread (as every refresh now
computes it) against the BLAS library's default threads (as before), alternating.

    .venv/bin/python bench/plan_threads.py [--db DEMO.duckdb] [--rounds 3]

Without ``--db`` the demo database is built first (in a temporary folder). Prints the median of
each and their ratio; goal: one thread no slower than the default (ratio ≤ 1)."""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.demo.build import build_demo
from kommunanalys.privacy import plan as plan_module
from kommunanalys.privacy.planning import compute_for, relations_of
from kommunanalys.privacy.rules import Rules
from kommunanalys.store import Store
from kommunanalys.store.disclosure import load_options


@contextlib.contextmanager
def _default_threads(**_: object) -> Iterator[None]:
    yield  # the BLAS library's own number of threads, as before issue 22


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="en befintlig databas (annars byggs demon)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db
        if path is None:
            path = Path(tmp) / "demo.duckdb"
            built = Store.open(path)
            build_demo(built)
            built.close()
        store = Store.open(path, read_only=True)
        rules = Rules(Catalogue(tuple(store.indicators()), load_options(store)))
        relations = relations_of(store)
        single, default = [], []
        limited = plan_module.threadpool_limits
        cells: set[int] = set()
        for _ in range(args.rounds):
            for times, limit in ((default, _default_threads), (single, limited)):
                plan_module.threadpool_limits = limit
                start = time.perf_counter()
                cells.add(len(compute_for(store, rules, relations)))
                times.append(time.perf_counter() - start)
        plan_module.threadpool_limits = limited
        store.close()
    one, many = statistics.median(single), statistics.median(default)
    print(f"plan, standardtrådar:  {many:.2f} s  (alla: {', '.join(f'{s:.2f}' for s in default)})")
    print(f"plan, en tråd:         {one:.2f} s  (alla: {', '.join(f'{s:.2f}' for s in single)})")
    print(f"kvot en tråd/standard: {one / many:.2f}  (mål ≤ 1,0); dolda celler {sorted(cells)}")
    return 0 if one <= many and len(cells) == 1 else 2


if __name__ == "__main__":
    sys.exit(main())
