"""Comparison of an area's value with a benchmark (the kommun, riket or a chosen area).

The method is Fingertips': the area's value differs from the benchmark when the benchmark
lies outside the area's confidence interval — at 95 % and, as a second, stricter level,
at 99,8 %. The outcome is read through the indicator's polarity: better/worse when a
high (or low) value is good, higher/lower when the indicator has no polarity, and
similar when the benchmark lies inside the interval.

Outcomes are codes (:class:`Outcome`); their words ("bättre", "likvärdig", …) are in
:mod:`kommunanalys.i18n.labels`, made where they are shown.

Where a value has no interval (means without a standard error, medians, shares without
their counts) the area is instead placed in a quintile of its sibling areas' values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray


class Outcome(StrEnum):
    """The result of a comparison with a benchmark, or the quintile where no interval exists."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not_compared"
    # quintiles among comparable areas, read through polarity (neutral, then high/low good)
    LOWEST_FIFTH = "lowest_fifth"
    SECOND_LOWEST_FIFTH = "second_lowest_fifth"
    MIDDLE_FIFTH = "middle_fifth"
    SECOND_HIGHEST_FIFTH = "second_highest_fifth"
    HIGHEST_FIFTH = "highest_fifth"
    WORST_FIFTH = "worst_fifth"
    SECOND_WORST_FIFTH = "second_worst_fifth"
    SECOND_BEST_FIFTH = "second_best_fifth"
    BEST_FIFTH = "best_fifth"


#: the outcomes of an interval against a benchmark (the rest are quintiles or not compared)
INTERVAL_OUTCOMES = frozenset(
    {Outcome.BETTER, Outcome.SIMILAR, Outcome.WORSE, Outcome.HIGHER, Outcome.LOWER}
)

QUINTILE_METHOD = "kvintil bland jämförbara områden"

#: Codes of the vectorised comparison: the area lies above, inside or below the benchmark.
ABOVE, INSIDE, BELOW, UNKNOWN = 1, 0, -1, -9


@dataclass(frozen=True, slots=True)
class Comparison:
    """One area's value against a benchmark; ``outcome`` at ``level``, ``strict`` at 99,8 %."""

    outcome: Outcome
    strict: Outcome
    level: float
    method: str
    benchmark: float | None
    benchmark_label: str

    @property
    def significant(self) -> bool:
        """True when the benchmark lies outside the interval; a quintile is never a finding."""
        if self.method == QUINTILE_METHOD:
            return False
        return self.outcome not in (Outcome.SIMILAR, Outcome.NOT_COMPARED)


def compare_codes(lower: ArrayLike, upper: ArrayLike, benchmark: ArrayLike) -> NDArray[np.int8]:
    """ABOVE when the benchmark lies below the interval, BELOW when above, else INSIDE."""
    lo = np.asarray(lower, dtype=np.float64)
    hi = np.asarray(upper, dtype=np.float64)
    b = np.asarray(benchmark, dtype=np.float64)
    codes = np.full(np.broadcast(lo, hi, b).shape, INSIDE, dtype=np.int8)
    codes[np.broadcast_to(b < lo, codes.shape)] = ABOVE
    codes[np.broadcast_to(b > hi, codes.shape)] = BELOW
    unknown = np.isnan(lo) | np.isnan(hi) | np.isnan(b)
    codes[np.broadcast_to(unknown, codes.shape)] = UNKNOWN
    return codes


def outcome_of(code: int, polarity: str) -> Outcome:
    """The outcome of a comparison code read through ``polarity`` (high_good/low_good/neutral)."""
    if code == UNKNOWN:
        return Outcome.NOT_COMPARED
    if code == INSIDE:
        return Outcome.SIMILAR
    if polarity == "high_good":
        return Outcome.BETTER if code == ABOVE else Outcome.WORSE
    if polarity == "low_good":
        return Outcome.WORSE if code == ABOVE else Outcome.BETTER
    return Outcome.HIGHER if code == ABOVE else Outcome.LOWER


def compare(
    bounds: tuple[float, float],
    strict_bounds: tuple[float, float],
    benchmark: float | None,
    *,
    polarity: str,
    method: str,
    benchmark_label: str,
    level: float = 0.95,
) -> Comparison:
    """Compare one value's intervals (at ``level`` and at 99,8 %) with ``benchmark``."""
    b = np.nan if benchmark is None else benchmark
    code = int(compare_codes(bounds[0], bounds[1], b))
    strict = int(compare_codes(strict_bounds[0], strict_bounds[1], b))
    return Comparison(
        outcome=outcome_of(code, polarity),
        strict=outcome_of(strict, polarity),
        level=level,
        method=method,
        benchmark=benchmark,
        benchmark_label=benchmark_label,
    )


# -- quintiles, where no interval exists --------------------------------------------------------

QUINTILE_OUTCOMES = {
    "neutral": (
        Outcome.LOWEST_FIFTH,
        Outcome.SECOND_LOWEST_FIFTH,
        Outcome.MIDDLE_FIFTH,
        Outcome.SECOND_HIGHEST_FIFTH,
        Outcome.HIGHEST_FIFTH,
    ),
    "high_good": (
        Outcome.WORST_FIFTH,
        Outcome.SECOND_WORST_FIFTH,
        Outcome.MIDDLE_FIFTH,
        Outcome.SECOND_BEST_FIFTH,
        Outcome.BEST_FIFTH,
    ),
    "low_good": (
        Outcome.BEST_FIFTH,
        Outcome.SECOND_BEST_FIFTH,
        Outcome.MIDDLE_FIFTH,
        Outcome.SECOND_WORST_FIFTH,
        Outcome.WORST_FIFTH,
    ),
}


#: Fingertips/PHE assign n quantiles only among at least n values (``phe_quantile``).
MIN_QUINTILE_VALUES = 5


def quantiles(values: ArrayLike, count: int, *, invert: bool = False) -> NDArray[np.int8]:
    """Quantile 1 to ``count`` of each value among ``values``, exactly as PHE's
    ``phe_quantile``: quantile ``⌊(count + 1) − ⌈(n + 1 − rank) / (n / count)⌉⌋`` (0 raised
    to 1), where ``rank`` is the value's rank from the lowest (``invert=True``: from the
    highest, PHE's ``invert``, so that quantile 1 holds the highest values) and tied values
    share the lowest rank of their run (R's ``ties.method = "min"``), so equal values are
    never split and fall in the quantile nearest quantile 1. 0 for NaN, and 0 for every value
    when fewer than ``count`` values are present (PHE assigns none then).
    """
    v = np.asarray(values, dtype=np.float64)
    out = np.zeros(v.shape, dtype=np.int8)
    ok = ~np.isnan(v)
    n = int(ok.sum())
    if n < count:
        return out
    present = -v[ok] if invert else v[ok]
    rank = np.searchsorted(np.sort(present), present, side="left") + 1  # R's ties "min"
    q = np.floor((count + 1) - np.ceil(((n + 1) - rank) / (n / count)))
    out[ok] = np.maximum(q, 1).astype(np.int8)
    return out


def quintiles(values: ArrayLike) -> NDArray[np.int8]:
    """Quintile 1 (lowest) to 5 (highest) of each value among ``values`` (the area and its
    peers together); 0 for NaN and for all when fewer than :data:`MIN_QUINTILE_VALUES`."""
    return quantiles(values, MIN_QUINTILE_VALUES)


def quintile_outcome(quintile: int, polarity: str) -> Outcome:
    if quintile < 1:
        return Outcome.NOT_COMPARED
    return QUINTILE_OUTCOMES.get(polarity, QUINTILE_OUTCOMES["neutral"])[quintile - 1]
