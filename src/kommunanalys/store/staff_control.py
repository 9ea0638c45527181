"""The personnel, internal-control and financing tables of a verksamhetsberättelse (migration 16).

Seven tables, one per table of the report: ``staff_figure`` (personnel figures against the
kommun), ``control_risk`` (the control plan), ``control_audit`` (audit recommendations and
their actions), ``contract_followup`` (framework agreements followed up), ``state_grant``,
``special_initiative`` and ``investment``. Each row is keyed by committee, year and the
columns of its table's :attr:`Table.key`; like an observation, a changed row is written as the
next revision of its key (the older ones stay: :meth:`StaffControlRows.history`), an unchanged
one is not written again, and each import is one audit event.

Rows in, rows out, as tuples in the column order of :attr:`Table.columns`; what the values
mean (codes, checks, totals) is :mod:`kommunanalys.ingest.staff_control`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kommunanalys.store.backend import Backend

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    name: str
    #: the columns after committee and year, in the table's order
    columns: tuple[str, ...]
    #: the columns (of :attr:`columns`) that, with committee and year, name a row
    key: tuple[str, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.key)


STAFF_FIGURE = Table(
    "staff_figure",
    ("measure", "unit_name", "gender", "value", "kommun_value"),
    ("measure", "unit_name", "gender"),
)
CONTROL_RISK = Table(
    "control_risk", ("process", "risk", "action", "status", "comment"), ("process", "risk")
)
CONTROL_AUDIT = Table(
    "control_audit",
    ("audit", "reference", "background", "action", "status", "comment"),
    ("audit", "action"),
)
CONTRACT_FOLLOWUP = Table(
    "contract_followup",
    ("framework", "providers_start", "providers_end", "followed_up", "approved_share", "result"),
    ("framework",),
)
STATE_GRANT = Table(
    "state_grant", ("name", "applied", "received", "budgeted", "objective", "note"), ("name",)
)
SPECIAL_INITIATIVE = Table("special_initiative", ("name", "budget", "outcome"), ("name",))
INVESTMENT = Table("investment", ("name", "budget", "outcome"), ("name",))

TABLES = {
    t.name: t
    for t in (
        STAFF_FIGURE,
        CONTROL_RISK,
        CONTROL_AUDIT,
        CONTRACT_FOLLOWUP,
        STATE_GRANT,
        SPECIAL_INITIATIVE,
        INVESTMENT,
    )
}


@dataclass(frozen=True)
class Written:
    """What one import did to one table: rows new, revised and unchanged."""

    added: int = 0
    revised: int = 0
    unchanged: int = 0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _latest(table: Table) -> str:
    """The latest revision of every key of ``table`` (portable SQL: a window, no QUALIFY)."""
    keys = ", ".join(("committee", "year", *table.key))
    return (
        f"SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY {keys} "
        f"ORDER BY revision DESC) AS rn FROM {table.name}) latest WHERE rn = 1"
    )


class StaffControlRows:
    """The seven tables, over one connection (the :class:`~kommunanalys.store.Store`'s)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def write(self, table: Table, rows: Sequence[Row], *, source_file: str, actor: str) -> Written:
        """Write ``rows`` (committee, year, then :attr:`Table.columns`; ``position`` is each
        row's place in ``rows``) as new revisions where they differ from the latest one.
        Call inside a transaction; the caller has checked that no key comes twice."""
        current = {
            r[: 2 + len(table.key)]: r[2 + len(table.key) :]
            for r in self.latest(table, with_position=True)
        }
        revision = {
            tuple(r[:-1]): int(r[-1])
            for r in self.backend.query(
                f"SELECT committee, year, {', '.join(table.key)}, max(revision) "
                f"FROM {table.name} GROUP BY committee, year, {', '.join(table.key)}"
            )
        }
        ordered = [
            (*r[:2], *_pick(table, r, table.key), *_pick(table, r, table.values)) for r in rows
        ]
        added = revised = unchanged = 0
        now = _now()
        names = ("committee", "year", *table.key, *table.values, "position", "revision")
        marks = ", ".join("?" for _ in (*names, 1, 2, 3))
        insert = (
            f"INSERT INTO {table.name} ({', '.join(names)}, source_file, imported_by, "
            f"imported_at) VALUES ({marks})"
        )
        for position, row in enumerate(ordered, start=1):
            key = tuple(row[: 2 + len(table.key)])
            value = (*row[2 + len(table.key) :], position)
            if current.get(key) == value:
                unchanged += 1
                continue
            if key in revision:
                revised += 1
            else:
                added += 1
            self.backend.execute(
                insert, (*row, position, revision.get(key, 0) + 1, source_file, actor, now)
            )
        return Written(added, revised, unchanged)

    def latest(
        self, table: Table, committee: str | None = None, *, with_position: bool = False
    ) -> list[Row]:
        """The latest revision of every row (of ``committee``), as committee, year, the key,
        the values (and the position), in the order the rows were written."""
        columns = ["committee", "year", *table.key, *table.values]
        if with_position:
            columns.append("position")
        where, params = ("WHERE committee = ?", [committee]) if committee else ("", [])
        rows = self.backend.query(
            f"SELECT {', '.join(columns)} FROM ({_latest(table)}) t {where} "
            "ORDER BY committee, year, position",
            params,
        )
        return [tuple(r) for r in rows]

    def rows(self, table: Table, committee: str, year: int) -> list[dict[str, Any]]:
        """The latest rows of ``committee`` and ``year`` as dicts of :attr:`Table.columns`."""
        names = (*table.key, *table.values)
        return [
            {**dict(zip(names, r[2:], strict=True))}
            for r in self.latest(table, committee)
            if r[1] == year
        ]

    def years(self, tables: Sequence[Table], committee: str) -> list[int]:
        """The years with rows of any of ``tables`` for ``committee``, ascending."""
        union = " UNION ".join(f"SELECT year FROM {t.name} WHERE committee = ?" for t in tables)
        rows = self.backend.query(
            f"SELECT DISTINCT year FROM ({union}) y ORDER BY year", [committee] * len(tables)
        )
        return [int(r[0]) for r in rows]

    def committees(self, tables: Sequence[Table]) -> list[str]:
        union = " UNION ".join(f"SELECT committee FROM {t.name}" for t in tables)
        rows = self.backend.query(f"SELECT DISTINCT committee FROM ({union}) c ORDER BY committee")
        return [str(r[0]) for r in rows]

    def history(self, table: Table, committee: str, year: int) -> list[Row]:
        """Every revision of ``committee``'s rows of ``year``: the key, the values, the
        revision, the file, who and when; newest first within a key."""
        columns = (*table.key, *table.values, "revision", "source_file", "imported_by")
        rows = self.backend.query(
            f"SELECT {', '.join(columns)}, imported_at FROM {table.name} "
            f"WHERE committee = ? AND year = ? ORDER BY {', '.join(table.key)}, revision DESC",
            [committee, year],
        )
        return [tuple(r) for r in rows]


def _pick(table: Table, row: Row, names: Sequence[str]) -> tuple[Any, ...]:
    """The cells of ``row`` (committee, year, :attr:`Table.columns`) named ``names``."""
    return tuple(row[2 + table.columns.index(n)] for n in names)
