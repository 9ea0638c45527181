"""Comparison of an area's value with a benchmark (the kommun, riket or a chosen area).

The method is Fingertips': the area's value differs from the benchmark when the benchmark
lies outside the area's confidence interval — at 95 % and, as a second, stricter level,
at 99,8 %. The outcome is read through the indicator's polarity: "bättre"/"sämre" when a
high (or low) value is good, "högre"/"lägre" when the indicator has no polarity, and
"likvärdig" when the benchmark lies inside the interval.

Where a value has no interval (means without a standard error, medians, shares without
their counts) the area is instead placed in a quintile of its sibling areas' values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

BETTER = "bättre"
SIMILAR = "likvärdig"
WORSE = "sämre"
HIGHER = "högre"
LOWER = "lägre"
NOT_COMPARED = "kan inte jämföras"

QUINTILE_METHOD = "kvintil bland jämförbara områden"

#: Codes of the vectorised comparison: the area lies above, inside or below the benchmark.
ABOVE, INSIDE, BELOW, UNKNOWN = 1, 0, -1, -9


@dataclass(frozen=True, slots=True)
class Comparison:
    """One area's value against a benchmark; ``outcome`` at ``level``, ``strict`` at 99,8 %."""

    outcome: str
    strict: str
    level: float
    method: str
    benchmark: float | None
    benchmark_label: str

    @property
    def significant(self) -> bool:
        """True when the benchmark lies outside the interval; a quintile is never a finding."""
        return self.method != QUINTILE_METHOD and self.outcome not in (SIMILAR, NOT_COMPARED)


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


def outcome_label(code: int, polarity: str) -> str:
    """The word for a comparison code read through ``polarity`` (high_good/low_good/neutral)."""
    if code == UNKNOWN:
        return NOT_COMPARED
    if code == INSIDE:
        return SIMILAR
    if polarity == "high_good":
        return BETTER if code == ABOVE else WORSE
    if polarity == "low_good":
        return WORSE if code == ABOVE else BETTER
    return HIGHER if code == ABOVE else LOWER


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
        outcome=outcome_label(code, polarity),
        strict=outcome_label(strict, polarity),
        level=level,
        method=method,
        benchmark=benchmark,
        benchmark_label=benchmark_label,
    )


# -- quintiles, where no interval exists --------------------------------------------------------

QUINTILE_WORDS = {
    "neutral": ("lägsta", "näst lägsta", "mittersta", "näst högsta", "högsta"),
    "high_good": ("sämsta", "näst sämsta", "mittersta", "näst bästa", "bästa"),
    "low_good": ("bästa", "näst bästa", "mittersta", "näst sämsta", "sämsta"),
}


def quintiles(values: ArrayLike) -> NDArray[np.int8]:
    """Quintile 1 (lowest) to 5 (highest) of each value among ``values``; 0 for NaN.

    Ties share the quintile of their mean rank, so equal values are never split.
    """
    v = np.asarray(values, dtype=np.float64)
    out = np.zeros(v.shape, dtype=np.int8)
    ok = ~np.isnan(v)
    n = int(ok.sum())
    if n == 0:
        return out
    present = v[ok]
    order = np.argsort(present, kind="stable")
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.arange(1, n + 1)
    # average ranks of ties
    _, inverse = np.unique(present, return_inverse=True)
    sums = np.bincount(inverse, weights=ranks)
    counts = np.bincount(inverse)
    mean_rank = (sums / counts)[inverse]
    out[ok] = np.clip(np.ceil(mean_rank / n * 5), 1, 5).astype(np.int8)
    return out


def quintile_label(quintile: int, polarity: str) -> str:
    if quintile < 1:
        return NOT_COMPARED
    word = QUINTILE_WORDS.get(polarity, QUINTILE_WORDS["neutral"])[quintile - 1]
    return f"{word} femtedelen"
