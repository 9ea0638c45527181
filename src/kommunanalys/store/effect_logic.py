"""Effect logic in the database: projects, outcomes, their items and indicators, source notes;
and what the loaded data says about an indicator (levels, latest period, last import).

Rows in, rows out, in the column order of the ``effect_*`` tables. What the rows mean is
:class:`kommunanalys.effect.repository.EffectLogicRepository`, which reaches this as
``store.effect_logic`` and writes a whole file in one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
