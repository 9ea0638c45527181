"""The effect logic model: an outcome (socialt utfall) and its grid of items.

The grid's columns are who or what changes and when (process/organisation, the target group in
the short term, the target group in the long term); its rows are the prevention level
(indikerad, selektiv, universell). An item is one wanted change ("Ökad skolnärvaro") with the
direction wanted and the catalogue indicators that follow it; an item without indicators is
"data saknas". Plain frozen dataclasses; the codes are English, their words in
:mod:`kommunanalys.i18n.labels` (an effect logic file writes the Swedish word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from kommunanalys.i18n.labels import msgid
from kommunanalys.store.schema import TARGET_GENDER_WORDS_2026


class EffectCode(StrEnum):
    """A code whose Swedish label is also what an effect logic file writes."""

    @classmethod
    def parse(cls, text: str) -> Self:
        t = text.strip().lower()
        for code in cls:
            if t == msgid(code).lower() or t == code.value:
                return code
        raise ValueError(text)

    @classmethod
    def words(cls) -> str:
        return ", ".join(msgid(code) for code in cls)


class PreventionLevel(EffectCode):
    """The grid's rows: whom the work reaches."""

    INDICATED = "indicated"  # indikerad – tidiga tecken observerade
    SELECTIVE = "selective"  # selektiv – till riskgrupp (utifrån bakgrundsvariabler)
    UNIVERSAL = "universal"  # universell – ges till alla


class GridColumn(EffectCode):
    """The grid's columns: what changes, and when."""

    PROCESS = "process"  # process/organisation
    SHORT_TERM = "short_term"  # målgrupp: kort sikt
    LONG_TERM = "long_term"  # målgrupp: lång sikt


class WantedDirection(EffectCode):
    """Which way an item's indicators should move."""

    INCREASE = "increase"
    DECREASE = "decrease"


class OwnerKind(EffectCode):
    """Whom an outcome belongs to: an area development project or the kommun as a whole."""

    PROJECT = "project"
    KOMMUN = "kommun"


class Delivery(EffectCode):
    """How data reaches the platform."""

    API = "api"
    FILE = "file"
    MANUAL = "manual"


class Frequency(EffectCode):
    """How often a source gives a new period."""

    YEARLY = "yearly"
    TERMLY = "termly"
    MONTHLY = "monthly"
    CONTINUOUS = "continuous"


@dataclass(frozen=True, slots=True)
class Item:
    """One wanted change in one cell of an outcome's grid."""

    outcome: str
    position: int  # order in its cell, from 0
    level: PreventionLevel
    column: GridColumn
    text: str
    direction: WantedDirection
    indicators: tuple[str, ...] = ()  # catalogue indicator ids; none: "data saknas"
    need: str = ""  # the data that is missing, in words ("Antal ansökningar till socialtjänst")

    @property
    def data_missing(self) -> bool:
        return not self.indicators


@dataclass(frozen=True, slots=True)
class Outcome:
    """A social outcome with its grid."""

    id: str
    name: str
    owner_kind: OwnerKind
    owner: str  # a project id, or the kommun's code
    description: str
    position: int
    items: tuple[Item, ...]

    def cell(self, level: PreventionLevel, column: GridColumn) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.level is level and i.column is column)


@dataclass(frozen=True, slots=True)
class Project:
    """An area development project: a (custom) area and its goals."""

    id: str
    name: str
    area: str  # an area code (a custom area such as "skogas")
    goals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What is entered about an indicator's data (what cannot be read from the loaded data)."""

    indicator: str
    source_system: str  # Procapita, skolans närvarosystem, Kolada, SCB, egen enkät …
    frequency: Frequency | None
    delivery: Delivery | None
    responsible: str


@dataclass(frozen=True, slots=True)
class EffectLogic:
    """Everything one effect logic file holds: its projects, outcomes and source notes."""

    projects: tuple[Project, ...]
    outcomes: tuple[Outcome, ...]
    sources: tuple[SourceInfo, ...]


class Movement(StrEnum):
    """Whether an item's indicator moves the way the item wants (from the trend test)."""

    WANTED = "wanted"  # a sure change in the wanted direction
    UNWANTED = "unwanted"  # a sure change the other way
    NO_CHANGE = "no_change"  # no sure change
    NOT_ASSESSED = "not_assessed"  # too few periods, or the values are protected


class Availability(StrEnum):
    """Whether there is data for an item or an indicator."""

    AVAILABLE = "available"  # values are loaded
    NOT_LOADED = "not_loaded"  # the indicator is in the catalogue, but no values are loaded
    MISSING = "missing"  # no indicator follows the item ("data saknas")


class InterventionStatus(EffectCode):
    """Where an intervention (insats) stands."""

    DRAFT = "draft"  # made from an insight, not yet described
    PLANNED = "planned"
    ONGOING = "ongoing"
    ENDED = "ended"


class TargetGender(EffectCode):
    """Whom an intervention is for by gender: everyone, or girls and women, or boys and men
    (its ages say which of the two words fits)."""

    ALL = "all"
    FEMALE = "female"
    MALE = "male"

    @classmethod
    def parse(cls, text: str) -> TargetGender:
        """Its code, its word, or a word an intervention was described by before it was a
        code ("flickor", "pojkar och flickor", "K" …)."""
        found = TARGET_GENDER_WORDS_2026.get(" ".join(text.split()).lower())
        if found is not None:
            return cls(found)
        return super().parse(text)


#: an intervention's ages: one age, a range or an age and older, in whole years, "år" after
#: them or not ("6-15", "16", "65–100", "13-15 år", "65+"); or "alla (åldrar)"
#: (ASCII digits only: "١٥" is no age a reader of the page can read)
_AGES = re.compile(r"([0-9]{1,3})(?:\s*[-–]\s*([0-9]{1,3})|\s*(\+))?(?:\s*år)?", re.IGNORECASE)
_ALL_AGES = re.compile(r"alla(?:\s+åldrar)?", re.IGNORECASE)
#: the oldest age an intervention's target group may name
MAX_AGE = 120


def valid_ages(text: str) -> bool:
    """Whether ``text`` is empty, "alla (åldrar)", or an age range ``från-till`` (one age, or
    ``N+``: N and older) in whole years from 0 to :data:`MAX_AGE`, the first not above the
    second, "år" after them or not."""
    if not text.strip() or _ALL_AGES.fullmatch(text.strip()):
        return True
    found = _AGES.fullmatch(text.strip())
    if found is None:
        return False
    low = int(found.group(1))
    high = int(found.group(2)) if found.group(2) is not None else low
    return low <= high <= MAX_AGE


@dataclass(frozen=True, slots=True)
class Intervention:
    """An intervention (insats): what is done, where, for whom, and what it should move."""

    id: str
    name: str
    description: str
    areas: tuple[str, ...]  # area codes (kommun, RegSO, DeSO or a custom area)
    target_group: str  # in words ("elever i årskurs 7–9 med problematisk skolfrånvaro")
    ages: str  # "6-15" (see :func:`valid_ages`), or ""
    gender: TargetGender | None
    level: PreventionLevel | None
    start: str  # ÅÅÅÅ-MM-DD, or ""
    end: str  # ÅÅÅÅ-MM-DD, or "" (ongoing)
    responsible: str  # the responsible unit
    cost: float | None  # kronor
    items: tuple[str, ...]  # effect logic items as "outcome:number"
    indicators: tuple[str, ...]  # catalogue indicator ids
    status: InterventionStatus
    created_by: str = ""

    @classmethod
    def blank(
        cls, id: str, status: InterventionStatus, created_by: str, **fields: Any
    ) -> Intervention:
        """An intervention with nothing described but ``fields`` (a new one, a draft)."""
        empty: dict[str, Any] = {
            "name": "",
            "description": "",
            "areas": (),
            "target_group": "",
            "ages": "",
            "gender": None,
            "level": None,
            "start": "",
            "end": "",
            "responsible": "",
            "cost": None,
            "items": (),
            "indicators": (),
        }
        return cls(id=id, status=status, created_by=created_by, **{**empty, **fields})
