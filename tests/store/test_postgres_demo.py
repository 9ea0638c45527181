"""The demo on PostgreSQL: the same derived values and disclosure plan as on DuckDB, and several
processes on one database — a running server shows a CLI import's values without a restart."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kommunanalys.demo.build import build_demo
from kommunanalys.store import Store
from tests.postgres_cluster import Cluster
from tests.test_refresh_snapshot import SNAPSHOT, snapshot

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def pg_demo(pg_cluster: Cluster) -> Iterator[str]:
    """The demo database built on PostgreSQL (once for this module)."""
    url = pg_cluster.create_database()
    store = Store.open(url)
    try:
        build_demo(store)
    finally:
        store.close()
    yield url
    pg_cluster.drop_database(url)


def test_the_demo_derives_and_plans_the_same_on_postgresql(pg_demo: str) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    store = Store.open(pg_demo)
    try:
        got = snapshot(store)
    finally:
        store.close()
    assert got["derived_rows"] == expected["derived_rows"]
    assert got["plan_cells"] == expected["plan_cells"]
    assert {k: v for k, v in got["derived"].items() if expected["derived"].get(k) != v} == {}
    assert got["plan"] == expected["plan"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "kommunanalys.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def _value(port: int) -> object:
    """Huddinge's antal invånare 2023 on a RegSO's profile (its JSON twin)."""
    url = f"http://127.0.0.1:{port}/omrade/0126R007.json?ar=2023"
    with urllib.request.urlopen(url, timeout=30) as response:
        data = json.loads(response.read())
    cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
    return cards["antal_invanare"]["kommun"]["value"]


def test_a_cli_import_shows_in_a_running_server_without_restart(
    pg_demo: str, pg_cluster: Cluster, tmp_path: Path
) -> None:
    url = pg_cluster.create_database(pg_demo.split("@/", 1)[1].split("?", 1)[0])
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    log = tmp_path / "serve.log"
    with log.open("wb") as written:
        server = subprocess.Popen(
            [sys.executable, "-m", "kommunanalys.cli", "serve", "--db", url, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=written,
            env=env,
        )
    try:
        deadline = time.monotonic() + 120
        before: object = None
        while time.monotonic() < deadline:
            try:
                before = _value(port)
                break
            except OSError:
                assert server.poll() is None, log.read_text(encoding="utf-8", errors="replace")
                time.sleep(0.5)
        assert before is not None
        path = tmp_path / "nytt.csv"
        path.write_text("indicator,area,period,value\nantal_invanare,0126,2023,123456\n")
        done = _cli("import", "file", str(path), "--db", url)
        assert done.returncode == 0, done.stdout + done.stderr
        deadline = time.monotonic() + 60
        after = before
        while time.monotonic() < deadline and after == before:
            time.sleep(0.5)
            after = _value(port)
        assert after == 123456
    finally:
        server.terminate()
        server.wait(timeout=30)
        pg_cluster.drop_database(url)
