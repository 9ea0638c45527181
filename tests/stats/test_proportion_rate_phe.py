"""Wilson intervals for shares and Byar/exact intervals for rates against Public Health
England's published test data: every row of the sheets of ``phe_proportion``, ``phe_rate`` and
the package's Byar and Wilson functions.

Source: PHEindicatormethods (UKHSA/PHE), tests/testthat/testdata_Proportion.xlsx,
testdata_Rate.xlsx and testdata_Byars_Wilson.xlsx, copied into
tests/data/phe_proportion_rate_reference.json; the package compares with R's default
tolerance (1,5e-8). A row without numerator or denominator has no interval there, and is
refused here (the functions raise: no value to give an interval for).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kommunanalys.stats.intervals import (
    BYAR,
    POISSON_EXACT,
    byar_bounds,
    count_methods,
    proportion_interval,
    rate_interval,
    wilson_bounds,
)

REFERENCE = json.loads(
    (Path(__file__).parents[1] / "data" / "phe_proportion_rate_reference.json").read_text(
        encoding="utf-8"
    )
)
TOLERANCE = 1.5e-8


def _id(row: dict[str, Any]) -> str:
    return f"{row['sheet']} {row['area']} x{row['multiplier']:g}"


@pytest.mark.parametrize("row", REFERENCE["proportions"], ids=_id)
def test_wilson_matches_phe_proportion(row: dict[str, Any]) -> None:
    x, n, m = row["numerator"], row["denominator"], row["multiplier"]
    if x is None or n is None:
        assert row["value"] is None  # PHE gives no value and no interval either
        with pytest.raises(ValueError):
            proportion_interval(float("nan") if x is None else x, float("nan") if n is None else n)
        return
    for level, (lower, upper) in row["limits"].items():
        got = proportion_interval(x, n, float(level))
        assert (got[0] * m, got[1] * m) == pytest.approx((lower, upper), rel=TOLERANCE)


@pytest.mark.parametrize("row", REFERENCE["rates"], ids=_id)
def test_byar_and_exact_match_phe_rate(row: dict[str, Any]) -> None:
    x, n, m = row["numerator"], row["denominator"], row["multiplier"]
    if x is None or n is None:
        assert row["value"] is None
        return
    # PHE's phe_rate: exact below 10 events, Byar from 10 (as count_interval)
    assert str(count_methods([x])[0]) == (POISSON_EXACT if row["method"] == "Exact" else BYAR)
    for level, (lower, upper) in row["limits"].items():
        got = rate_interval(x, n, multiplier=m, level=float(level))
        assert got == pytest.approx((lower, upper), rel=TOLERANCE)


@pytest.mark.parametrize(
    "row", REFERENCE["byars_wilson"], ids=lambda r: f"{r['method']} {r['x']:g} {r['level']}"
)
def test_the_byar_and_wilson_functions_match_phe(row: dict[str, Any]) -> None:
    if row["method"] == "Wilson":
        got = wilson_bounds([row["x"]], [row["n"]], row["level"])
        assert (float(got[0][0]), float(got[1][0])) == pytest.approx(
            (row["lower"], row["upper"]), rel=TOLERANCE
        )
        return
    lower, upper = byar_bounds([row["x"]], row["level"])
    assert float(upper[0]) == pytest.approx(row["upper"], rel=TOLERANCE)
    if row["lower"] is None:  # PHE: no lower limit where Byar's falls below zero
        assert float(lower[0]) <= 0 or lower[0] != lower[0]
    else:
        assert float(lower[0]) == pytest.approx(row["lower"], rel=TOLERANCE)
