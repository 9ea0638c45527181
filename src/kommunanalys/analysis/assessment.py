"""Interval, benchmark comparison and trend for the values shown on an area profile.

Everything here works on values that have already passed the disclosure gate (they come
from :class:`~kommunanalys.query.Dataset`), so an interval or a comparison can never be
computed from a suppressed count.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from kommunanalys.model import Area, Gender, Indicator, Level, Value, ValueType
from kommunanalys.query import AreaProfile, Dataset
from kommunanalys.stats.comparison import (
    NOT_COMPARED,
    QUINTILE_METHOD,
    Comparison,
    compare,
    quintile_label,
    quintiles,
)
from kommunanalys.stats.intervals import LEVELS, Interval, value_bounds, value_method
from kommunanalys.stats.trend import Trend, trend

#: Counts differ between areas because the areas differ in size: they are not compared.
COUNT_NOT_COMPARED = "antal jämförs inte mellan områden av olika storlek"


@dataclass(frozen=True, slots=True)
class Assessment:
    interval: Interval | None  # at 95 %
    strict_interval: Interval | None  # at 99,8 %
    comparison: Comparison | None
    trend: Trend | None


def interval_of(indicator: Indicator, value: Value | None, level: float) -> Interval | None:
    """The confidence interval of one (gated) value, or None where none can be computed."""
    if value is None or value.value is None:
        return None
    kind = indicator.value_type.value
    lower, upper = value_bounds(
        kind,
        value.value,
        _nan(value.numerator),
        _nan(value.denominator),
        indicator.multiplier,
        level,
    )
    if np.isnan(lower) or np.isnan(upper):
        return None
    count = value.numerator if indicator.value_type is ValueType.RATE else value.value
    return Interval(float(lower), float(upper), level, value_method(kind, count))


def compare_value(
    indicator: Indicator,
    value: Value | None,
    benchmark: Value | None,
    benchmark_label: str,
    peers: list[float] | None = None,
) -> Comparison | None:
    """``value`` against ``benchmark`` by interval; by quintile of ``peers`` where it has none."""
    if value is None or value.value is None:
        return None
    if indicator.value_type is ValueType.COUNT:
        return Comparison(NOT_COMPARED, NOT_COMPARED, LEVELS[0], COUNT_NOT_COMPARED, None, "")
    polarity = indicator.polarity.value
    bounds = interval_of(indicator, value, LEVELS[0])
    strict = interval_of(indicator, value, LEVELS[1])
    if bounds is not None and strict is not None:
        if benchmark is None or benchmark.value is None:
            return None
        return compare(
            (bounds.lower, bounds.upper),
            (strict.lower, strict.upper),
            benchmark.value,
            polarity=polarity,
            method=bounds.method,
            benchmark_label=benchmark_label,
        )
    if not peers or len(peers) < 5:
        return None
    classes = quintiles([*peers, value.value])
    label = quintile_label(int(classes[-1]), polarity)
    return Comparison(label, label, LEVELS[0], QUINTILE_METHOD, None, "jämförbara områden")


def series_trend(indicator: Indicator, series: list[Value]) -> Trend | None:
    """The trend of one area's series (one gender) for ``indicator``; None without values."""
    if not series:
        return None
    by_period = {v.period: v for v in series}
    periods = sorted(by_period)
    return trend(
        indicator.value_type.value,
        periods,
        [by_period[p].value for p in periods],
        [by_period[p].numerator for p in periods],
        [by_period[p].denominator for p in periods],
        polarity=indicator.polarity.value,
        multiplier=indicator.multiplier,
    )


def assess_profile(
    ds: Dataset, profile: AreaProfile, benchmark: Area | None = None
) -> dict[str, Assessment]:
    """Assessments of every total card of ``profile``, keyed by indicator id.

    The benchmark is the kommun unless another ``benchmark`` area is chosen (any level;
    its values are taken for the same year in its own vintage).
    """
    area = profile.area
    cards = [c for s in profile.sections for c in s.cards]
    ids = [c.indicator.id for c in cards]
    if not ids:
        return {}
    series: dict[str, list[Value]] = defaultdict(list)
    for v in ds.series(ids, area, genders=[Gender.TOTAL]):
        if v.value is not None:
            series[v.indicator].append(v)
    peers: dict[str, list[float]] = defaultdict(list)
    if area.level is not Level.KOMMUN:
        siblings = [a.code for a in profile.siblings if a.code != area.code]
        for v in ds.values(ids, areas=siblings, years=[profile.year], genders=[Gender.TOTAL]):
            if v.value is not None and v.division is area.division:
                peers[v.indicator].append(v.value)
    chosen: dict[str, Value] = {}
    if benchmark is not None:
        label = benchmark.name
        for v in ds.values(ids, areas=[benchmark.code], years=[profile.year]):
            if v.division is benchmark.division and v.gender is Gender.TOTAL:
                chosen[v.indicator] = v
    else:
        label = profile.kommun.name
    out: dict[str, Assessment] = {}
    for card in cards:
        ind = card.indicator
        if benchmark is not None:
            reference = chosen.get(ind.id) if benchmark.code != area.code else None
        else:
            reference = card.kommun_value if area.level is not Level.KOMMUN else None
        out[ind.id] = Assessment(
            interval=interval_of(ind, card.value, LEVELS[0]),
            strict_interval=interval_of(ind, card.value, LEVELS[1]),
            comparison=compare_value(ind, card.value, reference, label, peers.get(ind.id)),
            trend=series_trend(ind, series.get(ind.id, [])),
        )
    return out


def _nan(x: float | None) -> float:
    return math.nan if x is None else x
