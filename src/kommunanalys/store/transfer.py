"""Copy a whole installation from one database to another, engine to engine, table by table
through the :class:`~kommunanalys.store.backend.Backend` interface (``kommunanalys
migrate-db``; a backup of a PostgreSQL database goes through a DuckDB copy, :mod:`.backup`).

Both stores are open and migrated to the same schema version. The caller passes the source as
one snapshot (:meth:`Store.snapshot`), so a server writing beside it does not tear the copy
and the published checksum computed of that snapshot is the one of the rows copied. The
target is written in one transaction: every row in it, or none. Before that transaction
commits the caller's ``verify`` runs on the target (inside the transaction it sees the copied
rows; it computes the published checksum) and a mismatch rolls everything back.

What is copied: every base table with its rows as they are, except the bulk imports DuckDB
keeps as tables of their own and PostgreSQL in the bulk tables (:mod:`.observation_parts`):
their rows are read through the ``observation`` view and written to ``observation_row``, so
the target — of either engine — has no parts and no bulk rows. A sequence that numbers a
column (the audit trail's) is advanced past the copied numbers, so the next event does not
collide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.store import data_version
from kommunanalys.store.observation_parts import (
    BULK_SOURCE_TABLE,
    BULK_TABLE,
    COLUMNS,
    ROW_TABLE,
    remove_part,
)
from kommunanalys.store.store import Store

#: The tables a freshly migrated database already fills (replaced by the source's rows).
SEEDED = frozenset({"schema_version", "data_version"})
#: The registry of DuckDB's part tables: not copied (their rows are, through the view).
PART_REGISTRY = "observation_part"
#: … nor PostgreSQL's bulk tables and their sources
_THROUGH_VIEW = frozenset({PART_REGISTRY, BULK_TABLE, BULK_SOURCE_TABLE})
_PART_TABLE = re.compile(r"^observation_(part|bulk)_\d+$")
_SEQUENCE = re.compile(r"nextval\('([A-Za-z_][A-Za-z0-9_]*)'")


class TransferError(KommunanalysError):
    """A copy refused or undone: a code and the values of its message."""


@dataclass(frozen=True)
class Copied:
    """What a copy wrote: rows per table (``observation_row`` counts every observation)."""

    rows: dict[str, int]


def _base_tables(store: Store) -> list[str]:
    rows = store.backend.query(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
        "ORDER BY table_name"
    )
    return [str(r[0]) for r in rows]


def tables(store: Store) -> list[str]:
    """The tables a copy of ``store`` writes (part and bulk tables, their registry and
    sources left out)."""
    return [t for t in _base_tables(store) if t not in _THROUGH_VIEW and not _PART_TABLE.match(t)]


def _columns(store: Store, table: str) -> list[str]:
    rows = store.backend.query(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        (table,),
    )
    return [str(r[0]) for r in rows]


def _source_of(table: str) -> str:
    """Where the rows of ``table`` are read: every observation through the view."""
    return "observation" if table == ROW_TABLE else table


def census(store: Store) -> dict[str, int]:
    """Rows per copied table (``observation_row``: every observation, parts included)."""
    return {
        t: int(store.backend.query(f'SELECT count(*) FROM "{_source_of(t)}"')[0][0])
        for t in tables(store)
    }


def unexpected_rows(store: Store) -> dict[str, int]:
    """The tables of ``store`` that hold rows a freshly migrated database does not (empty:
    the store is empty and may be a copy's target)."""
    counts = census(store)
    counts.update(
        {t: 1 for t in _base_tables(store) if _PART_TABLE.match(t)}  # a part is never empty
    )
    return {t: n for t, n in sorted(counts.items()) if n and t not in SEEDED}


def copy_database(
    source: Store,
    target: Store,
    *,
    replace: bool = False,
    verify: Callable[[Store], None] | None = None,
) -> Copied:
    """Copy every row of ``source`` (a snapshot, see above) into ``target`` in one
    transaction on ``target``.

    Refuses (:class:`TransferError`) a target of another schema version, and a target that
    holds data unless ``replace`` (then its rows are deleted in the same transaction).
    ``verify(target)`` runs before the commit; whatever it raises rolls the copy back."""
    if source.schema_version() != target.schema_version():
        raise TransferError(
            ErrorCode.TRANSFER_SCHEMA_DIFFERS,
            source=source.schema_version(),
            target=target.schema_version(),
        )
    names = tables(source)
    if set(names) - set(tables(target)):
        raise TransferError(
            ErrorCode.TRANSFER_SCHEMA_DIFFERS,
            source=source.schema_version(),
            target=target.schema_version(),
        )
    with target.transaction():
        occupied = unexpected_rows(target)
        if occupied and not replace:
            table, n = next(iter(occupied.items()))
            raise TransferError(
                ErrorCode.TRANSFER_TARGET_NOT_EMPTY,
                target=target.backend.path,  # type: ignore[attr-defined]
                table=table,
                rows=n,
            )
        _clear(target)
        copied = {t: _copy_table(source, target, t) for t in names}
        _advance_sequences(target, names)
        data_version.bump(target.backend)  # a server on the target shows the new data
        if verify is not None:
            verify(target)
    return Copied(copied)


def _clear(target: Store) -> None:
    """Delete every row of ``target`` (parts and bulk tables included), inside its open
    transaction."""
    b = target.backend
    for (import_id,) in b.query(f"SELECT import_id FROM {PART_REGISTRY}"):
        remove_part(b, int(import_id))
    existing = _base_tables(target)
    for table in existing:
        if table.startswith(f"{BULK_TABLE}_") and _PART_TABLE.match(table):
            b.execute(f'DROP TABLE "{table}"')
    if BULK_SOURCE_TABLE in existing:
        b.execute(f'DELETE FROM "{BULK_SOURCE_TABLE}"')
    for table in tables(target):
        b.execute(f'DELETE FROM "{table}"')


def _copy_table(source: Store, target: Store, table: str) -> int:
    """The rows of ``table``: a table with an ``indicator`` column (the observations, the
    derived values: the large ones) one indicator at a time, so memory holds one indicator's
    rows; any other table at once."""
    columns = list(COLUMNS) if table == ROW_TABLE else _columns(source, table)
    if set(columns) != set(_columns(target, table)):
        raise TransferError(
            ErrorCode.TRANSFER_SCHEMA_DIFFERS,
            source=source.schema_version(),
            target=target.schema_version(),
        )
    listed = ", ".join(f'"{c}"' for c in columns)
    read = f'SELECT {listed} FROM "{_source_of(table)}"'
    if "indicator" not in columns:
        return target.backend.bulk_insert(table, columns, source.backend.query(read))
    keys = source.backend.query(f'SELECT DISTINCT indicator FROM "{_source_of(table)}"')
    written = 0
    for (key,) in keys:
        if key is None:
            rows = source.backend.query(f"{read} WHERE indicator IS NULL")
        else:
            rows = source.backend.query(f"{read} WHERE indicator = ?", (key,))
        written += target.backend.bulk_insert(table, columns, rows)
    return written


def _advance_sequences(target: Store, names: list[str]) -> None:
    """Every sequence that numbers a column past the highest number copied into it."""
    b = target.backend
    rows = b.query(
        "SELECT table_name, column_name, column_default FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_default IS NOT NULL"
    )
    for table, column, default in rows:
        match = _SEQUENCE.search(str(default))
        if table not in names or not match:
            continue
        highest = b.query(f'SELECT max("{column}") FROM "{table}"')[0][0]
        if highest is None:
            continue
        # nextval once per row until past the highest (setval is not in every engine)
        while True:
            got = b.query(f"SELECT max(nextval('{match.group(1)}')) FROM \"{table}\"")[0][0]
            if got is None or int(got) >= int(highest):
                break
