"""Interval, benchmark comparison and trend for the values shown on an area profile.

Everything here works on values that have already passed the disclosure gate (they come
from :class:`~kommunanalys.query.Dataset`), so an interval or a comparison can never be
computed from a suppressed count.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kommunanalys.model import ALL_AGES, Area, Division, Gender, Indicator, Level, Value, ValueType
from kommunanalys.query import AreaProfile, Dataset
from kommunanalys.stats.comparison import (
    QUINTILE_METHOD,
    Comparison,
    Outcome,
    compare,
    quintile_outcome,
    quintiles,
)
from kommunanalys.stats.intervals import LEVELS, Interval, value_bounds, value_method
from kommunanalys.stats.trend import Trend, TrendSpan, trends

#: Counts differ between areas because the areas differ in size: they are not compared.
_WITH_INTERVAL = ("proportion", "rate", "count")

COUNT_NOT_COMPARED = "antal jämförs inte mellan områden av olika storlek"


@dataclass(frozen=True, slots=True)
class Assessment:
    interval: Interval | None  # at 95 %
    strict_interval: Interval | None  # at 99,8 %
    comparison: Comparison | None
    trend: Trend | None
    #: the chosen benchmark's own value (None when the benchmark is the kommun, whose value
    #: the card has, or when the benchmark has none)
    benchmark: Value | None = None


def interval_of(indicator: Indicator, value: Value | None, level: float) -> Interval | None:
    """The confidence interval of one (gated) value, or None where none can be computed."""
    return intervals_of([(indicator, value)], level)[0]


def intervals_of(
    pairs: list[tuple[Indicator, Value | None]], level: float
) -> list[Interval | None]:
    """:func:`interval_of` for many values at once (one vectorised call per value type)."""
    out: list[Interval | None] = [None] * len(pairs)
    by_type: dict[str, list[int]] = defaultdict(list)
    for k, (ind, v) in enumerate(pairs):
        if v is not None and v.value is not None:
            by_type[ind.interval_kind].append(k)  # complete counts: a kind without interval
    for kind, rows in by_type.items():
        values = [pairs[k][1] for k in rows]
        lower, upper = value_bounds(
            kind,
            np.array([v.value for v in values if v], dtype=np.float64),
            np.array([_nan(v.numerator) for v in values if v], dtype=np.float64),
            np.array([_nan(v.denominator) for v in values if v], dtype=np.float64),
            np.array([pairs[k][0].multiplier for k in rows], dtype=np.float64),
            level,
        )
        for k, v, lo, hi in zip(rows, values, lower, upper, strict=True):
            if v is None or np.isnan(lo) or np.isnan(hi):
                continue
            count = v.numerator if kind == ValueType.RATE else v.value
            out[k] = Interval(float(lo), float(hi), level, value_method(kind, count))
    return out


def compare_value(
    indicator: Indicator,
    value: Value | None,
    benchmark: Value | None,
    benchmark_label: str,
    peers: list[float] | None = None,
    intervals: tuple[Interval | None, Interval | None] | None = None,
) -> Comparison | None:
    """``value`` against ``benchmark`` by interval; by quintile of ``peers`` where it has none.

    ``intervals`` (at 95 and 99,8 %) may be passed when already computed."""
    if value is None or value.value is None or indicator.is_category:
        return None  # a class code is no quantity to compare
    if indicator.value_type is ValueType.COUNT:
        not_compared = Outcome.NOT_COMPARED
        return Comparison(not_compared, not_compared, LEVELS[0], COUNT_NOT_COMPARED, None, "")
    polarity = indicator.polarity.value
    if intervals is None:
        intervals = (
            interval_of(indicator, value, LEVELS[0]),
            interval_of(indicator, value, LEVELS[1]),
        )
    bounds, strict = intervals
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
    own = int(quintiles([*(peers or []), value.value])[-1])
    if own == 0:
        return None  # fewer than five values, the area's own included: no quintile
    outcome = quintile_outcome(own, polarity)
    return Comparison(outcome, outcome, LEVELS[0], QUINTILE_METHOD, None, "jämförbara områden")


def series_trends(
    rows: list[tuple[Indicator, list[Value]]], span: TrendSpan = TrendSpan.RECENT
) -> list[Trend]:
    """The trend of each (indicator, series) row, computed together in one vectorised pass:
    by default Fingertips' recent trend (last five values, 99,8 %), else the full series.

    The (series × period) arrays are filled in one fancy assignment each; where a series has
    two values for one period the later one counts, as it did when filled value by value."""
    if not rows:
        return []
    periods = sorted({v.period for _, series in rows for v in series})
    column = {p: k for k, p in enumerate(periods)}
    width = len(periods)
    shape = (len(rows), width)
    every = [v for _, series in rows for v in series]
    values, num, den = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    if every:
        index = np.repeat(np.arange(len(rows)) * width, [len(series) for _, series in rows])
        index += np.array([column[v.period] for v in every], dtype=np.intp)
        # the last value of each cell: unique over the reversed order keeps its first sighting
        _, last = np.unique(index[::-1], return_index=True)
        keep = len(index) - 1 - last
        index = index[keep]
        for target, found in (
            (values, [v.value for v in every]),
            (num, [v.numerator for v in every]),
            (den, [v.denominator for v in every]),
        ):
            target.reshape(-1)[index] = np.array(found, dtype=np.float64)[keep]
    return trends(
        [i.value_type.value for i, _ in rows],
        periods,
        values,
        num,
        den,
        polarities=[i.polarity.value for i, _ in rows],
        multipliers=[i.multiplier for i, _ in rows],
        span=span,
    )


def area_trends(
    ds: Dataset, area: Area, span: TrendSpan = TrendSpan.RECENT
) -> dict[str, Trend | None]:
    """Trends of every indicator's total series for ``area``: the recent trend (the badge's)
    or, with ``span`` FULL, the whole series.

    A trend ends at the series' last value, whatever year is viewed. They are computed for
    every area of ``area``'s kommun at once (one query, one vectorised pass) and kept for the
    dataset (one data version). The server computes them ahead of its readers
    (:mod:`kommunanalys.web.warm_up`): the home kommun's before a snapshot is published, then
    every other kommun's with :func:`keep_every_trend` in the background, so a profile
    request only reads them. Computing every area of the country in one pass took 4 s at
    national scale (9 000 areas) before a server could answer; a request that comes before
    the background reached its kommun computes that kommun's (or waits for the background's
    pass of it: one computation per kommun and dataset).
    """
    group = _trend_group(area)
    found = ds.memo(
        ("trends", span, group),
        lambda: all_trends(ds, _areas_by_group(ds).get(group, [area]), span),
    )
    return found.get((area.code, area.division), {})


def keep_every_trend(
    ds: Dataset, go_on: Callable[[], bool] = lambda: True, span: TrendSpan = TrendSpan.RECENT
) -> int:
    """Compute and keep the trends of every area of ``ds``, kommun by kommun (home kommun
    first; each as :func:`area_trends` would), while ``go_on()`` is true; return how many
    kommuns (trend groups) are kept. Groups already kept cost a lookup."""
    groups = _areas_by_group(ds)
    try:
        home: str | None = ds.kommun.code
    except StopIteration:  # no geography yet
        home = None
    order = sorted(groups, key=lambda group: (group != home, group))
    kept = 0
    for group in order:
        if not go_on():
            break
        area_trends(ds, groups[group][0], span)
        kept += 1
    return kept


def _trend_group(area: Area) -> str:
    """The areas whose trends are computed together: a kommun and its parts (län and riket
    by themselves)."""
    return area.kommun or area.code


def _areas_by_group(ds: Dataset) -> dict[str, list[Area]]:
    def compute() -> dict[str, list[Area]]:
        found: dict[str, list[Area]] = defaultdict(list)
        for area in ds.areas():
            found[_trend_group(area)].append(area)
        return dict(found)

    return ds.memo(("trend-groups",), compute)


def all_trends(
    ds: Dataset, areas: Sequence[Area] | None = None, span: TrendSpan = TrendSpan.RECENT
) -> dict[tuple[str, Division], dict[str, Trend | None]]:
    """The trend of every (area, indicator) total series of ``areas`` (default: every area):
    one query, one vectorised test."""
    indicators = [i for i in ds.catalogue if not i.is_view]
    by_code: dict[str, list[Value]] = defaultdict(list)
    codes = None if areas is None else sorted({a.code for a in areas})
    for v in ds.values([i.id for i in indicators], areas=codes, genders=[Gender.TOTAL]):
        if v.value is not None and v.age_group == ALL_AGES:
            by_code[v.area].append(v)
    by_id = {i.id: i for i in indicators}
    keys: list[tuple[Area, Indicator]] = []
    rows: list[tuple[Indicator, list[Value]]] = []
    for area in ds.areas() if areas is None else areas:
        grouped: dict[str, list[Value]] = defaultdict(list)
        for v in ds.in_series(area, by_code.get(area.code, [])):
            grouped[v.indicator].append(v)
        for indicator_id, values in grouped.items():
            keys.append((area, by_id[indicator_id]))
            rows.append((by_id[indicator_id], values))
    out: dict[tuple[str, Division], dict[str, Trend | None]] = defaultdict(dict)
    for (area, ind), found in zip(keys, series_trends(rows, span), strict=True):
        out[(area.code, area.division)][ind.id] = found
    return dict(out)


def quintile_peers(ds: Dataset, profile: AreaProfile) -> dict[str, list[float]]:
    """Values of the areas of the profile's level, vintage and year, for the indicators
    without an interval (where the quintile class is used). Computed once per dataset."""
    area = profile.area

    def compute() -> dict[str, list[tuple[str, float]]]:
        ids = [
            i.id
            for i in ds.catalogue
            if not i.is_view and (i.value_type.value not in _WITH_INTERVAL or not i.numerator)
        ]
        codes = [a.code for a in profile.siblings]
        found: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for v in ds.values(ids, areas=codes, years=[profile.year], genders=[Gender.TOTAL]):
            if v.value is not None and v.division is area.division and v.age_group == ALL_AGES:
                found[v.indicator].append((v.area, v.value))
        return found

    everyone = ds.memo(("quintile-peers", area.division, profile.year), compute)
    return {i: [x for code, x in pairs if code != area.code] for i, pairs in everyone.items()}


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
    found_trends = area_trends(ds, area)
    peers = quintile_peers(ds, profile) if area.level is not Level.KOMMUN else {}
    chosen: dict[str, Value] = {}
    if benchmark is not None:
        label = benchmark.name
        for v in ds.values(ids, areas=[benchmark.code], years=[profile.year]):
            if (
                v.division is benchmark.division
                and v.gender is Gender.TOTAL
                and v.age_group == ALL_AGES
            ):
                chosen[v.indicator] = v
    else:
        label = profile.kommun.name
    pairs = [(c.indicator, c.value) for c in cards]
    normal, wide = intervals_of(pairs, LEVELS[0]), intervals_of(pairs, LEVELS[1])
    out: dict[str, Assessment] = {}
    for k, card in enumerate(cards):
        ind = card.indicator
        if benchmark is not None:
            reference = chosen.get(ind.id) if benchmark.code != area.code else None
        else:
            reference = card.kommun_value if area.level is not Level.KOMMUN else None
        out[ind.id] = Assessment(
            interval=normal[k],
            strict_interval=wide[k],
            comparison=compare_value(
                ind, card.value, reference, label, peers.get(ind.id), (normal[k], wide[k])
            ),
            trend=None if ind.is_category else found_trends.get(ind.id),
            benchmark=reference if benchmark is not None else None,
        )
    return out


def _nan(x: float | None) -> float:
    return math.nan if x is None else x
