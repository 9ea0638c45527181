"""Comparison with a benchmark read through polarity, and quintiles where no interval exists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kommunanalys.i18n.labels import msgid
from kommunanalys.stats.comparison import (
    ABOVE,
    BELOW,
    INSIDE,
    UNKNOWN,
    Comparison,
    Outcome,
    compare,
    compare_codes,
    outcome_of,
    quantiles,
    quintile_outcome,
    quintiles,
)
from kommunanalys.stats.intervals import WILSON, proportion_interval


def test_compare_codes_place_the_benchmark_against_the_interval() -> None:
    lower = [1.0, 1.0, 1.0, 1.0, 1.0, np.nan, 1.0]
    upper = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, np.nan]
    benchmark = [0.5, 2.5, 1.5, 1.0, 2.0, 1.5, 1.5]
    codes = compare_codes(lower, upper, benchmark)
    assert codes.tolist() == [ABOVE, BELOW, INSIDE, INSIDE, INSIDE, UNKNOWN, UNKNOWN]
    assert compare_codes(1.0, 2.0, np.nan) == UNKNOWN


def test_compare_codes_broadcast_one_benchmark_over_many_areas() -> None:
    codes = compare_codes([1.0, 3.0, 0.0], [2.0, 4.0, 0.5], 2.5)
    assert codes.tolist() == [BELOW, ABOVE, BELOW]
    assert codes.dtype == np.int8


@pytest.mark.parametrize(
    ("code", "polarity", "label"),
    [
        (ABOVE, "high_good", Outcome.BETTER),
        (BELOW, "high_good", Outcome.WORSE),
        (ABOVE, "low_good", Outcome.WORSE),
        (BELOW, "low_good", Outcome.BETTER),
        (ABOVE, "neutral", Outcome.HIGHER),
        (BELOW, "neutral", Outcome.LOWER),
        (INSIDE, "high_good", Outcome.SIMILAR),
        (INSIDE, "low_good", Outcome.SIMILAR),
        (INSIDE, "neutral", Outcome.SIMILAR),
        (UNKNOWN, "high_good", Outcome.NOT_COMPARED),
        (UNKNOWN, "low_good", Outcome.NOT_COMPARED),
        (UNKNOWN, "neutral", Outcome.NOT_COMPARED),
    ],
)
def test_outcome_label_reads_polarity(code: int, polarity: str, label: str) -> None:
    assert outcome_of(code, polarity) == label


def test_outcomes_are_codes_with_swedish_words() -> None:
    assert (Outcome.BETTER, Outcome.SIMILAR, Outcome.WORSE) == ("better", "similar", "worse")
    assert (Outcome.HIGHER, Outcome.LOWER, Outcome.NOT_COMPARED) == (
        "higher",
        "lower",
        "not_compared",
    )
    words = [msgid(o) for o in (Outcome.BETTER, Outcome.SIMILAR, Outcome.WORSE)]
    assert words == ["bättre", "likvärdig", "sämre"]
    words = [msgid(o) for o in (Outcome.HIGHER, Outcome.LOWER, Outcome.NOT_COMPARED)]
    assert words == ["högre", "lägre", "kan inte jämföras"]


def test_compare_gives_method_level_and_a_strict_outcome() -> None:
    # 194 of 547 (35,5 %) against a benchmark of 40,5 %: outside the 95 % interval, inside 99,8 %
    bounds = proportion_interval(194, 547, 0.95)
    strict = proportion_interval(194, 547, 0.998)
    assert bounds[1] < 0.405 < strict[1]
    result = compare(
        bounds, strict, 0.405, polarity="high_good", method=WILSON, benchmark_label="riket"
    )
    assert isinstance(result, Comparison)
    assert (result.outcome, result.strict) == (Outcome.WORSE, Outcome.SIMILAR)
    assert (result.level, result.method) == (0.95, WILSON)
    assert (result.benchmark, result.benchmark_label) == (0.405, "riket")
    assert result.significant

    far = compare(bounds, strict, 0.5, polarity="low_good", method=WILSON, benchmark_label="x")
    assert (far.outcome, far.strict) == (Outcome.BETTER, Outcome.BETTER)

    inside = compare(bounds, strict, 0.355, polarity="neutral", method=WILSON, benchmark_label="")
    assert (inside.outcome, inside.strict) == (Outcome.SIMILAR, Outcome.SIMILAR)
    assert not inside.significant


def test_compare_without_benchmark_or_interval_cannot_compare() -> None:
    none = compare((1, 2), (0, 3), None, polarity="high_good", method=WILSON, benchmark_label="")
    assert (none.outcome, none.strict) == (Outcome.NOT_COMPARED, Outcome.NOT_COMPARED)
    assert none.benchmark is None
    assert not none.significant
    nan = np.nan
    missing = compare(
        (nan, nan), (nan, nan), 1.0, polarity="neutral", method="", benchmark_label=""
    )
    assert missing.outcome == Outcome.NOT_COMPARED and not missing.significant


def test_compare_keeps_the_given_level() -> None:
    result = compare(
        (1, 2), (0, 3), 2.5, polarity="neutral", method="m", benchmark_label="b", level=0.9
    )
    assert (result.level, result.outcome, result.strict) == (0.9, Outcome.LOWER, Outcome.SIMILAR)


# -- quintiles ----------------------------------------------------------------------------------


def test_quintiles_of_ten_values_two_per_fifth() -> None:
    values = np.array([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], dtype=float)
    assert quintiles(values).tolist() == [5, 1, 5, 1, 4, 2, 4, 2, 3, 3]


def test_quintiles_nan_is_zero_and_left_out_of_the_ranking() -> None:
    out = quintiles([3, np.nan, 1, 2, 5, np.nan, 4])
    assert out.tolist() == [3, 0, 1, 2, 5, 0, 4]
    assert quintiles([np.nan, np.nan]).tolist() == [0, 0]
    assert quintiles([]).tolist() == []


def test_quintiles_never_split_ties() -> None:
    values = np.array([1, 2, 2, 3, 4, 5, 6, 7, 8, 9], dtype=float)
    out = quintiles(values)
    assert out[1] == out[2]
    # PHE's phe_quantile exactly: a tie shares the lowest rank of its run (R's ties "min")
    assert out.tolist() == [1, 1, 1, 2, 3, 3, 4, 4, 5, 5]
    assert quintiles([4.0] * 7).tolist() == [1] * 7  # all equal: all in quintile 1, as PHE
    # invert (PHE's default): quantile 1 holds the highest values, ties again nearest 1
    assert quantiles(values, 5, invert=True).tolist() == [5, 4, 4, 4, 3, 3, 2, 2, 1, 1]


def test_quintiles_ties_on_a_boundary_share_one_quintile() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        values = rng.integers(0, 8, size=rng.integers(1, 40)).astype(float)
        out = quintiles(values)
        if len(values) < 5:  # Fingertips assigns no quintile among fewer than five values
            assert (out == 0).all()
            continue
        assert ((out >= 1) & (out <= 5)).all()
        for v in np.unique(values):
            assert len(set(out[values == v].tolist())) == 1
        # monotone: a higher value never gets a lower quintile
        order = np.argsort(values, kind="stable")
        assert (np.diff(out[order]) >= 0).all()


def test_quintiles_need_five_values_the_area_included() -> None:
    # Fingertips (PHE phe_quantile): n quantiles only among at least n values
    assert quintiles([1.0, 2.0, 3.0, 4.0]).tolist() == [0, 0, 0, 0]
    assert quintiles([1.0, 2.0, 3.0, 4.0, 5.0]).tolist() == [1, 2, 3, 4, 5]
    assert quintiles([1.0, np.nan, 3.0, 4.0, 5.0]).tolist() == [0, 0, 0, 0, 0]


REFERENCE = json.loads(
    (Path(__file__).parents[1] / "data" / "phe_quantile_reference.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: f"{c['group_set']} {c['group']}")
def test_quantiles_match_phe_reference(case: dict[str, Any]) -> None:
    """Source: PHEindicatormethods, tests/testthat/testdata_Quantiles.xlsx (phe_quantile)."""
    values = np.array([np.nan if x is None else x for x in case["values"]])
    out = quantiles(values, case["quantiles"], invert=case["invert"])
    # every row, tied values included (the "GooddataDups" rows)
    assert [None if q == 0 else int(q) for q in out] == case["expected"]


def test_quintiles_of_many_values_are_fifths() -> None:
    out = quintiles(np.arange(1000, dtype=float)[::-1])
    assert np.bincount(out).tolist() == [0, 200, 200, 200, 200, 200]
    assert out[0] == 5 and out[-1] == 1


@pytest.mark.parametrize(
    ("quintile", "polarity", "label"),
    [
        (1, "neutral", "lägsta femtedelen"),
        (5, "neutral", "högsta femtedelen"),
        (3, "neutral", "mittersta femtedelen"),
        (1, "high_good", "sämsta femtedelen"),
        (5, "high_good", "bästa femtedelen"),
        (4, "high_good", "näst bästa femtedelen"),
        (1, "low_good", "bästa femtedelen"),
        (5, "low_good", "sämsta femtedelen"),
        (2, "low_good", "näst bästa femtedelen"),
        (2, "something else", "näst lägsta femtedelen"),
        (0, "high_good", "kan inte jämföras"),
    ],
)
def test_quintile_label(quintile: int, polarity: str, label: str) -> None:
    assert msgid(quintile_outcome(quintile, polarity)) == label
