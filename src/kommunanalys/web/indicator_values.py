"""One indicator's gated values for every area of a level, with intervals and the comparison
with the kommun: what the map (/karta) and the ranking (/indikator/{id}) show.

Values come from :meth:`Dataset.ranking` and :meth:`Dataset.values`, so every one has passed
the disclosure gate; intervals are computed from the gated numerator and denominator only.
"""

from __future__ import annotations

from dataclasses import dataclass

from kommunanalys.analysis.assessment import compare_value, intervals_of
from kommunanalys.model import ALL_AGES, Area, Gender, Indicator, Level, Value
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import Comparison
from kommunanalys.stats.intervals import LEVELS, Interval

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
    ``gender`` (a gender view keeps its own gender)."""
    year, pairs = ds.ranking(indicator.id, year, level)
    wanted = indicator.view_gender or gender
    if wanted is not (indicator.view_gender or Gender.TOTAL):
        pairs = _for_gender(ds, indicator, year, pairs, wanted)
    kommun = ds.kommun
    kommun_value = _kommun_value(ds, indicator, year, kommun, wanted) if year else None
    values = [(indicator, v) for _, v in pairs]
    normal = intervals_of(values, LEVELS[0])
    strict = intervals_of(values, LEVELS[1])
    rows = []
    for k, (area, v) in enumerate(pairs):
        # By interval only: a ranking shows each area's place already, so values without an
        # interval get no quintile label here (and n areas would cost n sorts).
        comparison = (
            compare_value(indicator, v, kommun_value, kommun.name, None, (normal[k], strict[k]))
            if level is not Level.KOMMUN
            else None
        )
        rows.append(AreaValue(area, v, normal[k], comparison))
    return LevelValues(indicator, year, level, wanted, rows, kommun, kommun_value)


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
