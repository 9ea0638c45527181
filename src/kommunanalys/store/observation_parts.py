"""Bulk imports kept as DuckDB read them ("parts"), read through the ``observation`` view.

Writing is what a national tidy CSV (10 million rows) costs: every stored row used to carry
13 columns, eight of them the same for the whole file or computed from two others (the area
code without SCB's vintage suffix, the division inferred from the code and the year, the
default gender and age group, the source, the import, revision 1). Writing those eight took
as long as reading the file.

So the rows of a tidy CSV whose indicators have no earlier values are stored as they were
read: one table per import (``observation_part_<import id>``) with exactly the file's
columns. The rest is computed when rows are read, by the view ``observation``: the union of
``observation_row`` (every other stored row, incl. every later revision) and every part, each
through its SELECT kept in ``observation_part``. Readers see one table of 13 columns, as
before; writers insert into ``observation_row``.

The view is rebuilt whenever a part is added or removed, inside the import's transaction: a
rejected, interrupted or dry-run import leaves table, registry and view as they were.
"""

from __future__ import annotations

from kommunanalys.store.backend import Backend

#: The key of a stored observation (one value per key and revision) and what it holds.
KEY = ("indicator", "area", "division", "period", "gender", "age_group")
PAYLOAD = ("value", "numerator", "denominator", "status")
#: The columns of ``observation`` (the view) and ``observation_row``, in order.
COLUMNS = (*KEY, *PAYLOAD, "source", "import_id", "revision")
ROW_TABLE = "observation_row"


def part_table(import_id: int) -> str:
    return f"observation_part_{int(import_id)}"


def add_part(backend: Backend, import_id: int, table: str, select: str) -> None:
    """Register ``table`` (already created) as import ``import_id``'s rows, read through
    ``select`` (the 13 columns of :data:`COLUMNS`, in order, from ``table``)."""
    backend.execute(
        "INSERT INTO observation_part (import_id, table_name, select_sql) VALUES (?, ?, ?)",
        (int(import_id), table, select),
    )
    rebuild_view(backend)


def remove_part(backend: Backend, import_id: int) -> None:
    """Drop import ``import_id``'s part (its rows have been moved elsewhere)."""
    rows = backend.query(
        "SELECT table_name FROM observation_part WHERE import_id = ?", (int(import_id),)
    )
    if not rows:
        return
    backend.execute("DELETE FROM observation_part WHERE import_id = ?", (int(import_id),))
    rebuild_view(backend)  # first: PostgreSQL drops no table a view reads
    backend.execute(f'DROP TABLE "{rows[0][0]}"')


def rebuild_view(backend: Backend) -> None:
    """``observation`` = ``observation_row`` and every registered part."""
    rows = backend.query("SELECT select_sql FROM observation_part ORDER BY import_id")
    parts = [str(r[0]) for r in rows]
    columns = ", ".join(COLUMNS)
    branches = [f"SELECT {columns} FROM {ROW_TABLE}", *parts]
    backend.execute("CREATE OR REPLACE VIEW observation AS " + " UNION ALL ".join(branches))


def sql_text(text: str) -> str:
    """``text`` as an SQL string literal (the source names a file, which may hold quotes)."""
    return "'" + text.replace("'", "''") + "'"
