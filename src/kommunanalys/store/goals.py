"""Goal follow-up in the database: committees, goal trees, goal values, grades, periods.

Rows in, rows out, in the column order of the ``goal_*`` tables: what the rows mean (the
goal model, versions and conflicts, locked periods, grades that need a motivation) is
:class:`kommunanalys.goals.repository.GoalRepository`, which reaches this as ``store.goals``
and writes each change in one transaction with its audit event.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from kommunanalys.store.backend import Backend

Row = tuple[Any, ...]
#: The tables a goal file fills for its committee, in the order they are written.
BOOK_TABLES = (
    "goal_unit",
    "goal_indicator",
    "goal_target",
    "goal_plan",
    "goal_area",
    "goal_objective",
    "goal_objective_indicator",
    "goal_assignment",
    "goal_transition",
)
#: The period whose grades and texts a goal file carries (``goal_objective_grade``): a file
#: replaces the committee's helår grades; the delår grades set in the web are kept.
FILE_GRADE_PERIOD = "helår"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class GoalRows:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # -- a goal file ---------------------------------------------------------------------
    def replace_book(
        self,
        committee: tuple[str, str, str],
        grading: list[dict[str, Any]] | None,
        rows: Mapping[str, Sequence[Row]],
    ) -> None:
        """Replace a committee (id, name, kommun), its grading rule's rows and every table of
        :data:`BOOK_TABLES` for it by ``rows`` (table → rows, committee first), and its helår
        grades by the rows of ``goal_objective_grade`` (other periods' grades are kept while
        their nämndmål is). Values are kept: they are written one by one (:meth:`write_value`).
        Call inside a transaction."""
        b = self.backend
        cid = committee[0]
        b.execute("DELETE FROM goal_committee WHERE id = ?", (cid,))
        b.execute(
            "INSERT INTO goal_committee VALUES (?, ?, ?, ?)",
            (*committee, None if grading is None else json.dumps(grading, ensure_ascii=False)),
        )
        for table in BOOK_TABLES:
            b.execute(f"DELETE FROM {table} WHERE committee = ?", (cid,))
        for table in BOOK_TABLES:
            for row in rows.get(table, ()):
                b.execute(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in row)})", row)
        b.execute(
            "DELETE FROM goal_objective_grade WHERE committee = ? AND (period = ? OR NOT EXISTS"
            " (SELECT 1 FROM goal_objective o WHERE o.committee = goal_objective_grade.committee"
            " AND o.year = goal_objective_grade.year AND o.id = goal_objective_grade.objective))",
            (cid, FILE_GRADE_PERIOD),
        )
        for row in rows.get("goal_objective_grade", ()):
            marks = ", ".join("?" for _ in row)
            b.execute(f"INSERT INTO goal_objective_grade VALUES ({marks})", row)

    # -- reading -------------------------------------------------------------------------
    def committees(self) -> list[Row]:
        """``(id, name, kommun)`` of every committee, by name."""
        return self.backend.query("SELECT id, name, kommun FROM goal_committee ORDER BY name")

    def committee(self, cid: str) -> Row | None:
        rows = self.backend.query(
            "SELECT id, name, kommun FROM goal_committee WHERE id = ?", (cid,)
        )
        return rows[0] if rows else None

    def grading(self, cid: str) -> list[dict[str, Any]] | None:
        """The committee's grading rule as rows, None when it has none of its own."""
        rows = self.backend.query("SELECT grading FROM goal_committee WHERE id = ?", (cid,))
        if rows and rows[0][0]:
            return list(json.loads(rows[0][0]))
        return None

    def units(self, cid: str) -> list[Row]:
        """``(committee, id, name)``, by name."""
        return self.backend.query(
            "SELECT committee, id, name FROM goal_unit WHERE committee = ? ORDER BY name",
            (cid,),
        )

    def indicators(self, cid: str) -> list[Row]:
        return self.backend.query(
            "SELECT id, committee, name, unit, direction, decimals, kolada_id, source, production,"
            " responsible_unit, footnote, area_indicator FROM goal_indicator WHERE committee = ?"
            " ORDER BY position",
            (cid,),
        )

    def targets(self, cid: str) -> list[Row]:
        return self.backend.query(
            "SELECT indicator, year, kind, value, low, high FROM goal_target WHERE committee = ?"
            " ORDER BY indicator, year, kind",  # one order on every engine and after a copy
            (cid,),
        )

    def values(self, cid: str, indicator: str | None = None) -> list[Row]:
        sql = (
            "SELECT indicator, year, period, value, numerator, denominator, analysis,"
            " entered_by, entered_at FROM goal_value WHERE committee = ?"
        )
        params: list[Any] = [cid]
        if indicator:
            sql += " AND indicator = ?"
            params.append(indicator)
        return self.backend.query(sql + " ORDER BY year, period, indicator", params)

    def value_version(self, cid: str, indicator: str, year: int, period: str) -> int:
        rows = self.backend.query(
            "SELECT version FROM goal_value WHERE committee = ? AND indicator = ? AND year = ?"
            " AND period = ?",
            (cid, indicator, year, period),
        )
        return int(rows[0][0]) if rows else 0

    def value_versions(self, cid: str, year: int, period: str) -> dict[str, int]:
        """Each indicator's :meth:`value_version` of one period, in one query (absent: 0)."""
        rows = self.backend.query(
            "SELECT indicator, version FROM goal_value WHERE committee = ? AND year = ?"
            " AND period = ?",
            (cid, year, period),
        )
        return {r[0]: int(r[1]) for r in rows}

    def years(self, cid: str) -> list[int]:
        return [
            r[0]
            for r in self.backend.query(
                "SELECT year FROM goal_plan WHERE committee = ? ORDER BY year", (cid,)
            )
        ]

    def plan(self, cid: str, year: int) -> Row | None:
        rows = self.backend.query(
            "SELECT committee, year, title, summary FROM goal_plan"
            " WHERE committee = ? AND year = ?",
            (cid, year),
        )
        return rows[0] if rows else None

    def goal_areas(self, cid: str, year: int) -> list[Row]:
        return self.backend.query(
            "SELECT committee, year, name, summary, position FROM goal_area"
            " WHERE committee = ? AND year = ? ORDER BY position",
            (cid, year),
        )

    def objective_indicators(self, cid: str, year: int) -> list[Row]:
        """``(objective, indicator)`` links, in each objective's order."""
        return self.backend.query(
            "SELECT objective, indicator FROM goal_objective_indicator WHERE committee = ?"
            " AND year = ? ORDER BY objective, position",
            (cid, year),
        )

    def objectives(self, cid: str, year: int, period: str) -> list[Row]:
        """The year's nämndmål with the grade and texts of ``period`` (empty when none)."""
        return self.backend.query(
            "SELECT o.id, o.committee, o.year, o.goal_area, o.council_goal, o.name, g.grade,"
            " coalesce(g.motivation, ''), coalesce(g.analysis, ''), coalesce(g.work_done, ''),"
            " coalesce(g.graded_by, ''), g.graded_at, o.position FROM goal_objective o"
            " LEFT JOIN goal_objective_grade g ON g.committee = o.committee AND g.year = o.year"
            " AND g.objective = o.id AND g.period = ?"
            " WHERE o.committee = ? AND o.year = ? ORDER BY o.position",
            (period, cid, year),
        )

    def assignments(self, cid: str, year: int) -> list[Row]:
        return self.backend.query(
            "SELECT id, committee, year, objective, origin, text, status, comment, deadline"
            " FROM goal_assignment WHERE committee = ? AND year = ? ORDER BY id",
            (cid, year),
        )

    def transition(self, cid: str) -> list[Row]:
        return self.backend.query(
            "SELECT committee, position, outcome, indicator, note FROM goal_transition"
            " WHERE committee = ? ORDER BY position",
            (cid,),
        )

    def grade_decisions(
        self, cid: str, year: int, objective: str, period: str
    ) -> list[dict[str, Any]]:
        rows = self.backend.query(
            "SELECT grade, suggested, motivation, decided_by, decided_at FROM goal_grade_decision"
            " WHERE committee = ? AND year = ? AND objective = ? AND period = ?"
            " ORDER BY decided_at",
            (cid, year, objective, period),
        )
        keys = ("grade", "suggested", "motivation", "decided_by", "decided_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # -- periods ---------------------------------------------------------------------------
    def period_state(self, cid: str, year: int, period: str) -> str | None:
        """The stored state of a period, None when none was ever set."""
        rows = self.backend.query(
            "SELECT state FROM goal_period WHERE committee = ? AND year = ? AND period = ?",
            (cid, year, period),
        )
        return rows[0][0] if rows else None

    def set_period_state(self, cid: str, year: int, period: str, state: str, actor: str) -> None:
        """Call inside a transaction."""
        self.backend.execute(
            "DELETE FROM goal_period WHERE committee = ? AND year = ? AND period = ?",
            (cid, year, period),
        )
        self.backend.execute(
            "INSERT INTO goal_period VALUES (?, ?, ?, ?, ?, ?)",
            (cid, year, period, state, actor, _now()),
        )

    # -- writing single values and grades ------------------------------------------------
    def write_value(self, cid: str, value: Row, actor: str, version: int) -> None:
        """Replace one value: ``value`` is ``(indicator, year, period, value, numerator,
        denominator, analysis)``. Call inside a transaction."""
        indicator, year, period = value[:3]
        self.backend.execute(
            "DELETE FROM goal_value WHERE committee = ? AND indicator = ? AND year = ?"
            " AND period = ?",
            (cid, indicator, year, period),
        )
        self.backend.execute(
            "INSERT INTO goal_value VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (cid, *value, actor, _now(), version),
        )
        # no data-version bump: goal rows are read from the store itself, never from the
        # readers' snapshot, so a save leaves every kept public answer current

    def set_grade(
        self,
        cid: str,
        year: int,
        period: str,
        oid: str,
        grade: str,
        motivation: str,
        actor: str,
        suggested: str | None,
    ) -> None:
        """The committee's grade of a nämndmål for one period (its analysis and work done for
        the period are kept), and the decision kept beside it. Call inside a transaction."""
        b = self.backend
        key = (cid, year, oid, period)
        kept = b.query(
            "SELECT analysis, work_done FROM goal_objective_grade WHERE committee = ?"
            " AND year = ? AND objective = ? AND period = ?",
            key,
        )
        analysis, work_done = kept[0] if kept else ("", "")
        b.execute(
            "DELETE FROM goal_objective_grade WHERE committee = ? AND year = ? AND objective = ?"
            " AND period = ?",
            key,
        )
        now = _now()
        b.execute(
            "INSERT INTO goal_objective_grade VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, grade, motivation, analysis, work_done, actor, now),
        )
        b.execute(
            "INSERT INTO goal_grade_decision VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, grade, suggested, motivation, actor, now),
        )
