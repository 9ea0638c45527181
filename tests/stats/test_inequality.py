"""The slope index of inequality on data whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from kommunanalys.stats.inequality import MIN_AREAS, SII_METHOD, SlopeIndex, ridits, slope_index


def test_ridits_are_midpoints_of_cumulative_weight() -> None:
    assert ridits([1, 2, 3, 4, 5], [1, 1, 1, 1, 1]) == pytest.approx([0.1, 0.3, 0.5, 0.7, 0.9])
    # unequal weights: class 1 holds a quarter, class 2 three quarters
    assert ridits([2, 1], [3, 1]) == pytest.approx([0.625, 0.125])
    # areas of one class share its position; order of the rows does not matter
    assert ridits([3, 1, 3, 1], [2, 1, 2, 3]) == pytest.approx([0.75, 0.25, 0.75, 0.25])


def test_linear_rise_with_class_gives_the_known_slope() -> None:
    # five classes of equal population: ridits 0,1 … 0,9, so value = class = 5·ridit + 0,5
    classes = np.repeat(np.arange(1, 6), 3)
    noise = np.tile([0.2, -0.4, 0.2], 5)  # sums to zero within each class
    result = slope_index(classes, classes + noise, np.full(15, 1000.0))
    assert isinstance(result, SlopeIndex)
    assert result.sii == pytest.approx(5.0)
    assert result.lower < 5.0 < result.upper
    assert result.significant and result.p_value < 1e-6
    assert (result.areas, result.classes, result.level, result.method) == (15, 5, 0.95, SII_METHOD)


def test_falling_values_give_a_negative_sii() -> None:
    rng = np.random.default_rng(3)
    classes = rng.integers(1, 6, size=60)
    weights = rng.integers(500, 5000, size=60).astype(float)
    values = 40.0 - 4.0 * classes + rng.normal(0, 1, size=60)
    result = slope_index(classes, values, weights)
    assert result is not None
    assert result.sii < 0 and result.upper < 0 and result.significant


def test_sii_is_the_population_weighted_slope_on_ridits() -> None:
    rng = np.random.default_rng(4)
    classes = rng.integers(1, 6, size=40)
    weights = rng.integers(100, 3000, size=40).astype(float)
    values = 10 + 2 * classes + rng.normal(0, 3, size=40)
    result = slope_index(classes, values, weights, level=0.998)
    assert result is not None
    # rebuild the ridits by hand: cumulative share of population below each class + half its own
    position = np.empty(40)
    below = 0.0
    for c in range(1, 6):
        share = weights[classes == c].sum() / weights.sum()
        position[classes == c] = below + share / 2
        below += share
    fit = sm.WLS(values, sm.add_constant(position), weights=weights).fit()
    assert result.sii == pytest.approx(fit.params[1])
    assert (result.lower, result.upper) == pytest.approx(tuple(fit.conf_int(alpha=0.002)[1]))
    assert result.p_value == pytest.approx(fit.pvalues[1])
    assert result.level == 0.998


def test_constant_values_show_no_inequality() -> None:
    """Equal values in every area: the SII is zero and never significant."""
    rng = np.random.default_rng(5)
    for _ in range(100):
        n = int(rng.integers(MIN_AREAS, 40))
        classes = rng.integers(1, 6, size=n)
        weights = rng.integers(100, 5000, size=n).astype(float)
        value = float(rng.choice([0.0, 0.1, 0.3, 2.0, 17.3, 55.5]))
        result = slope_index(classes, np.full(n, value), weights)
        if result is None:
            continue
        assert result.sii == pytest.approx(0.0, abs=1e-9)
        assert not result.significant


def test_too_few_areas_or_one_class_gives_none() -> None:
    assert slope_index([1, 2, 3, 4], [1.0, 2.0, 3.0, 4.0], [1, 1, 1, 1]) is None
    assert slope_index([3] * 8, np.arange(8.0), np.ones(8)) is None
    # NaN values and zero weights do not count as areas
    classes = [1, 2, 3, 4, 5]
    assert slope_index(classes, [1, 2, np.nan, 4, 5], np.ones(5)) is None
    assert slope_index(classes, [1, 2, 3, 4, 5], [1, 1, 0, 1, 1]) is None
    assert slope_index([1, 2, np.nan, 4, 5], [1, 2, 3, 4, 5], np.ones(5)) is None
    assert slope_index(classes, [1, 2, 3, 4, 5], np.ones(5)) is not None


def test_missing_rows_are_dropped_before_the_ridits() -> None:
    classes = np.array([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5])
    values = np.array([1.0, 1.2, 2.1, 1.9, 3.0, 3.3, 4.1, 3.8, 5.2, 4.9, np.nan])
    weights = np.array([1.0] * 10 + [1e6])  # the big area has no value: must not shift ridits
    with_missing = slope_index(classes, values, weights)
    without = slope_index(classes[:10], values[:10], weights[:10])
    assert with_missing is not None and without is not None
    assert with_missing.sii == pytest.approx(without.sii)
    assert with_missing.areas == 10
