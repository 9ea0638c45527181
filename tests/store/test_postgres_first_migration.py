"""Two processes opening a new PostgreSQL database at once (two ``serve --workers`` workers, or
a CLI command beside the server): one runs the migrations while the other waits for it, then
finds nothing left to do (an advisory lock around the migrations)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kommunanalys.store import Store
from kommunanalys.store.schema import LATEST_VERSION, MIGRATIONS
from tests.postgres_cluster import Cluster

SRC = Path(__file__).resolve().parents[2] / "src"
OPEN = """
import sys, time
from pathlib import Path
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
from kommunanalys.store import Store
Store.open(sys.argv[1]).close()
"""


def test_two_processes_migrating_a_new_database_at_once(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    for attempt in range(3):  # each a new, empty database
        url = pg_cluster.create_database()
        go = tmp_path / f"go{attempt}"
        try:
            processes = [
                subprocess.Popen(
                    [sys.executable, "-c", OPEN, url, str(go)],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            time.sleep(2)  # both have imported what they need and wait for the signal
            go.touch()
            outcomes = [p.communicate(timeout=180) for p in processes]
            assert [p.returncode for p in processes] == [0, 0], outcomes
            store = Store.open(url)
            try:
                versions = store.backend.query(
                    "SELECT version, count(*) FROM schema_version GROUP BY version ORDER BY version"
                )
                assert versions == [(m.version, 1) for m in MIGRATIONS]
                assert store.schema_version() == LATEST_VERSION
            finally:
                store.close()
        finally:
            pg_cluster.drop_database(url)
