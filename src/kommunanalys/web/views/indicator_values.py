"""One indicator's gated values for every area of a level, with intervals and the comparison
with the kommun: what the map (/karta) and the ranking (/indikator/{id}) show.

Values come from :meth:`Dataset.ranking` and :meth:`Dataset.values`, so every one has passed
the disclosure gate; intervals are computed from the gated numerator and denominator only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kommunanalys.model import (
    ALL_AGES,
    Area,
    Gender,
    Indicator,
    Level,
    Value,
    ValueType,
)
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import (
    INTERVAL_OUTCOMES,
    Comparison,
    Outcome,
    compare_codes,
    outcome_of,
)
from kommunanalys.stats.intervals import LEVELS, Interval, value_bounds, value_method


def outcome_tone(outcome: Outcome) -> str | None:
    """The tone of a mark: the outcome's code for an interval's outcome (the charts' palettes
    name their tones so), none for a quintile or no comparison."""
    return outcome.value if outcome in INTERVAL_OUTCOMES else None


@dataclass(frozen=True, slots=True)
class AreaValue:
    area: Area
    value: Value | None
    interval: Interval | None
    comparison: Comparison | None

    @property
    def number(self) -> float | None:
        return self.value.value if self.value is not None else None

    @property
    def suppressed(self) -> bool:
        return self.value is not None and self.value.status == SUPPRESSED

    @property
    def tone(self) -> str | None:
        return outcome_tone(self.comparison.outcome) if self.comparison else None


@dataclass(frozen=True, slots=True)
class LevelValues:
    indicator: Indicator
    year: str
    level: Level
    gender: Gender
    rows: list[AreaValue]
    kommun: Area
    kommun_value: Value | None

    def ranked(self) -> list[AreaValue]:
        """Highest value first, then suppressed, then missing (each group by name)."""
        shown = sorted(
            (r for r in self.rows if r.number is not None), key=lambda r: -(r.number or 0.0)
        )
        rest = sorted(
            (r for r in self.rows if r.number is None),
            key=lambda r: (not r.suppressed, r.area.name),
        )
        return shown + rest


def level_values(
    ds: Dataset, indicator: Indicator, year: str | None, level: Level, gender: Gender
) -> LevelValues:
    """Every area of ``level`` with its value for ``year`` (latest with data when None) and
    ``gender`` (a gender view keeps its own gender).

    The most recent results are kept (the data behind a Dataset never changes; a new import
    makes a new Dataset): the map, its JSON twin, its SVG and PNG and the ranking of the same
    indicator and year are usually asked for together. A national DeSO level takes about
    4 MB, so 16 are kept (at most ~65 MB)."""
    return _cached(ds, indicator, year, level, gender)


@lru_cache(maxsize=16)
def _cached(
    ds: Dataset, indicator: Indicator, year: str | None, level: Level, gender: Gender
) -> LevelValues:
    wanted = indicator.view_gender or gender
    year, pairs = ds.ranking(indicator.id, year, level, wanted)
    kommun = ds.kommun
    kommun_value = _kommun_value(ds, indicator, year, kommun, wanted) if year else None
    values = [v for _, v in pairs]
    arrays = _arrays(values)
    lower, upper = _bounds(indicator, arrays, LEVELS[0])
    intervals = _intervals(indicator, values, lower, upper, LEVELS[0])
    benchmark = kommun_value.value if kommun_value is not None else None
    if level is Level.KOMMUN or benchmark is None or indicator.value_type is ValueType.COUNT:
        # Counts are not compared: areas differ in size (as on the profile).
        comparisons: list[Comparison | None] = [None] * len(pairs)
    else:
        strict = _bounds(indicator, arrays, LEVELS[1])
        comparisons = _comparisons(
            indicator, intervals, (lower, upper), strict, benchmark, kommun.name
        )
    rows = [
        AreaValue(area, v, interval, comparison)
        for (area, v), interval, comparison in zip(pairs, intervals, comparisons, strict=True)
    ]
    return LevelValues(indicator, year, level, wanted, rows, kommun, kommun_value)


Arrays = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def _arrays(values: list[Value | None]) -> Arrays:
    """Value, numerator and denominator of every row as arrays (NaN where missing)."""
    nan = math.nan
    return (
        np.array([nan if v is None or v.value is None else v.value for v in values], np.float64),
        np.array(
            [nan if v is None or v.numerator is None else v.numerator for v in values], np.float64
        ),
        np.array(
            [nan if v is None or v.denominator is None else v.denominator for v in values],
            np.float64,
        ),
    )


def _bounds(
    indicator: Indicator, arrays: Arrays, level: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Every row's bounds in one vectorised call (all rows share one indicator); NaN where
    the row has no value (a hidden or missing value has no interval)."""
    value, numerator, denominator = arrays
    lower, upper = value_bounds(
        indicator.interval_kind,
        value,
        numerator,
        denominator,
        float(indicator.multiplier),
        level,
    )
    shown = ~np.isnan(value)
    return np.where(shown, lower, np.nan), np.where(shown, upper, np.nan)


def _intervals(
    indicator: Indicator,
    values: list[Value | None],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    level: float,
) -> list[Interval | None]:
    kind = indicator.interval_kind
    by_count = kind in ("rate", "count")  # the method depends on the count only for these
    method = value_method(kind)
    out: list[Interval | None] = []
    for v, lo, hi in zip(values, lower.tolist(), upper.tolist(), strict=True):
        if v is None or lo != lo or hi != hi:  # NaN: no interval
            out.append(None)
            continue
        if by_count:
            method = value_method(kind, v.numerator if kind == "rate" else v.value)
        out.append(Interval(lo, hi, level, method))
    return out


def _comparisons(
    indicator: Indicator,
    intervals: list[Interval | None],
    normal: tuple[NDArray[np.float64], NDArray[np.float64]],
    strict: tuple[NDArray[np.float64], NDArray[np.float64]],
    benchmark: float,
    label: str,
) -> list[Comparison | None]:
    """Each interval against the kommun's value (vectorised); None without an interval.
    Rows with the same outcomes and method share one (immutable) Comparison."""
    codes = compare_codes(normal[0], normal[1], benchmark).tolist()
    strict_codes = compare_codes(strict[0], strict[1], benchmark).tolist()
    polarity = indicator.polarity.value
    made: dict[tuple[int, int, str], Comparison] = {}
    out: list[Comparison | None] = []
    for interval, code, wide in zip(intervals, codes, strict_codes, strict=True):
        if interval is None:
            out.append(None)
            continue
        key = (code, wide, interval.method)
        found = made.get(key)
        if found is None:
            found = made[key] = Comparison(
                outcome_of(code, polarity),
                outcome_of(wide, polarity),
                LEVELS[0],
                interval.method,
                benchmark,
                label,
            )
        out.append(found)
    return out


def _kommun_value(
    ds: Dataset, indicator: Indicator, year: str, kommun: Area, gender: Gender
) -> Value | None:
    found = ds.values([indicator.id], areas=[kommun.code], years=[year], genders=[gender])
    return next(
        (v for v in found if v.division is kommun.division and v.age_group == ALL_AGES), None
    )
