"""The difference between two areas, two genders or two years: a test and an interval.

Unlike a comparison with a fixed benchmark, both values here carry sampling error.

* Two shares: Newcombe's hybrid score interval for p₁ − p₂ (Newcombe 1998, method 10) and
  the score test (pooled z-test) for its p-value — both from statsmodels.
* Two rates (Poisson counts over a population): score interval and score test for the
  difference of rates, from statsmodels.

The difference is reported in the indicator's unit (e.g. percentage points for a share × 100).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

NEWCOMBE = "Newcombes hybrida score-intervall, score-test"
POISSON_SCORE = "score-intervall och score-test för två Poissontal"


@dataclass(frozen=True, slots=True)
class Difference:
    """``estimate`` = first − second, with its interval at ``level`` and a two-sided p-value."""

    estimate: float
    lower: float
    upper: float
    p_value: float
    level: float
    method: str

    @property
    def significant(self) -> bool:
        return self.p_value < 1 - self.level


def proportion_difference(
    count1: float,
    total1: float,
    count2: float,
    total2: float,
    *,
    multiplier: float = 1.0,
    level: float = 0.95,
) -> Difference:
    """Difference of two shares ``count1/total1 − count2/total2`` (× ``multiplier``)."""
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        test_proportions_2indep,
    )

    for count, total in ((count1, total1), (count2, total2)):
        if not (total > 0 and 0 <= count <= total):
            raise ValueError(f"Ogiltig andel: {count} av {total}.")
    lower, upper = confint_proportions_2indep(
        count1, total1, count2, total2, method="newcomb", compare="diff", alpha=1 - level
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0 of n in both: p-value is nan
        result = test_proportions_2indep(
            count1, total1, count2, total2, method="score", compare="diff"
        )
    estimate = count1 / total1 - count2 / total2
    return _scaled(estimate, lower, upper, result.pvalue, multiplier, level, NEWCOMBE)


def rate_difference(
    count1: float,
    population1: float,
    count2: float,
    population2: float,
    *,
    multiplier: float = 1.0,
    level: float = 0.95,
) -> Difference:
    """Difference of two rates ``count1/population1 − count2/population2`` (× ``multiplier``)."""
    from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

    for count, population in ((count1, population1), (count2, population2)):
        if not (population > 0 and count >= 0):
            raise ValueError(f"Ogiltig kvot: {count} per {population}.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a zero count: the ratio is inf/nan
        args = (count1, population1, count2, population2)
        lower, upper = confint_poisson_2indep(
            *args, method="score", compare="diff", alpha=1 - level
        )
        result = test_poisson_2indep(*args, method="score", compare="diff")
    estimate = count1 / population1 - count2 / population2
    return _scaled(estimate, lower, upper, result.pvalue, multiplier, level, POISSON_SCORE)


def _scaled(
    estimate: float,
    lower: float,
    upper: float,
    p_value: float,
    multiplier: float,
    level: float,
    method: str,
) -> Difference:
    """The result in the indicator's unit. A NaN p-value (0 of n in both, or no events in
    either) means no evidence of a difference: 1."""
    p = float(p_value)
    return Difference(
        estimate=estimate * multiplier,
        lower=float(lower) * multiplier,
        upper=float(upper) * multiplier,
        p_value=1.0 if p != p else p,
        level=level,
        method=method,
    )
