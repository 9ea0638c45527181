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

PostgreSQL cannot rebuild the view at an import: ``CREATE OR REPLACE VIEW`` takes an ACCESS
EXCLUSIVE lock, which waits for every open reader (a snapshot holds its lock to its end) and
then blocks every reader until the import commits. There a bulk import's rows go into a table
of its own that *inherits* one fixed parent, :data:`BULK_TABLE` (schema migration 21): the
file's columns as read (NULL where the file lacks one; the area code as :data:`READ_AREA`)
and ``import_id``, which the import's table fills in itself (a constant default), so that one
``COPY`` of the file's columns writes the rows with their import. A scan of the parent reads
every child, so the view (made at the migrations only) reads ``observation_row`` and the
parent, the rest computed as for a part (:func:`bulk_branch`); the source is one row per
import in :data:`BULK_SOURCE_TABLE`. Creating a child locks the parent SHARE UPDATE
EXCLUSIVE only, which no reader or writer waits for (two imports take turns). A child is
created inside its import's transaction, after a savepoint: a rejected, interrupted or
dry-run import leaves nothing (:mod:`.bulk_copy`).
"""

from __future__ import annotations

from kommunanalys.catalog.regions import RIKET, lan_names
from kommunanalys.store.backend import Backend, Dialect

#: The key of a stored observation (one value per key and revision) and what it holds.
KEY = ("indicator", "area", "division", "period", "gender", "age_group")
PAYLOAD = ("value", "numerator", "denominator", "status")
#: The columns of ``observation`` (the view) and ``observation_row``, in order.
COLUMNS = (*KEY, *PAYLOAD, "source", "import_id", "revision")
ROW_TABLE = "observation_row"

#: PostgreSQL's parent of every bulk import's table, and the source of each import in it.
BULK_TABLE = "observation_bulk"
BULK_SOURCE_TABLE = "observation_bulk_source"
#: The column of the area code as the file has it (staging, part or bulk table; the stored
#: code is computed from it: :func:`plain_area`).
READ_AREA = "area_read"
#: The bulk table's columns besides ``import_id``, in order: a tidy CSV's, the area as read.
BULK_COLUMNS = ("indicator", READ_AREA, "division", "period", "gender", "age_group", *PAYLOAD)


def current_rows(columns: str, *, join: str = "", where: str = "") -> str:
    """``SELECT columns`` of the latest revision of every ``observation`` row (alias ``o``),
    with ``join`` (e.g. the import, ``i``); ``where``: a condition on ``o``'s own columns,
    without parameters, which also limits the grouping of the revised keys (so the rows of
    other indicators are not grouped).

    Every revision after the first is written to :data:`ROW_TABLE` (a part or a bulk table
    holds a first import's rows, revision 1, of indicators without earlier values). So a key's
    latest revision is its last in ``observation_row`` when it has one there above 1, else
    its only row: one grouping of ``observation_row`` by key, usually of few rows, joined
    with the stored rows, instead of a window that sorts every stored row by key or a
    correlated search for a later revision (which DuckDB plans as a join with the distinct
    keys of every row). At 10 M stored rows: 1.0 s against 1.2 s (a search of ``observation``)
    and 4.7 s (of ``observation_row``); the merge of an unchanged national re-import
    15.0 → 4.8 s (bench/README.md)."""
    same = " AND ".join(f"later.{c} = o.{c}" for c in KEY)
    keys = ", ".join(KEY)
    condition = "(later.last IS NULL OR o.revision = later.last)"
    also = f" AND ({where})" if where else ""
    return (
        f"SELECT {columns} FROM observation o{join} LEFT JOIN (SELECT {keys}, max(revision) "
        f"AS last FROM {ROW_TABLE} o{f' WHERE ({where})' if where else ''} GROUP BY {keys} "
        f"HAVING max(revision) > 1) later ON {same} WHERE {condition}{also}"
    )


def part_table(import_id: int) -> str:
    return f"observation_part_{int(import_id)}"


def bulk_table(import_id: int) -> str:
    """PostgreSQL's table of import ``import_id``'s rows as read (a child of
    :data:`BULK_TABLE`)."""
    return f"{BULK_TABLE}_{int(import_id)}"


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
    """``observation`` = ``observation_row``, the bulk tables where there are (PostgreSQL,
    from schema migration 21) and every registered part."""
    rows = backend.query("SELECT select_sql FROM observation_part ORDER BY import_id")
    parts = [str(r[0]) for r in rows]
    columns = ", ".join(COLUMNS)
    branches = [f"SELECT {columns} FROM {ROW_TABLE}", *parts]
    if backend.dialect.bulk and BULK_TABLE in backend.table_names():
        branches.insert(1, bulk_branch(backend.dialect))
    backend.execute("CREATE OR REPLACE VIEW observation AS " + " UNION ALL ".join(branches))


def bulk_branch(dialect: Dialect) -> str:
    """The 13 columns of :data:`COLUMNS` from the bulk tables, as a part computes them from
    its table (a column the file lacked is NULL there, and a file that has one has no empty
    field in it: the staging refuses an empty gender, age group or division), the source by
    the import."""
    area = f"b.{READ_AREA}"
    return (
        f"SELECT b.indicator, {plain_area(dialect, area)} AS area, "
        f"coalesce(b.division, {inferred_division(dialect, area)}) AS division, b.period, "
        "coalesce(b.gender, 'T') AS gender, coalesce(b.age_group, 'total') AS age_group, "
        f"{', '.join('b.' + c for c in PAYLOAD)}, s.source, b.import_id, 1 AS revision "
        f"FROM {BULK_TABLE} b JOIN {BULK_SOURCE_TABLE} s ON s.import_id = b.import_id"
    )


def sql_text(text: str) -> str:
    """``text`` as an SQL string literal (the source names a file, which may hold quotes)."""
    return "'" + text.replace("'", "''") + "'"


def plain_area(dialect: Dialect, area: str = "area") -> str:
    """An area code without SCB's vintage suffix (``0126C1010_DeSO2025`` → ``0126C1010``),
    and riket and a län in the catalogue's spelling whichever source's the file has
    (:func:`kommunanalys.catalog.regions.regional_code`): SCB's riket ``00`` and Kolada's
    ``0000`` → ``0000``, Kolada's region ``0001`` → the län ``01``. The length test first:
    it is all most rows (DeSO codes) cost."""
    underscore = "'_'"
    lan = ", ".join(f"'{code}'" for code in sorted(lan_names()))
    return (
        f"CASE WHEN length({area}) IN (2, 4) AND substr({area}, 1, 2) = '00' THEN "
        f"(CASE WHEN {area} IN ('00', '{RIKET}') THEN '{RIKET}' "
        f"WHEN substr({area}, 3, 2) IN ({lan}) THEN substr({area}, 3, 2) ELSE {area} END) "
        f"WHEN {dialect.contains(area, underscore)} "
        f"THEN {dialect.before(area, underscore)} ELSE {area} END"
    )


#: The division given to a code whose shape matches no division (reported as unknown area).
UNKNOWN_DIVISION = "okänd"


def inferred_division(dialect: Dialect, area: str = "area") -> str:
    """Division of a tidy CSV row without a ``division`` column: from the code (its suffix, its
    shape) and the year. String tests, not regular expressions: this runs on every row read
    (a bulk import's part computes it when read). The plain codes come first: most rows have
    one, and a code with a suffix is longer than any plain code, so the order changes nothing.
    """

    def ends(suffix: str) -> str:
        return dialect.ends_with(area, f"'{suffix}'")

    deso_letter = dialect.contains("'ABC'", f"substr({area}, 5, 1)")
    return (
        f"CASE WHEN length({area}) = 9 AND {deso_letter} THEN "
        "(CASE WHEN period >= '2024' THEN 'DeSO2025' ELSE 'DeSO2018' END) "
        f"WHEN length({area}) = 8 AND substr({area}, 5, 1) = 'R' THEN "
        "(CASE WHEN period >= '2024' THEN 'RegSO2025' ELSE 'RegSO2020' END) "
        f"WHEN length({area}) = 4 THEN 'kommun' "
        f"WHEN length({area}) = 2 THEN 'kommun' "  # a län (01 Stockholms län): one vintage
        f"WHEN {ends('_DeSO2025')} THEN 'DeSO2025' "
        f"WHEN {ends('_RegSO2025')} THEN 'RegSO2025' "
        f"WHEN {ends('_DeSO2018')} THEN 'DeSO2018' "
        f"WHEN {ends('_RegSO2020')} THEN 'RegSO2020' "
        # Never NULL (the observation table would refuse the whole file): a code of no known
        # shape gets a division no area has, so the area check reports its row.
        f"ELSE '{UNKNOWN_DIVISION}' END"
    )
