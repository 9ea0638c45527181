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
from typing import Self

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.i18n.labels import msgid


class GoalCode(StrEnum):
    """A code of the goal follow-up whose Swedish label is also what a goal file says."""

    @classmethod
    def parse(cls, text: str) -> Self:
        """The code from a goal file's Swedish word (any case): ``"Delvis uppfyllt"`` →
        :attr:`Grade.PARTLY`. The file format stays the users' Swedish; only codes go further."""
        t = text.strip().lower()
        for code in cls:
            if t == msgid(code).lower():
                return code
        raise ValueError(text)

    @classmethod
    def words(cls) -> str:
        """The Swedish words a goal file may use, for a message: "ökning, minskning, …"."""
        return ", ".join(msgid(code) for code in cls)


class Direction(GoalCode):
    """Which way an indicator should move, and how a value is held against its target.

    A goal file writes the Swedish label (``ökning``, ``inom intervall``, …)."""

    INCREASE = "increase"  # reach at least the target, rising over time
    DECREASE = "decrease"  # reach at most the target, falling over time
    AT_LEAST = "at_least"  # stay at or above the target
    AT_MOST = "at_most"  # stay at or below the target
    WITHIN = "within"  # stay between target low and high

    @property
    def wants_high(self) -> bool | None:
        if self in (Direction.INCREASE, Direction.AT_LEAST):
            return True
        if self in (Direction.DECREASE, Direction.AT_MOST):
            return False
        return None


class UnknownPeriod(KommunanalysError, ValueError):
    """Text that names no reporting period."""


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
        if t.startswith("m") and t[1:].isascii() and t[1:].isdigit() and 1 <= int(t[1:]) <= 12:
            return f"m{int(t[1:]):02d}"
        raise UnknownPeriod(ErrorCode.UNKNOWN_PERIOD, v=text)


#: Reporting order of periods within a year.
PERIOD_ORDER: dict[str, int] = {
    **{f"m{m:02d}": m for m in range(1, 13)},
    Period.INTERIM_1: 20,
    Period.INTERIM_2: 21,
    Period.FULL_YEAR: 30,
}


class Grade(GoalCode):
    """Goal-fulfilment grades, best first; the labels are as Huddinge's annual report writes
    them (*I mycket hög grad uppfyllt*, …), and so is a goal file."""

    VERY_HIGH = "very_high"
    HIGH = "high"
    PARTLY = "partly"
    NOT_MET = "not_met"

    @property
    def symbol(self) -> str:
        """The report's face: 😊 for (mycket) hög grad, 😐 delvis, ☹️ ej uppfyllt."""
        return {Grade.PARTLY: "😐", Grade.NOT_MET: "☹️"}.get(self, "😊")

    @property
    def css(self) -> str:
        return self.value.replace("_", "-")


class AssignmentStatus(GoalCode):
    """Where an assignment stands (a goal file writes *Klart*, *Pågår*, *Ej klart i år*)."""

    DONE = "done"
    ONGOING = "ongoing"
    NOT_DONE = "not_done"


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
        """A share in percent: unit "procent" (any case, with words after it) or "%"."""
        unit = self.unit.strip().casefold()
        return unit.startswith("procent") or unit == "%"


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
