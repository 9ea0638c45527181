"""A DuckDB file another process holds: who holds it, told in one Swedish sentence.

DuckDB lets one process write a database file, and while it does no other process may open the
file at all, not even read-only (several processes may read it together when none writes). A
second process that tries gets DuckDB's ``IOException`` "Could not set lock on file … Conflicting
lock is held in <program> (PID <n>)". :func:`locked_error` turns that into a
:class:`DatabaseLocked` — the file, the process id and, when ``/proc/<pid>/cmdline`` is readable,
the command line that holds it — which the CLI prints as ``Fel: …`` (exit code 2, no traceback).
"""

from __future__ import annotations

import re
from pathlib import Path

from kommunanalys.errors import ErrorCode, KommunanalysError

_HELD = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")
_LONGEST_COMMAND = 200  # a command line is shown, not dumped: its start names the program


class DatabaseLocked(KommunanalysError):
    """Another process holds the database file; nothing was opened or changed."""


def is_lock_conflict(message: str) -> bool:
    """Whether DuckDB's error ``message`` says another process holds the file's lock."""
    return "Could not set lock on file" in message


def locked_error(path: str | Path, message: str) -> DatabaseLocked:
    """The error for DuckDB's lock-conflict ``message`` about the file at ``path``."""
    held = _HELD.search(message)
    if held is None:
        return DatabaseLocked(ErrorCode.DATABASE_LOCKED_UNKNOWN_HOLDER, path=path)
    pid = int(held["pid"])
    command = command_line(pid) or held["program"]
    return DatabaseLocked(ErrorCode.DATABASE_LOCKED, path=path, pid=pid, command=command)


def command_line(pid: int, proc: Path = Path("/proc")) -> str:
    """The command line of process ``pid`` from ``/proc``, or "" where it cannot be read (not
    Linux, another user's process, a process that has ended)."""
    try:
        raw = (proc / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    words = raw.rstrip(b"\0").split(b"\0")
    command = " ".join(w.decode("utf-8", errors="replace") for w in words if w)
    if len(command) > _LONGEST_COMMAND:
        command = command[: _LONGEST_COMMAND - 1] + "…"
    return command
