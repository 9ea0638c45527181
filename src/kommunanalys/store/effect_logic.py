"""Effect logic in the database: projects, outcomes, their items and indicators, source notes;
and what the loaded data says about an indicator (levels, latest period, last import).

Rows in, rows out, in the column order of the ``effect_*`` tables. What the rows mean is
:class:`kommunanalys.effect.repository.EffectLogicRepository`, which reaches this as
``store.effect_logic`` and writes a whole file in one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from kommunanalys.store.backend import Backend

Row = tuple[Any, ...]
#: the tables an effect logic file fills, in the order they are written
TABLES = (
    "effect_project",
    "effect_project_goal",
    "effect_outcome",
    "effect_item",
    "effect_item_indicator",
    "effect_source",
)
#: the interventions' tables (kept when an effect logic file is loaded)
INTERVENTION_TABLES = ("effect_intervention", "effect_intervention_link")


class EffectLogicRows:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def replace_all(self, rows: Mapping[str, Sequence[Row]]) -> None:
        """Replace every table of :data:`TABLES` by ``rows`` (table → rows). Call inside a
        transaction: a file is loaded whole or not at all."""
        b = self.backend
        for table in TABLES:
            b.execute(f"DELETE FROM {table}")
        for table in TABLES:
            for row in rows.get(table, ()):
                b.execute(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in row)})", row)

    def table(self, table: str) -> list[Row]:
        """Every row of one of :data:`TABLES`, in its key's order."""
        order = {
            "effect_project": "position",
            "effect_project_goal": "project, position",
            "effect_outcome": "position",
            "effect_item": "outcome, number",
            "effect_item_indicator": "outcome, number, position",
            "effect_source": "indicator",
        }[table]
        return self.backend.query(f"SELECT * FROM {table} ORDER BY {order}")

    # -- one item or one source note, edited in the web (effect/editing.py) -----------------
    def update_item(
        self,
        outcome: str,
        number: int,
        text: str,
        direction: str,
        need: str,
        indicators: Sequence[str],
    ) -> None:
        """Rewrite one item's text, wanted direction, data need and indicators (its place in
        the grid stays). Call inside the transaction that records the audit event."""
        b = self.backend
        b.execute(
            "UPDATE effect_item SET text = ?, direction = ?, need = ? "
            "WHERE outcome = ? AND number = ?",
            (text, direction, need, outcome, number),
        )
        b.execute(
            "DELETE FROM effect_item_indicator WHERE outcome = ? AND number = ?",
            (outcome, number),
        )
        for position, indicator in enumerate(indicators):
            b.execute(
                "INSERT INTO effect_item_indicator VALUES (?, ?, ?, ?)",
                (outcome, number, position, indicator),
            )

    def add_item(self, row: Row, indicators: Sequence[str]) -> None:
        """Insert one ``effect_item`` row (outcome, number, level, column, text, direction,
        need) with its indicators. Call inside the transaction that records the audit event."""
        b = self.backend
        b.execute("INSERT INTO effect_item VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        for position, indicator in enumerate(indicators):
            b.execute(
                "INSERT INTO effect_item_indicator VALUES (?, ?, ?, ?)",
                (row[0], row[1], position, indicator),
            )

    def remove_item(self, outcome: str, number: int) -> None:
        """Delete one item and its indicators; the outcome's later items move up one number
        (an outcome's items are numbered 1, 2, … in order, as its file numbers them). Call
        inside the transaction that records the audit event."""
        b = self.backend
        where = "WHERE outcome = ? AND number >= ?"
        items = b.query(f"SELECT * FROM effect_item {where} ORDER BY number", (outcome, number))
        links = b.query(
            f"SELECT * FROM effect_item_indicator {where} ORDER BY number, position",
            (outcome, number),
        )
        b.execute(f"DELETE FROM effect_item_indicator {where}", (outcome, number))
        b.execute(f"DELETE FROM effect_item {where}", (outcome, number))
        for row in items:
            if row[1] != number:
                b.execute(
                    "INSERT INTO effect_item VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (row[0], row[1] - 1, *row[2:]),
                )
        for row in links:
            if row[1] != number:
                b.execute(
                    "INSERT INTO effect_item_indicator VALUES (?, ?, ?, ?)",
                    (row[0], row[1] - 1, row[2], row[3]),
                )

    def rewrite_item_links(self, kind: str, renamed: Mapping[str, str | None]) -> None:
        """Rewrite the interventions' links of ``kind`` whose ref is a key of ``renamed``: to
        the new ref, or (``None``) removed, the remaining links renumbered in order. Call
        inside the transaction that records the audit event."""
        b = self.backend
        rows = b.query(
            "SELECT intervention, position, ref FROM effect_intervention_link "
            "WHERE kind = ? ORDER BY intervention, position",
            (kind,),
        )
        touched = sorted({r[0] for r in rows if r[2] in renamed})
        for intervention in touched:
            refs = [r[2] for r in rows if r[0] == intervention]
            kept = [renamed.get(ref, ref) for ref in refs]
            b.execute(
                "DELETE FROM effect_intervention_link WHERE intervention = ? AND kind = ?",
                (intervention, kind),
            )
            for position, ref in enumerate(x for x in kept if x is not None):
                b.execute(
                    "INSERT INTO effect_intervention_link VALUES (?, ?, ?, ?)",
                    (intervention, kind, position, ref),
                )

    def replace_source(self, row: Row) -> None:
        """Write one ``effect_source`` row (indicator, system, frequency, delivery,
        responsible), replacing the indicator's earlier note; a row of empty fields removes
        it. Call inside the transaction that records the audit event."""
        b = self.backend
        b.execute("DELETE FROM effect_source WHERE indicator = ?", (row[0],))
        if any(row[1:]):
            b.execute("INSERT INTO effect_source VALUES (?, ?, ?, ?, ?)", row)

    def latest_periods(self) -> dict[str, str]:
        """The latest period with a value, per indicator."""
        return {
            indicator: period
            for indicator, period in self.backend.query(
                "SELECT indicator, max(period) FROM derived_value WHERE value IS NOT NULL "
                "GROUP BY indicator"
            )
        }

    def last_imports(self) -> dict[str, Row]:
        """``(source, description, started_at, synthetic)`` of the last import that brought
        values of each indicator."""
        rows = self.backend.query(
            "SELECT l.indicator, i.source, i.description, i.started_at, i.synthetic FROM "
            "(SELECT indicator, max(import_id) AS last_id FROM derived_value "
            "WHERE import_id IS NOT NULL GROUP BY indicator) l "
            "JOIN import i ON i.id = l.last_id"
        )
        return {r[0]: tuple(r[1:]) for r in rows}

    # -- interventions ---------------------------------------------------------------------
    def replace_interventions(self, interventions: Sequence[Row], links: Sequence[Row]) -> None:
        """Write ``interventions`` (rows of ``effect_intervention``) with their ``links``
        (rows of ``effect_intervention_link``), replacing those with the same ids. Call inside
        a transaction."""
        b = self.backend
        for row in interventions:
            b.execute("DELETE FROM effect_intervention_link WHERE intervention = ?", (row[0],))
            b.execute("DELETE FROM effect_intervention WHERE id = ?", (row[0],))
            b.execute(
                f"INSERT INTO effect_intervention VALUES ({', '.join('?' for _ in row)})",
                tuple(_date(x) if i in (7, 8) else x for i, x in enumerate(row)),
            )
        for row in links:
            b.execute("INSERT INTO effect_intervention_link VALUES (?, ?, ?, ?)", row)

    def remove_intervention(self, intervention_id: str) -> None:
        """Delete one intervention and its links. Call inside a transaction."""
        b = self.backend
        b.execute("DELETE FROM effect_intervention_link WHERE intervention = ?", (intervention_id,))
        b.execute("DELETE FROM effect_intervention WHERE id = ?", (intervention_id,))

    def interventions(self) -> list[Row]:
        """Every intervention, by start date (none last), then id; dates as ÅÅÅÅ-MM-DD."""
        rows = self.backend.query(
            "SELECT * FROM effect_intervention "
            "ORDER BY CASE WHEN start_date IS NULL THEN 1 ELSE 0 END, start_date, id"
        )
        return [
            tuple(
                x.isoformat() if isinstance(x, date) and not isinstance(x, datetime) else x
                for x in r
            )
            for r in rows
        ]

    def intervention_links(self) -> list[Row]:
        return self.backend.query(
            "SELECT * FROM effect_intervention_link ORDER BY intervention, kind, position"
        )

    def intervention_ids(self) -> set[str]:
        return {r[0] for r in self.backend.query("SELECT id FROM effect_intervention")}


def _date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) and value else None
