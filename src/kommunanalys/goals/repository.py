"""Goal follow-up in the database: load a goal book, read the tree, enter values, grade goals.

Every write runs in one transaction with its audit event: a goal file loads completely or not
at all; a value saved by a unit editor carries a version so that two editors saving the same
cell cannot overwrite each other unseen; a grade that differs from the suggestion needs a
motivation, and every decision is kept with who and when.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from kommunanalys.access.audit import record
from kommunanalys.goals.grading import GradeRule
from kommunanalys.goals.model import (
    Assignment,
    AssignmentStatus,
    Committee,
    Direction,
    GoalArea,
    GoalBook,
    GoalIndicator,
    GoalValue,
    Grade,
    Objective,
    Period,
    Plan,
    Target,
    TransitionRow,
    Unit,
)
from kommunanalys.store.backend import Backend

OPEN = "öppen"
LOCKED = "låst"


class GoalError(ValueError):
    """A goal operation a user asked for that cannot be done; the message says why."""


class GoalNotFound(GoalError):
    """An unknown committee, year or nämndmål (shown with status 404)."""


class Conflict(GoalError):
    """Someone else saved the same value since it was read."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class GoalRepository:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # -- loading a goal file -------------------------------------------------------------
    def save_book(
        self, book: GoalBook, actor: str, rule: GradeRule | None = None
    ) -> dict[str, int]:
        """Store ``book`` for its committee (definitions replaced, values upserted)."""
        b = self.backend
        cid = book.committee.id
        if rule is None and book.grading:
            rule = GradeRule.from_rows(list(book.grading))
        counts = {"added": 0, "changed": 0, "unchanged": 0}
        with b.transaction():
            b.execute("DELETE FROM goal_committee WHERE id = ?", (cid,))
            b.execute(
                "INSERT INTO goal_committee VALUES (?, ?, ?, ?)",
                (
                    cid,
                    book.committee.name,
                    book.committee.kommun,
                    json.dumps(rule.to_rows(), ensure_ascii=False) if rule else None,
                ),
            )
            for table in (
                "goal_unit",
                "goal_indicator",
                "goal_target",
                "goal_plan",
                "goal_area",
                "goal_objective",
                "goal_objective_indicator",
                "goal_assignment",
                "goal_transition",
            ):
                b.execute(f"DELETE FROM {table} WHERE committee = ?", (cid,))
            for u in book.units:
                b.execute("INSERT INTO goal_unit VALUES (?, ?, ?)", (cid, u.id, u.name))
            for i, ind in enumerate(book.indicators):
                b.execute(
                    "INSERT INTO goal_indicator VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        cid,
                        ind.id,
                        ind.name,
                        ind.unit,
                        ind.direction.value,
                        ind.decimals,
                        ind.kolada_id,
                        ind.source,
                        ind.production,
                        ind.responsible_unit,
                        ind.footnote,
                        ind.area_indicator,
                        i,
                    ),
                )
            for t in book.targets:
                b.execute(
                    "INSERT INTO goal_target VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (cid, t.indicator, t.year, t.kind, t.value, t.low, t.high),
                )
            for p in book.plans:
                b.execute(
                    "INSERT INTO goal_plan VALUES (?, ?, ?, ?)", (cid, p.year, p.title, p.summary)
                )
            for a in book.goal_areas:
                b.execute(
                    "INSERT INTO goal_area VALUES (?, ?, ?, ?, ?)",
                    (cid, a.year, a.position, a.name, a.summary),
                )
            for o in book.objectives:
                b.execute(
                    "INSERT INTO goal_objective VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        cid,
                        o.year,
                        o.id,
                        o.position,
                        o.goal_area,
                        o.council_goal,
                        o.name,
                        o.grade.value if o.grade else None,
                        o.motivation,
                        o.analysis,
                        o.work_done,
                        o.graded_by,
                        None,  # the file does not say when the committee decided
                    ),
                )
                for j, ind in enumerate(o.indicators):
                    b.execute(
                        "INSERT INTO goal_objective_indicator VALUES (?, ?, ?, ?, ?)",
                        (cid, o.year, o.id, j, ind),
                    )
            for a in book.assignments:
                b.execute(
                    "INSERT INTO goal_assignment VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        cid,
                        a.year,
                        a.id,
                        a.objective,
                        a.origin,
                        a.text,
                        a.status.value,
                        a.comment,
                        a.deadline,
                    ),
                )
            for r in book.transition:
                b.execute(
                    "INSERT INTO goal_transition VALUES (?, ?, ?, ?, ?)",
                    (cid, r.position, r.outcome, r.indicator, r.note),
                )
            existing = {(v.indicator, v.year, v.period): v for v in self.values(cid)}
            for v in book.values:
                old = existing.get((v.indicator, v.year, v.period))
                if old and (old.value, old.numerator, old.denominator) == (
                    v.value,
                    v.numerator,
                    v.denominator,
                ):
                    counts["unchanged"] += 1
                    continue
                counts["changed" if old else "added"] += 1
                self._write_value(cid, v, actor, old)
            record(
                b,
                actor,
                "goals.load",
                f"goals/{cid}",
                new=counts,
                detail=f"{len(book.indicators)} indikatorer, {len(book.objectives)} nämndmål",
            )
        return counts

    # -- reading -------------------------------------------------------------------------
    def committees(self) -> list[Committee]:
        return [
            Committee(*r)
            for r in self.backend.query("SELECT id, name, kommun FROM goal_committee ORDER BY name")
        ]

    def committee(self, cid: str) -> Committee:
        rows = self.backend.query(
            "SELECT id, name, kommun FROM goal_committee WHERE id = ?", (cid,)
        )
        if not rows:
            known = ", ".join(c.id for c in self.committees()) or "inga"
            raise GoalNotFound(f"Nämnden '{cid}' finns inte (finns: {known}).")
        return Committee(*rows[0])

    def grading_rule(self, cid: str) -> GradeRule:
        rows = self.backend.query("SELECT grading FROM goal_committee WHERE id = ?", (cid,))
        if rows and rows[0][0]:
            return GradeRule.from_rows(json.loads(rows[0][0]))
        return GradeRule.default()

    def units(self, cid: str) -> list[Unit]:
        return [
            Unit(r[1], r[0], r[2])
            for r in self.backend.query(
                "SELECT committee, id, name FROM goal_unit WHERE committee = ? ORDER BY name",
                (cid,),
            )
        ]

    def indicators(self, cid: str) -> dict[str, GoalIndicator]:
        rows = self.backend.query(
            "SELECT id, committee, name, unit, direction, decimals, kolada_id, source, production,"
            " responsible_unit, footnote, area_indicator FROM goal_indicator WHERE committee = ?"
            " ORDER BY position",
            (cid,),
        )
        return {r[0]: GoalIndicator(*r[:4], Direction(r[4]), *r[5:]) for r in rows}

    def targets(self, cid: str) -> list[Target]:
        rows = self.backend.query(
            "SELECT indicator, year, kind, value, low, high FROM goal_target WHERE committee = ?",
            (cid,),
        )
        return [Target(*r) for r in rows]

    def values(self, cid: str, indicator: str | None = None) -> list[GoalValue]:
        sql = (
            "SELECT indicator, year, period, value, numerator, denominator, analysis,"
            " entered_by, entered_at FROM goal_value WHERE committee = ?"
        )
        params: list[Any] = [cid]
        if indicator:
            sql += " AND indicator = ?"
            params.append(indicator)
        return [GoalValue(*r) for r in self.backend.query(sql + " ORDER BY year, period", params)]

    def value_version(self, cid: str, indicator: str, year: int, period: str) -> int:
        rows = self.backend.query(
            "SELECT version FROM goal_value WHERE committee = ? AND indicator = ? AND year = ?"
            " AND period = ?",
            (cid, indicator, year, period),
        )
        return int(rows[0][0]) if rows else 0

    def years(self, cid: str) -> list[int]:
        return [
            r[0]
            for r in self.backend.query(
                "SELECT year FROM goal_plan WHERE committee = ? ORDER BY year", (cid,)
            )
        ]

    def resolve(self, cid: str | None, year: int | None, *, entry: bool = False) -> tuple[str, int]:
        """The committee (default: the first) and year (default: its latest plan) a request
        means; ``entry`` also admits the year after the latest plan, open to data entry."""
        committees = self.committees()
        if not committees:
            raise GoalError(
                "Inga mål är inlästa. Läs in en målfil med `kommunanalys goals load FIL`."
            )
        cid = cid or committees[0].id
        self.committee(cid)  # a clear message for an unknown committee
        years = self.years(cid)
        if not years:
            raise GoalNotFound(f"Nämnden '{cid}' har ingen målplan ([[plans]] i målfilen).")
        if year is None:
            return cid, years[-1]
        if entry:
            allowed = self.entry_years(cid)
            if year not in allowed:
                raise GoalNotFound(
                    f"År {year} tar inte emot värden (öppna år: {', '.join(map(str, allowed))})."
                )
            return cid, year
        self.plan(cid, year)
        return cid, year

    def entry_years(self, cid: str) -> list[int]:
        """Years open to data entry: those with a målplan and the year after the latest one."""
        years = self.years(cid)
        return [*years, years[-1] + 1] if years else []

    def plan(self, cid: str, year: int) -> Plan:
        rows = self.backend.query(
            "SELECT committee, year, title, summary FROM goal_plan"
            " WHERE committee = ? AND year = ?",
            (cid, year),
        )
        if not rows:
            years = ", ".join(str(y) for y in self.years(cid)) or "inga"
            raise GoalNotFound(f"Nämnden '{cid}' har ingen målplan för {year} (finns: {years}).")
        return Plan(*rows[0])

    def goal_areas(self, cid: str, year: int) -> list[GoalArea]:
        return [
            GoalArea(*r)
            for r in self.backend.query(
                "SELECT committee, year, name, summary, position FROM goal_area"
                " WHERE committee = ? AND year = ? ORDER BY position",
                (cid, year),
            )
        ]

    def objectives(self, cid: str, year: int) -> list[Objective]:
        links: dict[str, list[str]] = {}
        for obj, ind in self.backend.query(
            "SELECT objective, indicator FROM goal_objective_indicator WHERE committee = ?"
            " AND year = ? ORDER BY objective, position",
            (cid, year),
        ):
            links.setdefault(obj, []).append(ind)
        rows = self.backend.query(
            "SELECT id, committee, year, goal_area, council_goal, name, grade, motivation,"
            " analysis, work_done, graded_by, graded_at, position FROM goal_objective"
            " WHERE committee = ? AND year = ? ORDER BY position",
            (cid, year),
        )
        return [
            Objective(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                tuple(links.get(r[0], ())),
                Grade(r[6]) if r[6] else None,
                *r[7:],
            )
            for r in rows
        ]

    def objective(self, cid: str, year: int, oid: str) -> Objective:
        for o in self.objectives(cid, year):
            if o.id == oid:
                return o
        raise GoalNotFound(f"Nämndmålet '{oid}' finns inte för {cid} {year}.")

    def assignments(self, cid: str, year: int, objective: str | None = None) -> list[Assignment]:
        rows = self.backend.query(
            "SELECT id, committee, year, objective, origin, text, status, comment, deadline"
            " FROM goal_assignment WHERE committee = ? AND year = ? ORDER BY id",
            (cid, year),
        )
        out = [Assignment(*r[:6], AssignmentStatus(r[6]), *r[7:]) for r in rows]
        return [a for a in out if objective is None or a.objective == objective]

    def transition(self, cid: str) -> list[TransitionRow]:
        return [
            TransitionRow(*r)
            for r in self.backend.query(
                "SELECT committee, position, outcome, indicator, note FROM goal_transition"
                " WHERE committee = ? ORDER BY position",
                (cid,),
            )
        ]

    def grade_decisions(self, cid: str, year: int, objective: str) -> list[dict[str, Any]]:
        rows = self.backend.query(
            "SELECT grade, suggested, motivation, decided_by, decided_at FROM goal_grade_decision"
            " WHERE committee = ? AND year = ? AND objective = ? ORDER BY decided_at",
            (cid, year, objective),
        )
        keys = ("grade", "suggested", "motivation", "decided_by", "decided_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # -- periods ---------------------------------------------------------------------------
    def period_state(self, cid: str, year: int, period: str) -> str:
        rows = self.backend.query(
            "SELECT state FROM goal_period WHERE committee = ? AND year = ? AND period = ?",
            (cid, year, period),
        )
        return rows[0][0] if rows else OPEN

    def set_period_state(self, cid: str, year: int, period: str, state: str, actor: str) -> None:
        if state not in (OPEN, LOCKED):
            raise GoalError(f"Okänt periodläge '{state}'; välj {OPEN} eller {LOCKED}.")
        period = Period.parse(period)
        old = self.period_state(cid, year, period)
        with self.backend.transaction():
            self.backend.execute(
                "DELETE FROM goal_period WHERE committee = ? AND year = ? AND period = ?",
                (cid, year, period),
            )
            self.backend.execute(
                "INSERT INTO goal_period VALUES (?, ?, ?, ?, ?, ?)",
                (cid, year, period, state, actor, _now()),
            )
            record(
                self.backend,
                actor,
                "goals.period",
                f"goals/{cid}/{year}/{period}",
                old=old,
                new=state,
            )

    # -- writing single values and grades ------------------------------------------------
    def save_value(self, cid: str, value: GoalValue, actor: str, *, expected_version: int) -> int:
        """Save one value as entered in a form; returns the new version.

        ``expected_version`` is the version the editor saw; if the stored one differs,
        :class:`Conflict` is raised and nothing is written."""
        if self.period_state(cid, value.year, value.period) == LOCKED:
            raise GoalError(
                f"Perioden {value.period} {value.year} är låst; ändringar tas inte emot."
            )
        with self.backend.transaction():
            current = self.value_version(cid, value.indicator, value.year, value.period)
            if current != expected_version:
                raise Conflict(
                    "Värdet har ändrats av någon annan sedan du öppnade formuläret. "
                    "Ladda om sidan, jämför och spara igen."
                )
            old = next(
                (
                    v
                    for v in self.values(cid, value.indicator)
                    if v.year == value.year and v.period == value.period
                ),
                None,
            )
            return self._write_value(cid, value, actor, old)

    def _write_value(self, cid: str, v: GoalValue, actor: str, old: GoalValue | None) -> int:
        version = self.value_version(cid, v.indicator, v.year, v.period) + 1
        self.backend.execute(
            "DELETE FROM goal_value WHERE committee = ? AND indicator = ? AND year = ?"
            " AND period = ?",
            (cid, v.indicator, v.year, v.period),
        )
        self.backend.execute(
            "INSERT INTO goal_value VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cid,
                v.indicator,
                v.year,
                v.period,
                v.value,
                v.numerator,
                v.denominator,
                v.analysis,
                actor,
                _now(),
                version,
            ),
        )
        record(
            self.backend,
            actor,
            "goals.value",
            f"goals/{cid}/{v.indicator}/{v.year}/{v.period}",
            old=_value_json(old),
            new=_value_json(v),
        )
        return version

    def set_grade(
        self,
        cid: str,
        year: int,
        oid: str,
        grade: Grade,
        motivation: str,
        actor: str,
        *,
        suggested: Grade | None,
    ) -> None:
        """The committee's grade; differing from ``suggested`` needs a written motivation."""
        motivation = motivation.strip()
        if suggested is not None and grade != suggested and not motivation:
            raise GoalError(
                f"Bedömningen '{grade.value}' skiljer sig från förslaget '{suggested.value}': "
                "skriv en motivering."
            )
        obj = self.objective(cid, year, oid)
        with self.backend.transaction():
            self.backend.execute(
                "UPDATE goal_objective SET grade = ?, motivation = ?, graded_by = ?, graded_at = ?"
                " WHERE committee = ? AND year = ? AND id = ?",
                (grade.value, motivation, actor, _now(), cid, year, oid),
            )
            self.backend.execute(
                "INSERT INTO goal_grade_decision VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cid,
                    year,
                    oid,
                    grade.value,
                    suggested.value if suggested else None,
                    motivation,
                    actor,
                    _now(),
                ),
            )
            record(
                self.backend,
                actor,
                "goals.grade",
                f"goals/{cid}/{year}/{oid}",
                old=obj.grade.value if obj.grade else None,
                new=grade.value,
                detail=motivation,
            )


def _value_json(v: GoalValue | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "value": v.value,
        "numerator": v.numerator,
        "denominator": v.denominator,
        "analysis": v.analysis,
    }
