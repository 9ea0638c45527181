"""The national recompute: intervals, benchmark comparisons and trends for a block of series.

A *block* is many series of one value type laid out as arrays series × periods, e.g. one
indicator (or every indicator of a value type) × every DeSO × every gender, with the years
as columns. :func:`recompute` computes, for each level in :data:`~.intervals.LEVELS`:

* the interval bounds of every cell, in the value's unit (:func:`.intervals.value_bounds`);
* the comparison code of every cell with its benchmark (:func:`.comparison.compare_codes`):
  ABOVE / INSIDE / BELOW, UNKNOWN where the cell, its interval or the benchmark is missing;
* the trend code of every series (:func:`.trend.trend_codes`),

and once per series the trend test's p-value, slope and number of periods, with the method
chosen as :func:`.trend.trend` chooses it: the chi-square test for trend in proportions or
in Poisson rates where every present value has its numerator and denominator, otherwise
Kendall's tau with the Theil–Sen slope.

The codes carry no polarity: read them through a series' polarity with
:meth:`BlockResult.comparison_outcome` and :meth:`BlockResult.trend_result` (the outcomes of
:func:`.comparison.outcome_of` and :func:`.trend.assessment_of`). Whether a value type
is compared at all (the app does not compare counts between areas of different size) is the
caller's decision: pass ``benchmark=None`` and every comparison code is UNKNOWN.

A complete register count (the catalogue's ``complete_count``, e.g. Antal invånare from SCB's
register) has no sampling error: its series are marked in ``complete`` (or the whole block
has the kind ``complete_count``, :attr:`~kommunanalys.model.Indicator.interval_kind`), and
their cells get no interval and no comparison, as on the per-request path; their trend
stays (the trend test is Kendall's, on the values).

A cell without a value is missing throughout — no interval, no comparison, and its
numerator and denominator are left out of the trend — as the area profile does, which
drops the periods without a value before it asks for a trend.

Nothing here re-implements a formula: the block is cut into chunks of rows (so that the
temporaries of the vectorised functions stay in cache) and each chunk goes through the same
functions as a single value does. The results agree with the scalar functions cell by cell
(``tests/stats/test_batch.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kommunanalys.stats.comparison import UNKNOWN as COMPARISON_UNKNOWN
from kommunanalys.stats.comparison import Outcome, compare_codes, outcome_of
from kommunanalys.stats.intervals import LEVELS, value_bounds
from kommunanalys.stats.trend import (
    CHI2_PROPORTIONS,
    CHI2_RATES,
    KENDALL,
    MIN_PERIODS,
    TrendResult,
    assessment_of,
    kendall_smallest_p,
    kendall_trend_test,
    proportion_trend_test,
    rate_trend_test,
    trend_codes,
)

Array = NDArray[np.float64]

#: Polarity names by code, as in :class:`kommunanalys.model.Polarity`; see :func:`polarity_codes`.
POLARITIES: tuple[str, str, str] = ("neutral", "high_good", "low_good")

#: Trend methods by code (:attr:`BlockResult.method`).
TREND_METHODS: tuple[str, str, str] = (CHI2_PROPORTIONS, CHI2_RATES, KENDALL)
PROPORTION_TEST, RATE_TEST, KENDALL_TEST = 0, 1, 2

#: Value types whose intervals and trend tests use the numerator and denominator.
COUNTED = {"proportion": PROPORTION_TEST, "rate": RATE_TEST}
#: Value types with an interval of their own (see :func:`.intervals.value_bounds`).
WITH_INTERVAL = ("proportion", "rate", "count")

#: Rows per chunk: 8 192 series × 6 periods keep a chunk's temporaries (~0,4 MB each) in cache.
CHUNK_ROWS = 8192


def polarity_codes(polarities: Sequence[str]) -> NDArray[np.int8]:
    """Codes (indices into :data:`POLARITIES`) for polarity names, one per series."""
    index = {name: code for code, name in enumerate(POLARITIES)}
    return np.array([index[p] for p in polarities], dtype=np.int8)


def _float_array(a: ArrayLike) -> Array:
    """``a`` as float64 — without a copy when it already is float64 (views are kept)."""
    return np.asarray(a, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class SeriesBlock:
    """Series of one value type, as arrays series × periods (S × T).

    ``values``, ``numerators``, ``denominators`` and ``benchmark`` are S × T with NaN where
    missing; ``numerators``/``denominators`` may be None (shares and rates without counts get
    no interval and a Kendall trend). ``multiplier`` (e.g. 100 for percent, 1 000 for per
    thousand) and ``polarity`` (codes, see :func:`polarity_codes`) are per series, or one
    value for all. ``scores`` are the periods as numbers (the years), length T. ``complete``
    (per series, or one flag for all) marks complete register counts: no interval there.

    Arrays that are already float64 are used as they are, not copied (a reshaped column of a
    long table works); nothing in the block is ever written to.
    """

    value_type: str
    values: Array
    scores: Array
    benchmark: Array | None = None
    numerators: Array | None = None
    denominators: Array | None = None
    multiplier: Array | float = 1.0
    polarity: NDArray[np.int8] | int = 0
    complete: NDArray[np.bool_] | bool = False

    def __post_init__(self) -> None:
        values = _float_array(self.values)
        if values.ndim != 2:
            raise ValueError(f"values must be series × periods (2-D), got shape {values.shape}")
        rows, periods = values.shape
        object.__setattr__(self, "values", values)
        scores = _float_array(self.scores)
        if scores.shape != (periods,):
            raise ValueError(f"scores must have one number per period ({periods})")
        object.__setattr__(self, "scores", scores)
        for name in ("benchmark", "numerators", "denominators"):
            a = getattr(self, name)
            if a is not None:
                a = _float_array(a)
                if a.shape != values.shape:
                    raise ValueError(f"{name} must have the shape of values {values.shape}")
                object.__setattr__(self, name, a)
        if (self.numerators is None) != (self.denominators is None):
            raise ValueError("numerators and denominators come together")
        multiplier = np.broadcast_to(_float_array(self.multiplier), (rows,))
        object.__setattr__(self, "multiplier", multiplier)
        polarity = np.broadcast_to(np.asarray(self.polarity, dtype=np.int8), (rows,))
        if polarity.size and not (polarity.min() >= 0 and polarity.max() < len(POLARITIES)):
            raise ValueError(f"polarity codes must index {POLARITIES}")
        object.__setattr__(self, "polarity", polarity)
        complete = np.broadcast_to(np.asarray(self.complete, dtype=np.bool_), (rows,))
        object.__setattr__(self, "complete", complete)

    @property
    def shape(self) -> tuple[int, int]:
        rows, periods = self.values.shape
        return rows, periods


@dataclass(frozen=True, slots=True)
class BlockResult:
    """Everything :func:`recompute` computes for a block; the first axis of the
    level-dependent arrays follows ``levels``.

    ``lower``/``upper`` (L × S × T) are in the value's unit, NaN where no interval exists;
    ``comparison`` (L × S × T, int8) holds :mod:`.comparison`'s ABOVE/INSIDE/BELOW/UNKNOWN.
    Per series: ``p_value`` and ``slope`` (change per score unit, i.e. per year, in the
    value's unit; both NaN where the trend cannot be computed), ``periods`` (the periods the
    test used), ``method`` (index into :data:`TREND_METHODS`) and ``trend`` (L × S, int8,
    :mod:`.trend`'s UP/FLAT/DOWN/UNKNOWN).
    """

    value_type: str
    levels: tuple[float, ...]
    lower: Array
    upper: Array
    comparison: NDArray[np.int8]
    p_value: Array
    slope: Array
    periods: NDArray[np.int64]
    method: NDArray[np.int8]
    trend: NDArray[np.int8]
    polarity: NDArray[np.int8]

    def level_index(self, level: float) -> int:
        return self.levels.index(level)

    def comparison_outcome(self, series: int, period: int, level: float = LEVELS[0]) -> Outcome:
        """One cell's comparison, read through its series' polarity."""
        code = int(self.comparison[self.level_index(level), series, period])
        return outcome_of(code, POLARITIES[self.polarity[series]])

    def trend_result(self, series: int, level: float = LEVELS[0]) -> TrendResult:
        """One series' trend, read through its polarity (improving/…)."""
        code = int(self.trend[self.level_index(level), series])
        return assessment_of(code, POLARITIES[self.polarity[series]])

    def trend_method(self, series: int) -> str:
        return TREND_METHODS[self.method[series]]


def recompute(
    block: SeriesBlock, levels: Sequence[float] = LEVELS, chunk_rows: int = CHUNK_ROWS
) -> BlockResult:
    """Intervals, comparisons and trends of every cell and series of ``block``."""
    levels = tuple(levels)
    rows, periods = block.shape
    shape = (len(levels), rows, periods)
    result = BlockResult(
        value_type=block.value_type,
        levels=levels,
        lower=np.empty(shape),
        upper=np.empty(shape),
        comparison=np.empty(shape, dtype=np.int8),
        p_value=np.empty(rows),
        slope=np.empty(rows),
        periods=np.empty(rows, dtype=np.int64),
        method=np.empty(rows, dtype=np.int8),
        trend=np.empty((len(levels), rows), dtype=np.int8),
        polarity=np.asarray(block.polarity),
    )
    if block.value_type not in WITH_INTERVAL or (
        block.value_type in COUNTED and block.numerators is None
    ):
        # no interval anywhere: skip the per-cell work
        result.lower.fill(np.nan)
        result.upper.fill(np.nan)
        result.comparison.fill(COMPARISON_UNKNOWN)
        with_interval = False
    else:
        with_interval = True
    for start in range(0, rows, max(int(chunk_rows), 1)):
        _chunk(block, result, slice(start, min(start + chunk_rows, rows)), with_interval)
    return result


def _chunk(block: SeriesBlock, out: BlockResult, rows: slice, with_interval: bool) -> None:
    y = block.values[rows]
    multiplier = np.asarray(block.multiplier)[rows]
    missing = np.isnan(y)
    any_missing = bool(missing.any())
    num = den = None
    if block.numerators is not None and block.denominators is not None:
        num, den = block.numerators[rows], block.denominators[rows]
        if any_missing:  # a cell without a value is missing throughout
            num = np.where(missing, np.nan, num)
            den = np.where(missing, np.nan, den)

    if with_interval:
        nan = np.nan
        marked = np.asarray(block.complete)[rows]
        complete = marked[:, None] if marked.any() else None
        for i, level in enumerate(out.levels):
            lower, upper = value_bounds(
                block.value_type,
                y,
                nan if num is None else num,
                nan if den is None else den,
                multiplier[:, None],
                level,
            )
            if complete is not None:  # no sampling error: no interval, so no comparison
                lower = np.where(complete, np.nan, lower)
                upper = np.where(complete, np.nan, upper)
            out.lower[i, rows] = lower
            out.upper[i, rows] = upper
            if block.benchmark is None:
                out.comparison[i, rows] = COMPARISON_UNKNOWN
            else:
                out.comparison[i, rows] = compare_codes(lower, upper, block.benchmark[rows])

    p, slope, n, method = _trend_tests(block, y, missing, num, den, multiplier)
    computable = (n >= MIN_PERIODS) & ~np.isnan(p)
    p[~computable] = np.nan
    slope[~computable] = np.nan
    out.p_value[rows] = p
    out.slope[rows] = slope
    out.periods[rows] = n
    out.method[rows] = method
    smallest = np.where(method == KENDALL_TEST, kendall_smallest_p(n), 0.0)
    for i, level in enumerate(out.levels):
        out.trend[i, rows] = trend_codes(p, slope, n, level, smallest_p=smallest)


def _trend_tests(
    block: SeriesBlock,
    y: Array,
    missing: NDArray[np.bool_],
    num: Array | None,
    den: Array | None,
    multiplier: Array,
) -> tuple[Array, Array, NDArray[np.int64], NDArray[np.int8]]:
    """The test :func:`.trend.trend` would choose, per row: (p, slope, periods, method)."""
    count_test = COUNTED.get(block.value_type)
    if count_test is None or num is None or den is None:
        p, slope, n = _kendall(y, block.scores)
        return p, slope, n, np.full(y.shape[0], KENDALL_TEST, dtype=np.int8)
    test = proportion_trend_test if count_test == PROPORTION_TEST else rate_trend_test
    # as trend(): the count test where every present value has its numerator and denominator
    with_counts = np.all(missing | ~(np.isnan(num) | np.isnan(den)), axis=1)
    if with_counts.all():
        p, slope, n = test(num, den, block.scores)
        slope *= multiplier
        return p, slope, n, np.full(y.shape[0], count_test, dtype=np.int8)
    p = np.empty(y.shape[0])
    slope = np.empty(y.shape[0])
    n = np.empty(y.shape[0], dtype=np.int64)
    method = np.where(with_counts, count_test, KENDALL_TEST).astype(np.int8)
    if with_counts.any():
        p[with_counts], s, n[with_counts] = test(num[with_counts], den[with_counts], block.scores)
        slope[with_counts] = s * multiplier[with_counts]
    rest = ~with_counts
    p[rest], slope[rest], n[rest] = _kendall(y[rest], block.scores)
    return p, slope, n, method


def _kendall(y: Array, scores: Array) -> tuple[Array, Array, NDArray[np.int64]]:
    """:func:`.trend.kendall_trend_test`, which needs two periods (one has no pairs)."""
    if y.shape[1] >= 2:
        return kendall_trend_test(y, scores)
    nan = np.full(y.shape[0], np.nan)
    return nan, nan.copy(), (~np.isnan(y)).sum(axis=1)
