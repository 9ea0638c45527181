"""Goal follow-up over the store: load a goal book, read the tree, enter values, grade goals.

The rows live in the store (:class:`kommunanalys.store.goals.GoalRows`, ``store.goals``); this
module turns them into the goal model and holds the rules. Every write runs in one
transaction with its audit event: a goal file loads completely or not at all; a value saved by
a unit editor carries a version so that two editors saving the same cell cannot overwrite each
other unseen; a grade that differs from the suggestion needs a motivation, and every decision
is kept with who and when.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.goals.entry import entry_problems
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
from kommunanalys.i18n.labels import msgid
from kommunanalys.store import Store

OPEN = "öppen"
LOCKED = "låst"


class GoalError(KommunanalysError, ValueError):
    """A goal operation a user asked for that cannot be done; its code and values say why."""


class GoalNotFound(GoalError):
    """An unknown committee, year or nämndmål (shown with status 404)."""


class Conflict(GoalError):
    """Someone else saved the same value since it was read."""


class GoalRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows = store.goals
        self.audit = store.audit

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes (e.g. a form's values) all or nothing."""
        with self.store.transaction():
            yield

    # -- loading a goal file -------------------------------------------------------------
    def save_book(
        self, book: GoalBook, actor: str, rule: GradeRule | None = None
    ) -> dict[str, int]:
        """Store ``book`` for its committee (definitions replaced, values upserted)."""
        cid = book.committee.id
        if rule is None and book.grading:
            rule = GradeRule.from_rows(list(book.grading))
        counts = {"added": 0, "changed": 0, "unchanged": 0}
        rows: dict[str, list[tuple[Any, ...]]] = {
            "goal_unit": [(cid, u.id, u.name) for u in book.units],
            "goal_indicator": [
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
                )
                for i, ind in enumerate(book.indicators)
            ],
            "goal_target": [
                (cid, t.indicator, t.year, t.kind, t.value, t.low, t.high) for t in book.targets
            ],
            "goal_plan": [(cid, p.year, p.title, p.summary) for p in book.plans],
            "goal_area": [(cid, a.year, a.position, a.name, a.summary) for a in book.goal_areas],
            "goal_objective": [
                (
                    cid,
                    o.year,
                    o.id,
                    o.position,
                    o.goal_area,
                    o.council_goal,
                    o.name,
                )
                for o in book.objectives
            ],
            # a goal file's grades and texts are the helår's
            "goal_objective_grade": [
                (
                    cid,
                    o.year,
                    o.id,
                    Period.FULL_YEAR.value,
                    o.grade.value if o.grade else None,
                    o.motivation,
                    o.analysis,
                    o.work_done,
                    o.graded_by,
                    None,  # the file does not say when the committee decided
                )
                for o in book.objectives
                if o.grade or o.motivation or o.analysis or o.work_done or o.graded_by
            ],
            "goal_objective_indicator": [
                (cid, o.year, o.id, j, ind)
                for o in book.objectives
                for j, ind in enumerate(o.indicators)
            ],
            "goal_assignment": [
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
                )
                for a in book.assignments
            ],
            "goal_transition": [
                (cid, r.position, r.outcome, r.indicator, r.note) for r in book.transition
            ],
        }
        committee = (cid, book.committee.name, book.committee.kommun)
        with self.store.transaction():
            self.rows.replace_book(committee, rule.to_rows() if rule else None, rows)
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
            self.audit.record(
                actor,
                "goals.load",
                f"goals/{cid}",
                new=counts,
                detail=f"{len(book.indicators)} indikatorer, {len(book.objectives)} nämndmål",
            )
        return counts

    # -- reading -------------------------------------------------------------------------
    def committees(self) -> list[Committee]:
        return [Committee(*r) for r in self.rows.committees()]

    def committee(self, cid: str) -> Committee:
        row = self.rows.committee(cid)
        if row is None:
            known = ", ".join(c.id for c in self.committees()) or "inga"
            raise GoalNotFound(ErrorCode.UNKNOWN_COMMITTEE, committee=cid, known=known)
        return Committee(*row)

    def grading_rule(self, cid: str) -> GradeRule:
        rows = self.rows.grading(cid)
        return GradeRule.default() if rows is None else GradeRule.from_rows(rows)

    def units(self, cid: str) -> list[Unit]:
        return [Unit(r[1], r[0], r[2]) for r in self.rows.units(cid)]

    def indicators(self, cid: str) -> dict[str, GoalIndicator]:
        return {r[0]: _goal_indicator(r) for r in self.rows.indicators(cid)}

    def targets(self, cid: str) -> list[Target]:
        return [Target(*r) for r in self.rows.targets(cid)]

    def values(self, cid: str, indicator: str | None = None) -> list[GoalValue]:
        return [GoalValue(*r) for r in self.rows.values(cid, indicator)]

    def value_version(self, cid: str, indicator: str, year: int, period: str) -> int:
        return self.rows.value_version(cid, indicator, year, period)

    def value_versions(self, cid: str, year: int, period: str) -> dict[str, int]:
        """Every indicator's value version of one period (an indicator without one: absent)."""
        return self.rows.value_versions(cid, year, period)

    def years(self, cid: str) -> list[int]:
        return self.rows.years(cid)

    def resolve(self, cid: str | None, year: int | None, *, entry: bool = False) -> tuple[str, int]:
        """The committee (default: the first) and year (default: its latest plan) a request
        means; ``entry`` also admits the year after the latest plan, open to data entry."""
        committees = self.committees()
        if not committees:
            raise GoalError(ErrorCode.NO_GOALS_LOADED)
        cid = cid or committees[0].id
        self.committee(cid)  # a clear message for an unknown committee
        years = self.years(cid)
        if not years:
            raise GoalNotFound(ErrorCode.NO_GOAL_PLAN, committee=cid)
        if year is None:
            return cid, years[-1]
        if entry:
            allowed = self.entry_years(cid)
            if year not in allowed:
                raise GoalNotFound(
                    ErrorCode.YEAR_NOT_OPEN, year=year, years=", ".join(map(str, allowed))
                )
            return cid, year
        if year not in self.follow_up_years(cid):
            self.plan(cid, year)  # the clear message, naming the years there are
        return cid, year

    def follow_up_years(self, cid: str) -> list[int]:
        """Years a follow-up can be made for: those with a målplan, and those whose values and
        etappmål are loaded though the year has no plan of its own (followed up in the goal tree
        of the nearest plan, :meth:`plan_for`)."""
        plans = self.years(cid)
        if not plans:
            return []
        with_target = {t.year for t in self.targets(cid) if t.kind == "etappmal"}
        with_value = {
            v.year for v in self.values(cid) if v.period == Period.FULL_YEAR and v.value is not None
        }
        return sorted(set(plans) | (with_target & with_value))

    def plan_for(self, cid: str, year: int) -> Plan:
        """The plan whose goal tree ``year`` is followed up in: its own, else the latest before
        it, else the first after it (:attr:`Plan.year` tells which)."""
        plans = self.years(cid)
        if year in plans or not plans:
            return self.plan(cid, year)
        earlier = [y for y in plans if y < year]
        return self.plan(cid, earlier[-1] if earlier else plans[0])

    def entry_years(self, cid: str) -> list[int]:
        """Years open to data entry: those with a målplan and the year after the latest one."""
        years = self.years(cid)
        return [*years, years[-1] + 1] if years else []

    def plan(self, cid: str, year: int) -> Plan:
        row = self.rows.plan(cid, year)
        if row is None:
            years = ", ".join(str(y) for y in self.years(cid)) or "inga"
            raise GoalNotFound(
                ErrorCode.NO_GOAL_PLAN_FOR_YEAR, committee=cid, year=year, years=years
            )
        return Plan(*row)

    def goal_areas(self, cid: str, year: int) -> list[GoalArea]:
        return [GoalArea(*r) for r in self.rows.goal_areas(cid, year)]

    def objectives(
        self, cid: str, year: int, period: str = Period.FULL_YEAR
    ) -> list[Objective]:
        """The year's nämndmål with the grade and texts of ``period`` (none when not graded)."""
        links: dict[str, list[str]] = {}
        for obj, ind in self.rows.objective_indicators(cid, year):
            links.setdefault(obj, []).append(ind)
        rows = self.rows.objectives(cid, year, Period.parse(period))
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

    def objective(
        self, cid: str, year: int, oid: str, period: str = Period.FULL_YEAR
    ) -> Objective:
        for o in self.objectives(cid, year, period):
            if o.id == oid:
                return o
        raise GoalNotFound(ErrorCode.UNKNOWN_OBJECTIVE, objective=oid, committee=cid, year=year)

    def assignments(self, cid: str, year: int, objective: str | None = None) -> list[Assignment]:
        rows = self.rows.assignments(cid, year)
        out = [_assignment(r) for r in rows]
        return [a for a in out if objective is None or a.objective == objective]

    def transition(self, cid: str) -> list[TransitionRow]:
        return [TransitionRow(*r) for r in self.rows.transition(cid)]

    def grade_decisions(
        self, cid: str, year: int, objective: str, period: str = Period.FULL_YEAR
    ) -> list[dict[str, Any]]:
        return [
            {
                **d,
                "grade": Grade(d["grade"]),
                "suggested": Grade(d["suggested"]) if d["suggested"] else None,
            }
            for d in self.rows.grade_decisions(cid, year, objective, Period.parse(period))
        ]

    # -- periods ---------------------------------------------------------------------------
    def period_state(self, cid: str, year: int, period: str) -> str:
        state = self.rows.period_state(cid, year, period)
        return OPEN if state is None else state

    def set_period_state(self, cid: str, year: int, period: str, state: str, actor: str) -> None:
        """Open or lock a reporting period of a committee and one of its entry years; an
        unknown committee or a year not open to data entry is refused before anything is
        written (:class:`GoalNotFound`)."""
        if state not in (OPEN, LOCKED):
            raise GoalError(ErrorCode.UNKNOWN_PERIOD_STATE, v=state, open=OPEN, locked=LOCKED)
        period = Period.parse(period)
        self.committee(cid)
        allowed = self.entry_years(cid)
        if year not in allowed:
            raise GoalNotFound(
                ErrorCode.YEAR_NOT_OPEN, year=year, years=", ".join(map(str, allowed))
            )
        old = self.period_state(cid, year, period)
        with self.store.transaction():
            self.rows.set_period_state(cid, year, period, state, actor)
            self.audit.record(
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
            raise GoalError(ErrorCode.PERIOD_CLOSED, period=value.period, year=value.year)
        for problem in entry_problems(value.value, value.numerator, value.denominator).values():
            raise GoalError(problem.code, **problem.values)
        with self.store.transaction():
            current = self.value_version(cid, value.indicator, value.year, value.period)
            if current != expected_version:
                raise Conflict(ErrorCode.VALUE_CHANGED)
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
        self.rows.write_value(
            cid,
            (v.indicator, v.year, v.period, v.value, v.numerator, v.denominator, v.analysis),
            actor,
            version,
        )
        self.audit.record(
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
        period: str = Period.FULL_YEAR,
    ) -> None:
        """The committee's grade for ``period`` (helår, a delår); differing from ``suggested``
        (the period's) needs a written motivation."""
        motivation = motivation.strip()
        if suggested is not None and grade != suggested and not motivation:
            raise GoalError(ErrorCode.GRADE_NEEDS_MOTIVATION, grade=grade, suggested=suggested)
        period = Period.parse(period)
        obj = self.objective(cid, year, oid, period)
        # the helår's audit target as before; another period's names it
        target = f"goals/{cid}/{year}/{oid}" + ("" if period == Period.FULL_YEAR else f"/{period}")
        with self.store.transaction():
            self.rows.set_grade(
                cid,
                year,
                period,
                oid,
                grade.value,
                motivation,
                actor,
                suggested.value if suggested else None,
            )
            self.audit.record(
                actor,
                "goals.grade",
                target,
                old=msgid(obj.grade) if obj.grade else None,  # the log's words stay Swedish
                new=msgid(grade),
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


def _fields(cls: type, row: Sequence[Any]) -> dict[str, Any]:
    """A stored row by the dataclass's field names (the repository's columns are in that order)."""
    return dict(zip((f.name for f in dataclasses.fields(cls)), row, strict=False))


def _goal_indicator(row: Sequence[Any]) -> GoalIndicator:
    values = _fields(GoalIndicator, row)
    return GoalIndicator(**{**values, "direction": Direction(values["direction"])})


def _assignment(row: Sequence[Any]) -> Assignment:
    values = _fields(Assignment, row)
    return Assignment(**{**values, "status": AssignmentStatus(values["status"])})
