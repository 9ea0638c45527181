"""The follow-up of an intervention: what an indicator's series can and cannot say.

Three views of one area's series around the year an intervention started (a year counts as
*after* from the start year on; pass the next year if the first one should not count):

* :func:`baseline` — "turn the curve": the linear trend of the years before the start,
  forecast over the years after with its prediction interval, beside the actual values;
* :func:`difference_in_differences` — the area's change from before to after against the
  changes of comparison areas, with a confidence interval and a check of parallel pre-trends;
* :func:`segmented_regression` — interrupted time series: the change in level and in slope
  at the start, where the series is long enough.

Every function takes the periods (years, "2020" or any label starting with the year), the
values aligned with them and the start year. A value of ``None`` (or NaN) is a suppressed or
missing value: it never enters an estimate, and the result lists what was left out. Where the
data cannot support an estimate the result is a code (:class:`FollowUpResult`) saying why
— shown as "kan inte bedömas" with the reason — and no number; so is a fit that is exact
(values without variation: no uncertainty can be estimated). Optional ``weights`` (e.g. the
population or the denominator behind each value) turn least squares into weighted least
squares. The methods, minimums and their sources are in ``docs/statistics.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Series = Sequence[float | None]


class FollowUpResult(StrEnum):
    """Whether an estimate could be made, and if not, why."""

    ESTIMATED = "estimated"
    PRETREND_DIVERGES = "pretrend_diverges"
    TOO_FEW_PERIODS = "too_few_periods"
    TOO_FEW_COMPARISONS = "too_few_comparisons"
    SUPPRESSED_VALUES = "suppressed_values"
    NO_VARIATION = "no_variation"


#: years before the start needed for a baseline forecast (a line and one residual degree of freedom)
MIN_BASELINE_BEFORE = 3
#: difference-in-differences: years before (a pre-trend per area needs a line through ≥ 3 points)
MIN_DID_BEFORE = 3
MIN_DID_AFTER = 1
#: comparison areas: K of them give the interval K − 1 degrees of freedom; 5 is the similar-areas k
MIN_COMPARISONS = 5
#: interrupted time series: ≥ 3 points before and ≥ 3 after (Cochrane EPOC's minimum for an ITS)
MIN_ITS_BEFORE = 3
MIN_ITS_AFTER = 3

BASELINE = "linjär trend före starten med prediktionsintervall"
DID = "skillnad i skillnader (medelvärde efter − före per område; t-intervall över områdena)"
ITS = "segmenterad regression (nivå- och lutningsförändring; OLS-intervall)"


@dataclass(frozen=True, slots=True)
class Estimate:
    """A coefficient with its confidence interval, two-sided p-value and standard error."""

    estimate: float
    lower: float
    upper: float
    p_value: float
    df: int
    se: float  # the standard error (statsmodels' ``bse``)

    @property
    def significant(self) -> bool:
        """The interval excludes zero."""
        return self.lower > 0 or self.upper < 0


@dataclass(frozen=True, slots=True)
class BaselinePoint:
    period: str
    actual: float | None  # None: suppressed or missing
    forecast: float  # the trend line: fitted before the start, forecast from it on
    lower: float | None  # prediction interval, from the start on only
    upper: float | None


@dataclass(frozen=True, slots=True)
class Baseline:
    result: FollowUpResult
    points: tuple[BaselinePoint, ...]  # empty unless estimated
    slope: float | None  # change per year before the start
    periods_before: int  # used in the fit
    suppressed: tuple[str, ...]  # periods whose value was left out
    level: float
    method: str = BASELINE


@dataclass(frozen=True, slots=True)
class DifferenceInDifferences:
    result: FollowUpResult
    effect: Estimate | None  # None unless estimated
    pretrend: Estimate | None  # the area's slope before minus the comparisons', per year
    comparisons: int  # comparison areas used
    periods_before: int
    periods_after: int
    suppressed: tuple[str, ...]  # periods left out because the area's value was suppressed
    comparisons_left_out: tuple[int, ...]  # indices of comparison series with suppressed values
    level: float
    method: str = DID


@dataclass(frozen=True, slots=True)
class SegmentedRegression:
    result: FollowUpResult
    level_change: Estimate | None  # the jump at the start year, against the trend before
    slope_change: Estimate | None  # change per year of the slope
    slope_before: float | None
    periods_before: int
    periods_after: int
    suppressed: tuple[str, ...]
    level: float
    method: str = ITS


def _years(periods: Sequence[str]) -> Array:
    return np.array([float(str(p)[:4]) for p in periods], dtype=np.float64)


def _start(start: str | int) -> float:
    return float(str(start)[:4])


def _values(series: Series, n: int) -> Array:
    """The values as floats, NaN where suppressed or missing; one per period (a caller's bug
    otherwise, not a user's)."""
    values = np.array([np.nan if v is None else v for v in series], dtype=np.float64)
    if len(values) != n:
        raise ValueError(f"expected {n} values, got {len(values)}")
    return values


def _weights(weights: Series | None, n: int) -> Array:
    if weights is None:
        return np.ones(n)
    w = _values(weights, n)
    if (w <= 0).any():
        raise ValueError("weights must be positive")
    return w


@dataclass(frozen=True, slots=True)
class _Fit:
    params: Array
    cov_unscaled: Array  # (X'WX)^-1
    scale: float  # residual variance, Σ w e² / df
    df: int


def _wls(x: Array, y: Array, w: Array) -> _Fit:
    """Weighted least squares, as statsmodels' WLS (OLS with unit weights)."""
    root = np.sqrt(w)
    xw = x * root[:, None]
    params, *_ = np.linalg.lstsq(xw, y * root, rcond=None)
    cov_unscaled = np.linalg.pinv(xw.T @ xw)
    df = len(y) - x.shape[1]
    resid = (y - x @ params) * root
    return _Fit(
        np.asarray(params, dtype=np.float64),
        np.asarray(cov_unscaled, dtype=np.float64),
        float(resid @ resid) / df,
        df,
    )


#: a fit whose residuals are this small against its values is exact (rounding, not noise)
EXACT = 1e-10


def _exact(fit: _Fit, y: Array) -> bool:
    """The line goes through every value: no residual variation to estimate an uncertainty
    from (values stuck at 0 or 100, or a series on a line). Its interval would have no width
    and its p-value would be 0 — a certainty the data does not have."""
    return fit.scale <= (EXACT * (1.0 + float(np.max(np.abs(y))))) ** 2


def _t_quantile(level: float, df: int) -> float:
    from scipy.stats import t  # here, not at import: the CLI starts without scipy

    return float(t.ppf(0.5 + level / 2, df))


def _coefficient(fit: _Fit, index: int, level: float) -> Estimate:
    from scipy.stats import t

    b = float(fit.params[index])
    se = math.sqrt(fit.scale * fit.cov_unscaled[index, index])
    half = _t_quantile(level, fit.df) * se
    p = float(2 * t.sf(abs(b) / se, fit.df)) if se > 0 else (1.0 if b == 0 else 0.0)
    return Estimate(b, b - half, b + half, p, fit.df, se)


def baseline(
    periods: Sequence[str],
    values: Series,
    start: str | int,
    *,
    weights: Series | None = None,
    level: float = 0.95,
) -> Baseline:
    """The "turn the curve" baseline: the trend of the years before ``start`` carried forward.

    Least squares on the years before the start (weighted with ``weights`` if given); for each
    year from the start on, the forecast and its ``level`` prediction interval for a new value
    (with that year's weight), beside the actual value. Intervals are pointwise.
    """
    t = _years(periods) - _start(start)
    y = _values(values, len(t))
    w = _weights(weights, len(t))
    present = ~np.isnan(y) & ~np.isnan(w)
    suppressed = tuple(p for p, ok in zip(periods, present, strict=True) if not ok)
    before = present & (t < 0)
    used = int(before.sum())
    if used < MIN_BASELINE_BEFORE:
        possible = int((t < 0).sum()) >= MIN_BASELINE_BEFORE
        code = FollowUpResult.SUPPRESSED_VALUES if possible else FollowUpResult.TOO_FEW_PERIODS
        return Baseline(code, (), None, used, suppressed, level)
    x = np.column_stack([np.ones(len(t)), t])
    fit = _wls(x[before], y[before], w[before])
    q = _t_quantile(level, fit.df)
    fallback = float(w[before].mean())
    points = []
    for i, period in enumerate(periods):
        forecast = float(x[i] @ fit.params)
        actual = None if np.isnan(y[i]) else float(y[i])
        if t[i] < 0:
            points.append(BaselinePoint(str(period), actual, forecast, None, None))
            continue
        weight = fallback if np.isnan(w[i]) else float(w[i])
        spread = fit.scale * (float(x[i] @ fit.cov_unscaled @ x[i]) + 1 / weight)
        half = q * math.sqrt(spread)
        points.append(
            BaselinePoint(str(period), actual, forecast, forecast - half, forecast + half)
        )
    return Baseline(
        FollowUpResult.ESTIMATED,
        tuple(points),
        float(fit.params[1]),
        used,
        suppressed,
        level,
    )


def _slopes(t: Array, panel: Array) -> Array:
    """The least-squares slope of every row of ``panel`` (areas × periods) against ``t``."""
    dt = t - t.mean()
    return (panel - panel.mean(axis=1, keepdims=True)) @ dt / (dt @ dt)


def _two_groups(d: Array, w: Array, level: float) -> Estimate | None:
    """The first area against the rest: WLS of ``d`` on a constant and the first area's mark;
    ``None`` when the rest do not vary (the fit is exact: no uncertainty to estimate)."""
    x = np.column_stack([np.ones(len(d)), np.zeros(len(d))])
    x[0, 1] = 1.0
    fit = _wls(x, d, w)
    return None if _exact(fit, d) else _coefficient(fit, 1, level)


def difference_in_differences(
    periods: Sequence[str],
    area: Series,
    comparisons: Sequence[Series],
    start: str | int,
    *,
    weights: Series | None = None,
    level: float = 0.95,
) -> DifferenceInDifferences:
    """The area's change from before ``start`` to after, minus the comparison areas' change.

    Per area the change is the mean of its values from the start on minus the mean before; the
    effect and its ``level`` interval are the least-squares coefficient of the area's mark in a
    regression of the changes on a constant and that mark (one row per area, weighted with
    ``weights`` — the area first, then each comparison — if given). On a balanced panel the
    estimate equals the two-way fixed-effects estimate. The pre-trend check is the same
    regression on each area's slope before the start: if the area's slope differs from the
    comparisons' at ``level``, the effect is not estimated.

    Years where the area's value is suppressed are left out for every area; a comparison area
    with a suppressed value in the remaining years is left out.
    """
    t = _years(periods) - _start(start)
    own = _values(area, len(t))
    kept = ~np.isnan(own)
    suppressed = tuple(p for p, ok in zip(periods, kept, strict=True) if not ok)
    others = [_values(series, len(t)) for series in comparisons]
    w_all = _weights(weights, 1 + len(others))
    left_out = tuple(
        i
        for i, series in enumerate(others)
        if np.isnan(series[kept]).any() or np.isnan(w_all[1 + i])
    )
    before, after = kept & (t < 0), kept & (t >= 0)
    n_before, n_after = int(before.sum()), int(after.sum())
    used = len(others) - len(left_out)

    def refuse(code: FollowUpResult) -> DifferenceInDifferences:
        return DifferenceInDifferences(
            code, None, None, used, n_before, n_after, suppressed, left_out, level
        )

    if np.isnan(w_all[0]):  # the area's own weight suppressed: no weighted estimate
        return refuse(FollowUpResult.SUPPRESSED_VALUES)
    if n_before < MIN_DID_BEFORE or n_after < MIN_DID_AFTER:
        possible = int((t < 0).sum()) >= MIN_DID_BEFORE and int((t >= 0).sum()) >= MIN_DID_AFTER
        return refuse(
            FollowUpResult.SUPPRESSED_VALUES if possible else FollowUpResult.TOO_FEW_PERIODS
        )
    if used < MIN_COMPARISONS:
        possible = len(others) >= MIN_COMPARISONS
        return refuse(
            FollowUpResult.SUPPRESSED_VALUES if possible else FollowUpResult.TOO_FEW_COMPARISONS
        )
    rows = [0, *(1 + i for i in range(len(others)) if i not in left_out)]
    panel = np.vstack([own, *others])[rows][:, kept]
    w = w_all[rows]
    tk = t[kept]
    pre = tk < 0
    pretrend = _two_groups(_slopes(tk[pre], panel[:, pre]), w, level)
    if pretrend is None:
        return refuse(FollowUpResult.NO_VARIATION)
    if pretrend.p_value < 1 - level:
        return DifferenceInDifferences(
            FollowUpResult.PRETREND_DIVERGES,
            None,
            pretrend,
            used,
            n_before,
            n_after,
            suppressed,
            left_out,
            level,
        )
    change = panel[:, ~pre].mean(axis=1) - panel[:, pre].mean(axis=1)
    effect = _two_groups(change, w, level)
    return DifferenceInDifferences(
        FollowUpResult.ESTIMATED if effect is not None else FollowUpResult.NO_VARIATION,
        effect,
        pretrend,
        used,
        n_before,
        n_after,
        suppressed,
        left_out,
        level,
    )


def segmented_regression(
    periods: Sequence[str],
    values: Series,
    start: str | int,
    *,
    weights: Series | None = None,
    level: float = 0.95,
) -> SegmentedRegression:
    """Interrupted time series: y = b0 + b1·t + b2·after + b3·(t − start)·after.

    ``t`` is the year minus the start year and ``after`` marks the years from the start on;
    b2 is the change in level at the start against the trend before, b3 the change in slope.
    Ordinary (or weighted) least squares with its ``level`` intervals, which assume
    independent errors: serial correlation cannot be checked on a few annual values.
    """
    t = _years(periods) - _start(start)
    y = _values(values, len(t))
    w = _weights(weights, len(t))
    present = ~np.isnan(y) & ~np.isnan(w)
    suppressed = tuple(p for p, ok in zip(periods, present, strict=True) if not ok)
    n_before = int((present & (t < 0)).sum())
    n_after = int((present & (t >= 0)).sum())
    if n_before < MIN_ITS_BEFORE or n_after < MIN_ITS_AFTER:
        possible = int((t < 0).sum()) >= MIN_ITS_BEFORE and int((t >= 0).sum()) >= MIN_ITS_AFTER
        code = FollowUpResult.SUPPRESSED_VALUES if possible else FollowUpResult.TOO_FEW_PERIODS
        return SegmentedRegression(code, None, None, None, n_before, n_after, suppressed, level)
    after = (t >= 0).astype(np.float64)
    x = np.column_stack([np.ones(len(t)), t, after, t * after])[present]
    fit = _wls(x, y[present], w[present])
    if _exact(fit, y[present]):
        return SegmentedRegression(
            FollowUpResult.NO_VARIATION, None, None, None, n_before, n_after, suppressed, level
        )
    return SegmentedRegression(
        FollowUpResult.ESTIMATED,
        _coefficient(fit, 2, level),
        _coefficient(fit, 3, level),
        float(fit.params[1]),
        n_before,
        n_after,
        suppressed,
        level,
    )
