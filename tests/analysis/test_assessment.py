"""Intervals, benchmark comparisons and trends on the profile cards."""

from __future__ import annotations

from kommunanalys.analysis.assessment import (
    area_trends,
    assess_profile,
    compare_value,
    interval_of,
)
from kommunanalys.i18n.labels import msgid
from kommunanalys.model import Division, Gender, Value
from kommunanalys.query import Dataset
from kommunanalys.stats import proportion_interval
from kommunanalys.stats.comparison import Outcome
from kommunanalys.stats.trend import TrendResult, TrendSpan
from tests.analysis.world import world


def test_share_interval_is_wilson_in_percent(dataset: Dataset) -> None:
    ind = dataset.indicator("andel_befolkning_0_6")
    value = Value(ind.id, "x", Division.KOMMUN, "2024", Gender.TOTAL, 35.47, 194, 547)
    interval = interval_of(ind, value, 0.95)
    assert interval is not None and interval.method == "Wilson"
    lower, upper = proportion_interval(194, 547)
    assert (interval.lower, interval.upper) == (lower * 100, upper * 100)


def test_no_interval_without_counts_or_for_means(dataset: Dataset) -> None:
    share = dataset.indicator("andel_befolkning_0_6")
    mean = dataset.indicator("bostadsarea_per_person")
    assert (
        interval_of(share, Value(share.id, "x", Division.KOMMUN, "2024", Gender.TOTAL, 3.0), 0.95)
        is None
    )
    assert (
        interval_of(mean, Value(mean.id, "x", Division.KOMMUN, "2024", Gender.TOTAL, 33.0), 0.95)
        is None
    )


def test_complete_register_counts_get_no_interval(dataset: Dataset) -> None:
    """Antal invånare from SCB's register counts everyone: no sampling error, no interval;
    a count of events keeps its Poisson interval."""
    complete = dataset.indicator("antal_invanare")
    events = dataset.indicator("antal_aktualiseringar_barn_o_ungdom")
    assert complete.complete_count and not events.complete_count
    for ind in (complete, events):
        v = Value(ind.id, "x", Division.KOMMUN, "2024", Gender.TOTAL, 1000.0)
        interval = interval_of(ind, v, 0.95)
        assert (interval is None) is ind.complete_count


def test_counts_are_not_compared_between_areas(dataset: Dataset) -> None:
    ind = dataset.indicator("befolkning")
    v = Value(ind.id, "x", Division.KOMMUN, "2024", Gender.TOTAL, 1000.0)
    result = compare_value(ind, v, v, "Huddinge")
    assert result is not None and not result.significant


def test_quintile_where_no_interval_exists(dataset: Dataset) -> None:
    ind = dataset.indicator("bostadsarea_per_person")
    v = Value(ind.id, "x", Division.KOMMUN, "2024", Gender.TOTAL, 100.0)
    result = compare_value(ind, v, None, "", peers=[10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
    assert result is not None and msgid(result.outcome).endswith("femtedelen")
    assert not result.significant and result.method.startswith("kvintil")  # a rank, not a test


def test_quintile_from_five_values_the_area_included(dataset: Dataset) -> None:
    """Fingertips (PHE ``phe_quantile``): quintiles among at least five values, the area and
    its peers together — four peers and the area are enough, three are not."""
    ind = dataset.indicator("bostadsarea_per_person")
    v = Value(ind.id, "x", Division.KOMMUN, "2024", Gender.TOTAL, 100.0)
    result = compare_value(ind, v, None, "", peers=[10.0, 20.0, 30.0, 40.0])
    assert result is not None and msgid(result.outcome).endswith("femtedelen")
    assert compare_value(ind, v, None, "", peers=[10.0, 20.0, 30.0]) is None


def test_profile_assessments_carry_method_and_level(dataset: Dataset) -> None:
    profile = dataset.profile("0126R001", "2025")
    assessed = assess_profile(dataset, profile)
    compared = [
        a.comparison
        for i, a in assessed.items()
        if a.comparison and a.interval and dataset.indicator(i).value_type.value != "count"
    ]
    assert compared
    for c in compared:
        assert c.level == 0.95 and c.method and c.benchmark_label == "Huddinge"
    polarity_outcomes = {c.outcome for c in compared}
    assert polarity_outcomes <= {
        Outcome.BETTER,
        Outcome.WORSE,
        Outcome.SIMILAR,
        Outcome.HIGHER,
        Outcome.LOWER,
        Outcome.NOT_COMPARED,
    }


def test_trend_found_in_a_rising_series() -> None:
    ds = world(5, years=("2020", "2021", "2022", "2023", "2024"), yearly_change=0.03)
    profile = ds.profile("0999", "2024")
    trend = assess_profile(ds, profile)["share"].trend
    assert trend is not None and trend.direction == TrendResult.INCREASING
    assert trend.assessment == TrendResult.WORSENING  # the test share is low-good
    assert trend.slope is not None and 2 < trend.slope < 4  # percentage points per year
    # the profile's trend is Fingertips' recent trend; the full series stays available
    assert (trend.span, trend.level) == (TrendSpan.RECENT, 0.998)
    full = area_trends(ds, profile.area, TrendSpan.FULL)["share"]
    assert full is not None and (full.span, full.level) == (TrendSpan.FULL, 0.95)


def test_short_series_cannot_be_computed() -> None:
    ds = world(5, years=("2021", "2022", "2023"))
    trend = assess_profile(ds, ds.profile("0999", "2023"))["share"].trend
    assert trend is not None and trend.direction == TrendResult.NOT_COMPUTABLE
