"""The goal follow-up model: committees, units, goal tree, goal indicators, targets, values.

A committee (nämnd) has for each year a goal tree: målområde → kommunfullmäktigemål → nämndmål
→ indicators. Indicators belong to the committee, not to one year or one goal: the same
indicator can follow several goals and carry values, etappmål and analysis texts for every
period. Plain frozen dataclasses; :mod:`kommunanalys.goals.repository` stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Direction(StrEnum):
    """Which way an indicator should move, and how a value is held against its target."""

    INCREASE = "ökning"  # reach at least the target, rising over time
    DECREASE = "minskning"  # reach at most the target, falling over time
    AT_LEAST = "minst"  # stay at or above the target
    AT_MOST = "högst"  # stay at or below the target
    WITHIN = "inom intervall"  # stay between target low and high

    @property
    def wants_high(self) -> bool | None:
        if self in (Direction.INCREASE, Direction.AT_LEAST):
            return True
        if self in (Direction.DECREASE, Direction.AT_MOST):
            return False
        return None


class Period(StrEnum):
    """Reporting periods. Monthly values use ``m01`` … ``m12``."""

    FULL_YEAR = "helår"
    INTERIM_1 = "delår 1"
    INTERIM_2 = "delår 2"

    @classmethod
    def parse(cls, text: str) -> str:
        """A period code from user text: ``"Helår"`` → ``"helår"``, ``"m3"`` → ``"m03"``."""
        t = " ".join(text.strip().lower().split())
        for p in cls:
            if t == p.value or t == p.value.replace(" ", ""):
                return p.value
        if t.startswith("m") and t[1:].isdigit() and 1 <= int(t[1:]) <= 12:
            return f"m{int(t[1:]):02d}"
        raise ValueError(
            f"okänd period '{text}'; använd helår, delår 1, delår 2 eller m01–m12 för månader"
        )


#: Reporting order of periods within a year.
PERIOD_ORDER: dict[str, int] = {
    **{f"m{m:02d}": m for m in range(1, 13)},
    Period.INTERIM_1: 20,
    Period.INTERIM_2: 21,
    Period.FULL_YEAR: 30,
}


class Grade(StrEnum):
    """Goal-fulfilment grades, best first, as Huddinge's annual report writes them."""

    VERY_HIGH = "I mycket hög grad uppfyllt"
    HIGH = "I hög grad uppfyllt"
    PARTLY = "Delvis uppfyllt"
    NOT_MET = "Ej uppfyllt"

    @property
    def symbol(self) -> str:
        """The report's face: 😊 for (mycket) hög grad, 😐 delvis, ☹️ ej uppfyllt."""
        return {Grade.PARTLY: "😐", Grade.NOT_MET: "☹️"}.get(self, "😊")

    @property
    def css(self) -> str:
        return {
            Grade.VERY_HIGH: "very-high",
            Grade.HIGH: "high",
            Grade.PARTLY: "partly",
            Grade.NOT_MET: "not-met",
        }[self]


class AssignmentStatus(StrEnum):
    DONE = "Klart"
    ONGOING = "Pågår"
    NOT_DONE = "Ej klart i år"


@dataclass(frozen=True)
class Committee:
    id: str
    name: str
    kommun: str


@dataclass(frozen=True)
class Unit:
    id: str
    committee: str
    name: str


@dataclass(frozen=True)
class Target:
    """An etappmål (``kind="etappmal"``), målvärde (``"malvarde"``) or baseline (``"baslinje"``)."""

    indicator: str
    year: int
    kind: str
    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class GoalValue:
    indicator: str
    year: int
    period: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    analysis: str = ""
    entered_by: str = ""
    entered_at: datetime | None = None


@dataclass(frozen=True)
class GoalIndicator:
    id: str
    committee: str
    name: str
    unit: str
    direction: Direction
    decimals: int = 0
    kolada_id: str = ""
    source: str = ""
    production: str = ""
    responsible_unit: str = ""
    footnote: str = ""
    #: the catalogue indicator with the same measure by area (links to its area breakdown)
    area_indicator: str = ""

    @property
    def is_percent(self) -> bool:
        return self.unit.startswith("procent")


@dataclass(frozen=True)
class Objective:
    """A nämndmål for one year, with its place in the tree and the committee's assessment."""

    id: str
    committee: str
    year: int
    goal_area: str
    council_goal: str
    name: str
    indicators: tuple[str, ...]
    grade: Grade | None = None
    motivation: str = ""
    analysis: str = ""
    work_done: str = ""
    graded_by: str = ""
    graded_at: datetime | None = None
    position: int = 0


@dataclass(frozen=True)
class Assignment:
    id: int
    committee: str
    year: int
    objective: str
    origin: str
    text: str
    status: AssignmentStatus
    comment: str = ""
    deadline: str = ""


@dataclass(frozen=True)
class GoalArea:
    committee: str
    year: int
    name: str
    summary: str = ""
    position: int = 0


@dataclass(frozen=True)
class Plan:
    committee: str
    year: int
    title: str
    summary: str = ""


@dataclass(frozen=True)
class TransitionRow:
    """A row of "Mäta omställningen": an outcome followed by one indicator."""

    committee: str
    position: int
    outcome: str
    indicator: str
    note: str = ""


@dataclass(frozen=True)
class GoalBook:
    """Everything a goal file holds for one committee, ready to be stored in one go."""

    committee: Committee
    units: tuple[Unit, ...] = ()
    indicators: tuple[GoalIndicator, ...] = ()
    targets: tuple[Target, ...] = ()
    values: tuple[GoalValue, ...] = ()
    plans: tuple[Plan, ...] = ()
    goal_areas: tuple[GoalArea, ...] = ()
    objectives: tuple[Objective, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    transition: tuple[TransitionRow, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    #: ``[[grading]]`` rows of the file (see :class:`kommunanalys.goals.grading.GradeRule`)
    grading: tuple[dict[str, object], ...] = ()
