"""Budget follow-up, the volume/price split, the forecasts and the backtest, each against a
reference computed here by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kommunanalys.analysis.economy import (
    Ledger,
    by_cost_type,
    by_unit,
    change,
    volume_price_split,
    years_of,
)
from kommunanalys.analysis.economy_forecast import (
    ForecastMethod,
    backtest,
    profile_forecast,
    volume_forecast,
)
from kommunanalys.analysis.economy_model import Month

UNITS = [
    ("sn", "Socialnämnden", "namnd", None),
    ("a", "A", "verksamhet", "sn"),
    ("b", "B", "verksamhet", "sn"),
    ("b1", "B1", "insats", "b"),
]


def _ledger(rows: list[tuple[str, str, str, str, str, float]]) -> Ledger:
    return Ledger.from_rows(UNITS, [(*r, False) for r in rows])


def test_follow_up_sums_the_tree_and_signs_deviations_as_the_seed() -> None:
    ledger = _ledger(
        [
            ("a", "2024-01", "personal", "budget", "", -1000.0),
            ("a", "2024-01", "personal", "outcome", "", -900.0),
            ("b1", "2024-02", "kop_av_verksamhet", "budget", "", -500.0),
            ("b1", "2024-02", "kop_av_verksamhet", "outcome", "", -650.0),
            ("b", "2024-02", "intakter", "outcome", "", 50.0),
            ("b", "2023-02", "intakter", "outcome", "", 100.0),
            ("b1", "2023-02", "kop_av_verksamhet", "outcome", "", -450.0),
        ]
    )
    units = {r.key: r for r in by_unit(ledger, 2024)}
    assert units["a"].deviation == 100 and units["a"].deviation_pct == 10
    assert units["b"].outcome == -600 and units["b"].budget == -500 and units["b"].deviation == -100
    assert units["b"].change_pct == pytest.approx(100 * (-600 - -350) / -350)
    assert units["result"].outcome == -1500
    types = {r.key: r for r in by_cost_type(ledger, 2024)}
    assert types["costs"].outcome == -1550 and types["intakter"].deviation == 50
    # year to date: only January
    assert {r.key: r.outcome for r in by_unit(ledger, 2024, through=1)}["b"] == 0
    assert {r.key: r.outcome for r in by_unit(ledger, 2025)}["b"] is None


def test_change_keeps_the_earlier_sign_as_the_seed_prints_it() -> None:
    assert round(change(1083, -1162)) == -193  # Flyktingmottagande 2023 → 2024
    assert round(change(-1162, -3990)) == -71
    assert round(change(1297, 1740)) == -25  # −25,5 % (the seed rounds its own decimals: −26 %)


finite = st.floats(min_value=1, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(finite, finite, finite, finite)
def test_the_volume_price_split_adds_up_exactly(c0: float, v0: float, c1: float, v1: float) -> None:
    split = volume_price_split(c0, v0, c1, v1)
    # exactly, in öre, and in tkr as shown
    assert split.volume_ore + split.price_ore == round(c1 * 100) - round(c0 * 100)
    volume, price, deviation = split.rounded()
    assert volume + price == deviation == round((round(c1 * 100) - round(c0 * 100)) / 100_000)
    # the textbook parts, from the costs in öre as the ledger keeps them
    p0, p1 = round(c0 * 100) / 100 / v0, round(c1 * 100) / 100 / v1
    assert split.volume == pytest.approx((v1 - v0) * p0, rel=1e-9, abs=0.006)
    assert split.price == pytest.approx((p1 - p0) * v1, rel=1e-9, abs=0.006)


def test_the_split_of_a_worked_example() -> None:
    # 10 000 vårddygn at 3 000 kr budgeted; 11 000 at 3 100 kr in the outcome
    split = volume_price_split(30_000_000, 10_000, 34_100_000, 11_000)
    assert (split.volume, split.price, split.deviation) == (3_000_000, 1_100_000, 4_100_000)


def _profiled_ledger() -> Ledger:
    rows = []
    profile = [0.07, 0.07, 0.08, 0.08, 0.09, 0.08, 0.06, 0.07, 0.09, 0.1, 0.1, 0.11]
    for year, total in ((2021, 1000.0), (2022, 1100.0), (2023, 1300.0), (2024, 1250.0)):
        wobble = 0.004 * (year - 2022)
        shares = [p + (wobble if m < 6 else -wobble) for m, p in enumerate(profile)]
        for m, s in enumerate(shares, start=1):
            if year == 2024 and m > 8:
                break
            rows.append(("a", f"{year}-{m:02d}", "personal", "outcome", "", -total * s))
    return _ledger(rows)


def test_the_profile_forecast_divides_by_the_earlier_years_mean_share() -> None:
    ledger = _profiled_ledger()
    made = profile_forecast(ledger, 2024, 8, unit="a")
    assert made is not None and made.method is ForecastMethod.SEASONAL_PROFILE
    shares = [
        ledger.total(unit="a", year=y, through=8) / ledger.total(unit="a", year=y)
        for y in (2021, 2022, 2023)
    ]
    so_far = ledger.total(unit="a", year=2024, through=8)
    assert made.value == pytest.approx(so_far / (sum(shares) / 3))
    assert made.low == pytest.approx(so_far / min(shares)) and made.high == pytest.approx(
        so_far / max(shares)
    )
    assert made.years == (2021, 2022, 2023)


def test_the_backtest_recomputed_by_hand() -> None:
    ledger = _profiled_ledger()
    rows = backtest(ledger, unit="a")
    # 2021 has no earlier year: linear; 2024 is not over: left out
    assert [(r.year, r.delar) for r in rows] == [
        (y, d) for y in (2021, 2022, 2023) for d in ("delar1", "delar2")
    ]
    months = {}
    for (_unit, month, *_), amount in ledger.amounts.items():
        months[(month.year, month.month)] = amount
    for row in rows:
        part = sum(months[(row.year, m)] for m in range(1, row.through + 1))
        whole = sum(months[(row.year, m)] for m in range(1, 13))
        earlier = [
            sum(months[(y, m)] for m in range(1, row.through + 1))
            / sum(months[(y, m)] for m in range(1, 13))
            for y in range(2021, row.year)
        ]
        expected = part / (sum(earlier) / len(earlier)) if earlier else part * 12 / row.through
        assert row.forecast == pytest.approx(expected)
        assert row.error == pytest.approx(expected - whole)
        assert row.error_pct == pytest.approx(100 * (expected - whole) / abs(whole))


def test_prediction_intervals_cover_close_to_their_nominal_share() -> None:
    """A local-level process (random walk plus noise: what simple exponential smoothing
    models); 80 series of 36 months, 3 months ahead each: 240 checks per level."""
    rng = np.random.default_rng(17)
    hits = {0.8: 0, 0.95: 0}
    checks = 0
    for _ in range(80):
        level = 100 + np.cumsum(rng.normal(0, 1.5, 39))
        series = level + rng.normal(0, 3, 39)
        made = volume_forecast(series[:36].tolist(), 3)
        for h in range(3):
            checks += 1
            for lvl in hits:
                low, high = made.intervals[lvl][h]
                hits[lvl] += low <= series[36 + h] <= high
    coverage = {lvl: hits[lvl] / checks for lvl in hits}
    # within about three standard errors of the nominal share
    assert abs(coverage[0.8] - 0.8) < 3 * math.sqrt(0.8 * 0.2 / checks) + 0.02, coverage
    assert abs(coverage[0.95] - 0.95) < 3 * math.sqrt(0.95 * 0.05 / checks) + 0.02, coverage


def test_three_years_of_a_verksamhet() -> None:
    ledger = _ledger(
        [
            (u, f"{y}-06", "ovrigt", "outcome", "", v)
            for u, y, v in (("a", 2022, -1740.0), ("a", 2023, -1297.0), ("a", 2024, -1259.0))
        ]
    )
    rows = years_of(ledger, "a", [2022, 2023, 2024])
    assert [r[1] for r in rows] == [-1740, -1297, -1259]
    assert rows[0][2] is None and round(rows[1][2]) == -25 and round(rows[2][2]) == -3
    assert Month.parse("202403") == Month(2024, 3)


def test_the_volume_price_forecast_adds_the_coming_care_days_at_this_years_price() -> None:
    from kommunanalys.analysis.economy import Volumes
    from kommunanalys.analysis.economy_forecast import remaining_sum_band, volume_cost_forecast

    rng = np.random.default_rng(3)
    days = [300 + 5 * i + float(rng.normal(0, 8)) for i in range(20)]  # 2023-01 … 2024-08
    volume_rows, ledger_rows = [], []
    for i, d in enumerate(days):
        month = Month(2023, 1).shift(i)
        volume_rows.append(("b1", str(month), "care_days", "external", "outcome", d, False))
        ledger_rows.append(("b1", str(month), "kop_av_verksamhet", "outcome", "", -2500.0 * d))
    ledger = _ledger(ledger_rows)
    volumes = Volumes.from_rows(volume_rows)
    made = volume_cost_forecast(ledger, volumes, "b1", 2024, 8)
    assert made is not None and made.method is ForecastMethod.VOLUME_PRICE
    so_far = -2500.0 * sum(days[12:])
    coming, low, high = remaining_sum_band(days, 4)
    assert made.value == pytest.approx(so_far - 2500.0 * coming)
    assert made.low == pytest.approx(so_far - 2500.0 * high)
    assert made.high == pytest.approx(so_far - 2500.0 * low)
    assert made.low < made.value < made.high
