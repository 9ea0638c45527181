"""Trend tests against scipy and statsmodels, and the words they end in."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.contingency_tables import Table

from kommunanalys.stats.trend import (
    CHI2_PROPORTIONS,
    CHI2_RATES,
    DOWN,
    FLAT,
    KENDALL,
    MIN_PERIODS,
    RECENT_LEVEL,
    RECENT_POINTS,
    UNKNOWN,
    UP,
    TrendResult,
    TrendSpan,
    assessment_of,
    kendall_trend_test,
    proportion_trend_test,
    rate_trend_test,
    trend,
    trend_codes,
)

YEARS = [str(y) for y in range(2015, 2021)]


# -- Kendall's tau and Theil–Sen ----------------------------------------------------------------


def _random_series(rng: np.random.Generator, length: int, ties: bool, gaps: int) -> np.ndarray:
    y = rng.normal(size=length)
    if ties:
        y = np.round(y * 2) / 2
    if gaps:
        y[rng.choice(length, gaps, replace=False)] = np.nan
    return y


def test_kendall_matches_scipy_exact_p_and_theil_sen_without_ties() -> None:
    rng = np.random.default_rng(11)
    for _ in range(150):
        length = int(rng.integers(5, 26))
        y = _random_series(rng, length, ties=False, gaps=int(rng.integers(0, 3)))
        x = np.arange(2000, 2000 + length, dtype=float)
        p, slope, n = kendall_trend_test(y, x)
        ok = ~np.isnan(y)
        assert n[0] == ok.sum()
        reference = stats.kendalltau(x[ok], y[ok], method="exact")
        assert p[0] == pytest.approx(reference.pvalue, rel=1e-9, abs=1e-15)
        assert slope[0] == pytest.approx(stats.theilslopes(y[ok], x[ok]).slope, rel=1e-12)


def test_kendall_matches_scipy_asymptotic_p_with_ties() -> None:
    rng = np.random.default_rng(12)
    checked = 0
    for _ in range(150):
        length = int(rng.integers(5, 20))
        y = _random_series(rng, length, ties=True, gaps=int(rng.integers(0, 3)))
        ok = ~np.isnan(y)
        if len(np.unique(y[ok])) == ok.sum():
            continue  # rounding left no ties this time
        x = np.arange(2000, 2000 + length, dtype=float)
        p, slope, _ = kendall_trend_test(y, x)
        reference = stats.kendalltau(x[ok], y[ok], method="asymptotic")
        assert p[0] == pytest.approx(reference.pvalue, rel=1e-9)
        assert slope[0] == pytest.approx(stats.theilslopes(y[ok], x[ok]).slope, rel=1e-12)
        checked += 1
    assert checked > 100


def test_kendall_with_uneven_years() -> None:
    x = np.array([2010, 2012, 2013, 2017, 2018, 2020], dtype=float)
    y = np.array([3.0, 3.5, 3.1, 4.2, 4.0, 4.9])
    p, slope, _ = kendall_trend_test(y, x)
    assert p[0] == pytest.approx(stats.kendalltau(x, y, method="exact").pvalue)
    assert slope[0] == pytest.approx(stats.theilslopes(y, x).slope)


def test_kendall_rows_are_independent_series() -> None:
    rng = np.random.default_rng(13)
    x = np.arange(8, dtype=float)
    rows = np.array(
        [
            _random_series(rng, 8, ties=False, gaps=0),
            _random_series(rng, 8, ties=True, gaps=0),
            _random_series(rng, 8, ties=False, gaps=2),
            np.full(8, np.nan),
            [np.nan] * 7 + [1.0],
        ]
    )
    p, slope, n = kendall_trend_test(rows, x)
    for row in range(3):
        p_one, slope_one, n_one = kendall_trend_test(rows[row], x)
        assert (p[row], slope[row], n[row]) == (p_one[0], slope_one[0], n_one[0])
    assert n.tolist() == [8, 8, 6, 0, 1]
    assert np.isnan(slope[3:]).all()


# -- Cochran–Armitage and the Poisson score test ------------------------------------------------


def test_cochran_armitage_is_mantel_times_n_over_n_minus_1() -> None:
    """statsmodels' linear-by-linear (Mantel) statistic uses the variance with N − 1; the
    Cochran–Armitage chi-square uses N, so chi2_CA = z_Mantel² · N / (N − 1)."""
    rng = np.random.default_rng(21)
    for _ in range(20):
        k = int(rng.integers(5, 12))
        totals = rng.integers(20, 2000, size=k).astype(float)
        counts = rng.binomial(totals.astype(int), np.linspace(0.2, 0.2 + rng.normal(0, 0.05), k))
        years = np.arange(2010, 2010 + k, dtype=float)
        p, _, n = proportion_trend_test(counts.astype(float), totals, years)
        table = np.column_stack([counts, totals - counts])
        mantel = Table(table).test_ordinal_association(
            row_scores=years, col_scores=np.array([1.0, 0.0])
        )
        big_n = totals.sum()
        chi2 = mantel.zscore**2 * big_n / (big_n - 1)
        assert p[0] == pytest.approx(stats.chi2.sf(chi2, 1), rel=1e-7)
        assert n[0] == k


def test_cochran_armitage_is_the_logistic_score_test_and_slope_is_wls() -> None:
    counts = np.array([120, 131, 118, 140, 152, 149.0])
    totals = np.array([1000, 1010, 990, 1005, 1020, 1000.0])
    years = np.arange(2015, 2021, dtype=float)
    p, slope, _ = proportion_trend_test(counts, totals, years)
    null = sm.GLM(
        np.column_stack([counts, totals - counts]), np.ones((6, 1)), family=sm.families.Binomial()
    ).fit()
    score = null.score_test(exog_extra=(years - years.mean())[:, None])
    assert p[0] == pytest.approx(float(np.squeeze(score.pvalue)), rel=1e-7)
    wls = sm.WLS(counts / totals, sm.add_constant(years - 2015), weights=totals).fit()
    assert slope[0] == pytest.approx(wls.params[1], rel=1e-8)


def test_rate_trend_is_the_poisson_score_test_and_slope_is_wls() -> None:
    rng = np.random.default_rng(31)
    years = np.arange(2012, 2020, dtype=float)
    for _ in range(10):
        populations = rng.integers(5_000, 50_000, size=8).astype(float)
        counts = rng.poisson(populations * 0.004 * np.linspace(1, 1.3, 8)).astype(float)
        p, slope, n = rate_trend_test(counts, populations, years)
        null = sm.GLM(
            counts, np.ones((8, 1)), family=sm.families.Poisson(), offset=np.log(populations)
        ).fit()
        score = null.score_test(exog_extra=years[:, None])
        assert p[0] == pytest.approx(float(np.squeeze(score.pvalue)), rel=1e-7)
        wls = sm.WLS(counts / populations, sm.add_constant(years), weights=populations).fit()
        assert slope[0] == pytest.approx(wls.params[1], rel=1e-6)
        assert n[0] == 8


def test_rate_trend_sanity() -> None:
    years = np.arange(2015, 2021, dtype=float)
    population = np.full(6, 20_000.0)
    rising, _, _ = rate_trend_test([40, 60, 80, 100, 120, 140], population, years)
    equal, slope, _ = rate_trend_test([50] * 6, population, years)
    assert rising[0] < 1e-6
    assert equal[0] == pytest.approx(1.0) and slope[0] == 0.0


def test_missing_periods_are_left_out() -> None:
    years = np.arange(2014, 2021, dtype=float)
    counts = np.array([10, 12, np.nan, 15, 17, 20, 22.0])
    totals = np.array([100, 100, 100, np.nan, 100, 100, 100.0])
    p, slope, n = proportion_trend_test(counts, totals, years)
    keep = ~(np.isnan(counts) | np.isnan(totals))
    p_ref, slope_ref, n_ref = proportion_trend_test(counts[keep], totals[keep], years[keep])
    assert n[0] == n_ref[0] == 5
    assert (p[0], slope[0]) == pytest.approx((p_ref[0], slope_ref[0]))


# -- codes, words and the series function -------------------------------------------------------


def test_trend_codes() -> None:
    codes = trend_codes(
        [0.01, 0.01, 0.2, 0.01, np.nan], [1.0, -1.0, 5.0, 1.0, 1.0], [5, 6, 7, 4, 9]
    )
    assert codes.tolist() == [UP, DOWN, FLAT, UNKNOWN, UNKNOWN]
    assert trend_codes([0.01], [1.0], [5], level=0.998).tolist() == [FLAT]
    assert MIN_PERIODS == 5


@pytest.mark.parametrize(
    ("code", "polarity", "label"),
    [
        (UP, "high_good", TrendResult.IMPROVING),
        (DOWN, "high_good", TrendResult.WORSENING),
        (UP, "low_good", TrendResult.WORSENING),
        (DOWN, "low_good", TrendResult.IMPROVING),
        (UP, "neutral", TrendResult.INCREASING),
        (DOWN, "neutral", TrendResult.DECREASING),
        (FLAT, "high_good", TrendResult.NO_CHANGE),
        (UNKNOWN, "low_good", TrendResult.NOT_COMPUTABLE),
    ],
)
def test_assessment_label(code: int, polarity: str, label: str) -> None:
    assert assessment_of(code, polarity) == label


def test_rising_share_of_a_low_good_indicator_worsens() -> None:
    result = trend(
        "proportion",
        YEARS,
        [0.20, 0.22, 0.25, 0.27, 0.30, 0.33],
        [200, 220, 250, 270, 300, 330],
        [1000] * 6,
        polarity="low_good",
        multiplier=100,
    )
    assert (result.direction, result.assessment) == (TrendResult.INCREASING, TrendResult.WORSENING)
    assert result.method == CHI2_PROPORTIONS
    assert result.slope == pytest.approx(2.6)  # percentage points per year
    assert result.p_value is not None and result.p_value < 1e-6
    assert (result.periods, result.first, result.last) == (6, "2015", "2020")
    assert result.significant and result.level == 0.95


def test_falling_rate_of_a_low_good_indicator_improves() -> None:
    result = trend(
        "rate",
        YEARS,
        [7.0, 6.0, 5.0, 4.0, 3.0, 2.0],
        [70, 60, 50, 40, 30, 20],
        [10_000] * 6,
        polarity="low_good",
        multiplier=1000,
    )
    assert (result.direction, result.assessment, result.method) == (
        TrendResult.DECREASING,
        TrendResult.IMPROVING,
        CHI2_RATES,
    )
    assert result.slope == pytest.approx(-1.0)


def test_flat_series_show_no_certain_change() -> None:
    for result in (
        trend("mean", YEARS, [5.0] * 6, polarity="high_good"),
        trend("proportion", YEARS, [0.2] * 6, [200] * 6, [1000] * 6),
        trend("rate", YEARS, [1.0] * 6, [10] * 6, [10_000] * 6),
        trend("mean", YEARS, [5.0, 5.1, 4.9, 5.0, 5.1, 4.9]),
    ):
        assert result.direction == TrendResult.NO_CHANGE
        assert result.assessment == TrendResult.NO_CHANGE
        assert not result.significant
        assert result.p_value is not None and result.p_value > 0.05


def test_fewer_than_five_periods_cannot_be_computed() -> None:
    for result in (
        trend("mean", YEARS[:4], [1.0, 2.0, 3.0, 4.0]),
        trend("mean", YEARS, [1.0, 2.0, None, 4.0, None, 6.0], polarity="high_good"),
        trend("proportion", YEARS[:4], [0.1] * 4, [10] * 4, [100] * 4),
        trend("mean", YEARS, [None] * 6),
    ):
        assert result.direction == TrendResult.NOT_COMPUTABLE
        assert result.assessment == TrendResult.NOT_COMPUTABLE
        assert result.slope is None and result.p_value is None
        assert not result.significant
    assert trend("mean", YEARS, [None] * 6).first is None


def test_series_without_counts_use_kendall() -> None:
    result = trend("mean", YEARS, [1.0, 2.0, None, 4.0, 5.0, 6.0], polarity="high_good")
    assert result.method == KENDALL
    assert (result.direction, result.assessment) == (TrendResult.INCREASING, TrendResult.IMPROVING)
    assert result.p_value == pytest.approx(2 / 120)  # exact: 2 of 5! orderings as extreme
    assert result.slope == pytest.approx(1.0)
    assert (result.periods, result.first, result.last) == (5, "2015", "2020")
    # a share whose counts are missing falls back to Kendall on the values
    share = trend("proportion", YEARS, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [1] * 6, None)
    assert share.method == KENDALL and share.direction == TrendResult.INCREASING


def test_recent_trend_is_the_last_five_points_at_99_8() -> None:
    """Fingertips' recent trend: the most recent five points, significance at 99,8 %."""
    years = [str(y) for y in range(2013, 2021)]
    # falls for three years, then rises over the last five: the full series is mixed
    num = [400, 330, 260, 200, 230, 260, 290, 320]
    values = [n / 1000 for n in num]
    recent = trend(
        "proportion", years, values, num, [1000] * 8, multiplier=100, span=TrendSpan.RECENT
    )
    assert recent.span is TrendSpan.RECENT and recent.level == RECENT_LEVEL == 0.998
    assert (recent.periods, recent.first, recent.last) == (RECENT_POINTS, "2016", "2020")
    assert recent.direction == TrendResult.INCREASING
    full = trend("proportion", years, values, num, [1000] * 8, multiplier=100)
    assert full.span is TrendSpan.FULL and full.level == 0.95 and full.periods == 8
    assert full.direction != TrendResult.INCREASING


def test_recent_trend_at_99_8_is_stricter_than_at_95() -> None:
    years = [str(y) for y in range(2016, 2021)]
    num = [200, 212, 220, 231, 240]  # p between 0,002 and 0,05
    recent = trend(
        "proportion", years, [n / 1000 for n in num], num, [1000] * 5, span=TrendSpan.RECENT
    )
    at_95 = trend("proportion", years, [n / 1000 for n in num], num, [1000] * 5)
    assert recent.p_value == pytest.approx(at_95.p_value)
    assert recent.p_value is not None and 0.002 < recent.p_value < 0.05
    assert at_95.direction == TrendResult.INCREASING and recent.direction == TrendResult.NO_CHANGE


def test_recent_trend_without_counts_cannot_be_calculated() -> None:
    """Fingertips computes the recent trend with the chi-square test for trend (shares with
    their counts; rates here with the Poisson score test) and says "cannot be calculated"
    otherwise. Kendall's test on five points can never reach 99,8 % (its smallest two-sided
    p is 2/5! ≈ 0,017), so "no certain change" would only claim what no test could show."""
    rising = [1.0, 2.0, 3.0, 4.0, 5.0]
    years = YEARS[:5]
    recent = trend("mean", years, rising, polarity="high_good", span=TrendSpan.RECENT)
    assert recent.method == KENDALL
    assert (recent.direction, recent.assessment) == (
        TrendResult.NOT_COMPUTABLE,
        TrendResult.NOT_COMPUTABLE,
    )
    assert recent.slope is None and recent.p_value is None and recent.periods == 5
    # where Kendall can reach the level, it is computed: the full series at 95 %
    full = trend("mean", years, rising, polarity="high_good")
    assert full.direction == TrendResult.INCREASING
    # seven points can reach 99,8 % (2/7! ≈ 0,0004): computed at that level too
    seven = [str(y) for y in range(2014, 2021)]
    strict = trend("mean", seven, list(range(7)), level=0.998)
    assert strict.direction == TrendResult.INCREASING
    six = trend("mean", seven[:6], list(range(6)), level=0.998)  # 2/6! ≈ 0,0028
    assert six.direction == TrendResult.NOT_COMPUTABLE
    # shares with counts keep their chi-square test in the recent span
    num = [200, 260, 320, 380, 440]
    share = trend(
        "proportion", years, [n / 1000 for n in num], num, [1000] * 5, span=TrendSpan.RECENT
    )
    assert share.direction == TrendResult.INCREASING
