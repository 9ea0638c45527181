"""The follow-up of an intervention: baseline forecast, difference-in-differences, segmented
regression — equal to statsmodels on the same design, honest on synthetic panels."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import binom

from kommunanalys.stats.intervention import (
    MIN_COMPARISONS,
    FollowUpResult,
    baseline,
    difference_in_differences,
    segmented_regression,
)

YEARS = [str(y) for y in range(2014, 2025)]  # 11 years
START = "2020"  # 6 years before, 5 from the start on
T = np.array([float(y) - 2020 for y in YEARS])
TOL = 1e-10


def _panel(
    rng: np.random.Generator,
    comparisons: int = 12,
    effect: float = 0.0,
    treated_slope: float = 0.0,
    noise: float = 1.0,
) -> tuple[list[float], list[list[float]]]:
    """Areas with their own level, common year shocks and noise; ``effect`` added to the treated
    area from the start on; ``treated_slope`` a trend of its own (diverging pre-trends)."""
    common = rng.normal(0, 2, len(YEARS)) + 0.5 * T
    rows = []
    for _ in range(comparisons + 1):
        rows.append(50 + rng.normal(0, 5) + common + rng.normal(0, noise, len(YEARS)))
    rows[0] = rows[0] + effect * (T >= 0) + treated_slope * T
    return [float(v) for v in rows[0]], [[float(v) for v in r] for r in rows[1:]]


# ---- equal to statsmodels ---------------------------------------------------------------


@pytest.mark.parametrize("weighted", [False, True])
def test_segmented_regression_equals_statsmodels(weighted: bool) -> None:
    rng = np.random.default_rng(1)
    y = 30 + 0.4 * T - 3 * (T >= 0) + rng.normal(0, 1, len(T))
    w = rng.uniform(200, 900, len(T)) if weighted else np.ones(len(T))
    result = segmented_regression(
        YEARS, list(y), START, weights=list(w) if weighted else None, level=0.9
    )
    after = (T >= 0).astype(float)
    x = np.column_stack([np.ones(len(T)), T, after, T * after])
    fit = sm.WLS(y, x, weights=w).fit()
    ci = fit.conf_int(alpha=0.1)
    assert result.result == FollowUpResult.ESTIMATED
    for est, i in ((result.level_change, 2), (result.slope_change, 3)):
        assert est is not None
        assert est.estimate == pytest.approx(fit.params[i], abs=TOL)
        assert (est.lower, est.upper) == pytest.approx(tuple(ci[i]), abs=TOL)
        assert est.p_value == pytest.approx(fit.pvalues[i], abs=TOL)
        assert est.se == pytest.approx(fit.bse[i], abs=TOL)
        assert est.df == fit.df_resid
    assert result.slope_before == pytest.approx(fit.params[1], abs=TOL)


def test_segmented_regression_leaves_suppressed_values_out() -> None:
    rng = np.random.default_rng(2)
    y = list(30 + 0.4 * T + rng.normal(0, 1, len(T)))
    values: list[float | None] = list(y)
    values[1] = values[7] = None
    result = segmented_regression(YEARS, values, START)
    keep = np.array([v is not None for v in values])
    after = (T >= 0).astype(float)
    x = np.column_stack([np.ones(len(T)), T, after, T * after])[keep]
    fit = sm.OLS(np.array(y)[keep], x).fit()
    assert result.suppressed == ("2015", "2021")
    assert result.periods_before == 5 and result.periods_after == 4
    assert result.level_change is not None
    assert result.level_change.estimate == pytest.approx(fit.params[2], abs=TOL)


def test_baseline_equals_statsmodels_prediction_interval() -> None:
    rng = np.random.default_rng(3)
    y = 20 + 0.8 * T + rng.normal(0, 1, len(T))
    w = rng.uniform(100, 400, len(T))
    result = baseline(YEARS, list(y), START, weights=list(w), level=0.8)
    before = T < 0
    x = np.column_stack([np.ones(len(T)), T])
    fit = sm.WLS(y[before], x[before], weights=w[before]).fit()
    frame = fit.get_prediction(x[~before], weights=w[~before]).summary_frame(alpha=0.2)
    assert result.result == FollowUpResult.ESTIMATED
    assert result.slope == pytest.approx(fit.params[1], abs=TOL)
    after = [p for p in result.points if p.lower is not None]
    assert [p.period for p in after] == YEARS[6:]
    assert [p.forecast for p in after] == pytest.approx(list(frame["mean"]), abs=TOL)
    assert [p.lower for p in after] == pytest.approx(list(frame["obs_ci_lower"]), abs=TOL)
    assert [p.upper for p in after] == pytest.approx(list(frame["obs_ci_upper"]), abs=TOL)
    assert [p.actual for p in after] == pytest.approx(list(y[~before]), abs=0)
    fitted = [p.forecast for p in result.points[:6]]
    assert fitted == pytest.approx(list(fit.fittedvalues), abs=TOL)


def test_did_equals_two_way_fixed_effects_and_the_collapsed_ols() -> None:
    rng = np.random.default_rng(4)
    area, comparisons = _panel(rng, comparisons=8, effect=-4.0)
    result = difference_in_differences(YEARS, area, comparisons, START)
    assert result.result == FollowUpResult.ESTIMATED and result.effect is not None
    panel = np.array([area, *comparisons])
    units, periods = panel.shape
    # two-way fixed effects on the long panel: area and year dummies, treated × after
    unit = np.repeat(np.arange(units), periods)
    year = np.tile(np.arange(periods), units)
    treated_after = ((unit == 0) & (np.tile(T, units) >= 0)).astype(float)
    x = np.column_stack([treated_after, np.eye(units)[unit], np.eye(periods)[year][:, 1:]])
    twfe = sm.OLS(panel.ravel(), x).fit()
    assert result.effect.estimate == pytest.approx(twfe.params[0], abs=TOL)
    # the interval: OLS on one row per area (change after − before) with the area's mark
    change = panel[:, T >= 0].mean(axis=1) - panel[:, T < 0].mean(axis=1)
    mark = np.column_stack([np.ones(units), np.arange(units) == 0])
    collapsed = sm.OLS(change, mark.astype(float)).fit()
    assert result.effect.estimate == pytest.approx(collapsed.params[1], abs=TOL)
    assert (result.effect.lower, result.effect.upper) == pytest.approx(
        tuple(collapsed.conf_int()[1]), abs=TOL
    )
    assert result.effect.p_value == pytest.approx(collapsed.pvalues[1], abs=TOL)
    assert result.effect.se == pytest.approx(collapsed.bse[1], abs=TOL)
    assert result.effect.df == units - 2


def test_did_pretrend_equals_the_pre_period_group_by_time_interaction() -> None:
    rng = np.random.default_rng(5)
    area, comparisons = _panel(rng, comparisons=6)
    weights = list(rng.uniform(500, 3000, 7))
    result = difference_in_differences(YEARS, area, comparisons, START, weights=weights)
    assert result.pretrend is not None
    pre = T < 0
    panel = np.array([area, *comparisons])[:, pre]
    units, periods = panel.shape
    unit = np.repeat(np.arange(units), periods)
    year = np.tile(np.arange(periods), units)
    time = np.tile(T[pre], units)
    x = np.column_stack([(unit == 0) * time, np.eye(units)[unit], np.eye(periods)[year][:, 1:]])
    interaction = sm.WLS(panel.ravel(), x, weights=np.repeat(weights, periods)).fit()
    assert result.pretrend.estimate == pytest.approx(interaction.params[0], abs=TOL)
    # its interval: WLS of each area's pre-period slope on the area's mark
    slopes = np.array([np.polyfit(T[pre], row, 1)[0] for row in panel])
    mark = np.column_stack([np.ones(units), np.arange(units) == 0]).astype(float)
    collapsed = sm.WLS(slopes, mark, weights=weights).fit()
    assert result.pretrend.p_value == pytest.approx(collapsed.pvalues[1], abs=TOL)
    assert result.pretrend.se == pytest.approx(collapsed.bse[1], abs=TOL)
    assert (result.pretrend.lower, result.pretrend.upper) == pytest.approx(
        tuple(collapsed.conf_int()[1]), abs=TOL
    )


# ---- synthetic panels: a planted effect found, none invented, diverging trends refused ------


def test_a_planted_effect_is_recovered_within_its_interval() -> None:
    rng = np.random.default_rng(6)
    area, comparisons = _panel(rng, comparisons=20, effect=-6.0)
    did = difference_in_differences(YEARS, area, comparisons, START)
    assert did.result == FollowUpResult.ESTIMATED and did.effect is not None
    assert did.effect.lower <= -6.0 <= did.effect.upper
    assert did.effect.significant and did.effect.upper < 0
    its = segmented_regression(YEARS, area, START)
    assert its.result == FollowUpResult.ESTIMATED and its.level_change is not None
    assert its.level_change.estimate < 0


def test_a_planted_effect_is_covered_at_the_nominal_rate() -> None:
    covered = 0
    runs = 200
    for seed in range(runs):
        rng = np.random.default_rng(1000 + seed)
        area, comparisons = _panel(rng, comparisons=10, effect=3.0)
        did = difference_in_differences(YEARS, area, comparisons, START)
        if did.effect is not None and did.effect.lower <= 3.0 <= did.effect.upper:
            covered += 1
    # estimated runs are those passing the pre-trend check (about 95 %); 95 % of those cover
    assert covered >= binom.ppf(0.001, runs, 0.95 * 0.95)


@pytest.mark.parametrize("method", ["did", "its"])
def test_with_no_effect_the_false_positive_rate_is_near_five_percent(method: str) -> None:
    seeds = 400
    estimated = positives = 0
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        area, comparisons = _panel(rng, comparisons=MIN_COMPARISONS)
        if method == "did":
            effect = difference_in_differences(YEARS, area, comparisons, START).effect
        else:
            y = 40 + 0.3 * T + rng.normal(0, 1, len(T))
            effect = segmented_regression(YEARS, list(y), START).level_change
        if effect is None:
            continue
        estimated += 1
        positives += effect.significant
    assert estimated >= 0.85 * seeds
    # a two-sided binomial tolerance at 0.1 % around the nominal 5 %
    low, high = binom.ppf([0.0005, 0.9995], estimated, 0.05)
    assert low <= positives <= high, (positives, estimated)


def test_diverging_pretrends_are_refused() -> None:
    rng = np.random.default_rng(7)
    area, comparisons = _panel(rng, comparisons=10, treated_slope=2.0)
    did = difference_in_differences(YEARS, area, comparisons, START)
    assert did.result == FollowUpResult.PRETREND_DIVERGES
    assert did.effect is None
    assert did.pretrend is not None and did.pretrend.significant
    assert did.pretrend.lower <= 2.0 <= did.pretrend.upper


def test_diverging_pretrends_are_refused_in_most_panels() -> None:
    refused = sum(
        difference_in_differences(
            YEARS, *_panel(np.random.default_rng(s), comparisons=10, treated_slope=2.0), START
        ).result
        == FollowUpResult.PRETREND_DIVERGES
        for s in range(100)
    )
    assert refused >= 95


# ---- what the data cannot support ----------------------------------------------------------


def test_too_few_periods() -> None:
    short = YEARS[4:]  # two years before the start
    values = [10.0] * len(short)
    assert baseline(short, values, START).result == FollowUpResult.TOO_FEW_PERIODS
    comparisons = [[10.0 + i] * len(short) for i in range(10)]
    did = difference_in_differences(short, values, comparisons, START)
    assert did.result == FollowUpResult.TOO_FEW_PERIODS and did.effect is None
    its = segmented_regression(YEARS[:8], [10.0] * 8, START)  # two years from the start on
    assert its.result == FollowUpResult.TOO_FEW_PERIODS
    assert its.level_change is None and its.slope_change is None
    assert its.periods_before == 6 and its.periods_after == 2


def test_too_few_comparisons() -> None:
    area, comparisons = _panel(np.random.default_rng(8), comparisons=MIN_COMPARISONS - 1)
    did = difference_in_differences(YEARS, area, comparisons, START)
    assert did.result == FollowUpResult.TOO_FEW_COMPARISONS
    assert did.effect is None and did.pretrend is None


def test_suppressed_values_never_enter_an_estimate() -> None:
    rng = np.random.default_rng(9)
    area, comparisons = _panel(rng, comparisons=MIN_COMPARISONS + 1, effect=-5.0)
    with_gaps: list[float | None] = list(area)
    with_gaps[2] = None
    comparisons_gaps: list[list[float | None]] = [list(c) for c in comparisons]
    comparisons_gaps[3][8] = None
    comparisons_gaps[4][2] = None  # in a year already left out: the area stays in
    did = difference_in_differences(YEARS, with_gaps, comparisons_gaps, START)
    assert did.result == FollowUpResult.ESTIMATED
    assert did.suppressed == ("2016",)
    assert did.comparisons_left_out == (3,)
    assert did.comparisons == MIN_COMPARISONS
    # the same as leaving the year and the area out by hand
    keep = [i for i in range(len(YEARS)) if i != 2]
    by_hand = difference_in_differences(
        [YEARS[i] for i in keep],
        [area[i] for i in keep],
        [[c[i] for i in keep] for j, c in enumerate(comparisons) if j != 3],
        START,
    )
    assert did.effect == by_hand.effect
    # one more suppressed comparison: too few left, because of suppression
    comparisons_gaps[0][9] = None
    refused = difference_in_differences(YEARS, with_gaps, comparisons_gaps, START)
    assert refused.result == FollowUpResult.SUPPRESSED_VALUES and refused.effect is None
    # the area's own suppressed years: a baseline that would have enough years says so
    few: list[float | None] = list(with_gaps)
    few[0] = few[1] = few[3] = None  # two years before the start remain
    assert baseline(YEARS, few, START).result == FollowUpResult.SUPPRESSED_VALUES
    assert segmented_regression(YEARS, few, START).result == FollowUpResult.SUPPRESSED_VALUES
    point = baseline(YEARS, with_gaps, START)
    assert point.result == FollowUpResult.ESTIMATED and point.suppressed == ("2016",)
    assert point.points[2].actual is None


def test_the_start_year_counts_as_after() -> None:
    result = baseline(YEARS, [float(v) for v in range(11)], 2020)
    assert next(p.period for p in result.points if p.lower is not None) == "2020"
    assert result.slope == pytest.approx(1.0)
    assert result.points[-1].forecast == pytest.approx(10.0)


def test_the_codes_read_as_words_in_both_languages() -> None:
    from kommunanalys.i18n import use_language
    from kommunanalys.i18n.labels import label

    assert label(FollowUpResult.PRETREND_DIVERGES).startswith("jämförelseområdena följde inte")
    use_language("en")
    try:
        assert label(FollowUpResult.TOO_FEW_COMPARISONS) == (
            "cannot be assessed: too few comparison areas"
        )
    finally:
        use_language("sv")


def test_a_suppressed_weight_is_a_suppressed_value() -> None:
    area, comparisons = _panel(np.random.default_rng(10), comparisons=MIN_COMPARISONS + 1)
    weights: list[float | None] = [1000.0] * (MIN_COMPARISONS + 2)
    weights[2] = None  # the second comparison area's population
    did = difference_in_differences(YEARS, area, comparisons, START, weights=weights)
    assert did.result == FollowUpResult.ESTIMATED and did.comparisons_left_out == (1,)
    weights[0] = None  # the area's own
    did = difference_in_differences(YEARS, area, comparisons, START, weights=weights)
    assert did.result == FollowUpResult.SUPPRESSED_VALUES and did.effect is None


def test_a_series_of_the_wrong_length_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="expected 11 values"):
        segmented_regression(YEARS, [1.0] * 10, START)
    area, comparisons = _panel(np.random.default_rng(11), comparisons=MIN_COMPARISONS)
    with pytest.raises(ValueError, match="expected 11 values"):
        difference_in_differences(YEARS, area, [*comparisons, [1.0]], START)
    with pytest.raises(ValueError, match="positive"):
        baseline(YEARS, area, START, weights=[0.0] * 11)


# ---- values without variation: no uncertainty can be estimated, so no effect is claimed ----


def test_comparisons_without_variation_claim_no_effect() -> None:
    """A share at 0 in every comparison area and year (a rare event in small areas) and an
    area that leaves 0 after the start: the least-squares fit is exact, its interval has no
    width and its p-value is 0 — a certainty the data does not have. Not estimated."""
    area = [0.0] * 6 + [2.0] * 5
    comparisons = [[0.0] * 11 for _ in range(8)]
    did = difference_in_differences(YEARS, area, comparisons, START)
    assert did.result == FollowUpResult.NO_VARIATION and did.effect is None
    hundred = difference_in_differences(
        YEARS, [100.0] * 6 + [97.0] * 5, [[100.0] * 11 for _ in range(8)], START
    )
    assert hundred.result == FollowUpResult.NO_VARIATION and hundred.effect is None


def test_a_series_on_an_exact_line_claims_no_change_in_level() -> None:
    jump = [float(i) for i in range(6)] + [float(i) + 3 for i in range(6, 11)]
    its = segmented_regression(YEARS, jump, START)
    assert its.result == FollowUpResult.NO_VARIATION
    assert its.level_change is None and its.slope_change is None


def test_little_variation_is_still_variation() -> None:
    rng = np.random.default_rng(12)
    area = [0.0] * 6 + [2.0] * 5
    comparisons = [list(rng.normal(0, 0.01, 11)) for _ in range(8)]
    did = difference_in_differences(YEARS, area, comparisons, START)
    assert did.result == FollowUpResult.ESTIMATED and did.effect is not None
    assert did.effect.upper - did.effect.lower > 0
