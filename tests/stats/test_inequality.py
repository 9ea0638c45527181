"""The slope and relative index of inequality of areas on data whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from kommunanalys.stats.inequality import MIN_AREAS, SII_METHOD, SlopeIndex, ridits, slope_index
from kommunanalys.stats.sii import Scale


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
    assert result.significant and result.p_value < 1e-3
    # RII: fitted value at rank 1 over rank 0 of value = 5·rank + 0,5
    assert result.rii == pytest.approx(5.5 / 0.5)
    assert (result.areas, result.classes, result.level, result.method) == (15, 5, 0.95, SII_METHOD)
    assert result.repetitions == 100_000 and result.transform == "none"


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
    # pooling the areas into classes does not move the point estimate …
    assert result.sii == pytest.approx(fit.params[1])
    # … but the interval is PHE's simulation, no longer the WLS t-interval
    assert (result.lower, result.upper) != pytest.approx(tuple(fit.conf_int(alpha=0.002)[1]))
    assert result.lower < result.sii < result.upper
    assert result.level == 0.998
    assert result == slope_index(classes, values, weights, level=0.998)  # fixed seed


def test_shares_with_counts_are_pooled_per_class_on_the_logit_scale() -> None:
    # five classes, two areas each; shares in percent from numerator/denominator
    classes = np.repeat(np.arange(1, 6), 2)
    den = np.array([400, 600, 500, 500, 300, 700, 450, 550, 800, 200], dtype=float)
    num = np.array([40, 66, 70, 80, 51, 126, 90, 121, 200, 56], dtype=float)
    values = num / den * 100
    result = slope_index(
        classes, values, den, numerators=num, denominators=den, kind=Scale.PROPORTION
    )
    assert result is not None
    pooled = [num[classes == c].sum() / den[classes == c].sum() * 100 for c in range(1, 6)]
    rank = np.arange(1, 6) * 0.2 - 0.1  # equal class populations of 1 000
    slope, intercept = np.polyfit(rank, pooled, 1)
    assert result.sii == pytest.approx(slope)
    assert result.rii == pytest.approx((intercept + slope) / intercept)
    assert result.lower < result.sii < result.upper and result.significant


def test_fewer_than_three_classes_or_a_class_of_one_mean_gives_none() -> None:
    # PHE needs five quantiles; with SCB's fixed five classes we accept three present
    classes = np.repeat([1, 2, 4], 3)
    assert slope_index(classes, np.arange(9.0), np.ones(9)) is not None
    assert slope_index(np.repeat([1, 2], 4), np.arange(8.0), np.ones(8)) is None
    # a mean without counts gets its class's error from the spread of its areas: ≥ 2 areas
    assert slope_index([1, 1, 2, 2, 3], [1.0, 1.5, 2.0, 2.5, 3.0], np.ones(5)) is None


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
    classes = [1, 1, 2, 2, 3, 3]
    assert slope_index(classes, [1, 2, np.nan, 4, 5, 6], np.ones(6)) is None
    assert slope_index(classes, [1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 1]) is None
    assert slope_index([1, 1, 2, np.nan, 3, 3], [1, 2, 3, 4, 5, 6], np.ones(6)) is None
    assert slope_index(classes, [1, 2, 3, 4, 5, 6], np.ones(6)) is not None


def test_missing_rows_are_dropped_before_the_ridits() -> None:
    classes = np.array([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5])
    values = np.array([1.0, 1.2, 2.1, 1.9, 3.0, 3.3, 4.1, 3.8, 5.2, 4.9, np.nan])
    weights = np.array([1.0] * 10 + [1e6])  # the big area has no value: must not shift ridits
    with_missing = slope_index(classes, values, weights)
    without = slope_index(classes[:10], values[:10], weights[:10])
    assert with_missing is not None and without is not None
    assert with_missing.sii == pytest.approx(without.sii)
    assert with_missing.areas == 10


def test_classes_and_the_population_attributable_gap() -> None:
    """The pooled classes in the unit, and how much better the whole would be if every class
    had the best class's value (issue 20, inequality by deprivation)."""
    classes = np.repeat(np.arange(1, 6), 2)
    den = np.full(10, 500.0)
    num = np.array([50, 50, 75, 75, 100, 100, 125, 125, 150, 150], dtype=float)
    result = slope_index(
        classes, num / den * 100, den, numerators=num, denominators=den, kind=Scale.PROPORTION
    )
    assert result is not None
    assert [g.klass for g in result.groups] == [1, 2, 3, 4, 5]
    assert [g.value for g in result.groups] == pytest.approx([10, 15, 20, 25, 30])
    assert [g.population for g in result.groups] == [1000.0] * 5
    assert all(g.lower is not None and g.lower < g.value < g.upper for g in result.groups)  # type: ignore[operator]
    assert result.overall == pytest.approx(20.0)
    assert result.attributable_gap(higher_is_better=True) == pytest.approx((10.0, 0.5))
    assert result.attributable_gap(higher_is_better=False) == pytest.approx((10.0, 0.5))
