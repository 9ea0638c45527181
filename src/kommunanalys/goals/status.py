"""Status of a goal indicator: is the etappmål met, and is the series on track to the målvärde?

*Uppnått / ej uppnått* compares the period's value with the year's etappmål in the indicator's
direction: ökning and minst are met at or above the target, minskning and högst at or below it,
inom intervall between its bounds. A missing value or target is said, never guessed.

*On track* projects the full-year series to the målvärde's year with the Theil–Sen slope (the
median of all pairwise slopes, robust to one odd year) and compares it with the slope the target
requires. A projection needs :data:`MIN_PROJECTION_YEARS` full years (from two or three a
straight line says little: "för få värden för en prognos"), and a share's projection stays
within 0–100 %. With five or more years the Kendall trend test from :mod:`kommunanalys.stats.trend`
is also run; a significant trend away from the target overrides a favourable projection.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from statistics import median

from kommunanalys.goals.consistency import contradicts
from kommunanalys.goals.model import Direction, GoalValue, Period, Target
from kommunanalys.i18n.labels import msgid
from kommunanalys.stats.trend import TrendResult, trend


class GoalStatus(StrEnum):
    """The period's value against the year's etappmål (labels: *uppnått*, *ej uppnått*, …)."""

    MET = "met"
    NOT_MET = "not_met"
    NO_VALUE = "no_value"
    NO_TARGET = "no_target"
    #: the target lies on the wrong side of the value it starts from for the indicator's
    #: direction (see :func:`kommunanalys.goals.consistency.contradicts`): not assessed
    CONTRADICTS_DIRECTION = "contradicts_direction"


class Track(StrEnum):
    """Whether the series is on its way to the målvärde (*på väg mot målvärdet*, …)."""

    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    UNKNOWN = "unknown"
    #: fewer than MIN_PROJECTION_YEARS full-year values: no projection is drawn
    TOO_FEW_VALUES = "too_few_values"


#: Full-year values a projection needs: two or three points make no forecast.
MIN_PROJECTION_YEARS = 4


def meets(direction: Direction, value: float, target: Target) -> bool:
    """Whether ``value`` satisfies ``target`` in ``direction``."""
    if direction is Direction.WITHIN:
        low = target.low if target.low is not None else float("-inf")
        high = target.high if target.high is not None else float("inf")
        return low <= value <= high
    assert target.value is not None
    if direction.wants_high:
        return value >= target.value
    return value <= target.value


def target_status(
    direction: Direction,
    value: float | None,
    target: Target | None,
    base: float | None = None,
) -> GoalStatus:
    """``value`` against ``target`` in ``direction``; given the ``base`` the target starts
    from (the latest full-year value before the target's year), a target that contradicts the
    direction is flagged instead of assessed: "uppnått" would be an accident of a wrong sign."""
    if value is None:
        return GoalStatus.NO_VALUE
    if target is None or (target.value is None and target.low is None and target.high is None):
        return GoalStatus.NO_TARGET
    if contradicts(direction, target.value, base):
        return GoalStatus.CONTRADICTS_DIRECTION
    return GoalStatus.MET if meets(direction, value, target) else GoalStatus.NOT_MET


@dataclass(frozen=True)
class Trajectory:
    state: Track
    slope: float | None  # observed change per year (Theil–Sen)
    required: float | None  # change per year needed from the latest value to the målvärde
    projected: float | None  # the latest value carried forward to the target year
    target_year: int | None
    test: str  # the trend test's verdict, or why there is none
    explanation: str


def theil_sen(points: list[tuple[int, float]]) -> float | None:
    slopes = [(b - a) / (y2 - y1) for (y1, a), (y2, b) in combinations(points, 2) if y2 != y1]
    return median(slopes) if slopes else None


def trajectory(
    direction: Direction,
    values: list[GoalValue],
    goal: Target | None,
    up_to_year: int,
    *,
    share: bool = False,
) -> Trajectory:
    """Whether the full-year series up to ``up_to_year`` is on its way to ``goal``; a
    ``share`` (in percent) is never projected outside 0–100."""
    points = sorted(
        (v.year, v.value)
        for v in values
        if v.period == Period.FULL_YEAR and v.value is not None and v.year <= up_to_year
    )
    if goal is None:
        return Trajectory(Track.UNKNOWN, None, None, None, None, "", "inget målvärde")
    if len(points) < MIN_PROJECTION_YEARS:
        return Trajectory(
            Track.TOO_FEW_VALUES,
            None,
            None,
            None,
            goal.year,
            f"prognosen kräver minst {MIN_PROJECTION_YEARS} års helårsvärden "
            f"({len(points)} finns)",
            msgid(Track.TOO_FEW_VALUES),
        )
    slope = theil_sen(points)
    last_year, last = points[-1]
    years_left = goal.year - last_year
    projected = last + (slope or 0.0) * max(years_left, 0)
    if share:
        projected = min(max(projected, 0.0), 100.0)
    required = None
    if goal.value is not None and years_left > 0:
        required = (goal.value - last) / years_left
    test = trend("index", [str(y) for y, _ in points], [v for _, v in points])
    if test.direction is TrendResult.NOT_COMPUTABLE:
        test_text = f"trendtest kräver minst 5 år ({len(points)} finns)"
    else:
        test_text = f"trendtest: {msgid(test.direction)} (p = {test.p_value:.3f})"
    reaches = meets(direction, projected, goal)
    against = (
        direction.wants_high is not None
        and test.significant
        and (test.direction is TrendResult.INCREASING) != direction.wants_high
    )
    state = Track.ON_TRACK if reaches and not against else Track.OFF_TRACK
    if against and reaches:
        why = "säker trend bort från målet trots att prognosen når det"
    elif reaches:
        why = f"med nuvarande takt nås {_fmt(projected)} år {goal.year}"
    else:
        why = f"med nuvarande takt blir värdet {_fmt(projected)} år {goal.year}"
    return Trajectory(state, slope, required, projected, goal.year, test_text, why)


def _fmt(value: float) -> str:
    from kommunanalys.formatting import format_number

    return format_number(value, 1 if abs(value) < 100 else 0)
