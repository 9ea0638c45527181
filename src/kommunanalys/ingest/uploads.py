"""Where uploaded files wait for their import, and how they are cleaned up.

Each server process keeps its uploads in one private folder under the system's temporary
directory (``kommunanalys-uppladdning-…``, mode 0700), one subfolder per upload with
server-chosen file names. Nothing stays there for long:

* a preview waits at most ``Limits.upload_max_age`` seconds for its confirmation, then its files
  are deleted (:meth:`UploadFolder.sweep`, run at every upload and confirmation);
* every failure path deletes its subfolder (:meth:`UploadFolder.holding`): a refused
  too-large upload, a file that cannot be read, a refused import, a cancelled request;
* at start, :meth:`UploadFolder.sweep_stale` deletes the folders of processes that ended
  without cleaning up (``kill -9``, a power cut) once nothing in them is younger than
  ``upload_max_age``, so that a live server's folder is never taken.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kommunanalys.config import LIMITS, Limits

PREFIX = "kommunanalys-uppladdning-"


class UploadFolder:
    """The process's upload folder under ``root`` (default the system's temporary directory)."""

    def __init__(
        self,
        root: Path | None = None,
        limits: Limits = LIMITS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.root = root or Path(tempfile.gettempdir())
        self.max_age = limits.upload_max_age
        self.clock = clock
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        """Made at the first upload, and again if something removed it."""
        if self._folder is None or not self._folder.is_dir():
            self._folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.root))
        return self._folder

    def new(self) -> Path:
        """A fresh private subfolder for one upload."""
        return Path(tempfile.mkdtemp(dir=self.folder))

    @contextlib.contextmanager
    def holding(self, upload: Path) -> Iterator[Path]:
        """``upload`` (a subfolder from :meth:`new`), deleted if the block fails in any way —
        an error, a refusal, a cancelled request (``BaseException``)."""
        try:
            yield upload
        except BaseException:
            discard(upload)
            raise

    def sweep(self) -> int:
        """Delete this process's uploads older than ``max_age``; how many."""
        if self._folder is None or not self._folder.is_dir():
            return 0
        return sum(discard(p) for p in self._folder.iterdir() if self._stale(p))

    def sweep_stale(self) -> int:
        """Delete the upload folders that crashed processes left under ``root``: those where
        nothing is younger than ``max_age``. Returns how many."""
        swept = 0
        for folder in self.root.glob(PREFIX + "*"):
            if folder != self._folder and folder.is_dir() and self._stale(folder):
                swept += discard(folder)
        return swept

    def _stale(self, path: Path) -> bool:
        try:
            newest = max([path.lstat().st_mtime] + [p.lstat().st_mtime for p in path.rglob("*")])
        except OSError:  # vanished meanwhile
            return False
        return self.clock() - newest > self.max_age


def discard(path: Path) -> bool:
    """Delete an upload's folder or file; whether something was there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
        return True
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
        return True
    return False
