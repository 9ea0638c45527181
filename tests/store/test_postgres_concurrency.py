"""Several processes writing one PostgreSQL database: two imports at once both land, one after
the other (the imports' lock), numbered in order and none corrupted; an import killed with
SIGKILL leaves nothing written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from kommunanalys.ingest import import_tidy_csv
from kommunanalys.ingest.pipeline import ImportResult
from kommunanalys.store import Store
from tests.ingest.helpers import with_catalogue

SRC = Path(__file__).resolve().parents[2] / "src"
AREAS = ("0126", "0126C1010", "0126C1020", "0126C1030")


def _csv(path: Path, periods: range, value: int) -> Path:
    lines = ["indicator,area,period,value"]
    lines += [f"antal_invanare,0126,{p},{value + p}" for p in periods]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_imports_at_once_both_land_in_order(pg_url: str, tmp_path: Path) -> None:
    with_catalogue(Store.open(pg_url)).close()
    files = [
        _csv(tmp_path / "a.csv", range(1990, 2000), 1000),
        _csv(tmp_path / "b.csv", range(2000, 2010), 2000),
    ]
    results: list[ImportResult] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def run(path: Path) -> None:
        store = Store.open(pg_url)
        try:
            start.wait()
            results.append(import_tidy_csv(store, path, actor="test", refresh=False))
        except BaseException as exc:
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert failures == []
    assert all(r.ok for r in results) and len(results) == 2
    store = Store.open(pg_url)
    try:
        assert sorted(r.id for r in store.imports()) == [1, 2]
        assert store.observation_count() == 20
        per_import = store.backend.query(
            "SELECT import_id, count(*) FROM observation GROUP BY import_id ORDER BY 1"
        )
        assert per_import == [(1, 10), (2, 10)]
    finally:
        store.close()


def test_an_import_killed_with_sigkill_leaves_nothing_written(pg_url: str, tmp_path: Path) -> None:
    store = with_catalogue(Store.open(pg_url))
    before = (store.observation_count(), store.imports(), store.data_version())
    path = tmp_path / "stor.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("indicator,area,period,value\n")
        for i in range(1_500_000):
            handle.write(f"antal_invanare,{AREAS[i % 4]},{1000 + i // 4 % 1000},{i}\n")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kommunanalys.cli", "import", "file", str(path), "--db", pg_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    # killed while the server writes the file's rows (the COPY into the import's bulk table)
    deadline = time.monotonic() + 60
    while not store.backend.query(
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %' AND state = 'active'"
    )[0][0]:
        assert process.poll() is None and time.monotonic() < deadline, "no COPY was seen"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL
    store.close()
    time.sleep(1)  # the server notices the closed connection and rolls its transaction back
    store = Store.open(pg_url)
    try:
        assert (store.observation_count(), store.imports(), store.data_version()) == before
        assert store.backend.query("SELECT count(*) FROM audit_event WHERE action = 'import'") == [
            (0,)
        ]
        tables = store.backend.query(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_name LIKE 'observation_bulk_%'"
        )
        assert tables == [(1,)]  # observation_bulk_source only: the import's table is gone
    finally:
        store.close()
