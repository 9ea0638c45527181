"""The one way a command opens the database: :func:`open_store`.

``--db`` is resolved once (:func:`kommunanalys.config.database_path`: the option, else
``KOMMUNANALYS_DB``, else ./kommunanalys.duckdb), a missing file gives the one Swedish message
(exit code 2), a write the database cannot make (a full disk) gives its message the same way,
and the store is closed when the command's ``with`` block ends, by success or
error: an open DuckDB connection holds the file (a second process waits for it) and is reported
as leaked at exit. Each command holds its own store; nothing here keeps a list of them. A
file another process holds gives the one message naming that process (exit code 2), never
DuckDB's traceback. The store is imported inside the functions, so that a command's ``--help``
never loads DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kommunanalys.cli.output import fail
from kommunanalys.config import ConfigError, database_location

if TYPE_CHECKING:
    from kommunanalys.store import Store


def existing_database(db: str | Path | None) -> str | Path:
    """The database ``--db`` names; a missing DuckDB file is a user error (a PostgreSQL URL
    is checked by connecting)."""
    path = database_location(db)
    if isinstance(path, Path) and not path.exists():
        raise fail(
            f"databasen {path} finns inte. Kör `kommunanalys demo` eller `kommunanalys init` först."
        )
    return path


@contextmanager
def open_store(
    db: str | Path | None, *, must_exist: bool = True, read_only: bool = False
) -> Iterator[Store]:
    """``with open_store(db) as store:`` — the database, closed when the block ends.

    ``must_exist=False`` creates it (``init``, ``demo``). ``read_only=True`` for a command that
    only reads: it opens the file read-only (see :meth:`Store.open`), so it runs beside other
    readers. A file another process holds (a running ``serve``) gives the one message naming
    that process, exit code 2."""
    from kommunanalys.store import Store  # here, not at the CLI's start: DuckDB loads slowly
    from kommunanalys.store.backend import DatabaseUnavailable, DatabaseUnreachable
    from kommunanalys.store.file_lock import DatabaseLocked

    path = existing_database(db) if must_exist else database_location(db)
    try:
        store = Store.open(path, read_only=read_only)  # migrates an older schema version
    except (ConfigError, DatabaseLocked, DatabaseUnavailable, DatabaseUnreachable) as exc:
        raise fail(str(exc)) from None
    try:
        yield store
    except DatabaseUnavailable as exc:  # a full disk: the one line, no traceback
        raise fail(str(exc)) from None
    finally:
        store.close()


def ensure_not_held(db: str | Path | None) -> None:
    """Fail (exit code 2) when another process holds the database file ``db`` names, before a
    command replaces the file (``restore``): the holder would go on with the old one. A
    PostgreSQL database is no file: the server lets several processes in."""
    from kommunanalys.store.backend import ensure_free
    from kommunanalys.store.file_lock import DatabaseLocked

    location = database_location(db)
    if isinstance(location, str):
        return
    try:
        ensure_free(location)
    except DatabaseLocked as exc:
        raise fail(str(exc)) from None
