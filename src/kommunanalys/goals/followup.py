"""The follow-up of a committee's year: every nämndmål with its indicators, status and grades.

This is what the web pages, the JSON twins and the reports show; they all read it from here so
that a grade, a status or a number is the same in every channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kommunanalys.formatting import format_goal
from kommunanalys.goals.consistency import check_targets
from kommunanalys.goals.grading import Suggestion, suggest_grade
from kommunanalys.goals.model import (
    PERIOD_ORDER,
    Assignment,
    Committee,
    GoalArea,
    GoalIndicator,
    GoalValue,
    Grade,
    Objective,
    Period,
    Plan,
    Target,
)
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.goals.status import GoalStatus, Trajectory, target_status, trajectory
from kommunanalys.privacy.gate import publish_counts


@dataclass(frozen=True)
class IndicatorRow:
    indicator: GoalIndicator
    year: int
    period: str
    history: dict[int, GoalValue | None]  # full-year values of the years shown (current: period)
    current: GoalValue | None
    target: Target | None  # etappmål of the year
    goal: Target | None  # målvärde (the nearest target year from ``year`` on)
    status: GoalStatus
    trajectory: Trajectory
    baseline: Target | None = None

    def formatted(self, value: float | None) -> str:
        return format_goal(value, self.indicator)


@dataclass(frozen=True)
class ObjectiveFollowUp:
    objective: Objective
    rows: tuple[IndicatorRow, ...]
    suggestion: Suggestion
    assignments: tuple[Assignment, ...]
    decisions: tuple[dict[str, Any], ...] = ()

    @property
    def grade(self) -> Grade | None:
        return self.objective.grade

    @property
    def overridden(self) -> bool:
        """The committee's grade differs from the suggested one."""
        return (
            self.grade is not None
            and self.suggestion.grade is not None
            and self.grade != self.suggestion.grade
        )


@dataclass(frozen=True)
class CouncilGoal:
    name: str
    objectives: tuple[ObjectiveFollowUp, ...]


@dataclass(frozen=True)
class AreaFollowUp:
    area: GoalArea
    council_goals: tuple[CouncilGoal, ...]


@dataclass(frozen=True)
class FollowUp:
    committee: Committee
    plan: Plan
    period: str
    areas: tuple[AreaFollowUp, ...]
    warnings: tuple[str, ...] = field(default=())
    #: the committee's gated values and its targets, for charts drawn from the same data
    values: tuple[GoalValue, ...] = ()
    targets: tuple[Target, ...] = ()
    #: the year of the plan whose goal tree is followed up (``year`` unless it has none)
    plan_year: int = 0

    @property
    def borrowed_plan(self) -> bool:
        """The year has no målplan of its own: its values against the nearest plan's tree."""
        return bool(self.plan_year) and self.plan_year != self.plan.year

    @property
    def objectives(self) -> list[ObjectiveFollowUp]:
        return [o for a in self.areas for c in a.council_goals for o in c.objectives]

    @property
    def year(self) -> int:
        return self.plan.year


def indicator_row(
    ind: GoalIndicator,
    values: list[GoalValue],
    targets: list[Target],
    year: int,
    period: str = Period.FULL_YEAR,
    span: int = 3,
) -> IndicatorRow:
    mine = [v for v in values if v.indicator == ind.id]
    full = {v.year: v for v in mine if v.period == Period.FULL_YEAR}
    current = next((v for v in mine if v.year == year and v.period == period), None)
    history: dict[int, GoalValue | None] = {y: full.get(y) for y in range(year - span + 1, year)}
    history[year] = current
    etapp = next(
        (t for t in targets if t.indicator == ind.id and t.kind == "etappmal" and t.year == year),
        None,
    )
    goals = sorted(
        (t for t in targets if t.indicator == ind.id and t.kind == "malvarde" and t.year >= year),
        key=lambda t: t.year,
    )
    goal = goals[0] if goals else None
    baseline = next((t for t in targets if t.indicator == ind.id and t.kind == "baslinje"), None)
    status = target_status(ind.direction, current.value if current else None, etapp)
    series = [v for v in mine if v.period == Period.FULL_YEAR]
    return IndicatorRow(
        ind,
        year,
        period,
        history,
        current,
        etapp,
        goal,
        status,
        trajectory(ind.direction, series, goal, year, share=ind.is_percent),
        baseline,
    )


def published_values(repo: GoalRepository, cid: str, *, protected: bool = True) -> list[GoalValue]:
    """The committee's values through the disclosure gate (``protected`` for the public)."""
    return [publish_goal_value(v, protected=protected) for v in repo.values(cid)]


def follow_up(
    repo: GoalRepository,
    cid: str,
    year: int,
    period: str = Period.FULL_YEAR,
    *,
    protected: bool = True,
) -> FollowUp:
    """The whole goal tree of committee ``cid`` for ``year`` (values of ``period``).

    Values pass the disclosure gate; ``protected=False`` only for signed-in staff."""
    period = Period.parse(period)
    committee = repo.committee(cid)
    own = repo.plan_for(cid, year)
    # a year without a plan of its own is followed up in the nearest plan's goal tree, without
    # that year's grades and texts (they are the other year's)
    plan = replace(own, year=year)
    borrowed = own.year != year
    indicators = repo.indicators(cid)
    values = published_values(repo, cid, protected=protected)
    targets = repo.targets(cid)
    rule = repo.grading_rule(cid)
    assignments = repo.assignments(cid, year)
    by_objective: dict[str, ObjectiveFollowUp] = {}
    # the grades and texts are the period's: a delårsrapport shows the delår's, not the year's
    for obj in repo.objectives(cid, own.year, period):
        if borrowed:
            obj = replace(
                obj,
                year=year,
                grade=None,
                motivation="",
                analysis="",
                work_done="",
                graded_by="",
                graded_at=None,
            )
        rows = tuple(
            indicator_row(indicators[i], values, targets, year, period)
            for i in obj.indicators
            if i in indicators
        )
        by_objective[obj.id] = ObjectiveFollowUp(
            obj,
            rows,
            suggest_grade([r.status for r in rows], rule),
            tuple(a for a in assignments if a.objective == obj.id),
            tuple(repo.grade_decisions(cid, year, obj.id, period)),
        )
    areas = []
    for area in repo.goal_areas(cid, own.year):
        council: dict[str, list[ObjectiveFollowUp]] = {}
        for f in by_objective.values():
            if f.objective.goal_area == area.name:
                council.setdefault(f.objective.council_goal, []).append(f)
        areas.append(
            AreaFollowUp(area, tuple(CouncilGoal(n, tuple(o)) for n, o in council.items()))
        )
    warnings = check_targets(indicators, targets, values)
    return FollowUp(
        committee,
        plan,
        period,
        tuple(areas),
        tuple(warnings),
        tuple(values),
        tuple(targets),
        plan_year=own.year,
    )


@dataclass(frozen=True)
class TransitionLine:
    outcome: str
    indicator: GoalIndicator
    previous: GoalValue | None  # full year before
    interim: GoalValue | None  # latest interim value of the year
    interim_period: str
    target: Target | None  # börläge, the next year's etappmål
    note: str
    status: GoalStatus  # the latest comparable value against the börläge


def transition_table(repo: GoalRepository, cid: str, year: int) -> list[TransitionLine]:
    """ "Mäta omställningen" for ``year``: full year ``year - 1``, the year's latest interim
    value and the börläge of ``year + 1`` with the direction."""
    indicators = repo.indicators(cid)
    values = published_values(repo, cid)
    targets = repo.targets(cid)
    lines = []
    for row in repo.transition(cid):
        ind = indicators[row.indicator]
        mine = [v for v in values if v.indicator == ind.id]
        previous = next(
            (v for v in mine if v.year == year - 1 and v.period == Period.FULL_YEAR), None
        )
        interims = sorted(
            (v for v in mine if v.year == year and v.period != Period.FULL_YEAR),
            key=lambda v: PERIOD_ORDER.get(v.period, 0),
        )
        interim = interims[-1] if interims else None
        target = next(
            (
                t
                for t in targets
                if t.indicator == ind.id and t.kind == "etappmal" and t.year == year + 1
            ),
            None,
        )
        # an interim share is comparable with a full-year target; an interim count is not
        latest = interim if interim and ind.is_percent else previous
        # the value the börläge starts from, as the consistency check reads it
        earlier = sorted(
            (v.year, v.value)
            for v in mine
            if v.period == Period.FULL_YEAR
            and v.value is not None
            and target is not None
            and v.year < target.year
        )
        base = earlier[-1][1] if earlier else None
        lines.append(
            TransitionLine(
                row.outcome,
                ind,
                previous,
                interim,
                interim.period if interim else Period.INTERIM_2.value,
                target,
                row.note,
                target_status(ind.direction, latest.value if latest else None, target, base),
            )
        )
    return lines


def publish_goal_value(value: GoalValue, *, protected: bool = True) -> GoalValue:
    """A goal value as it may leave the system.

    Goal values describe a whole committee and are published in its reports; for readers
    without a login (``protected``) a small numerator or denominator behind a share is
    removed, both together (the gate's :func:`kommunanalys.privacy.gate.publish_counts`)."""
    if not protected:
        return value
    numerator, denominator = publish_counts(value.numerator, value.denominator)
    if (numerator, denominator) == (value.numerator, value.denominator):
        return value
    return replace(value, numerator=numerator, denominator=denominator)
