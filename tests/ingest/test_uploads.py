"""Uploaded files are cleaned up (issue 23 item 8): previews expire, every failure path
deletes its files, a start sweeps what a crashed process left; the checksum thread never
logs a FileNotFoundError for an upload refused early (issue 23 item 11)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from kommunanalys.config import Limits
from kommunanalys.ingest import pipeline
from kommunanalys.ingest.uploads import PREFIX, UploadFolder

HOUR = 3_600


def _old(path: Path, seconds_ago: float) -> None:
    when = os.stat(path).st_mtime - seconds_ago
    for p in [path, *path.rglob("*")]:
        os.utime(p, (when, when))


def test_after_a_simulated_crash_the_start_sweeps_stale_upload_folders(tmp_path: Path) -> None:
    crashed = tmp_path / f"{PREFIX}abc123"
    (crashed / "x1").mkdir(parents=True)
    (crashed / "x1" / "data").write_bytes(b"0" * 1000)
    _old(crashed, 2 * HOUR)
    live = tmp_path / f"{PREFIX}live"
    (live / "x2").mkdir(parents=True)
    (live / "x2" / "data").write_bytes(b"1")
    other = tmp_path / "not-ours"
    other.mkdir()
    _old(other, 2 * HOUR)
    from kommunanalys.web.routes.imports import PendingImports

    PendingImports(UploadFolder(tmp_path, Limits(upload_max_age=HOUR)))  # what create_app does
    assert not crashed.exists(), "a crashed process's uploads are swept at start"
    assert live.exists(), "a folder with a recent file may belong to a running server"
    assert other.exists(), "only our own prefix is touched"


def test_previews_expire_with_their_files(tmp_path: Path) -> None:
    now = [1_000_000.0]
    uploads = UploadFolder(tmp_path, Limits(upload_max_age=HOUR), clock=lambda: now[0])
    upload = uploads.new()
    (upload / "data").write_bytes(b"x")
    now[0] = os.stat(upload / "data").st_mtime + HOUR - 5
    assert uploads.sweep() == 0 and upload.exists()
    now[0] += 10
    assert uploads.sweep() == 1 and not upload.exists()


@pytest.mark.parametrize(
    "failure", [ValueError("parse error"), asyncio.CancelledError(), KeyboardInterrupt()]
)
def test_every_failure_deletes_the_uploads_files(tmp_path: Path, failure: BaseException) -> None:
    uploads = UploadFolder(tmp_path)
    upload = uploads.new()
    with pytest.raises(type(failure)), uploads.holding(upload):
        (upload / "data").write_bytes(b"half a file")
        raise failure
    assert not upload.exists()
    with uploads.holding(uploads.new()) as kept:
        (kept / "data").write_bytes(b"ok")
    assert (kept / "data").exists(), "a preview that succeeded waits for its confirmation"


def test_the_checksum_thread_survives_a_file_deleted_before_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"a,b\n1,2\n" * 1000)
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    held: list[threading.Thread] = []

    class Held(threading.Thread):
        def start(self) -> None:  # the thread runs only after the refused upload is deleted
            held.append(self)

    monkeypatch.setattr(pipeline, "threading", SimpleNamespace(Thread=Held))
    errors: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    checksum = pipeline._Checksum(path)
    path.unlink()
    threading.Thread.start(held[0])
    assert checksum.result() == expected
    assert errors == []
