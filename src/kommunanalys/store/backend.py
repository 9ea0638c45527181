"""Database engines. Everything engine-specific lives here; the rest of the store speaks
portable SQL with ``?`` placeholders.

Only DuckDB is implemented; a PostgreSQL backend implements the same four methods
(``execute``, ``query``, ``bulk_insert``, ``transaction``) with ``%s`` placeholders and
``unnest(%s::type[])`` for bulk inserts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import duckdb


class Backend(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> int: ...

    def transaction(self) -> Any: ...

    def close(self) -> None: ...


class DuckDBBackend:
    """An embedded DuckDB database: a file, or ``:memory:`` for tests."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con: Any = duckdb.connect(self.path, read_only=read_only)
        self._depth = 0
        self._types: dict[str, dict[str, str]] = {}
        # One connection, many web worker threads: serialise access to it.
        self._lock = threading.RLock()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            self._con.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, list(params)).fetchall()

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        """Insert many rows at once by unnesting one list per column (fast in DuckDB)."""
        if not rows:
            return 0
        by_column = [list(col) for col in zip(*rows, strict=True)]
        types = self._column_types(table)
        unnests = ", ".join(f"unnest(?::{types[c]}[])" for c in columns)
        with self._lock:
            self._con.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {unnests}", by_column
            )
        return len(rows)

    def _column_types(self, table: str) -> dict[str, str]:
        if table not in self._types:
            rows = self._con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ?",
                [table],
            ).fetchall()
            self._types[table] = {name: data_type for name, data_type in rows}
        return self._types[table]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._lock.acquire()
        self._con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._con.execute("ROLLBACK")
            self._lock.release()
            raise
        self._depth = 0
        self._con.execute("COMMIT")
        self._lock.release()

    def close(self) -> None:
        """Close the connection and drop it: a Store object that outlives its command (in a
        traceback, say) then holds no DuckDB object, which DuckDB would report as leaked."""
        self._con.close()
        self._con = _ClosedConnection()


class _ClosedConnection:
    """Stands in for a closed connection: any use says so clearly."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("Databasanslutningen är stängd.")

    def close(self) -> None:
        """Closing twice is harmless."""
