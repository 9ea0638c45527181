"""Year-end forecasts from the months so far, and how good they were (a backtest).

Two methods, each with a band:

- **seasonal profile** (:func:`profile_forecast`): the months so far divided by the share of
  the year's outcome that the same months held in the earlier years (their mean); the band
  runs between the earliest years' smallest and largest shares. Without an earlier full year
  the months so far are scaled to twelve (``linear``), without a band.
- **volume × price** (:func:`volume_cost_forecast`): for an insats with placement volumes,
  the köp av verksamhet so far plus the vårddygn still to come (statsmodels' exponential
  smoothing, :func:`volume_forecast`) at the year's cost per vårddygn so far; the band is the
  10–90 % range of simulated paths of the remaining months' sum.

:func:`backtest` makes the profile forecast at delår 1 and delår 2 of every earlier year
(from the years before it only) and sets it against that year's outcome.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from kommunanalys.analysis.economy import Ledger, Volumes, cost_per_care_day
from kommunanalys.analysis.economy_model import (
    DELAR_MONTHS,
    AmountKind,
    CostType,
    Regi,
    VolumeMeasure,
)

#: a profile share outside this range is no profile (a result that changes sign in the year)
_SHARE_RANGE = (0.05, 2.0)


class ForecastMethod(StrEnum):
    SEASONAL_PROFILE = "seasonal_profile"
    LINEAR = "linear"
    VOLUME_PRICE = "volume_price"
    OUTCOME = "outcome"


@dataclass(frozen=True)
class Forecast:
    """A year-end forecast: the value and its band (signed as the amounts)."""

    value: float
    low: float | None
    high: float | None
    method: ForecastMethod
    through: int  # the last month of outcome it is made from
    years: tuple[int, ...] = ()  # the earlier years its profile comes from


def _shares(
    ledger: Ledger,
    unit: str | None,
    through: int,
    years: Iterable[int],
    cost_types: Sequence[CostType] | None,
) -> list[tuple[int, float]]:
    out = []
    for year in years:
        whole = ledger.total(unit=unit, year=year, cost_types=cost_types)
        part = ledger.total(unit=unit, year=year, through=through, cost_types=cost_types)
        months = {
            k[1].month for k in ledger.amounts if k[1].year == year and k[3] is AmountKind.OUTCOME
        }
        if whole is None or part is None or whole == 0 or len(months) < 12:
            continue
        share = part / whole
        if _SHARE_RANGE[0] <= share <= _SHARE_RANGE[1]:
            out.append((year, share))
    return out


def profile_forecast(
    ledger: Ledger,
    year: int,
    through: int,
    *,
    unit: str | None = None,
    cost_types: Sequence[CostType] | None = None,
    history: Iterable[int] | None = None,
) -> Forecast | None:
    """The year-end outcome of ``unit`` forecast from months 1–``through`` of ``year`` and the
    seasonal profile of the earlier years (``history``: default every earlier year)."""
    so_far = ledger.total(unit=unit, year=year, through=through, cost_types=cost_types)
    if so_far is None:
        return None
    if through >= 12:
        return Forecast(so_far, None, None, ForecastMethod.OUTCOME, 12)
    earlier = [y for y in (history if history is not None else ledger.years()) if y < year]
    shares = _shares(ledger, unit, through, earlier, cost_types)
    if not shares:
        return Forecast(so_far * 12 / through, None, None, ForecastMethod.LINEAR, through)
    values = [s for _, s in shares]
    mean = sum(values) / len(values)
    ends = sorted((so_far / max(values), so_far / min(values)))
    return Forecast(
        so_far / mean,
        ends[0],
        ends[1],
        ForecastMethod.SEASONAL_PROFILE,
        through,
        tuple(y for y, _ in shares),
    )


# -- volumes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class VolumeForecast:
    """The next ``len(mean)`` months of a series, with prediction intervals per level."""

    mean: tuple[float, ...]
    intervals: dict[float, tuple[tuple[float, float], ...]]  # level → (low, high) per month


@lru_cache(maxsize=256)
def _fit(series: tuple[float, ...]) -> Any:
    import numpy as np
    from statsmodels.tsa.statespace.exponential_smoothing import ExponentialSmoothing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short, flat series
        return ExponentialSmoothing(np.asarray(series, dtype=float)).fit(disp=False)


def volume_forecast(
    series: Sequence[float], horizon: int, levels: Sequence[float] = (0.8, 0.95)
) -> VolumeForecast:
    """Simple exponential smoothing (statsmodels' state-space ``ExponentialSmoothing``, the
    local-level model fitted by maximum likelihood) of a monthly series, ``horizon`` months
    ahead, with its prediction intervals at ``levels``. Needs at least six months."""
    if len(series) < 6:
        raise ValueError("minst sex månader behövs för en volymprognos")
    fitted = _fit(tuple(float(v) for v in series))
    forecast = fitted.get_forecast(horizon)
    mean = tuple(float(v) for v in forecast.predicted_mean)
    intervals = {}
    for level in levels:
        bounds = forecast.conf_int(alpha=1 - level)
        intervals[level] = tuple((float(lo), float(hi)) for lo, hi in bounds)
    return VolumeForecast(mean, intervals)


def remaining_sum_band(
    series: Sequence[float], horizon: int, level: float = 0.8, repetitions: int = 2000
) -> tuple[float, float, float]:
    """The forecast sum of the next ``horizon`` months and its ``level`` band, from simulated
    paths of the fitted model (a fixed seed: the same data gives the same band)."""
    import numpy as np

    fitted = _fit(tuple(float(v) for v in series))
    mean = float(sum(fitted.get_forecast(horizon).predicted_mean))
    rng = np.random.default_rng(20240831)
    paths = fitted.simulate(horizon, repetitions=repetitions, anchor="end", rng=rng)
    sums = np.asarray(paths).reshape(horizon, -1).sum(axis=0)
    tail = (1 - level) / 2
    return mean, float(np.quantile(sums, tail)), float(np.quantile(sums, 1 - tail))


def volume_cost_forecast(
    ledger: Ledger, volumes: Volumes, unit: str, year: int, through: int
) -> Forecast | None:
    """The year-end köp av verksamhet of insats ``unit``: the cost so far plus the vårddygn
    still to come (forecast) at the year's cost per vårddygn so far."""
    buy = (CostType.KOP_AV_VERKSAMHET,)
    so_far = ledger.total(unit=unit, year=year, through=through, cost_types=buy)
    days = volumes.total(unit, year, through=through, regi=Regi.EXTERNAL)
    price = cost_per_care_day(so_far, days)
    history = [
        v
        for m, v in volumes.series(unit, VolumeMeasure.CARE_DAYS, regi=Regi.EXTERNAL)
        if (m.year, m.month) <= (year, through)
    ]
    if so_far is None or price is None or len(history) < 6:
        return None
    if through >= 12:
        return Forecast(so_far, None, None, ForecastMethod.OUTCOME, 12)
    days_left, low, high = remaining_sum_band(history, 12 - through)
    sign = -1.0 if so_far < 0 else 1.0
    ends = sorted((so_far + sign * low * price, so_far + sign * high * price))
    return Forecast(
        so_far + sign * days_left * price, ends[0], ends[1], ForecastMethod.VOLUME_PRICE, through
    )


# -- backtest --------------------------------------------------------------------------------
@dataclass(frozen=True)
class BacktestRow:
    year: int
    delar: str  # delar1 or delar2
    through: int
    forecast: float
    outcome: float
    error: float  # forecast − outcome
    error_pct: float | None  # of the outcome's size
    method: ForecastMethod


def backtest(
    ledger: Ledger,
    *,
    unit: str | None = None,
    cost_types: Sequence[CostType] | None = None,
    delar: Sequence[str] = ("delar1", "delar2"),
) -> list[BacktestRow]:
    """The profile forecast at each delår of every full earlier year, made only from the
    years before it, against that year's outcome."""
    rows = []
    last = ledger.last_month()
    for year in ledger.years():
        if last is None or (year, 12) > (last.year, last.month):
            continue
        outcome = ledger.total(unit=unit, year=year, cost_types=cost_types)
        if outcome is None:
            continue
        for name in delar:
            through = DELAR_MONTHS[name]
            made = profile_forecast(
                ledger,
                year,
                through,
                unit=unit,
                cost_types=cost_types,
                history=[y for y in ledger.years() if y < year],
            )
            if made is None:
                continue
            error = made.value - outcome
            rows.append(
                BacktestRow(
                    year,
                    name,
                    through,
                    made.value,
                    outcome,
                    error,
                    None if outcome == 0 else 100 * error / abs(outcome),
                    made.method,
                )
            )
    return rows
