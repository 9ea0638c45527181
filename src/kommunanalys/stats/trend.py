"""Trend over time: is a series rising, falling, or is no change shown?

* Shares with numerator and denominator: the chi-square test for trend in proportions
  (Cochran–Armitage); the slope is the weighted least-squares slope of the share per year.
* Rates (a count over a population): the chi-square (score) test for a log-linear trend in
  Poisson rates; slope as above with the population as weight.
* Anything else (means, medians, shares without counts, counts): Kendall's tau on the
  values against time with the Theil–Sen slope. Without ties the p-value is exact (from the
  distribution of inversions); with ties the normal approximation with the tie-corrected
  variance is used, as in scipy. Where its smallest possible p-value (2/n! on n points)
  cannot reach the level — five points at 99,8 %, Fingertips' recent trend — the trend is
  not computable, as Fingertips' "cannot be calculated", rather than "no change".

A series needs at least :data:`MIN_PERIODS` periods; fewer → not computable.
Two spans (:class:`TrendSpan`): the **recent** trend of Fingertips — the last
:data:`RECENT_POINTS` (5) present values at 99,8 % — which the profile's trend badge shows,
and the **full** series at 95 %, the default of these functions.
Results are codes (:class:`TrendResult`); their words are in :mod:`kommunanalys.i18n.labels`.
All tests are two-sided and vectorised over the rows of 2-D arrays (series × periods);
missing periods are NaN and simply left out of that series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

MIN_PERIODS = 5


class TrendResult(StrEnum):
    """A trend's direction, and the direction read through polarity (improving/worsening)."""

    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_CHANGE = "no_change"
    NOT_COMPUTABLE = "not_computable"
    IMPROVING = "improving"
    WORSENING = "worsening"


class TrendSpan(StrEnum):
    """Which points a trend covers: Fingertips' recent trend or the whole series."""

    RECENT = "recent"  # the last RECENT_POINTS present values, at RECENT_LEVEL
    FULL = "full"  # every present value, at 95 %


#: Fingertips' recent trend: the last five points, tested at 99,8 %.
RECENT_POINTS = 5
RECENT_LEVEL = 0.998


CHI2_PROPORTIONS = "chi2-test för trend i andelar (Cochran–Armitage)"
CHI2_RATES = "chi2-test för trend i Poissonkvoter"
KENDALL = "Kendalls tau med Theil–Sen-lutning"

UP, FLAT, DOWN, UNKNOWN = 1, 0, -1, -9

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Trend:
    direction: TrendResult  # increasing | decreasing | no_change | not_computable
    assessment: TrendResult  # the direction read through polarity: improving | worsening | …
    slope: float | None  # change per year, in the value's unit
    p_value: float | None
    periods: int
    first: str | None
    last: str | None
    method: str
    level: float
    span: TrendSpan = TrendSpan.FULL

    @property
    def significant(self) -> bool:
        return self.direction in (TrendResult.INCREASING, TrendResult.DECREASING)


def _two_sided_p(statistic: Array, variance: Array) -> Array:
    from scipy.special import ndtr  # here, not at import: the CLI starts without scipy

    with np.errstate(divide="ignore", invalid="ignore"):
        z = statistic / np.sqrt(variance)
    p = 2.0 * ndtr(-np.abs(z))
    # no variation at all → no evidence of a trend
    return np.where(variance > 0, p, 1.0)


def _as_2d(a: ArrayLike) -> Array:
    arr = np.asarray(a, dtype=np.float64)
    return arr[np.newaxis, :] if arr.ndim == 1 else arr


def proportion_trend_test(
    counts: ArrayLike, totals: ArrayLike, scores: ArrayLike
) -> tuple[Array, Array, NDArray[np.int64]]:
    """Cochran–Armitage test per row: (p-value, slope of the share per score unit, periods)."""
    r = _as_2d(counts)
    n = _as_2d(totals)
    x = np.broadcast_to(np.asarray(scores, dtype=np.float64), r.shape)
    valid = ~(np.isnan(r) | np.isnan(n)) & (n > 0)
    r = np.where(valid, r, 0.0)
    n = np.where(valid, n, 0.0)
    big_n = n.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_bar = r.sum(axis=1) / big_n
        sum_nx = (n * x).sum(axis=1)
        sxx = (n * x * x).sum(axis=1) - sum_nx**2 / big_n
        t = (x * (r - n * p_bar[:, None])).sum(axis=1)
        variance = p_bar * (1.0 - p_bar) * sxx
        slope = t / sxx
    return _two_sided_p(t, variance), slope, valid.sum(axis=1)


def rate_trend_test(
    counts: ArrayLike, populations: ArrayLike, scores: ArrayLike
) -> tuple[Array, Array, NDArray[np.int64]]:
    """Score test for a log-linear trend in Poisson rates: (p-value, slope, periods)."""
    o = _as_2d(counts)
    d = _as_2d(populations)
    x = np.broadcast_to(np.asarray(scores, dtype=np.float64), o.shape)
    valid = ~(np.isnan(o) | np.isnan(d)) & (d > 0)
    o = np.where(valid, o, 0.0)
    d = np.where(valid, d, 0.0)
    big_o = o.sum(axis=1)
    big_d = d.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = d / big_d[:, None]
        t = (x * (o - big_o[:, None] * share)).sum(axis=1)
        mean_x = (share * x).sum(axis=1)
        variance = big_o * ((share * x * x).sum(axis=1) - mean_x**2)
        sxx = (d * x * x).sum(axis=1) - (d * x).sum(axis=1) ** 2 / big_d
        slope = t / sxx
    return _two_sided_p(t, variance), slope, valid.sum(axis=1)


@cache
def _kendall_exact_tail(n: int) -> Array:
    """P(|S| ≥ s) for s = 0..n(n−1)/2 under independence, no ties (Mahonian numbers)."""
    pairs = n * (n - 1) // 2
    counts = np.zeros(pairs + 1, dtype=np.float64)
    counts[0] = 1.0
    for k in range(2, n + 1):  # permutations of k: add 0..k-1 inversions
        nxt = np.zeros_like(counts)
        for j in range(k):
            nxt[j:] += counts[: pairs + 1 - j]
        counts = nxt
    prob = counts / counts.sum()
    # S = pairs − 2·inversions; the distribution is symmetric about 0
    s_values = pairs - 2 * np.arange(pairs + 1)
    tail = np.zeros(pairs + 1)
    for s in range(pairs + 1):
        tail[s] = prob[np.abs(s_values) >= s].sum()
    return np.minimum(tail, 1.0)


def kendall_trend_test(
    values: ArrayLike, scores: ArrayLike
) -> tuple[Array, Array, NDArray[np.int64]]:
    """Kendall's tau of values against time per row: (p-value, Theil–Sen slope, periods)."""
    y = _as_2d(values)
    x = np.asarray(scores, dtype=np.float64)
    periods = y.shape[1]
    i_idx, j_idx = np.triu_indices(periods, k=1)
    dy = y[:, j_idx] - y[:, i_idx]
    dx = x[j_idx] - x[i_idx]
    s = np.nansum(np.sign(dy), axis=1)
    valid = ~np.isnan(y)
    n = valid.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pair_slopes = dy / dx
    complete = (n == periods) & (n >= 2)
    slope = np.full(y.shape[0], np.nan)
    if complete.any():
        slope[complete] = np.median(pair_slopes[complete], axis=1)
    partial = ~complete & (n >= 2)
    if partial.any():
        slope[partial] = np.nanmedian(pair_slopes[partial], axis=1)
    tied = np.nansum(dy == 0, axis=1) > 0
    p = np.ones(y.shape[0])
    # exact where no ties, per number of valid points
    for count in np.unique(n[~tied]):
        if count < 2:
            continue
        rows = (~tied) & (n == count)
        tail = _kendall_exact_tail(int(count))
        p[rows] = tail[np.abs(s[rows]).astype(np.int64)]
    if tied.any():
        p[tied] = _kendall_normal_p(y[tied], s[tied], n[tied])
    return p, slope, n


def kendall_smallest_p(n: ArrayLike) -> Array:
    """The smallest two-sided p-value Kendall's exact test can give on ``n`` points (2/n!)."""
    factorial = np.array([float(np.prod(np.arange(1, k + 1))) for k in range(21)])
    return 2.0 / factorial[np.clip(np.asarray(n, dtype=np.int64), 0, 20)]


def _kendall_normal_p(y: Array, s: Array, n: NDArray[np.int64]) -> Array:
    """Normal approximation with the tie-corrected variance of S, vectorised over rows."""
    same = (y[:, :, None] == y[:, None, :]).sum(axis=2)
    t = np.where(np.isnan(y), 1.0, same)  # size of each value's tie group
    # Σ over values of (t−1)(2t+5) = Σ over groups of t(t−1)(2t+5)
    ties = ((t - 1.0) * (2.0 * t + 5.0)).sum(axis=1)
    k = n.astype(np.float64)
    return _two_sided_p(s, (k * (k - 1) * (2 * k + 5) - ties) / 18)


def trend_codes(
    p_value: ArrayLike,
    slope: ArrayLike,
    periods: ArrayLike,
    level: float = 0.95,
    *,
    smallest_p: ArrayLike | None = None,
) -> NDArray[np.int8]:
    """UP / DOWN where the trend is significant at ``level``, FLAT where not, UNKNOWN (< 5
    periods, or a test whose ``smallest_p`` — :func:`kendall_smallest_p` for Kendall's —
    cannot reach the level: five points at 99,8 %, where Fingertips says "cannot be
    calculated" and "no change" would claim what no test could show)."""
    p = np.asarray(p_value, dtype=np.float64)
    b = np.asarray(slope, dtype=np.float64)
    n = np.asarray(periods)
    codes = np.full(p.shape, FLAT, dtype=np.int8)
    significant = p < 1 - level
    codes[significant & (b > 0)] = UP
    codes[significant & (b < 0)] = DOWN
    unknown = (n < MIN_PERIODS) | np.isnan(p)
    if smallest_p is not None:
        unknown |= np.asarray(smallest_p, dtype=np.float64) >= 1 - level
    codes[unknown] = UNKNOWN
    return codes


_DIRECTIONS = {
    UP: TrendResult.INCREASING,
    DOWN: TrendResult.DECREASING,
    FLAT: TrendResult.NO_CHANGE,
}


def direction_of(code: int) -> TrendResult:
    return _DIRECTIONS.get(code, TrendResult.NOT_COMPUTABLE)


def assessment_of(code: int, polarity: str) -> TrendResult:
    """The direction read through polarity: a rising share of a low-good indicator worsens."""
    if code in (FLAT, UNKNOWN) or polarity not in ("high_good", "low_good"):
        return direction_of(code)
    good = (code == UP) == (polarity == "high_good")
    return TrendResult.IMPROVING if good else TrendResult.WORSENING


def trend(
    value_type: str,
    periods: Sequence[str],
    values: Sequence[float | None],
    numerators: Sequence[float | None] | None = None,
    denominators: Sequence[float | None] | None = None,
    *,
    polarity: str = "neutral",
    multiplier: float = 1.0,
    level: float | None = None,
    span: TrendSpan = TrendSpan.FULL,
) -> Trend:
    """The trend of one series; periods are years ("2020") or any numeric labels."""

    def row(seq: Sequence[float | None] | None) -> list[list[float]] | None:
        if seq is None or len(seq) != len(values):
            return None
        return [[np.nan if v is None else v for v in seq]]

    return trends(
        [value_type],
        periods,
        row(values) or [[]],
        row(numerators),
        row(denominators),
        polarities=[polarity],
        multipliers=[multiplier],
        level=level,
        span=span,
    )[0]


def trends(
    value_types: Sequence[str],
    periods: Sequence[str],
    values: ArrayLike,
    numerators: ArrayLike | None = None,
    denominators: ArrayLike | None = None,
    *,
    polarities: Sequence[str],
    multipliers: Sequence[float],
    level: float | None = None,
    span: TrendSpan = TrendSpan.FULL,
) -> list[Trend]:
    """Trends of many series over the same ``periods`` (rows of 2-D arrays), vectorised.

    Each row gets the test :func:`trend` would choose for it: the count-based test for
    shares and rates whose every present value has numerator and denominator, else Kendall.
    ``span`` RECENT keeps each row's last :data:`RECENT_POINTS` present values and tests at
    :data:`RECENT_LEVEL` unless ``level`` says otherwise; FULL tests every value at 95 %.
    """
    if level is None:
        level = RECENT_LEVEL if span is TrendSpan.RECENT else 0.95
    scores = np.array([float(p[:4]) for p in periods], dtype=np.float64)
    y = _as_2d(values) if len(periods) else np.empty((len(value_types), 0))
    if span is TrendSpan.RECENT:
        observed = ~np.isnan(y)
        from_the_end = np.cumsum(observed[:, ::-1], axis=1)[:, ::-1]
        y = np.where(observed & (from_the_end <= RECENT_POINTS), y, np.nan)
    missing = np.isnan(y)
    num = None if numerators is None else np.where(missing, np.nan, _as_2d(numerators))
    den = None if denominators is None else np.where(missing, np.nan, _as_2d(denominators))
    if num is not None and den is not None:
        have_counts = np.all(missing | (~np.isnan(num) & ~np.isnan(den)), axis=1)
    else:
        have_counts = np.zeros(len(y), dtype=bool)
    kinds = np.asarray(value_types)
    p = np.ones(len(y))
    slope = np.full(len(y), np.nan)
    n = (~missing).sum(axis=1)
    method = np.full(len(y), KENDALL, dtype=object)
    scale = np.ones(len(y))
    for kind, name, test in (
        ("proportion", CHI2_PROPORTIONS, proportion_trend_test),
        ("rate", CHI2_RATES, rate_trend_test),
    ):
        rows = (kinds == kind) & have_counts
        if rows.any() and num is not None and den is not None:
            p[rows], slope[rows], _ = test(num[rows], den[rows], scores)
            method[rows] = name
            scale[rows] = np.asarray(multipliers, dtype=np.float64)[rows]
    rows = method == KENDALL
    if rows.any() and y.shape[1]:
        p[rows], slope[rows], _ = kendall_trend_test(y[rows], scores)
    codes = trend_codes(p, slope, n, level, smallest_p=np.where(rows, kendall_smallest_p(n), 0))
    return _built(codes, p, slope * scale, n, method, missing, periods, polarities, level, span)


def _built(
    codes: NDArray[np.int8],
    p: Array,
    slope: Array,
    n: NDArray[np.int64],
    method: NDArray[np.object_],
    missing: NDArray[np.bool_],
    periods: Sequence[str],
    polarities: Sequence[str],
    level: float,
    span: TrendSpan,
) -> list[Trend]:
    """The :class:`Trend` of each row, from the arrays (converted to Python values in bulk:
    a national kommun has tens of thousands of series)."""
    present = ~missing
    width = present.shape[1]
    first: list[int] = [0] * len(codes)
    last: list[int] = [0] * len(codes)
    if width:
        first = present.argmax(axis=1).tolist()
        last = (width - 1 - present[:, ::-1].argmax(axis=1)).tolist()
    words: dict[tuple[int, str], tuple[TrendResult, TrendResult]] = {}
    out = []
    for code, p_i, slope_i, n_i, method_i, first_i, last_i, polarity in zip(
        codes.tolist(),
        p.tolist(),
        slope.tolist(),
        n.tolist(),
        method.tolist(),
        first,
        last,
        polarities,
        strict=True,
    ):
        said = words.get((code, polarity))
        if said is None:
            said = words[(code, polarity)] = (direction_of(code), assessment_of(code, polarity))
        computable = code != UNKNOWN
        out.append(
            Trend(
                direction=said[0],
                assessment=said[1],
                slope=float(slope_i) if computable else None,
                p_value=float(p_i) if computable else None,
                periods=int(n_i),
                first=periods[first_i] if n_i else None,
                last=periods[last_i] if n_i else None,
                method=str(method_i),
                level=level,
                span=span,
            )
        )
    return out
