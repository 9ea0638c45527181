"""Benchmark: render the area profile (HTML and JSON) for every Huddinge area and year,
in-process, and for a sample of DeSO on the national synthetic dataset (all 5 984 DeSO of
Sweden, :func:`page_latency.national_store`). Prints p50/p95 in ms and the ratio against a
baseline measured in the same run (the JSON of /api/v1/indicators, a page that does no
per-area work). Goal: p95 < 50 ms for both.

Judged as ``kommunanalys serve`` runs: the garbage collector tuned
(:func:`kommunanalys.cli.gc_tuning.tune_for_serving`), after one warm-up of the process. The
same requests with CPython's default collector settings are printed for comparison (not
judged): there a full collection of the dataset's kept results lands in an unlucky request.

The app is made as ``kommunanalys serve`` makes it (``warm``) and its background warm-up is
waited for (every kommun's trends, the templates, :mod:`kommunanalys.web.warm_up`), as a
running server has done before its readers come. National DeSO: one warm-up request of
another area pays the rest of the per-process one-offs (the distributions of the level, the
kommun's areas); each timed DeSO is then asked for the first time (its assessment and spine
charts computed, its kommun's trends read), HTML and JSON.

``--clock cpu`` times the process's CPU time instead of the wall clock (on a shared machine
the wall clock also measures the other processes).

    .venv/bin/python bench/profile_latency.py [--db demo.duckdb] [--clock wall|cpu]
        [--skip-national]

``--db`` measures an existing demo database (a copy is made) instead of building one.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from kommunanalys.cli.gc_tuning import tune_for_serving
from kommunanalys.demo.build import build_demo
from kommunanalys.model import Level
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app

GOAL_MS = 50.0
DEFAULT_GC = gc.get_threshold()
CLOCK: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
#: DeSO timed on the national dataset
NATIONAL_SAMPLE = 40


def _percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def _time(client: TestClient, urls: list[str], clock: Callable[[], float]) -> list[float]:
    samples = []
    for url in urls:
        start = clock()
        response = client.get(url)
        samples.append((clock() - start) * 1000)
        assert response.status_code == 200, url
    return samples


def _baseline(client: TestClient, clock: Callable[[], float]) -> float:
    return statistics.median(_time(client, ["/api/v1/indicators"] * 50, clock))


def _run(
    store: Store, warm_up: list[str], urls: list[str], clock: Callable[[], float], tuned: bool
) -> tuple[list[float], float]:
    """A new app (nothing kept from another run), warmed up, then ``urls`` timed once each."""
    gc.unfreeze()
    gc.set_threshold(*DEFAULT_GC)
    gc.collect()
    app = create_app(store, warm=True)  # as served: every kommun's trends kept in the background
    if not app.state.warm_up.wait(timeout=600):
        raise SystemExit("the server's warm-up did not finish in 600 s")
    client = TestClient(app)
    for url in warm_up:
        client.get(url)
    if tuned:
        tune_for_serving()
    base = _baseline(client, clock)
    samples = _time(client, urls, clock)
    gc.unfreeze()
    gc.set_threshold(*DEFAULT_GC)
    return samples, base


def _report(name: str, samples: list[float], base: float, judged: bool) -> bool:
    p50, p95 = _percentile(samples, 50), _percentile(samples, 95)
    ok = p95 < GOAL_MS
    verdict = ("OK" if ok else "MISSED") if judged else "(comparison, not judged)"
    print(
        f"  {name}: n={len(samples)} p50 {p50:.1f} ms  p95 {p95:.1f} ms  "
        f"(goal: p95 < {GOAL_MS:.0f} ms) {verdict}; baseline /api/v1/indicators median "
        f"{base:.1f} ms, p95/baseline = {p95 / base:.1f}×"
    )
    return ok


def huddinge(store: Store, clock: Callable[[], float]) -> bool:
    dataset = Dataset(store)
    codes = sorted({a.code for a in dataset.areas()})
    urls = [
        f"/omrade/{code}{suffix}?ar={year}"
        for code in codes
        for year in dataset.years
        for suffix in ("", ".json")
    ]
    print(
        f"Huddinge profile pages: {len(urls)} requests ({len(codes)} areas × "
        f"{len(dataset.years)} years × HTML/JSON)"
    )
    results = []
    for tuned in (False, True):
        samples, base = _run(store, urls[:20], urls, clock, tuned)
        name = "as served (gc tuned)" if tuned else "CPython's default gc"
        results.append(_report(name, samples, base, judged=tuned))
    return results[-1]


def national(tmp: Path, clock: Callable[[], float]) -> bool:
    sys.path.insert(0, str(Path(__file__).parent))
    from page_latency import YEARS, national_store  # the same synthetic dataset

    store, count = national_store(tmp / "national.duckdb")
    deso = sorted(a.code for a in Dataset(store).areas(Level.DESO))
    sample = random.Random(3).sample(deso[1:], NATIONAL_SAMPLE)
    urls = [
        f"/omrade/{code}{suffix}?ar={year}"
        for code in sample
        for year in YEARS[-1:]
        for suffix in ("", ".json")
    ]
    warm_up = [f"/omrade/{deso[0]}?ar={YEARS[-1]}"]
    print(f"National DeSO profiles ({count} DeSO): {len(urls)} requests, each DeSO's first")
    results = []
    for tuned in (False, True):
        samples, base = _run(store, warm_up, urls, clock, tuned)
        name = "as served (gc tuned)" if tuned else "CPython's default gc"
        results.append(_report(name, samples, base, judged=tuned))
    store.close()
    return results[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing demo database (copied)")
    parser.add_argument("--clock", choices=sorted(CLOCK), default="wall")
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    clock = CLOCK[args.clock]
    print(f"Clock: {'wall' if args.clock == 'wall' else 'the process CPU time'}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        if args.db:
            shutil.copyfile(args.db, path)
            store = Store.open(path)
        else:
            store = Store.open(path)
            build_demo(store)
        ok = huddinge(store, clock)
        store.close()
        if not args.skip_national:
            ok = national(Path(tmp), clock) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
