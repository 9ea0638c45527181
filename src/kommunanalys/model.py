"""The domain model: areas, indicators, observations and imports.

Plain frozen dataclasses; the store turns them into rows and back. Nothing here knows about
a database, the web or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    RIKET = "riket"
    LAN = "lan"
    KOMMUN = "kommun"
    REGSO = "regso"
    DESO = "deso"
    CUSTOM = "custom"
    UNIT = "unit"  # a unit (verksamhet, Kolada "OU") of the municipality


class Division(StrEnum):
    """The vintage of a statistical division. Kommun areas use ``KOMMUN``."""

    KOMMUN = "kommun"
    DESO2018 = "DeSO2018"
    DESO2025 = "DeSO2025"
    REGSO2020 = "RegSO2020"
    REGSO2025 = "RegSO2025"
    UNIT = "unit"  # units sit outside the area hierarchy: never summed into the kommun


class ValueType(StrEnum):
    COUNT = "count"
    PROPORTION = "proportion"
    RATE = "rate"
    MEAN = "mean"
    MEDIAN = "median"
    INDEX = "index"


#: The interval kind of a complete register count: no sampling error, no interval.
COMPLETE_COUNT = "complete_count"


class Polarity(StrEnum):
    HIGH_GOOD = "high_good"
    LOW_GOOD = "low_good"
    NEUTRAL = "neutral"


class Gender(StrEnum):
    TOTAL = "T"
    WOMEN = "K"
    MEN = "M"


class Quality(StrEnum):
    ASSURED = "kvalitetssakrad"
    PRELIMINARY = "preliminar"
    BEING_ASSURED = "kvalitetssakras"


DOMAINS: tuple[str, ...] = (
    "Befolkning",
    "Förskola och skola",
    "Fritid",
    "Stöd och insatser",
    "Boende",
    "Inkomst och arbete",
)

#: Age group of an observation that covers all ages.
ALL_AGES = "total"


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    level: Level
    division: Division
    parent: str | None = None
    kommun: str | None = None
    geometry: str | None = None  # GeoJSON geometry as text, lon/lat


@dataclass(frozen=True, slots=True)
class AreaChange:
    from_code: str
    to_code: str
    kind: str
    date: str
    from_division: Division = Division.DESO2018
    to_division: Division = Division.DESO2025


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name_sv: str
    name_en: str
    domain: str
    value_type: ValueType
    unit: str
    multiplier: int
    polarity: Polarity
    source_kind: str
    source: str
    definition: str
    numerator: str | None = None
    denominator: str | None = None
    weight: str | None = None
    view_of: str | None = None
    view_gender: Gender | None = None
    sensitive: bool = False
    min_cell: int | None = None
    kolada_id: str | None = None
    quality: Quality = Quality.ASSURED
    by_gender: bool = False
    in_seed: bool = True
    #: False for an indicator an import created (e.g. from an SCB table not in the catalogue)
    #: until an analyst has confirmed its name, value type and unit.
    confirmed: bool = True
    #: A count of the whole population from a register (Antal invånare from SCB): it has no
    #: sampling error, so it gets no confidence interval anywhere.
    complete_count: bool = False

    @property
    def is_ratio(self) -> bool:
        """Shares and rates: computed from a numerator and a denominator."""
        return self.value_type in (ValueType.PROPORTION, ValueType.RATE)

    @property
    def interval_kind(self) -> str:
        """The value type that decides the confidence interval; ``complete_count`` (no
        interval: :func:`kommunanalys.stats.intervals.value_bounds` gives none) for a
        complete register count."""
        return COMPLETE_COUNT if self.complete_count else self.value_type.value

    @property
    def is_category(self) -> bool:
        """A class code (områdestyp 1–5), not a quantity: never ranked, compared or drawn
        on a scale as a number."""
        return self.unit == "klass"

    @property
    def is_view(self) -> bool:
        return self.view_of is not None


@dataclass(frozen=True, slots=True)
class Observation:
    """One value as loaded from a source. Never updated: a revision is a new row."""

    indicator: str
    area: str
    division: Division
    period: str
    value: float | None
    gender: Gender = Gender.TOTAL
    age_group: str = ALL_AGES
    numerator: float | None = None
    denominator: float | None = None
    status: str | None = None  # missing/status code, e.g. SCB ".." or "synthetic"
    source: str = ""


@dataclass(frozen=True, slots=True)
class ImportRecord:
    id: int
    source: str
    description: str
    checksum: str
    rows_read: int
    rows_written: int
    started_at: datetime
    synthetic: bool = False
    files: tuple[str, ...] = field(default_factory=tuple)
    actor: str = "system"
    rows_added: int = 0
    rows_revised: int = 0
    rows_unchanged: int = 0
    #: Cells the source held that were not imported on purpose (other municipalities,
    #: columns no indicator uses). An import with errors is rejected whole and not recorded.
    rows_skipped: int = 0


@dataclass(frozen=True, slots=True)
class Revision:
    """One stored version of an observation, with the import that brought it."""

    indicator: str
    area: str
    division: Division
    period: str
    gender: Gender
    age_group: str
    revision: int
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str | None
    import_id: int
    imported_at: datetime
    imported_by: str
    source: str


@dataclass(frozen=True, slots=True)
class Value:
    """A current value as served: observed, aggregated up the hierarchy or computed
    from numerator and denominator. Outward values pass the disclosure gate first."""

    indicator: str
    area: str
    division: Division
    period: str
    gender: Gender
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    status: str | None = None
    method: str = "observed"  # observed | aggregated | computed
    synthetic: bool = False
    import_id: int | None = None
    age_group: str = ALL_AGES

    def row(self) -> tuple[Any, ...]:
        """The value as a row of the ``derived_value`` table, in its column order."""
        return (
            self.indicator,
            self.area,
            self.division.value,
            self.period,
            self.gender.value,
            self.age_group,
            self.value,
            self.numerator,
            self.denominator,
            self.status,
            self.method,
            self.synthetic,
            self.import_id,
        )
