"""PostgreSQL: the second engine, for a multi-user installation (several server processes,
the CLI beside a running server). The same store, the same migrations and the same portable
SQL as DuckDB (:mod:`.backend`); what differs is here.

* Connections come from a pool (psycopg 3, ``psycopg_pool``), in autocommit. A thread that
  opens a transaction, or a staging area (temporary tables live on one connection),
  *pins* a pooled connection until it ends; every other statement borrows one.
* The store writes ``?`` placeholders: each statement text is translated once to psycopg's
  ``%s`` (quoted text left alone, a literal ``%`` doubled) and the translation is cached.
* Bulk inserts go by ``COPY … FROM STDIN``; a CSV file is read in Python (the csv module,
  the same options and the same rejected-line report as DuckDB's reader) and copied into a
  temporary table (:mod:`.postgres_csv`).
* A snapshot is a pooled connection holding one ``REPEATABLE READ READ ONLY`` transaction.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

import psycopg
from psycopg import pq
from psycopg.adapt import Loader
from psycopg_pool import ConnectionPool, PoolTimeout

from kommunanalys.config import DATABASE_URL_SCHEMES, is_database_url
from kommunanalys.store.backend import (
    CsvOptions,
    DatabaseUnavailable,
    DatabaseUnreachable,
    Dialect,
    EngineError,
    NestedTransactions,
    redact,
)
from kommunanalys.store.postgres_csv import load_csv
from kommunanalys.store.schema import MAX_DOUBLE

#: The URL schemes that name a PostgreSQL database.
SCHEMES = DATABASE_URL_SCHEMES
#: How long opening waits for the server before it is reported unreachable (seconds).
CONNECT_TIMEOUT = 10
#: The sort and hash memory of an import's transaction (``work_mem``, for each sort or hash
#: of a query). The server's default (4 MB) sends the checks' duplicate count and the totals'
#: grouping of a 300 000-row file to disk: a third of the import's time. Imports run one at a
#: time (the imports' lock), so this is taken once, a few times over, not per connection.
IMPORT_WORK_MEM = "64MB"
#: The memory of a connection's temporary tables (``temp_buffers``, which PostgreSQL lets a
#: session set only before its first temporary table, so at connect). An import's staged rows
#: live in temporary tables: with the default 8 MB a 1 M-row file's staging (about 150 MB) goes
#: through the kernel page by page, and its INSERT and checks took half as long again. Taken
#: only as a connection's temporary tables grow (an import's or a refresh's), never up front.
TEMP_BUFFERS = "256MB"
#: The statistics an import's ``ANALYZE`` of its staged rows gathers (``default_statistics_
#: target``): 10 samples 3 000 rows, not the default 30 000 — enough for the plans' shapes
#: (row counts, null fractions, roughly how many indicators and areas), at a tenth of the cost
#: (0.03 s, not 0.4 s, per 300 000 rows). Without any, the totals' check plans badly.
IMPORT_STATISTICS_TARGET = 10


def is_url(name: str | Path) -> bool:
    """Whether ``name`` (a ``--db`` value) names a PostgreSQL database, not a DuckDB file."""
    return is_database_url(name)


_QUOTED = re.compile(r"('[^']*'|\"[^\"]*\")")


@lru_cache(maxsize=4096)
def placeholders(sql: str) -> str:
    """``sql`` with ``?`` placeholders as psycopg's ``%s``; quoted text keeps its ``?``, and
    every literal ``%`` is doubled (psycopg reads the whole text)."""
    parts = _QUOTED.split(sql)
    return "".join(
        part.replace("%", "%%") if index % 2 else part.replace("%", "%%").replace("?", "%s")
        for index, part in enumerate(parts)
    )


_DDL_WORDS = (
    (re.compile(r"\bDOUBLE\b(?! PRECISION)"), "DOUBLE PRECISION"),
    (re.compile(r"\bVARCHAR\b"), "TEXT"),
)
_DROP_TABLE = re.compile(r"^\s*DROP TABLE (\w+)\s*$")

#: Digits with single underscores between them (``1_000``), as DuckDB and Python read them.
_DIGITS = r"[0-9]+(_[0-9]+)*"
_MANTISSA = rf"[+-]?({_DIGITS}(\.({_DIGITS})?)?|\.{_DIGITS})"
#: An exponent's leading zeros (they do not count: 1e00005 is 1e5, as DuckDB reads it).
_LEADING_ZEROS = r"(0_?)*"
#: A number NUMERIC holds: an exponent of at most four digits (NUMERIC takes 131 072 digits
#: before the point and 16 383 after it, so 1e9999 and 1e-9999 fit; 1e-99999 is an error).
_NUMBER = (
    rf"'^\s*({_MANTISSA}([eE][+-]?{_LEADING_ZEROS}[0-9](_?[0-9]){{0,3}})?"
    r"|[+-]?(inf|infinity))\s*$'"
)
#: NaN, signed or not (NUMERIC refuses "-nan"; DuckDB reads it as NaN).
_NAN = r"'^\s*[+-]?nan\s*$'"
#: A number with an exponent of five digits or more, which a double holds as ±inf or 0.
_HUGE = rf"'^\s*{_MANTISSA}[eE]\+?{_LEADING_ZEROS}[1-9](_?[0-9]){{4,}}\s*$'"
_TINY = rf"'^\s*{_MANTISSA}[eE]-{_LEADING_ZEROS}[1-9](_?[0-9]){{4,}}\s*$'"
_ZERO = r"'^\s*[+-]?[0_]*\.?[0_]*[eE]'"
#: The longest text cast through NUMERIC: its digits after the point with a four-digit
#: exponent's stay within NUMERIC's 16 383.
_LONGEST_NUMBER = 6000
_INTEGER = {"INTEGER": 9, "BIGINT": 18}


class PostgresDialect:
    name = "postgresql"
    double = "DOUBLE PRECISION"
    integer = "INTEGER"
    text = "TEXT"
    #: no part tables: rebuilding the view takes an exclusive lock, and every open snapshot
    #: (a REPEATABLE READ transaction that read the view) holds a lock it would wait for
    parts = False
    #: instead, the rows of a bulk import go to a table of their own that inherits the one
    #: bulk table the view reads, never rebuilt (schema migration 21, :mod:`.bulk_copy`)
    bulk = True
    stored_columns = True

    def __init__(self, version: str = "") -> None:
        self.version = version

    def ddl(self, statement: str) -> str:
        """DuckDB's words in PostgreSQL's: ``DOUBLE`` is ``DOUBLE PRECISION``; every text
        column is ``TEXT`` (so that a view over text columns and literals keeps one type);
        a table dropped takes its dependent views with it (the observation view, rebuilt
        after every migration that touches it)."""
        for pattern, word in _DDL_WORDS:
            statement = pattern.sub(word, statement)
        match = _DROP_TABLE.match(statement)
        if match:
            return f"DROP TABLE {match.group(1)} CASCADE"
        return statement

    def hash(self, expressions: Sequence[str]) -> str:
        return f"hashtextextended(CAST(ROW({', '.join(expressions)}) AS TEXT), 0)"

    def full_match(self, text: str, pattern: str) -> str:
        return f"({text} ~ '^(?:{pattern})$')"

    def prefilter_hash(self, expressions: Sequence[str]) -> str:
        # the fields joined by a separator: a third of the cost of a row's text; a NULL or a
        # separator inside a field can only make unequal keys collide, never equal ones differ
        return f"hashtextextended(concat_ws(chr(31), {', '.join(expressions)}), 0)"

    def try_cast(self, expression: str, type_name: str) -> str:
        kind = type_name.upper()
        if kind in _INTEGER:
            # at most so many digits, counted without a bounded repeat (PostgreSQL's regex
            # engine builds {1,9} out into nine states: twice the cost of the whole check)
            digits = f"length({expression}) - length(translate({expression}, '0123456789', ''))"
            return (
                f"(CASE WHEN {expression} ~ '^\\s*[+-]?[0-9]+\\s*$' "
                f"AND {digits} <= {_INTEGER[kind]} THEN CAST({expression} AS {kind}) END)"
            )
        if kind in ("DOUBLE", "DOUBLE PRECISION"):
            # through NUMERIC, which holds what a double cannot (1e400 is inf and 1e-400 is
            # 0, as DuckDB and Python read them; PostgreSQL's double refuses both)
            # (an exponent of five digits or more, which NUMERIC may refuse, by its sign:
            # ±inf or 0, as a double holds it; a longer text than NUMERIC surely holds: NULL)
            n = f"CAST(replace(trim({expression}), '_', '') AS NUMERIC)"
            inf = "CAST('Infinity' AS DOUBLE PRECISION)"
            return (
                f"(CASE WHEN {expression} ~* {_NAN} THEN CAST('NaN' AS DOUBLE PRECISION) "
                f"WHEN {expression} ~* {_NUMBER} AND length({expression}) <= "
                f"{_LONGEST_NUMBER} THEN (CASE "
                f"WHEN {n} = CAST('NaN' AS NUMERIC) THEN CAST('NaN' AS DOUBLE PRECISION) "
                f"WHEN {n} > {MAX_DOUBLE} THEN {inf} "
                f"WHEN {n} < -{MAX_DOUBLE} THEN -{inf} "
                f"WHEN abs({n}) < 1e-300 THEN 0 "
                f"ELSE CAST({n} AS DOUBLE PRECISION) END) "
                f"WHEN {expression} ~ {_TINY} OR {expression} ~ {_ZERO} AND {expression} ~ "
                f"{_HUGE} THEN 0 "
                f"WHEN {expression} ~ {_HUGE} THEN (CASE WHEN {expression} ~ '^\\s*-' "
                f"THEN -{inf} ELSE {inf} END) END)"
            )
        raise ValueError(f"try_cast to {type_name} is not supported on PostgreSQL")

    def contains(self, text: str, part: str) -> str:
        return f"(strpos({text}, {part}) > 0)"

    # each argument once: it may be a ? placeholder
    def ends_with(self, text: str, suffix: str) -> str:
        return f"starts_with(reverse({text}), reverse({suffix}))"

    def starts_with(self, text: str, prefix: str) -> str:
        return f"starts_with({text}, {prefix})"

    def before(self, text: str, separator: str) -> str:
        return f"split_part({text}, {separator}, 1)"

    def statistics(self, table: str) -> str:
        return f"ANALYZE {table}"

    def import_lock(self) -> str:
        # a transaction-scoped advisory lock, one key for all imports ("kommunanalys import"),
        # and the import's sort and hash memory and its statistics' sample for the rest of its
        # transaction (SET LOCAL)
        return (
            "SELECT pg_advisory_xact_lock(hashtextextended('kommunanalys import', 0)), "
            f"set_config('work_mem', '{IMPORT_WORK_MEM}', true), "
            f"set_config('default_statistics_target', '{IMPORT_STATISTICS_TARGET}', true)"
        )

    def lookup_index(self, table: str, columns: Sequence[str]) -> str:
        return f"CREATE INDEX ON {table} ({', '.join(columns)})"

    def reject_tables(self, rejects: str) -> tuple[str, ...]:
        """The rejected lines and the file read (:meth:`PostgresBackend.read_csv`)."""
        return (rejects, f"{rejects}_csv")


class _NumberLoader(Loader):
    """``numeric`` (PostgreSQL's sum of integers, its averages) as DuckDB gives it: an int
    when whole, else a float — never a Decimal the rest of the code would trip over."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        try:
            return int(text)
        except ValueError:
            return float(text)


def _configure(connection: psycopg.Connection[Any]) -> None:
    connection.adapters.register_loader("numeric", _NumberLoader)
    connection.execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")  # before any temporary table


@lru_cache(maxsize=1024)
def _makes_temporary(sql: str) -> bool:
    """Whether a statement may create a temporary table (``CREATE TEMP[ORARY] TABLE``)."""
    return "TEMP" in sql.upper()


class PostgresBackend(NestedTransactions):
    """A PostgreSQL database named by a URL (``postgresql://user@host/name``)."""

    def __init__(self, url: str, *, max_size: int = 20) -> None:
        self.url = url
        self.path = redact(url)
        # connections that may hold a temporary table: pinned ones (staging, transactions) and
        # any that ran a statement making one; only these are cleared when given back
        self._temporary: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            open=False,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            configure=_configure,
            reset=self._reset,
            name="kommunanalys",
        )
        reason = _connect_failure(url)  # at once, with the server's own reason
        if reason:
            raise DatabaseUnreachable(url, reason)
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout:
            self._pool.close()
            raise DatabaseUnreachable(url, "timeout") from None
        with self._pool.connection() as con:
            version = con.info.server_version
        self.dialect: Dialect = PostgresDialect(f"{version // 10000}.{version % 10000}")
        self._local = threading.local()
        self._closed = False

    # -- connections ----------------------------------------------------------------------
    def _reset(self, connection: psycopg.Connection[Any]) -> None:
        """A connection back in the pool keeps no temporary table of its last user. Only a
        connection that may hold one is cleared (``DISCARD TEMP``, a round trip): before,
        every borrowed statement paid two — the page of a signed-in editor's entry form
        48 for its 24 queries."""
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            connection.rollback()
        if connection in self._temporary:
            self._temporary.discard(connection)
            connection.execute("DISCARD TEMP")

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """This thread's pinned connection, else one borrowed from the pool."""
        pinned = getattr(self._local, "con", None)
        if pinned is not None:
            yield pinned
            return
        if self._closed:
            raise RuntimeError("Databasanslutningen är stängd.")
        with self._pool.connection() as con:
            yield con

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Keep one pooled connection for this thread until the block ends (temporary tables
        and transactions live on one connection); nested uses share it."""
        if getattr(self._local, "con", None) is not None:
            self._local.pins += 1
            try:
                yield
            finally:
                self._local.pins -= 1
            return
        if self._closed:
            raise RuntimeError("Databasanslutningen är stängd.")
        con = self._pool.getconn()
        self._temporary.add(con)
        self._local.con, self._local.pins = con, 1
        try:
            yield
        finally:
            self._local.con, self._local.pins = None, 0
            self._pool.putconn(con)

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """A session-level advisory lock named ``name`` on this thread's pinned connection
        until the block ends: another process (or thread) asking for it waits. Transactions
        inside run on the same connection. A lock that cannot be given back takes its
        connection with it (closed, not returned to the pool), so it never outlives the
        block."""
        key = "SELECT {}(hashtextextended(%s, 0))"
        with self.pinned():
            con = self._local.con
            con.execute(key.format("pg_advisory_lock"), (name,))
            try:
                yield
            finally:
                try:
                    con.execute(key.format("pg_advisory_unlock"), (name,))
                except psycopg.Error:
                    con.close()

    # -- statements -----------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._connection() as con:
            if _makes_temporary(sql):
                self._temporary.add(con)
            con.execute(placeholders(sql), tuple(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection() as con:
            return con.execute(placeholders(sql), tuple(params)).fetchall()

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        """Insert many rows by ``COPY … FROM STDIN`` (one statement: all or nothing)."""
        if not rows:
            return 0
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self._connection() as con, con.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)

    def read_csv(self, options: CsvOptions) -> tuple[str, tuple[Any, ...]]:
        """Read the CSV file into a temporary table (its rejected lines into
        ``options.rejects``, as DuckDB's reader reports them); a table expression reading
        it."""
        table = f"{options.rejects or 'csv_read'}_csv"
        with self.pinned(), self._connection() as con:
            return load_csv(con, options, table), ()

    # -- transactions (NestedTransactions): a connection pinned to the thread ------------
    _refused = (psycopg.Error,)

    @contextmanager
    def _hold(self) -> Iterator[psycopg.Connection[Any]]:
        with self.pinned():
            yield self._local.con

    def _begin(self, connection: psycopg.Connection[Any]) -> None:
        connection.execute("BEGIN")

    def _commit(self, connection: psycopg.Connection[Any]) -> None:
        if connection.info.transaction_status == pq.TransactionStatus.INERROR:
            raise DatabaseUnavailable()  # PostgreSQL would answer COMMIT with a silent ROLLBACK
        connection.execute("COMMIT")

    def _rollback(self, connection: psycopg.Connection[Any]) -> None:
        with suppress(psycopg.Error):
            connection.execute("ROLLBACK")

    # -- the whole database ---------------------------------------------------------------
    def table_names(self) -> list[str]:
        rows = self.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        )
        return [r[0] for r in rows]

    def export_database(self, folder: Path) -> None:
        raise EngineError("backup of a PostgreSQL database is not implemented yet")

    def snapshot(self) -> PostgresSnapshot:
        return PostgresSnapshot(self)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.close()


class PostgresSnapshot:
    """The database as it was when the snapshot was made (the same contract as
    :class:`~kommunanalys.store.backend.DuckDBSnapshot`): a pooled connection holding one
    ``REPEATABLE READ READ ONLY`` transaction, whose snapshot PostgreSQL fixes at its first
    statement. Writes, and reads inside a write transaction of this thread, go to the
    writer. Dropping the snapshot ends its transaction and gives the connection back."""

    def __init__(self, writer: PostgresBackend) -> None:
        self.writer = writer
        self.dialect: Dialect = writer.dialect
        self.path = writer.path
        con = writer._pool.getconn()
        try:
            con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            con.execute("SELECT 1").fetchall()
        except BaseException:
            writer._pool.putconn(con)
            raise
        self._con: psycopg.Connection[Any] | None = con
        self._lock = threading.Lock()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.writer.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.writer.in_transaction():
            return self.writer.query(sql, params)
        with self._lock:
            if self._con is None:
                raise RuntimeError("Databasanslutningen är stängd.")
            return self._con.execute(placeholders(sql), tuple(params)).fetchall()

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        return self.writer.bulk_insert(table, columns, rows)

    def read_csv(self, options: CsvOptions) -> tuple[str, tuple[Any, ...]]:
        return self.writer.read_csv(options)

    def pinned(self) -> Any:
        return self.writer.pinned()

    def exclusive(self, name: str) -> Any:
        return self.writer.exclusive(name)

    def transaction(self) -> Any:
        return self.writer.transaction()

    def in_transaction(self) -> bool:
        return self.writer.in_transaction()

    def table_names(self) -> list[str]:
        return self.writer.table_names()

    def export_database(self, folder: Path) -> None:
        self.writer.export_database(folder)

    def snapshot(self) -> PostgresSnapshot:
        return PostgresSnapshot(self.writer)

    def close(self) -> None:
        with self._lock:
            con, self._con = self._con, None
        if con is None:
            return
        with suppress(psycopg.Error):
            con.execute("ROLLBACK")
        with suppress(Exception):
            self.writer._pool.putconn(con)

    def __del__(self) -> None:
        # Not ``suppress``: at interpreter exit the module's globals may already be gone
        # ("'NoneType' object is not callable"), and a finaliser must not raise then.
        try:  # noqa: SIM105 - suppress may be gone at exit
            self.close()
        except Exception:
            pass


def _connect_failure(url: str) -> str:
    """Why ``url`` cannot be reached (the server's or the network's reason, one line), or
    "" when it can."""
    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
    except psycopg.Error as exc:
        text = str(exc).strip()
        return text.splitlines()[-1].strip() if text else type(exc).__name__
    return ""
