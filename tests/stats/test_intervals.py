"""Confidence intervals against published values, statsmodels/scipy and their own properties."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2
from statsmodels.stats.proportion import proportion_confint

from kommunanalys.stats.intervals import (
    BYAR,
    EXACT_BELOW,
    LEVELS,
    NO_INTERVAL,
    POISSON_EXACT,
    WILSON,
    Interval,
    byar_bounds,
    count_bounds,
    count_interval,
    count_methods,
    mean_interval,
    poisson_exact_bounds,
    proportion_interval,
    rate_interval,
    value_bounds,
    value_method,
    wilson_bounds,
    z_value,
)

# -- Wilson ------------------------------------------------------------------------------------


def test_wilson_for_194_of_547_equals_statsmodels() -> None:
    lower, upper = proportion_interval(194, 547)
    ref_lower, ref_upper = proportion_confint(194, 547, alpha=0.05, method="wilson")
    assert lower == pytest.approx(ref_lower, abs=1e-12)
    assert upper == pytest.approx(ref_upper, abs=1e-12)
    assert lower < 194 / 547 < upper  # 35,5 %
    assert (round(lower, 4), round(upper, 4)) == (0.3157, 0.3956)


@pytest.mark.parametrize(
    ("count", "total", "lower", "upper"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_1998_table_1(
    count: int, total: int, lower: float, upper: float
) -> None:
    """Newcombe (1998), Stat Med 17:857, Table I, method 3 (score, no continuity correction)."""
    got = proportion_interval(count, total)
    assert got == pytest.approx((lower, upper), abs=5e-5)


def test_wilson_bounds_vectorised_agree_with_statsmodels_to_1e_12() -> None:
    rng = np.random.default_rng(20240501)
    total = rng.integers(1, 100_000, size=20_000)
    total[:500] = rng.integers(1, 5, size=500)  # tiny denominators too
    count = np.floor(rng.random(total.size) * (total + 1)).astype(np.int64)
    count[:200] = 0
    count[200:400] = total[200:400]
    for level in LEVELS:
        lower, upper = wilson_bounds(count, total, level)
        ref_lower, ref_upper = proportion_confint(count, total, alpha=1 - level, method="wilson")
        np.testing.assert_allclose(lower, ref_lower, rtol=0, atol=1e-12)
        np.testing.assert_allclose(upper, ref_upper, rtol=0, atol=1e-12)


def test_wilson_edges_are_exact_and_invalid_input_is_nan() -> None:
    lower, upper = wilson_bounds([0, 7, 3, 0, 0, 5, 1], [10, 7, 0, 0, -4, 4, np.nan])
    assert (lower[0], upper[1]) == (0.0, 1.0)
    # no total, a count above its total or a missing total: no interval at all, both ends NaN
    assert np.isnan(lower[2:]).all()
    assert np.isnan(upper[2:]).all()


# -- counts: exact Poisson and Byar -------------------------------------------------------------


def _garwood(count: float, level: float) -> tuple[float, float]:
    """The textbook chi-square formula (Garwood 1936), written out with scipy.stats.chi2."""
    alpha = 1 - level
    lower = 0.0 if count == 0 else chi2.ppf(alpha / 2, 2 * count) / 2
    return lower, chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2


def _byar(count: float, level: float) -> tuple[float, float]:
    """Byar's formula (Breslow & Day 1987, p. 69), written out independently."""
    z = NormalDist().inv_cdf(0.5 + level / 2)
    o, o1 = count, count + 1
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3
    return lower, upper


def test_exact_poisson_known_values() -> None:
    assert count_interval(5) == pytest.approx((1.6235, 11.6683), abs=5e-5)
    assert count_interval(0) == pytest.approx((0.0, 3.6889), abs=5e-5)
    assert count_interval(0)[0] == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_exact_poisson_equals_the_chi_square_formula(level: float) -> None:
    counts = np.array([0, 1, 2, 3, 5, 9, 10, 25, 100, 1234, 2.5])
    lower, upper = poisson_exact_bounds(counts, level)
    expected = np.array([_garwood(c, level) for c in counts])
    np.testing.assert_allclose(lower, expected[:, 0], rtol=1e-10)
    np.testing.assert_allclose(upper, expected[:, 1], rtol=1e-10)


@pytest.mark.parametrize("level", LEVELS)
def test_byar_equals_its_formula(level: float) -> None:
    counts = np.array([10, 11, 33, 65, 100, 1045, 250_000])
    lower, upper = byar_bounds(counts, level)
    expected = np.array([_byar(c, level) for c in counts])
    np.testing.assert_allclose(lower, expected[:, 0], rtol=1e-12)
    np.testing.assert_allclose(upper, expected[:, 1], rtol=1e-12)


def test_byar_is_close_to_exact_for_large_counts() -> None:
    counts = np.arange(100, 20_001, dtype=np.float64)
    for level in LEVELS:
        byar = np.array(byar_bounds(counts, level))
        exact = np.array(poisson_exact_bounds(counts, level))
        assert np.max(np.abs(byar / exact - 1)) < 0.005


def test_byar_within_0_2_percent_of_exact_from_10_at_95() -> None:
    """The PHE technical guide on confidence intervals: within 0,2 % for numerators ≥ 10."""
    counts = np.arange(10, 5_001, dtype=np.float64)
    byar = np.array(byar_bounds(counts))
    exact = np.array(poisson_exact_bounds(counts))
    assert np.max(np.abs(byar / exact - 1)) < 0.002


def test_count_bounds_switch_from_exact_to_byar_at_10() -> None:
    assert EXACT_BELOW == 10
    for level in LEVELS:
        below = count_interval(9, level)
        assert below == pytest.approx(_garwood(9, level), rel=1e-10)
        assert below != pytest.approx(_byar(9, level), rel=1e-6)
        at = count_interval(10, level)
        assert at == pytest.approx(_byar(10, level), rel=1e-12)
        assert at != pytest.approx(_garwood(10, level), rel=1e-6)
    assert list(count_methods([0, 9, 9.5, 10, 500])) == [POISSON_EXACT] * 3 + [BYAR] * 2


def test_count_bounds_vectorised_equal_the_scalar_function_and_take_fractions() -> None:
    counts = np.array([0, 1, 4, 9, 10, 11, 250, 2.5, -1, np.nan])
    lower, upper = count_bounds(counts)
    for c, lo, hi in zip(counts[:8], lower[:8], upper[:8], strict=True):
        assert (lo, hi) == pytest.approx(count_interval(c), rel=1e-12)
    # a non-integer count below 10 (e.g. a mean over years) uses the exact formula too
    assert (lower[7], upper[7]) == pytest.approx(_garwood(2.5, 0.95), rel=1e-10)
    assert np.isnan(lower[8:]).all()
    assert np.isnan(upper[8:]).all()


def test_strict_level_is_wider() -> None:
    for count in (0, 3, 9, 10, 57, 4000):
        lo95, hi95 = count_interval(count, 0.95)
        lo998, hi998 = count_interval(count, 0.998)
        assert lo998 <= lo95 and hi998 > hi95
        assert lo998 < lo95 or count == 0  # at 0 both lower limits are 0
    lo95, hi95 = proportion_interval(194, 547, 0.95)
    lo998, hi998 = proportion_interval(194, 547, 0.998)
    assert lo998 < lo95 and hi998 > hi95


# -- rates, means and value types ---------------------------------------------------------------


def test_rate_interval_is_the_count_interval_over_the_denominator() -> None:
    lower, upper = rate_interval(57, 12_345, multiplier=1000)
    c_lower, c_upper = count_interval(57)
    assert (lower, upper) == pytest.approx((c_lower / 12_345 * 1000, c_upper / 12_345 * 1000))
    assert lower < 57 / 12_345 * 1000 < upper
    assert rate_interval(3, 500, level=0.998) == pytest.approx(
        tuple(b / 500 for b in _garwood(3, 0.998))
    )


def test_mean_interval_is_normal() -> None:
    lower, upper = mean_interval(10.0, 2.0)
    assert (lower, upper) == pytest.approx((10 - 1.959964 * 2, 10 + 1.959964 * 2), abs=1e-5)
    assert mean_interval(10.0, 0.0) == (10.0, 10.0)
    assert z_value(0.998) == pytest.approx(3.090232, abs=1e-6)
    lo998, hi998 = mean_interval(10.0, 2.0, 0.998)
    assert lo998 < lower and hi998 > upper


def test_value_bounds_per_value_type() -> None:
    value = [0.355, 0.2]
    lower, upper = value_bounds("proportion", value, [194, 0], [547, 20], multiplier=100)
    assert lower[0] == pytest.approx(proportion_interval(194, 547)[0] * 100)
    assert upper[0] == pytest.approx(proportion_interval(194, 547)[1] * 100)
    assert (lower[1], upper[1]) == pytest.approx((0.0, 16.1125), abs=5e-5)

    lower, upper = value_bounds("rate", [4.6, 1.0, 1.0], [57, 5, 5], [12_345, 0, np.nan], 1000)
    assert (lower[0], upper[0]) == pytest.approx(rate_interval(57, 12_345, 1000))
    assert np.isnan(lower[1:]).all() and np.isnan(upper[1:]).all()

    lower, upper = value_bounds("count", [5, 57], [np.nan] * 2, [np.nan] * 2)
    assert (lower[0], upper[0]) == pytest.approx(count_interval(5))
    assert (lower[1], upper[1]) == pytest.approx(count_interval(57))

    for value_type in ("mean", "median", "index"):
        lower, upper = value_bounds(value_type, [1.0, 2.0], [1, 2], [3, 4])
        assert lower.shape == upper.shape == (2,)
        assert np.isnan(lower).all() and np.isnan(upper).all()
        assert value_method(value_type) == NO_INTERVAL

    # a share without its counts has no interval
    lower, upper = value_bounds("proportion", [0.3], [np.nan], [np.nan])
    assert np.isnan(lower).all() and np.isnan(upper).all()


def test_value_method_names() -> None:
    assert value_method("proportion") == WILSON
    assert value_method("count", 9) == POISSON_EXACT
    assert value_method("count", 10) == BYAR


def test_interval_contains() -> None:
    interval = Interval(1.0, 2.0, 0.95, WILSON)
    assert interval.contains(1.0) and interval.contains(2.0) and interval.contains(1.5)
    assert not interval.contains(0.99) and not interval.contains(2.01)


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion_interval(5, 3), "Antalet måste ligga mellan 0 och totalen"),
        (lambda: proportion_interval(-1, 3), "Antalet måste ligga mellan 0 och totalen"),
        (lambda: proportion_interval(1, 0), "Totalen måste vara större än noll"),
        (lambda: proportion_interval(1, 10, 1.0), "Konfidensnivån"),
        (lambda: proportion_interval(1, 10, 0.0), "Konfidensnivån"),
        (lambda: proportion_interval(1, 10, 95), "Konfidensnivån"),
        (lambda: count_interval(-1), "Antalet måste vara noll eller större"),
        (lambda: count_interval(float("nan")), "Antalet måste vara noll eller större"),
        (lambda: count_interval(5, 1.5), "Konfidensnivån"),
        (lambda: count_interval(50, -0.5), "Konfidensnivån"),
        (lambda: rate_interval(-3, 100), "Antalet måste vara noll eller större"),
        (lambda: rate_interval(3, 0), "Nämnaren måste vara större än noll"),
        (lambda: mean_interval(1.0, -0.1), "Standardfelet måste vara noll eller större"),
        (lambda: mean_interval(1.0, 0.1, 1.0), "Konfidensnivån"),
        (lambda: wilson_bounds([1], [10], 0.0), "Konfidensnivån"),
    ],
)
def test_bad_input_raises_in_swedish(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# -- properties ---------------------------------------------------------------------------------

levels = st.sampled_from(LEVELS)


@st.composite
def shares(draw: st.DrawFn) -> tuple[int, int]:
    total = draw(st.integers(1, 10**7))
    return draw(st.integers(0, total)), total


@settings(max_examples=300, deadline=None)
@given(shares(), levels)
def test_proportion_interval_contains_the_share_within_0_and_1(
    share: tuple[int, int], level: float
) -> None:
    count, total = share
    lower, upper = proportion_interval(count, total, level)
    assert 0.0 <= lower <= count / total <= upper <= 1.0
    assert lower < upper


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 50),
    st.integers(1, 50),
    st.integers(1, 1000),
    st.integers(2, 1000),
    levels,
)
def test_proportion_interval_narrows_as_n_grows(
    part: int, whole: int, scale: int, factor: int, level: float
) -> None:
    count, total = min(part, whole), whole
    lo_small, hi_small = proportion_interval(count * scale, total * scale, level)
    lo_big, hi_big = proportion_interval(count * scale * factor, total * scale * factor, level)
    assert hi_big - lo_big < hi_small - lo_small


# Counts are whole numbers or averages of them (e.g. over three years): hundredths cover both.
counts = st.integers(0, 10**6) | st.integers(0, 10**8).map(lambda k: k / 100)


@settings(max_examples=300, deadline=None)
@given(counts, levels)
def test_count_interval_contains_the_count(count: float, level: float) -> None:
    lower, upper = count_interval(count, level)
    assert 0.0 <= lower <= count <= upper
    assert lower < upper


@settings(max_examples=300, deadline=None)
@given(counts, shares())
def test_strict_interval_contains_the_95_interval(count: float, share: tuple[int, int]) -> None:
    lo95, hi95 = count_interval(count, 0.95)
    lo998, hi998 = count_interval(count, 0.998)
    assert lo998 <= lo95 <= hi95 <= hi998
    lo95, hi95 = proportion_interval(*share, 0.95)
    lo998, hi998 = proportion_interval(*share, 0.998)
    assert lo998 <= lo95 <= hi95 <= hi998
