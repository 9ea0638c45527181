"""Means: Student's t from a sample standard deviation (PHE's ``phe_mean``), z from a
published standard error.

Source: PHEindicatormethods (UKHSA/PHE), tests/testthat/testdata_Mean.xlsx, copied into
tests/data/phe_mean_reference.json; the package compares with R's default tolerance (1,5e-8).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kommunanalys.stats.intervals import (
    NORMAL,
    STUDENT_T,
    sample_mean_interval,
    standard_error_interval,
    values_mean_interval,
)

REFERENCE = json.loads(
    (Path(__file__).parents[1] / "data" / "phe_mean_reference.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: c["area"])
@pytest.mark.parametrize("level", ["0.95", "0.998"])
def test_matches_phe_mean(case: dict[str, Any], level: str) -> None:
    assert case["method"] == "Student's t-distribution"
    interval = values_mean_interval(case["values"], float(level))
    assert (interval.lower, interval.upper) == pytest.approx(case["limits"][level], rel=1.5e-8)
    assert interval.method == STUDENT_T
    from_summary = sample_mean_interval(case["mean"], case["stdev"], int(case["n"]), float(level))
    assert (from_summary.lower, from_summary.upper) == pytest.approx(
        case["limits"][level], rel=1.5e-8
    )


def test_a_published_standard_error_keeps_z() -> None:
    interval = standard_error_interval(50.0, 2.0)
    assert (interval.lower, interval.upper) == pytest.approx((50 - 1.959964 * 2, 50 + 1.959964 * 2))
    assert interval.method == NORMAL


def test_t_is_wider_than_z_for_a_small_sample() -> None:
    t = sample_mean_interval(10.0, 3.0, 5)
    z = standard_error_interval(10.0, 3.0 / 5**0.5)
    assert t.lower < z.lower and t.upper > z.upper


def test_a_single_observation_has_no_interval() -> None:
    with pytest.raises(ValueError, match="två observationer"):
        sample_mean_interval(1.0, 0.0, 1)
