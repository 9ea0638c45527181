"""A digest of what the demo build writes, part by part, to prove a faster build writes the same.

``python -m tests.demo.content_digest DB`` prints the digests of a built database; the recorded
ones in ``test_build_content.py`` were taken with the build before issue 22 (openpyxl, 2026-12-06).
When the demo's data changes on purpose, record the changed parts again with this command.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb

# part → (table, columns); import ids and timestamps are left out (they number and date the run)
PARTS: dict[str, tuple[str, str, str]] = {
    "catalogue": ("indicator", "*", "true"),
    "areas": ("area", "*", "true"),
    "area_changes": ("area_change", "*", "true"),
    "custom_area_members": ("custom_area_member", "*", "true"),
    "observations_scb": ("observation", "* EXCLUDE (import_id)", "source NOT LIKE 'Syntet%'"),
    "observations_synthetic": ("observation", "* EXCLUDE (import_id)", "source LIKE 'Syntet%'"),
    "derived_values": ("derived_value", "* EXCLUDE (import_id)", "true"),
    "disclosure_plan": ("disclosure_plan", "*", "true"),
}


def _rounded(value: object) -> object:
    """A float to 12 significant digits: the derived sums and weighted means are taken by the
    database in parallel, in no fixed order, and may differ in the last bit from run to run."""
    return format(value, ".12g") if isinstance(value, float) else value


def digests_of(query: Callable[[str], Sequence[Sequence[Any]]]) -> dict[str, str]:
    """Each part's row count and digest, read through ``query`` (SQL → rows)."""
    result = {}
    for part, (table, columns, where) in PARTS.items():
        rows = query(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY ALL")
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(tuple(map(_rounded, row))).encode())
        result[part] = f"{len(rows)}:{digest.hexdigest()[:16]}"
    return result


def digests(db: Path) -> dict[str, str]:
    """The digests of the database file ``db`` (opened read-only: nothing else may hold it)."""
    connection = duckdb.connect(str(db), read_only=True)
    try:
        return digests_of(lambda sql: connection.execute(sql).fetchall())
    finally:
        connection.close()


if __name__ == "__main__":
    for name, value in digests(Path(sys.argv[1])).items():
        print(f'    "{name}": "{value}",')
