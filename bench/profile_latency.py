"""Benchmark: render the area profile (HTML and JSON) for every Huddinge area and year,
in-process. Prints p50/p95 in ms and the ratio against a baseline measured in the same run
(the JSON of /api/v1/indicators, a page that does no per-area work). Goal: p95 < 50 ms.

    .venv/bin/python bench/profile_latency.py [--db demo.duckdb]

``--db`` measures an existing demo database (a copy is made) instead of building one.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from kommunanalys.demo.build import build_demo
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app


def _percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing demo database (copied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        if args.db:
            shutil.copyfile(args.db, path)
            store = Store.open(path)
        else:
            store = Store.open(path)
            build_demo(store)
        client = TestClient(create_app(store))
        dataset = Dataset(store)
        codes = sorted({a.code for a in dataset.areas()})
        urls = [
            f"/omrade/{code}{suffix}?ar={year}"
            for code in codes
            for year in dataset.years
            for suffix in ("", ".json")
        ]
        for url in urls[:20]:  # warm up
            client.get(url)
        baseline = []
        for _ in range(50):
            start = time.perf_counter()
            client.get("/api/v1/indicators")
            baseline.append((time.perf_counter() - start) * 1000)
        samples = []
        for url in urls:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        p50, p95 = _percentile(samples, 50), _percentile(samples, 95)
        base = statistics.median(baseline)
        print(
            f"profile pages: {len(samples)} requests ({len(codes)} areas × "
            f"{len(dataset.years)} years × HTML/JSON)"
        )
        print(f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  (goal: p95 < 50 ms)")
        print(f"baseline /api/v1/indicators median {base:.1f} ms; p95/baseline = {p95 / base:.1f}×")
        store.close()
        return 0 if p95 < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
