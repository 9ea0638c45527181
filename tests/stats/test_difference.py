"""Differences between two shares or two rates: published intervals and independent tests."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm
from statsmodels.stats import proportion as smp

from kommunanalys.stats.difference import (
    NEWCOMBE,
    POISSON_SCORE,
    Difference,
    proportion_difference,
    rate_difference,
)


@pytest.mark.parametrize(
    ("counts", "lower", "upper"),
    [
        ((56, 70, 48, 80), 0.0524, 0.3339),
        ((9, 10, 3, 10), 0.1705, 0.8090),
        ((6, 7, 2, 7), 0.0582, 0.8062),
        ((5, 56, 0, 29), -0.0381, 0.1926),
        ((0, 10, 0, 20), -0.1611, 0.2775),
        ((0, 10, 0, 10), -0.2775, 0.2775),
        ((10, 10, 0, 20), 0.6791, 1.0000),
        ((10, 10, 0, 10), 0.6075, 1.0000),
    ],
)
def test_newcombe_1998b_table_ii_hybrid_score(
    counts: tuple[int, int, int, int], lower: float, upper: float
) -> None:
    """Newcombe (1998), Stat Med 17:873, Table II, method 10 (score, no continuity correction)."""
    d = proportion_difference(*counts)
    assert (d.lower, d.upper) == pytest.approx((lower, upper), abs=5e-5)
    assert d.lower <= d.estimate <= d.upper
    assert d.method == NEWCOMBE


def test_proportion_difference_estimate_multiplier_and_p_value() -> None:
    d = proportion_difference(56, 70, 48, 80, multiplier=100)
    assert isinstance(d, Difference)
    assert d.estimate == pytest.approx(20.0)  # percentage points
    assert (d.lower, d.upper) == pytest.approx((5.24, 33.39), abs=5e-3)
    reference = smp.test_proportions_2indep(56, 70, 48, 80, method="score", compare="diff")
    assert d.p_value == pytest.approx(reference.pvalue, rel=1e-12)
    assert d.significant and d.level == 0.95


def test_score_test_is_the_pooled_z_test_with_the_n_over_n_minus_1_correction() -> None:
    """An independent check of the p-value: Miettinen–Nurminen's score statistic at 0 is the
    pooled z statistic with its variance multiplied by N/(N−1)."""
    for c1, n1, c2, n2 in [(56, 70, 48, 80), (194, 547, 160, 520), (3, 40, 9, 35)]:
        z_pooled, _ = smp.proportions_ztest([c1, c2], [n1, n2])
        total = n1 + n2
        z = z_pooled * math.sqrt((total - 1) / total)
        d = proportion_difference(c1, n1, c2, n2)
        assert d.p_value == pytest.approx(2 * norm.sf(abs(z)), rel=1e-9)


def test_identical_shares_give_p_one() -> None:
    for counts in [(0, 10, 0, 20), (10, 10, 20, 20), (5, 10, 10, 20)]:
        d = proportion_difference(*counts)
        assert d.estimate == 0.0
        assert d.p_value == pytest.approx(1.0)
        assert not d.significant


def test_strict_level_widens_the_interval() -> None:
    d95 = proportion_difference(56, 70, 48, 80)
    d998 = proportion_difference(56, 70, 48, 80, level=0.998)
    assert d998.lower < d95.lower and d998.upper > d95.upper
    assert d998.p_value == d95.p_value
    assert not d998.significant  # p = 0,008 is not below 0,002


def _rate_score_p(c1: float, n1: float, c2: float, n2: float) -> float:
    """The score test of equal Poisson rates: (r1 − r2) / sqrt(r̄/n1 + r̄/n2), r̄ pooled."""
    pooled = (c1 + c2) / (n1 + n2)
    z = (c1 / n1 - c2 / n2) / math.sqrt(pooled / n1 + pooled / n2)
    return 2 * norm.sf(abs(z))


def test_rate_difference_for_clearly_different_rates() -> None:
    d = rate_difference(50, 1000, 20, 1000, multiplier=1000)
    assert d.estimate == pytest.approx(30.0)
    assert 0 < d.lower < 30 < d.upper
    assert d.p_value == pytest.approx(_rate_score_p(50, 1000, 20, 1000), rel=1e-9)
    assert d.significant
    assert d.method == POISSON_SCORE


def test_rate_difference_for_equal_rates() -> None:
    d = rate_difference(20, 1000, 40, 2000, multiplier=1000)
    assert d.estimate == pytest.approx(0.0)
    assert d.lower < 0 < d.upper
    assert d.p_value == pytest.approx(1.0)
    assert not d.significant


def test_rate_difference_with_a_zero_count() -> None:
    """Small areas often have no events at all; that must not break the test."""
    d = rate_difference(5, 1000, 0, 1000)
    assert d.estimate == pytest.approx(0.005)
    assert d.p_value == pytest.approx(_rate_score_p(5, 1000, 0, 1000), rel=1e-9)
    assert d.lower > 0
    mirrored = rate_difference(0, 1000, 5, 1000)
    assert mirrored.p_value == pytest.approx(d.p_value)
    assert (mirrored.lower, mirrored.upper) == pytest.approx((-d.upper, -d.lower))


def test_rate_difference_with_no_events_in_either_area() -> None:
    d = rate_difference(0, 1000, 0, 2500)
    assert d.estimate == 0.0
    assert d.lower < 0 < d.upper
    assert d.p_value == 1.0
    assert not d.significant


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion_difference(5, 3, 1, 10), "Ogiltig andel"),
        (lambda: proportion_difference(1, 10, -1, 10), "Ogiltig andel"),
        (lambda: proportion_difference(1, 0, 1, 10), "Ogiltig andel"),
        (lambda: proportion_difference(1, 10, 1, float("nan")), "Ogiltig andel"),
        (lambda: rate_difference(-1, 100, 1, 100), "Ogiltig kvot"),
        (lambda: rate_difference(1, 100, 1, 0), "Ogiltig kvot"),
        (lambda: rate_difference(1, -100, 1, 100), "Ogiltig kvot"),
    ],
)
def test_bad_input_raises_in_swedish(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
