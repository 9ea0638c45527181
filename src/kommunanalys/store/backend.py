"""Database engines. Everything engine-specific lives here; the rest of the store speaks
portable SQL with ``?`` placeholders and asks the backend's :class:`Dialect` for the few
pieces no two engines write alike.

An engine is two objects: a :class:`Backend` (a connection: ``execute``, ``query``,
``bulk_insert``, ``transaction``, and the whole-database operations ``table_names``,
``export_database``, ``import_database``) and its :class:`Dialect` (SQL text: type names,
hashing, "the latest row per key", string tests, DDL). DuckDB is here; PostgreSQL is
:mod:`.postgres` (``%s`` placeholders translated from ``?``, ``COPY`` for bulk inserts,
CSV files read in Python).
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import duckdb

from kommunanalys.config import ENV_DB_MEMORY, database_memory_limit
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.store.file_lock import is_lock_conflict, locked_error

if TYPE_CHECKING:
    import numpy as np


class EngineError(Exception):
    """The engine refused an operation on a whole database (export, import); the message is
    the engine's error name, nothing from the data."""


class DatabaseUnavailable(KommunanalysError):
    """The database could not write a transaction (a full disk, a directory that became
    read-only): the transaction is rolled back and nothing is held, so reads go on at once and
    writes work again when the disk does. The web answers 503, the CLI ``Fel: …``."""

    def __init__(self) -> None:
        super().__init__(ErrorCode.DATABASE_UNAVAILABLE)


class DatabaseOutOfMemory(DatabaseUnavailable):
    """A statement needed more memory than DuckDB may keep (``KOMMUNANALYS_DB_MEMORY``) and
    could not spill the rest to disk: the statement, and the transaction it was part of, is
    rolled back, so the database is as it was. Handled as :class:`DatabaseUnavailable` (the
    web answers 503, the CLI ``Fel: …`` with exit code 2), with its own message naming the
    limit and the setting."""

    def __init__(self, limit: int) -> None:
        KommunanalysError.__init__(
            self,
            ErrorCode.DATABASE_OUT_OF_MEMORY,
            limit=f"{round(limit / 1e6)} MB",
            variable=ENV_DB_MEMORY,
        )


class DatabaseUnreachable(KommunanalysError):
    """The PostgreSQL server at the URL did not answer (or refused the login)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(ErrorCode.DATABASE_UNREACHABLE, url=redact(url), reason=reason)


def redact(url: str) -> str:
    """``url`` without its password (shown in messages and logs)."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class NestedTransactions:
    """The transactions both engines share: all or nothing, per thread, nested uses joining
    the outer one.

    Each thread has its own nesting depth, so one thread's transaction is never joined, ended
    or rolled back by another's. The outer transaction runs on the connection :meth:`_hold`
    gives for its whole length — DuckDB's one connection under its lock (other threads wait
    rather than join), PostgreSQL's pooled connection pinned to this thread — which is all
    that differs between the engines, with the statements :meth:`_begin`, :meth:`_commit` and
    :meth:`_rollback`. An exception inside rolls back; a COMMIT the engine refuses (a full
    disk, a server that gave up; an error in :attr:`_refused`) rolls back, gives the
    connection back and raises :class:`DatabaseUnavailable`."""

    _local: threading.local
    #: the engine's errors that mean it refused the COMMIT
    _refused: tuple[type[BaseException], ...] = ()

    def _hold(self) -> AbstractContextManager[Any]:
        """The connection the outer transaction runs on, held until it ends."""
        raise NotImplementedError

    def _begin(self, connection: Any) -> None:
        raise NotImplementedError

    def _commit(self, connection: Any) -> None:
        raise NotImplementedError

    def _rollback(self, connection: Any) -> None:
        """Roll back what is open (after a refused COMMIT there may be nothing)."""
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested uses (in the same thread) join the outer transaction."""
        depth = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        with self._hold() as connection:
            self._begin(connection)
            self._local.depth = 1
            try:
                yield
            except BaseException:
                self._local.depth = 0
                self._rollback(connection)
                raise
            self._local.depth = 0
            try:
                self._commit(connection)
            except BaseException as exc:
                self._rollback(connection)
                if isinstance(exc, self._refused):
                    raise DatabaseUnavailable() from exc
                raise

    def in_transaction(self) -> bool:
        """Whether this thread is inside one of this backend's transactions."""
        return bool(getattr(self._local, "depth", 0))


class Dialect(Protocol):
    """The SQL text one engine writes its own way. Every method returns SQL text to splice
    into a statement; arguments are column names and SQL expressions (from the code, never
    from a request) and placeholders stay ``?``."""

    #: the engine's name and version (a backup's manifest records them)
    name: str
    version: str
    #: type names of a floating-point number, an integer and a text column
    double: str
    integer: str
    text: str
    #: whether a bulk import may be kept as its own table behind the ``observation`` view
    #: (:mod:`.observation_parts`): that rebuilds the view, which must not wait for readers
    parts: bool
    #: whether a bulk import's rows are kept as read in a table of their own that inherits
    #: the one fixed bulk table behind the ``observation`` view instead
    #: (:data:`.observation_parts.BULK_TABLE`, PostgreSQL)
    bulk: bool
    #: whether a temporary table may compute columns from others as its rows are written
    #: (``GENERATED ALWAYS AS (…) STORED``), so that a tidy CSV is read straight into the
    #: staging table (:attr:`CsvOptions.target`)
    stored_columns: bool

    def ddl(self, statement: str) -> str:
        """A schema statement (written for DuckDB in :mod:`.schema`) in this engine's words."""
        ...

    def hash(self, expressions: Sequence[str]) -> str:
        """A 64-bit integer hash of the expressions (equal values, equal hashes)."""
        ...

    def full_match(self, text: str, pattern: str) -> str:
        """Whether all of ``text`` matches the regular expression ``pattern`` (a literal
        written into the statement; no bounded repeats: PostgreSQL builds them out slowly)."""
        ...

    def prefilter_hash(self, expressions: Sequence[str]) -> str:
        """A cheaper 64-bit hash of the expressions for a prefilter: equal values, equal
        hashes, but unequal ones may collide more often than by :meth:`hash` (an exact query
        must confirm what it finds). Never for a stored or published digest."""
        ...

    def try_cast(self, expression: str, type_name: str) -> str:
        """``expression`` as ``type_name``, NULL where it cannot be converted."""
        ...

    def contains(self, text: str, part: str) -> str: ...

    def ends_with(self, text: str, suffix: str) -> str: ...

    def starts_with(self, text: str, prefix: str) -> str: ...

    def before(self, text: str, separator: str) -> str:
        """The part of ``text`` before the first ``separator`` (all of it without one)."""
        ...

    def reject_tables(self, rejects: str) -> tuple[str, ...]:
        """The tables :meth:`read_csv` with ``rejects`` leaves behind (the caller drops them)."""
        ...

    def import_lock(self) -> str:
        """A query that takes the imports' lock until the transaction ends, or "" where one
        process holds the database (DuckDB)."""
        ...

    def lookup_index(self, table: str, columns: Sequence[str]) -> str:
        """A statement indexing the temporary ``table`` for lookups by ``columns``, or ""
        when the engine's plans need none."""
        ...

    def statistics(self, table: str) -> str:
        """A statement that gathers the planner's statistics of ``table`` just filled, or ""
        when the engine keeps them itself."""
        ...


class CsvOptions:
    """How to read one CSV file (:meth:`Dialect.read_csv`).

    ``columns`` maps each column to its type (None: every column as text); ``rejects`` names
    the table that receives the lines the engine could not read (line, column_name,
    error_type, error_message), None to fail on the first instead.

    ``target`` names an empty table the engine may fill with the file's rows as it reads
    them (``target_columns``: its columns for the file's fields, in the file's order; the
    others take their defaults or compute themselves): ``read_csv`` then returns ``target``
    itself. An engine that reads the file otherwise returns its own table expression and
    leaves ``target`` empty. With ``copy_only`` it fills ``target`` by its own bulk read and
    no other way, ``""`` where that refuses the file; whether that read gives the rows
    DuckDB's reader gives is the caller's to prove (only PostgreSQL's ``COPY`` fills a
    target so: :mod:`.bulk_copy`)."""

    def __init__(
        self,
        path: str,
        *,
        delimiter: str = ",",
        decimal: str = ".",
        columns: dict[str, str] | None = None,
        rejects: str | None = None,
        target: str | None = None,
        target_columns: Sequence[str] = (),
        copy_only: bool = False,
    ) -> None:
        self.path, self.delimiter, self.decimal = path, delimiter, decimal
        self.columns, self.rejects = columns, rejects
        self.target, self.target_columns = target, tuple(target_columns)
        self.copy_only = copy_only


class Backend(Protocol):
    dialect: Dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> int: ...

    def transaction(self) -> Any: ...

    def pinned(self) -> Any:
        """A context manager: this thread keeps one connection until it ends (temporary
        tables live on one connection); a no-op for an engine with one connection."""
        ...

    def exclusive(self, name: str) -> Any:
        """A context manager: no other process runs a block of the same ``name`` meanwhile
        (it waits); a no-op for an engine that one process holds (DuckDB's file)."""
        ...

    def read_csv(self, options: CsvOptions) -> tuple[str, tuple[Any, ...]]:
        """A table expression reading a CSV file, and its parameters (inside
        :meth:`pinned`; lines it cannot read go to ``options.rejects``, see
        :meth:`Dialect.reject_tables`)."""
        ...

    def table_names(self) -> list[str]:
        """The database's own tables and views (not temporary ones), by name."""
        ...

    def export_database(self, folder: Path) -> None:
        """A consistent snapshot of the whole database into the new folder ``folder``."""
        ...

    def in_transaction(self) -> bool:
        """Whether this thread is inside one of this backend's transactions."""
        ...

    def snapshot(self) -> Backend:
        """A read view of the database as it is now (see :class:`DuckDBSnapshot`)."""
        ...

    def close(self) -> None: ...


class DuckDBDialect:
    name = "duckdb"
    version = duckdb.__version__
    double = "DOUBLE"
    integer = "INTEGER"
    text = "VARCHAR"
    parts = True
    bulk = False
    stored_columns = False

    def ddl(self, statement: str) -> str:
        return statement

    def hash(self, expressions: Sequence[str]) -> str:
        return f"hash({', '.join(expressions)})"

    def prefilter_hash(self, expressions: Sequence[str]) -> str:
        return self.hash(expressions)

    def full_match(self, text: str, pattern: str) -> str:
        return f"regexp_full_match({text}, '{pattern}')"

    def try_cast(self, expression: str, type_name: str) -> str:
        return f"TRY_CAST({expression} AS {type_name})"

    def contains(self, text: str, part: str) -> str:
        return f"contains({text}, {part})"

    def ends_with(self, text: str, suffix: str) -> str:
        return f"suffix({text}, {suffix})"

    def starts_with(self, text: str, prefix: str) -> str:
        return f"starts_with({text}, {prefix})"

    def before(self, text: str, separator: str) -> str:
        return f"split_part({text}, {separator}, 1)"

    def read_csv(self, options: CsvOptions) -> tuple[str, tuple[Any, ...]]:
        if options.copy_only:
            return "", ()  # DuckDB fills no target: it reads the file where it is selected
        if options.columns is None:
            sql = "read_csv(?, header = true, delim = ?, all_varchar = true, encoding = 'utf-8')"
            return sql, (options.path, options.delimiter)
        columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in options.columns.items()) + "}"
        rejects = (
            f"store_rejects = true, rejects_table = '{options.rejects}', "
            f"rejects_scan = '{options.rejects}_scan', "
            if options.rejects
            else ""
        )
        # Every option given and the sniffer off: it gives up on some files (CRLF with quoted
        # line breaks) with an error instead of rejected lines.
        sql = (
            "read_csv(?, header = true, delim = ?, decimal_separator = ?, quote = '\"', "
            f"escape = '\"', auto_detect = false, columns = {columns}, {rejects}"
            "encoding = 'utf-8')"
        )
        return sql, (options.path, options.delimiter, options.decimal)

    def reject_tables(self, rejects: str) -> tuple[str, ...]:
        """The tables :meth:`read_csv` with ``rejects`` leaves behind (the caller drops them)."""
        return (rejects, f"{rejects}_scan")

    def statistics(self, table: str) -> str:
        return ""

    def lookup_index(self, table: str, columns: Sequence[str]) -> str:
        return ""

    def import_lock(self) -> str:
        return ""


class DuckDBBackend(NestedTransactions):
    """An embedded DuckDB database: a file, or ``:memory:`` for tests."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con: Any = _connect(self.path, read_only=read_only)
        self.memory_limit = database_memory_limit()
        self.dialect: Dialect = DuckDBDialect()
        # Transactions are per thread: each web worker thread has its own nesting depth, so
        # one thread's transaction is never joined, ended or rolled back by another's.
        self._local = threading.local()
        self._types: dict[str, dict[str, str]] = {}
        # One connection, many web worker threads: serialise access to it.
        self._lock = threading.RLock()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock, within_memory(self.memory_limit):
            self._con.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, within_memory(self.memory_limit):
            return self._con.execute(sql, list(params)).fetchall()

    def query_arrays(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The result as one NumPy array per column (masked where NULL), no Python object per
        row: an optional capability (a backend without it is read with ``query``)."""
        with self._lock, within_memory(self.memory_limit):
            return list(self._con.execute(sql, list(params)).fetchnumpy().values())

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        """Insert many rows at once by unnesting one list per column (fast in DuckDB)."""
        if not rows:
            return 0
        types = self._column_types(table)
        typed = typed_columns(types, columns, rows)
        with self._lock, within_memory(self.memory_limit):
            if typed is not None:  # numpy columns scanned by DuckDB: no per-value conversion
                arrays, selects = typed
                self._con.register("_bulk_rows", arrays)
                try:
                    self._con.execute(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"SELECT {', '.join(selects)} FROM _bulk_rows"
                    )
                finally:
                    # after a failed statement (out of memory) DuckDB refuses even this until
                    # the rollback; the next register replaces the name
                    with suppress(duckdb.TransactionException):
                        self._con.unregister("_bulk_rows")
                return len(rows)
            by_column = [list(col) for col in zip(*rows, strict=True)]
            unnests = ", ".join(f"unnest(?::{types[c]}[])" for c in columns)
            self._con.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {unnests}", by_column
            )
        return len(rows)

    def read_csv(self, options: CsvOptions) -> tuple[str, tuple[Any, ...]]:
        """DuckDB reads the file itself, in the statement that selects from it."""
        return self.dialect.read_csv(options)  # type: ignore[attr-defined]

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """One connection for every thread: nothing to pin."""
        yield

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """One process holds the file: nothing else runs a block of ``name`` meanwhile."""
        yield

    def _column_types(self, table: str) -> dict[str, str]:
        if table not in self._types:
            rows = self._con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ?",
                [table],
            ).fetchall()
            self._types[table] = {name: data_type for name, data_type in rows}
        return self._types[table]

    def table_names(self) -> list[str]:
        rows = self.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' ORDER BY table_name"
        )
        return [r[0] for r in rows]

    def export_database(self, folder: Path) -> None:
        """DuckDB's ``EXPORT DATABASE`` (schema.sql, load.sql, one Parquet file per table): one
        statement, so one consistent snapshot."""
        self.execute("CHECKPOINT")
        # the folder is the caller's own (a fresh temporary directory): safe in the statement
        quoted = str(folder).replace("'", "''")
        self.execute(f"EXPORT DATABASE '{quoted}' (FORMAT PARQUET)")

    @staticmethod
    def import_database(folder: Path, path: Path) -> None:
        """A new database file ``path`` from a folder :meth:`export_database` wrote."""
        connection = duckdb.connect(str(path))
        try:
            _bound_memory(connection, str(path), database_memory_limit())
            quoted = str(folder).replace("'", "''")
            connection.execute(f"IMPORT DATABASE '{quoted}'")
            connection.execute("CHECKPOINT")
        except duckdb.Error as exc:
            raise EngineError(type(exc).__name__) from exc
        finally:
            connection.close()

    # -- transactions (NestedTransactions): the one connection, held under the lock ------
    _refused = (duckdb.Error,)

    @contextmanager
    def _hold(self) -> Iterator[Any]:
        with self._lock:
            yield self._con

    def _begin(self, connection: Any) -> None:
        connection.execute("BEGIN TRANSACTION")

    def _commit(self, connection: Any) -> None:
        connection.execute("COMMIT")

    def snapshot(self) -> DuckDBSnapshot:
        return DuckDBSnapshot(self)

    def _rollback(self, connection: Any) -> None:
        """Roll back what is open; after a refused COMMIT DuckDB has already ended the
        transaction, and a ROLLBACK that finds none has nothing to undo."""
        with suppress(duckdb.TransactionException):
            connection.execute("ROLLBACK")

    def close(self) -> None:
        """Close the connection and drop it: a Store object that outlives its command (in a
        traceback, say) then holds no DuckDB object, which DuckDB would report as leaked.
        A statement another thread is running finishes first."""
        with self._lock:
            self._con.close()
            self._con = _ClosedConnection()


class DuckDBSnapshot:
    """The database as it was when the snapshot was made: the readers' view while a writer
    changes it (an import and its refresh), so that the web keeps serving one consistent state
    — values, derived values and disclosure plan together — and never waits for the writer.

    A second connection to the same database holds one read transaction open (DuckDB's MVCC:
    later commits are invisible to it, and it blocks no writer). Writes, and reads made inside
    a write transaction of this thread, go to the writer's connection, so an audit entry made
    while reading a snapshot is committed like any other. Dropping the snapshot ends its
    transaction."""

    def __init__(self, writer: DuckDBBackend) -> None:
        self.writer = writer
        self.dialect: Dialect = writer.dialect
        self.path = writer.path
        with writer._lock:
            con: Any = writer._con.cursor()
        con.execute("BEGIN TRANSACTION")
        # DuckDB fixes a transaction's snapshot at its first read, not at BEGIN
        con.execute("SELECT count(*) FROM information_schema.tables").fetchall()
        self._con = con
        self._lock = threading.Lock()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.writer.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.writer.in_transaction():
            return self.writer.query(sql, params)
        with self._lock, within_memory(self.writer.memory_limit):
            return self._con.execute(sql, list(params)).fetchall()

    def query_arrays(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        if self.writer.in_transaction():
            return self.writer.query_arrays(sql, params)
        with self._lock, within_memory(self.writer.memory_limit):
            return list(self._con.execute(sql, list(params)).fetchnumpy().values())

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        return self.writer.bulk_insert(table, columns, rows)

    def transaction(self) -> Any:
        return self.writer.transaction()

    def pinned(self) -> Any:
        return self.writer.pinned()

    def exclusive(self, name: str) -> Any:
        return self.writer.exclusive(name)

    def in_transaction(self) -> bool:
        return self.writer.in_transaction()

    def read_csv(self, options: CsvOptions) -> tuple[str, tuple[Any, ...]]:
        return self.writer.read_csv(options)

    def table_names(self) -> list[str]:
        return self.writer.table_names()

    def export_database(self, folder: Path) -> None:
        self.writer.export_database(folder)

    def snapshot(self) -> DuckDBSnapshot:
        return DuckDBSnapshot(self.writer)

    def close(self) -> None:
        with self._lock:
            if not isinstance(self._con, _ClosedConnection):
                with suppress(duckdb.Error):
                    self._con.close()
                self._con = _ClosedConnection()

    def __del__(self) -> None:
        with suppress(Exception):
            self.close()


def _connect(path: str, *, read_only: bool) -> Any:
    """A DuckDB connection to ``path`` with its memory bounded (:func:`_bound_memory`);
    :class:`DatabaseLocked` (who holds it) when another process holds the file.

    Read-only is what the command asks, where DuckDB allows it: within one process DuckDB keeps
    one configuration per file, so when this process already has the file open for writing (a
    test beside its session store, a web app's command) the connection joins that one."""
    limit = database_memory_limit()  # a bad setting fails before the file is touched
    try:
        connection = duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if is_lock_conflict(str(exc)):
            raise locked_error(path, str(exc)) from None
        raise
    except duckdb.ConnectionException as exc:
        if not (read_only and "different configuration" in str(exc)):
            raise
        connection = duckdb.connect(path)
    _bound_memory(connection, path, limit)
    return connection


def _bound_memory(connection: Any, path: str, limit: int) -> None:
    """DuckDB keeps at most ``limit`` bytes in memory (:func:`database_memory_limit`; its own
    default is 80 % of the machine's) and spills what a statement needs beyond it to a
    temporary directory: a file's own (``<file>.tmp`` beside it, DuckDB's default) or, for an
    in-memory database, one in the system's temporary directory. DuckDB deletes its files
    there when the database closes, and those of a process that died when it next spills.

    Set on the connection, not passed to ``connect``: DuckDB refuses a second connection to
    a file with another configuration than the first's, but a setting changed later is the
    database's and every connection shares it."""
    connection.execute(f"SET memory_limit = '{int(limit)}B'")
    if path == ":memory:":
        folder = Path(tempfile.gettempdir()) / f"kommunanalys-duckdb-{_user()}"
    else:
        folder = Path(f"{path}.tmp")
    quoted = str(folder).replace("'", "''")
    connection.execute(f"SET temp_directory = '{quoted}'")


@contextmanager
def within_memory(limit: int) -> Iterator[None]:
    """DuckDB's ``OutOfMemoryException`` (a statement needed more than ``limit`` and could not
    spill the rest) as :class:`DatabaseOutOfMemory`: any statement, an import's, a refresh's
    or a page's, ends in the one clear message instead of the engine's."""
    try:
        yield
    except duckdb.OutOfMemoryException as exc:
        raise DatabaseOutOfMemory(limit) from exc


def _user() -> str:
    """Who runs this process (the system temporary directory is shared by every user)."""
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else "user"


def ensure_free(path: Path) -> None:
    """:class:`DatabaseLocked` when another process holds the file at ``path`` (before a
    command replaces it); a missing or unreadable file is no one's, and is left to the caller."""
    if not path.exists():
        return
    try:
        _connect(str(path), read_only=False).close()
    except duckdb.Error:
        return


class _ClosedConnection:
    """Stands in for a closed connection: any use says so clearly."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError("Databasanslutningen är stängd.")

    def close(self) -> None:
        """Closing twice is harmless."""


# -- bulk inserts by typed numpy columns ---------------------------------------------------------
# DuckDB scans numpy columns without converting each Python value through a list parameter
# (170 000 derived values: ~0.3 s instead of ~2.7 s, and half the peak memory of the demo build).
# Numbers and booleans go as numpy arrays with a null mask beside them, text as an object array;
# rows with a value of another kind (a number in a text column, a date) or a column of another
# type take the general path (unnested list parameters).

#: the numpy type of each numeric column type (numpy is imported where a bulk insert needs it:
#: a command that only reads starts without it)
_NUMERIC = {"DOUBLE": "float64", "BIGINT": "int64", "INTEGER": "int64", "BOOLEAN": "bool"}
_NUMBER_KINDS = {
    "DOUBLE": (float, int),
    "BIGINT": (int,),
    "INTEGER": (int,),
    "BOOLEAN": (bool,),
}


def typed_columns(
    types: Mapping[str, str], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[dict[str, np.ndarray], list[str]] | None:
    """``(arrays by name, one SELECT expression per column)``, or ``None`` when some column or
    value is not of a kind this handles."""
    import numpy as np

    arrays: dict[str, np.ndarray] = {}
    selects: list[str] = []
    for index, (name, values) in enumerate(zip(columns, zip(*rows, strict=True), strict=True)):
        kind = types[name]
        column = f"c{index}"
        kinds = set(map(type, values))  # the check at C speed: one set per column
        if kind == "VARCHAR":
            if not kinds <= {str, type(None)}:
                return None
            arrays[column] = np.array(values, dtype=object)
            selects.append(f"{column}::VARCHAR")
            continue
        if kind not in _NUMERIC or not kinds <= {*_NUMBER_KINDS[kind], type(None)}:
            return None
        if type(None) not in kinds:
            array: np.ndarray = np.array(values, dtype=_NUMERIC[kind])
        else:
            objects = np.array(values, dtype=object)
            nulls = np.array([v is None for v in values], dtype=np.bool_)
            objects[nulls] = 0
            array = objects.astype(_NUMERIC[kind])
            arrays[f"n{index}"] = nulls
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            # DuckDB reads a NaN in a scanned array as NULL: the row path stores it as it is,
            # where the tables' CHECK refuses it instead of a silent "missing"
            return None
        arrays[column] = array
        if type(None) not in kinds:
            selects.append(f"{column}::{kind}")
            continue
        selects.append(f"CASE WHEN n{index} THEN NULL ELSE {column} END::{kind}")
    return arrays, selects
