"""Another process that holds a DuckDB file, as a running ``kommunanalys serve`` does:
``with holding(path) as pid:`` starts it, waits until the file is open, and ends it after."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLD = (
    "import sys, duckdb\n"
    "con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'read')\n"
    "print('open', flush=True)\n"
    "sys.stdin.readline()\n"
    "con.close()\n"
)


@contextmanager
def holding(path: Path, *, mode: str = "write") -> Iterator[int]:
    """A second process with ``path`` open (``mode`` "write", or "read": read-only); its pid."""
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "open"
        yield process.pid
    finally:
        process.communicate("\n", timeout=30)
