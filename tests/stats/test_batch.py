"""The national recompute agrees, cell by cell and series by series, with the scalar functions
the area profile uses (intervals, comparison with a benchmark, trend)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kommunanalys.stats.batch import (
    KENDALL_TEST,
    POLARITIES,
    BlockResult,
    SeriesBlock,
    polarity_codes,
    recompute,
)
from kommunanalys.stats.comparison import UNKNOWN, compare
from kommunanalys.stats.intervals import (
    LEVELS,
    count_interval,
    proportion_interval,
    rate_interval,
)
from kommunanalys.stats.trend import MIN_PERIODS, Trend, TrendResult, trend

YEARS = np.arange(2019, 2025, dtype=np.float64)
SERIES = 48


def _block(value_type: str, seed: int) -> SeriesBlock:
    """A small random block with the awkward cases: missing cells, short series, zero and
    full counts, ties, missing counts, a value missing while its counts are there."""
    rng = np.random.default_rng(seed)
    shape = (SERIES, len(YEARS))
    numerators = denominators = None
    multiplier = rng.choice([1.0, 100.0, 1000.0], size=SERIES)
    if value_type == "proportion":
        denominators = rng.integers(0, 60, size=shape).astype(np.float64)
        drift = rng.uniform(-0.08, 0.08, size=(SERIES, 1)) * np.arange(len(YEARS))
        share = np.clip(rng.uniform(0, 1, size=(SERIES, 1)) + drift, 0, 1)
        numerators = rng.binomial(denominators.astype(np.int64), share).astype(np.float64)
        numerators[3] = 0.0
        numerators[4] = denominators[4]
        with np.errstate(divide="ignore", invalid="ignore"):
            values = numerators / denominators * multiplier[:, None]
    elif value_type == "rate":
        denominators = rng.integers(0, 3000, size=shape).astype(np.float64)
        numerators = rng.poisson(rng.uniform(0, 30, size=(SERIES, 1)), size=shape).astype(
            np.float64
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            values = numerators / denominators * multiplier[:, None]
    elif value_type == "count":
        values = rng.poisson(rng.uniform(0, 25, size=(SERIES, 1)), size=shape).astype(np.float64)
    else:
        drift = rng.uniform(-6, 6, size=(SERIES, 1)) * np.arange(len(YEARS))
        values = rng.normal(50 + drift, 5).round(0)  # coarse: ties
        values[::3] = rng.normal(50 + drift[::3], 5)  # fine: no ties
    missing = rng.uniform(size=shape) < 0.1
    missing[5, :4] = True  # two periods left: no trend
    missing[6] = True  # nothing at all
    missing[7, 1:] = True  # one period
    values[missing] = np.nan
    if numerators is not None and denominators is not None:
        numerators[missing] = np.nan
        denominators[missing] = np.nan
        numerators[8, 2] = np.nan  # a share without its numerator: Kendall on the values
        numerators[9, 1] = 3.0  # counts of a missing value are left out
        denominators[9, 1] = 50.0
        values[9, 1] = np.nan
    benchmark = np.nanmean(values, axis=0) * rng.uniform(0.8, 1.2, size=shape)
    benchmark[rng.uniform(size=shape) < 0.05] = np.nan
    polarity = rng.choice(POLARITIES, size=SERIES)
    return SeriesBlock(
        value_type=value_type,
        values=values,
        scores=YEARS,
        benchmark=benchmark,
        numerators=numerators,
        denominators=denominators,
        multiplier=multiplier,
        polarity=polarity_codes(list(polarity)),
    )


def _expected_bounds(block: SeriesBlock, s: int, t: int, level: float) -> tuple[float, float]:
    value = block.values[s, t]
    mult = float(np.asarray(block.multiplier)[s])
    num = math.nan if block.numerators is None else float(block.numerators[s, t])
    den = math.nan if block.denominators is None else float(block.denominators[s, t])
    if math.isnan(value):
        return math.nan, math.nan
    try:
        if block.value_type == "proportion":
            lower, upper = proportion_interval(num, den, level)
            return lower * mult, upper * mult
        if block.value_type == "rate":
            return rate_interval(num, den, mult, level)
        if block.value_type == "count":
            return count_interval(value, level)
    except ValueError:  # invalid counts: no interval
        pass
    return math.nan, math.nan


def _none_if_nan(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@pytest.fixture(scope="module", params=["proportion", "rate", "count", "mean"])
def computed(request: pytest.FixtureRequest) -> tuple[SeriesBlock, BlockResult]:
    block = _block(request.param, seed=len(request.param))
    return block, recompute(block, chunk_rows=10)  # several chunks, the last one short


def test_intervals_and_comparisons_agree_with_the_scalar_functions(
    computed: tuple[SeriesBlock, BlockResult],
) -> None:
    block, result = computed
    wide, strict = LEVELS
    assert result.levels == LEVELS
    for s in range(SERIES):
        polarity = POLARITIES[block.polarity[s]]
        for t in range(len(YEARS)):
            bounds = _expected_bounds(block, s, t, wide)
            strict_bounds = _expected_bounds(block, s, t, strict)
            for i, expected in enumerate((bounds, strict_bounds)):
                got = (result.lower[i, s, t], result.upper[i, s, t])
                np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0, equal_nan=True)
            benchmark = block.benchmark[s, t] if block.benchmark is not None else math.nan
            scalar = compare(
                bounds,
                strict_bounds,
                _none_if_nan(benchmark),
                polarity=polarity,
                method="",
                benchmark_label="",
            )
            assert result.comparison_outcome(s, t, wide) == scalar.outcome, (s, t)
            assert result.comparison_outcome(s, t, strict) == scalar.strict, (s, t)


def test_trends_agree_with_the_scalar_function(computed: tuple[SeriesBlock, BlockResult]) -> None:
    block, result = computed
    multiplier = np.asarray(block.multiplier)
    for s in range(SERIES):
        # as the area profile asks: only the periods that have a value
        present = [t for t in range(len(YEARS)) if not math.isnan(block.values[s, t])]
        if len(present) < 2:  # trend() itself warns on fewer than two Kendall points
            assert (result.trend[:, s] == UNKNOWN).all()
            assert math.isnan(result.p_value[s]) and math.isnan(result.slope[s])
            continue

        def column(a: np.ndarray | None, s: int = s, present: list[int] = present) -> list | None:
            return None if a is None else [_none_if_nan(a[s, t]) for t in present]

        def scalar_at(level: float, s: int = s, present: list[int] = present) -> Trend:
            return trend(
                block.value_type,
                [str(int(YEARS[t])) for t in present],
                column(block.values) or [],
                column(block.numerators),
                column(block.denominators),
                polarity=POLARITIES[block.polarity[s]],
                multiplier=float(multiplier[s]),
                level=level,
            )

        for i, level in enumerate(result.levels):
            scalar = scalar_at(level)
            assert result.trend_result(s, level) == scalar.assessment, (s, level)
            assert result.trend_method(s) == scalar.method, s
            assert result.periods[s] == scalar.periods, s
            if scalar.direction == TrendResult.NOT_COMPUTABLE:
                assert result.trend[i, s] == UNKNOWN
                if result.periods[s] < MIN_PERIODS:  # no test at all: no p, no slope
                    assert math.isnan(result.p_value[s]) and math.isnan(result.slope[s])
                else:  # Kendall cannot reach this level (2/n!); its p and slope (one per
                    # series, for every level) are the scalar test's at the level it reaches
                    reached = scalar_at(min(result.levels))
                    assert reached.p_value is not None, s
                    assert result.p_value[s] == pytest.approx(reached.p_value, rel=1e-12), s
                    assert result.slope[s] == pytest.approx(reached.slope, rel=1e-12, abs=1e-12), s
            else:
                assert result.p_value[s] == pytest.approx(scalar.p_value, rel=1e-12), s
                assert result.slope[s] == pytest.approx(scalar.slope, rel=1e-12, abs=1e-12), s


def test_the_awkward_rows_take_the_expected_paths() -> None:
    block = _block("proportion", seed=1)
    result = recompute(block)
    assert result.method[8] == KENDALL_TEST  # share without its numerator in one period
    assert (result.trend[:, 5:8] == UNKNOWN).all()
    assert np.isnan(result.lower[:, 6]).all()
    assert np.isnan(result.lower[:, 9, 1]).all()  # value missing, counts present
    assert result.lower.shape == result.comparison.shape == (2, SERIES, len(YEARS))


def test_a_block_is_never_written_to_and_float64_input_is_not_copied() -> None:
    block = _block("rate", seed=2)
    assert block.numerators is not None
    before = {name: getattr(block, name).copy() for name in ("values", "numerators")}
    values = block.values
    block.values.flags.writeable = False
    block.numerators.flags.writeable = False
    again = SeriesBlock(
        "rate", values, YEARS, numerators=block.numerators, denominators=block.denominators
    )
    assert np.shares_memory(again.values, values)
    recompute(again)
    for name, array in before.items():
        np.testing.assert_array_equal(getattr(block, name), array)


def test_types_without_an_interval_and_blocks_without_a_benchmark() -> None:
    result = recompute(_block("median", seed=3))
    assert np.isnan(result.lower).all() and (result.comparison == UNKNOWN).all()
    assert (result.method == KENDALL_TEST).all()
    block = _block("count", seed=4)
    no_benchmark = SeriesBlock("count", block.values, YEARS)
    assert (recompute(no_benchmark).comparison == UNKNOWN).all()


def test_a_single_period_has_intervals_but_no_trend() -> None:
    block = SeriesBlock("count", np.array([[4.0], [12.0], [np.nan]]), YEARS[:1])
    result = recompute(block)
    assert result.lower[0, 1, 0] == pytest.approx(count_interval(12)[0])
    assert (result.trend == UNKNOWN).all()
    assert list(result.periods) == [1, 1, 0]


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="2-D"):
        SeriesBlock("count", np.arange(6.0), YEARS)
    with pytest.raises(ValueError, match="one number per period"):
        SeriesBlock("count", np.ones((2, 6)), YEARS[:5])
    with pytest.raises(ValueError, match="come together"):
        SeriesBlock("rate", np.ones((2, 6)), YEARS, numerators=np.ones((2, 6)))


def test_complete_counts_get_no_interval_and_no_comparison() -> None:
    """Issue 20 item 5 in the national recompute: a series the catalogue marks as a complete
    register count (``complete_count``) has no sampling error, so no interval and no
    comparison, as the per-request path (``Indicator.interval_kind``); the other series of
    the same block keep theirs, and every series keeps its trend."""
    block = _block("count", seed=5)
    complete = np.arange(SERIES) % 2 == 0
    marked = SeriesBlock(
        "count",
        block.values,
        YEARS,
        benchmark=block.benchmark,
        multiplier=block.multiplier,
        polarity=block.polarity,
        complete=complete,
    )
    result = recompute(marked, chunk_rows=10)
    plain = recompute(block, chunk_rows=10)
    assert np.isnan(result.lower[:, complete]).all() and np.isnan(result.upper[:, complete]).all()
    assert (result.comparison[:, complete] == UNKNOWN).all()
    np.testing.assert_array_equal(result.lower[:, ~complete], plain.lower[:, ~complete])
    np.testing.assert_array_equal(result.comparison[:, ~complete], plain.comparison[:, ~complete])
    assert (~np.isnan(plain.lower[:, complete])).any()  # the same cells had one unmarked
    np.testing.assert_array_equal(result.trend, plain.trend)
    np.testing.assert_array_equal(result.p_value, plain.p_value)
    # one flag for the whole block, and the catalogue's own kind, say the same
    whole = SeriesBlock("count", block.values, YEARS, benchmark=block.benchmark, complete=True)
    assert np.isnan(recompute(whole).lower).all()
    kind = SeriesBlock("complete_count", block.values, YEARS, benchmark=block.benchmark)
    assert np.isnan(recompute(kind).lower).all()
    assert (recompute(kind).comparison == UNKNOWN).all()
