"""Transactions under faults: a COMMIT the disk refuses, and two threads at once.

The full disk is real: a 2 MB tmpfs filled to the last byte when the tests run as root (mount is
allowed), else the write-ahead log is ``/dev/full`` (every write: "No space left on device").
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kommunanalys.store import Store
from kommunanalys.store.backend import DatabaseUnavailable, DuckDBBackend, NestedTransactions


class Disk:
    """A folder whose disk can be filled and freed."""

    def __init__(
        self, folder: Path, fill: Callable[[], None], free: Callable[[], None], *, real: bool
    ) -> None:
        self.folder, self.fill, self.free = folder, fill, free
        self.real = real  # a real filesystem that fills and frees (``/dev/full`` stays open)


def _tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    return mounted.returncode == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    filler = folder / "filler"
    if _tmpfs(folder):

        def fill() -> None:
            with filler.open("wb", buffering=0) as out:
                try:
                    while True:
                        out.write(b"\0" * 4096)
                except OSError:  # ENOSPC: full
                    pass

        try:
            yield Disk(folder, fill, filler.unlink, real=True)
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    wal = folder / "db.duckdb.wal"
    yield Disk(folder, lambda: wal.symlink_to("/dev/full"), wal.unlink, real=False)


def _rows(backend: DuckDBBackend) -> list[str]:
    return [r[0] for r in backend.query("SELECT x FROM t ORDER BY x")]


def test_a_refused_commit_rolls_back_and_holds_nothing(disk: Disk) -> None:
    backend = DuckDBBackend(disk.folder / "db.duckdb")
    backend.execute("CREATE TABLE t (x VARCHAR)")
    backend.execute("CHECKPOINT")
    disk.fill()
    with pytest.raises(DatabaseUnavailable) as refused, backend.transaction():
        backend.execute("INSERT INTO t SELECT repeat('y', 1000) FROM range(5000)")
    assert "kan inte skriva just nu" in str(refused.value)
    # another thread (a web worker) reads at once: nothing is held
    seen: list[list[str]] = []
    reader = threading.Thread(target=lambda: seen.append(_rows(backend)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "the lock was kept after the refused commit"
    assert seen == [[]]
    disk.free()
    if disk.real:  # the disk is back: writes work again, in the same backend
        with backend.transaction():
            backend.execute("INSERT INTO t VALUES ('a')")
        assert _rows(backend) == ["a"]
    backend.close()


def test_a_failed_transaction_in_one_thread_never_leaks_into_another() -> None:
    backend = DuckDBBackend()
    backend.execute("CREATE TABLE t (x VARCHAR)")
    a_inside, b_started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def failing() -> None:
        try:
            with backend.transaction():
                backend.execute("INSERT INTO t VALUES ('a')")
                a_inside.set()
                b_started.wait(5)
                time.sleep(0.2)  # b is now at (or in) its own transaction
                raise RuntimeError("a fails")
        except RuntimeError:
            pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def committing() -> None:
        try:
            a_inside.wait(5)
            b_started.set()
            with backend.transaction():
                backend.execute("INSERT INTO t VALUES ('b')")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=failing), threading.Thread(target=committing)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not errors and not any(t.is_alive() for t in threads)
    assert _rows(backend) == ["b"]  # a's row rolled back, b's committed
    # and this thread's transactions are whole: a failure still rolls back
    with pytest.raises(RuntimeError), backend.transaction():
        backend.execute("INSERT INTO t VALUES ('c')")
        raise RuntimeError("c fails")
    assert _rows(backend) == ["b"]
    backend.close()


def test_both_engines_nest_transactions_through_one_mechanism(store: Store) -> None:
    """Depth per thread, the held connection and the rollback are one shared base
    (:class:`NestedTransactions`); an engine gives only its connection and statements."""
    backend = store.backend
    assert isinstance(backend, NestedTransactions)
    for own in ("transaction", "in_transaction"):
        assert own not in vars(type(backend)), own
    backend.execute("CREATE TABLE nest (x INTEGER)")
    with pytest.raises(ValueError), backend.transaction():
        backend.execute("INSERT INTO nest VALUES (1)")
        with backend.transaction():
            assert backend.in_transaction()
            backend.execute("INSERT INTO nest VALUES (2)")
            raise ValueError("inner")
    assert not backend.in_transaction()
    assert backend.query("SELECT count(*) FROM nest") == [(0,)]
    with backend.transaction():
        with backend.transaction():
            backend.execute("INSERT INTO nest VALUES (3)")
        backend.execute("INSERT INTO nest VALUES (4)")
    assert backend.query("SELECT sum(x) FROM nest") == [(7,)]
