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

from kommunanalys.model import ALL_AGES, Area, Gender, Indicator, Level, Value, ValueType
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import Comparison, compare_codes, outcome_label
from kommunanalys.stats.intervals import LEVELS, Interval, value_bounds, value_method

#: Outcome → tone of a mark (the names the charts' palettes use).
TONE = {
    "bättre": "better",
    "likvärdig": "similar",
    "sämre": "worse",
    "högre": "higher",
    "lägre": "lower",
}


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
        return TONE.get(self.comparison.outcome) if self.comparison else None


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
    indicator and year are usually asked for together."""
    return _cached(ds, indicator, year, level, gender)


@lru_cache(maxsize=32)
def _cached(
    ds: Dataset, indicator: Indicator, year: str | None, level: Level, gender: Gender
) -> LevelValues:
    year, pairs = ds.ranking(indicator.id, year, level)
    wanted = indicator.view_gender or gender
    if wanted is not (indicator.view_gender or Gender.TOTAL):
        pairs = _for_gender(ds, indicator, year, pairs, wanted)
    kommun = ds.kommun
    kommun_value = _kommun_value(ds, indicator, year, kommun, wanted) if year else None
    normal = _intervals(indicator, pairs, LEVELS[0])
    strict = _intervals(indicator, pairs, LEVELS[1])
    comparisons = (
        _comparisons(indicator, normal, strict, kommun_value, kommun.name)
        if level is not Level.KOMMUN
        else [None] * len(pairs)
    )
    rows = [AreaValue(area, v, normal[k], comparisons[k]) for k, (area, v) in enumerate(pairs)]
    return LevelValues(indicator, year, level, wanted, rows, kommun, kommun_value)


def _intervals(
    indicator: Indicator, pairs: list[tuple[Area, Value | None]], level: float
) -> list[Interval | None]:
    """Every row's interval in one vectorised call (all rows share one indicator)."""
    kind = indicator.value_type.value
    rows = [v for _, v in pairs]
    lower, upper = value_bounds(
        kind,
        np.array([_nan(v.value if v else None) for v in rows], dtype=np.float64),
        np.array([_nan(v.numerator if v else None) for v in rows], dtype=np.float64),
        np.array([_nan(v.denominator if v else None) for v in rows], dtype=np.float64),
        float(indicator.multiplier),
        level,
    )
    out: list[Interval | None] = []
    for v, lo, hi in zip(rows, lower.tolist(), upper.tolist(), strict=True):
        if v is None or v.value is None or math.isnan(lo) or math.isnan(hi):
            out.append(None)
            continue
        count = v.numerator if kind == "rate" else v.value
        out.append(Interval(lo, hi, level, value_method(kind, count)))
    return out


def _comparisons(
    indicator: Indicator,
    normal: list[Interval | None],
    strict: list[Interval | None],
    kommun_value: Value | None,
    label: str,
) -> list[Comparison | None]:
    """Each interval against the kommun's value (vectorised); None without an interval.
    Counts are not compared: areas differ in size (as on the profile)."""
    benchmark = kommun_value.value if kommun_value is not None else None
    if benchmark is None or indicator.value_type is ValueType.COUNT:
        return [None] * len(normal)
    codes = compare_codes(
        [i.lower if i else math.nan for i in normal],
        [i.upper if i else math.nan for i in normal],
        benchmark,
    ).tolist()
    strict_codes = compare_codes(
        [i.lower if i else math.nan for i in strict],
        [i.upper if i else math.nan for i in strict],
        benchmark,
    ).tolist()
    polarity = indicator.polarity.value
    return [
        Comparison(
            outcome_label(code, polarity),
            outcome_label(wide, polarity),
            LEVELS[0],
            interval.method,
            benchmark,
            label,
        )
        if interval is not None
        else None
        for interval, code, wide in zip(normal, codes, strict_codes, strict=True)
    ]


def _nan(x: float | None) -> float:
    return math.nan if x is None else x


def _kommun_value(
    ds: Dataset, indicator: Indicator, year: str, kommun: Area, gender: Gender
) -> Value | None:
    found = ds.values([indicator.id], areas=[kommun.code], years=[year], genders=[gender])
    return next(
        (v for v in found if v.division is kommun.division and v.age_group == ALL_AGES), None
    )


def _for_gender(
    ds: Dataset,
    indicator: Indicator,
    year: str,
    pairs: list[tuple[Area, Value | None]],
    gender: Gender,
) -> list[tuple[Area, Value | None]]:
    divisions = {a.division for a, _ in pairs}
    found = {
        v.area: v
        for v in ds.values(
            [indicator.id], areas=[a.code for a, _ in pairs], years=[year], genders=[gender]
        )
        if v.division in divisions and v.age_group == ALL_AGES
    }
    return [(a, found.get(a.code)) for a, _ in pairs]
