"""PostgreSQL's bulk import of a tidy CSV: the file copied into its own table while an
embedded DuckDB checks the same file.

On PostgreSQL's row store each check of a national file is a scan of every staged row (the
row checks 0.9 s, the cells' grouping 0.8 s of a 1 M-row import, bench/README.md), and the
logged write alone costs what a plain ``COPY`` costs. DuckDB reads and checks the same file
column by column in a fraction of that. So, where ``COPY`` reads the file as DuckDB's reader
does (:func:`~kommunanalys.store.postgres_csv.copy_reads_as_duckdb`), the file goes two ways
at once:

* **PostgreSQL**, on the import's connection and inside its transaction, after a savepoint:
  a table of the import's own that inherits :data:`~.observation_parts.BULK_TABLE` (its
  ``import_id`` a constant default) and one ``COPY`` of the file into it — the rows as read,
  the one write the import makes;
* **DuckDB**, in a thread: an in-memory database with what the staging's checks read (the
  indicators' types and the areas' codes copied from PostgreSQL, the observation tables and
  view, empty: :data:`_TWIN_SCHEMA`) stages the same file as a part and runs the same
  staging's checks (:class:`~.staging.Staging`, the code every DuckDB import runs). A check
  that comes to read another column fails loudly there, in the PostgreSQL tests.

The two run on two cores; DuckDB checks the rows too while ``COPY`` writes them (the problems
with the import's default years, which stand unless the catalogue gains an area or indicator
the rows name before the import asks: riket and the län it brings). When both are done the
import goes on with DuckDB's staging for everything it asks of the staged rows (their count,
the areas they name, the problems with file, row and column, the rows' line numbers), and its
merge records the source: the rows are already where they stay.

This holds where the staged rows are all the import decides by: the checks compare them with
stored values only where earlier imports hold values of the same indicators (or of the
others in a sum relation with them, :data:`~kommunanalys.catalog.sums.INDICATOR_SUMS`). Then
the savepoint is rolled back (the import's table is gone, nobody saw it) and the import is
staged and checked on PostgreSQL as any other. The same happens where ``COPY`` refuses the
file or reads it otherwise than DuckDB, where the file has no row, where DuckDB cannot stage it
(its memory), and beyond :data:`MAX_BULK_TABLES` imports kept so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from kommunanalys.catalog.sums import INDICATOR_SUMS
from kommunanalys.model import Division
from kommunanalys.rows import Problem
from kommunanalys.store.backend import Backend, CsvOptions, DuckDBBackend, DuckDBDialect
from kommunanalys.store.observation_parts import (
    BULK_SOURCE_TABLE,
    BULK_TABLE,
    COLUMNS,
    READ_AREA,
    ROW_TABLE,
    bulk_table,
    rebuild_view,
    sql_text,
)
from kommunanalys.store.row_checks import FIRST_YEAR

if TYPE_CHECKING:
    from kommunanalys.store.staging import Staging

#: The catalogue's columns the checks read, per table (its key first): copied into DuckDB
#: before the file is read, and what the import adds meanwhile before the checks.
_CATALOGUE = {"indicator": ("id", "value_type"), "area": ("code", "division")}
#: The most imports kept in bulk tables: every reader of ``observation`` locks each one for
#: the rest of its transaction (and the server's lock table is bounded), so beyond this a
#: first import is staged and written to ``observation_row`` as any other; a copy of the
#: database (``migrate-db``) folds the bulk tables into ``observation_row``.
MAX_BULK_TABLES = 64
#: What DuckDB may run out of (memory, room to spill): the file is then staged on PostgreSQL.
_DUCKDB_OUT_OF_ROOM = (duckdb.OutOfMemoryException, duckdb.IOException)
#: How many codes one query asks for (a driver's limit on parameters is 65 535).
_CHUNK = 1000
_DUCKDB = DuckDBDialect()
_TYPES = {c: _DUCKDB.double for c in ("value", "numerator", "denominator")}
_TYPES |= {"import_id": _DUCKDB.integer, "revision": _DUCKDB.integer}
_ROW_COLUMNS = ", ".join(f"{c} {_TYPES.get(c, _DUCKDB.text)}" for c in COLUMNS)
#: DuckDB's tables for the staging of one file: the catalogue's columns above, no stored
#: observations (the copy is used only where the checks compare with none), the parts'
#: registry (the file is staged as a part) and the view made of them.
_TWIN_SCHEMA = (
    "CREATE TABLE indicator (id VARCHAR NOT NULL, value_type VARCHAR NOT NULL)",
    "CREATE TABLE area (code VARCHAR NOT NULL, division VARCHAR NOT NULL)",
    f"CREATE TABLE {ROW_TABLE} ({_ROW_COLUMNS})",
    "CREATE TABLE observation_part (import_id INTEGER PRIMARY KEY, table_name VARCHAR NOT NULL, "
    "select_sql VARCHAR NOT NULL)",
)


class CheckedCopy:
    """One import's rows in PostgreSQL's bulk table, checked by DuckDB's staging of the same
    file (:attr:`staging`). Close it when the import ends."""

    def __init__(
        self, backend: Backend, twin: DuckDBBackend, staging: Staging | None, import_id: int
    ) -> None:
        self.backend = backend
        self.twin = twin
        self._staging = staging
        self.import_id = import_id
        self.read_problems: list[Problem] = []
        #: the problems with the default years, found while the rows were copied
        self.found: list[Problem] | None = None
        #: the catalogue's rows per table when it was copied
        self.catalogued: dict[str, int] = {}

    @property
    def staging(self) -> Staging:
        if self._staging is None:
            raise ValueError("DuckDB did not stage the file")
        return self._staging

    def count(self) -> int:
        return self.staging.count()

    def unknown_areas(self, division: Division) -> list[str]:
        return self.staging.unknown_areas(division)

    def problems(self, *, first_year: int, last_year: int | None) -> list[Problem]:
        """DuckDB's staging's problems, after the areas and indicators PostgreSQL has gained
        since the copy (riket and the län an import brings) are copied in too."""
        synced = False
        for table, (key, *_) in _CATALOGUE.items():
            if _count(self.backend, table) == self.catalogued.get(table):
                continue  # nothing added since
            missing = sorted(self._missing(table, key))
            for n in range(0, len(missing), _CHUNK):
                chunk = missing[n : n + _CHUNK]
                marks = ", ".join("?" for _ in chunk)
                synced |= _copy_rows(self.backend, self.twin, table, f"{key} IN ({marks})", chunk)
        if self.found is not None and not synced and (first_year, last_year) == (FIRST_YEAR, None):
            return self.found
        return self.staging.problems(first_year=first_year, last_year=last_year)

    def _missing(self, table: str, key: str) -> set[str]:
        """The staged rows' codes of ``table`` DuckDB's copy of the catalogue lacks."""
        column = "indicator" if table == "indicator" else "area"
        rows = self.twin.query(
            f"SELECT DISTINCT s.{column} FROM {self.staging.relation} s "
            f"LEFT JOIN {table} c ON c.{key} = s.{column} WHERE c.{key} IS NULL"
        )
        return {str(r[0]) for r in rows if r[0] is not None}

    def locate_rows(self, path: Path, *, delimiter: str, decimal: str) -> None:
        """Stage the file again with its line numbers (the problems are then found anew)."""
        self.staging.locate_tidy_rows(path, delimiter=delimiter, decimal=decimal)
        self.found = None

    def merge(self, source: str) -> int:
        """Record the rows' source (they are stored already); the number of rows. The bulk
        tables hold the rows as read, without the CHECKs of ``observation_row`` (as DuckDB's
        parts): the rows DuckDB read — the same as ``COPY`` wrote — are refused here if a
        number in them is NaN or ±inf, so that no path stores one."""
        self.staging.refuse_non_finite()
        self.backend.execute(
            f"INSERT INTO {BULK_SOURCE_TABLE} (import_id, source) VALUES (?, ?)",
            (self.import_id, source),
        )
        return self.count()

    def close(self) -> None:
        try:
            if self._staging is not None:
                self._staging.__exit__(None, None, None)
        finally:
            self.twin.close()


def copy_checked(
    backend: Backend,
    path: Path,
    header: Sequence[str],
    *,
    source: str,
    delimiter: str,
    decimal: str,
    import_id: int,
    make_staging: Callable[[Backend], Staging],
) -> CheckedCopy | None:
    """The file into import ``import_id``'s bulk table, checked by DuckDB meanwhile; None
    (and nothing written) where the import must be staged on PostgreSQL instead (see the
    module docstring). Call inside the import's transaction, on its pinned connection."""
    if _bulk_tables(backend) >= MAX_BULK_TABLES:
        return None
    table = bulk_table(import_id)
    savepoint = f"bulk_copy_{int(import_id)}"
    catalogue = {t: _rows(backend, t) for t in _CATALOGUE}
    twin: dict[str, Any] = {}
    thread = threading.Thread(
        target=_check_in_duckdb,
        args=(twin, catalogue, path, source, delimiter, decimal, import_id, make_staging),
        daemon=True,
    )
    thread.start()
    checked: CheckedCopy | None = None
    try:
        try:
            backend.execute(f"SAVEPOINT {savepoint}")
            backend.execute(
                f"CREATE TABLE {table} (CHECK (import_id = {int(import_id)})) "
                f"INHERITS ({BULK_TABLE})"
            )
            backend.execute(
                f"ALTER TABLE {table} ALTER COLUMN import_id SET DEFAULT {int(import_id)}"
            )
            options = CsvOptions(
                str(path),
                delimiter=delimiter,
                decimal=decimal,
                target=table,
                target_columns=[READ_AREA if c == "area" else c for c in header],
                copy_only=True,
            )
            copied = backend.read_csv(options)[0] == table
        finally:
            thread.join()
            if "store" in twin:
                checked = CheckedCopy(backend, twin["store"], twin.get("staging"), import_id)
        error = twin.get("error")
        if error is not None and not isinstance(error, _DUCKDB_OUT_OF_ROOM):
            raise error
        if checked is None or error is not None:  # DuckDB could not (its memory): PostgreSQL
            backend.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
            return None
        checked.read_problems, checked.found = twin["problems"], twin.get("found")
        checked.catalogued = {t: len(rows) for t, (_, rows) in catalogue.items()}
        if checked.read_problems:
            result, checked = checked, None  # refused: the caller rolls everything back
            return result
        same = copied and twin["same_reading"] and checked.count() > 0
        if not same or _earlier(backend, checked):
            backend.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
            return None
        backend.execute(f"RELEASE SAVEPOINT {savepoint}")
        result, checked = checked, None
        return result
    finally:
        if checked is not None:  # not handed over: DuckDB's copy of the file closed here
            checked.close()


def _check_in_duckdb(
    out: dict[str, Any],
    catalogue: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
    path: Path,
    source: str,
    delimiter: str,
    decimal: str,
    import_id: int,
    make_staging: Callable[[Backend], Staging],
) -> None:
    """DuckDB's staging of the file, in ``out`` (or the error that stopped it), and whether
    ``COPY`` reads the file as DuckDB does (``out["same_reading"]``: the copy is used only
    then; proved here, beside the ``COPY``, not before it, and last: its byte searches hold
    Python's interpreter lock, which the ``COPY``'s thread needs to send the file, while
    DuckDB's work mostly runs without it)."""
    from kommunanalys.store.postgres_csv import copy_reads_as_duckdb  # psycopg's module

    try:
        twin = DuckDBBackend(":memory:")
        out["store"] = twin
        for statement in _TWIN_SCHEMA:
            twin.execute(statement)
        rebuild_view(twin)
        for table, (columns, rows) in catalogue.items():
            twin.bulk_insert(table, columns, rows)
        staging = make_staging(twin)
        out["staging"] = staging
        out["problems"] = staging.add_tidy_csv(
            path, source=source, delimiter=delimiter, decimal=decimal, import_id=import_id
        )
        if not out["problems"]:
            out["found"] = staging.problems()  # while COPY writes (see the module docstring)
        out["same_reading"] = copy_reads_as_duckdb(
            CsvOptions(str(path), delimiter=delimiter, decimal=decimal)
        )
    except BaseException as error:  # the import's thread decides (and closes the copy)
        out["error"] = error


def _rows(
    backend: Backend, table: str, where: str = "TRUE", params: Sequence[Any] = ()
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The checks' columns of a catalogue table, and its rows that ``where`` selects."""
    columns = list(_CATALOGUE[table])
    return columns, backend.query(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}", params)


def _bulk_tables(backend: Backend) -> int:
    """How many imports PostgreSQL keeps in bulk tables."""
    return int(backend.query(f"SELECT count(*) FROM {BULK_SOURCE_TABLE}")[0][0])


def _count(backend: Backend, table: str) -> int:
    return int(backend.query(f"SELECT count(*) FROM {table}")[0][0])


def _copy_rows(
    backend: Backend, twin: DuckDBBackend, table: str, where: str, params: Sequence[Any]
) -> bool:
    """The rows of ``table`` that ``where`` selects copied into DuckDB's; whether any were."""
    columns, rows = _rows(backend, table, where, params)
    return twin.bulk_insert(table, columns, rows) > 0


def _earlier(backend: Backend, checked: CheckedCopy) -> bool:
    """Do earlier imports hold values of the staged indicators, or of the others in a sum
    relation with one of them (the checks would compare the staged rows with those)?"""
    staged = {
        str(r[0])
        for r in checked.twin.query(f"SELECT DISTINCT indicator FROM {checked.staging.relation} s")
        if r[0] is not None
    }
    related = set(staged)
    for total, parts in INDICATOR_SUMS.items():
        if staged & {total, *parts}:
            related |= {total, *parts}
    if not related:
        return False
    names = ", ".join(sql_text(n) for n in sorted(related))
    rows = backend.query(
        "SELECT count(*) FROM (SELECT 1 FROM observation WHERE indicator IN "
        f"({names}) AND import_id <> ? LIMIT 1) found",
        (checked.import_id,),
    )
    return bool(rows[0][0])
