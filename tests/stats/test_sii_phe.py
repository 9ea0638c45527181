"""SII and RII against Public Health England's published test data.

Source: PHEindicatormethods (UKHSA/PHE), tests/testthat/testdata_SII.xlsx — the reference
numbers of its ``phe_sii`` tests, copied into tests/data/phe_sii_reference.json. The package
tests its simulated limits with a tolerance of 0,05; the SII and RII themselves are exact.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kommunanalys.stats.sii import REPETITIONS, Scale, quantile_index, relative_ranks

REFERENCE = json.loads(
    (Path(__file__).parents[1] / "data" / "phe_sii_reference.json").read_text(encoding="utf-8")
)
TOLERANCE = REFERENCE["tolerance"]


def _run(case: dict[str, Any], seed: int | None = None) -> Any:
    extra: dict[str, Any] = {} if seed is None else {"seed": seed}
    return quantile_index(
        case["population"],
        case.get("value"),
        counts=case.get("count"),  # PHE's x: a proportion's numerator in place of its value
        standard_errors=case.get("standard_error"),
        lower=case.get("lower"),
        upper=case.get("upper"),
        scale=Scale(case["scale"]),
        transform=case["transform"],
        multiplier=case["multiplier"],
        levels=case["levels"],
        **extra,
    )


@pytest.mark.parametrize(
    "case", REFERENCE["cases"], ids=lambda c: f"{c['records']} {c['description']}"
)
def test_matches_phe_reference(case: dict[str, Any]) -> None:
    result = _run(case)
    expected = case["expected"]
    assert result.sii == pytest.approx(expected["sii"], rel=1e-9)
    if "rii" in expected:
        assert result.rii == pytest.approx(expected["rii"], rel=1e-9)
    if "intercept" in expected:
        assert result.intercept == pytest.approx(expected["intercept"], rel=1e-9)
    assert result.transform == (
        "none" if not case["transform"] else ("log", "logit")[case["scale"] - 1]
    )
    by_level = {lim.level: lim for lim in result.limits}
    for want in expected["limits"]:
        got = by_level[want["level"]]
        for key in ("sii_lower", "sii_upper", "rii_lower", "rii_upper"):
            if key in want:
                assert getattr(got, key) == pytest.approx(want[key], rel=TOLERANCE), key


def test_the_interval_is_reproducible_and_uses_phe_defaults() -> None:
    case = REFERENCE["cases"][0]
    first, again = _run(case), _run(case)
    assert first == again
    assert first.repetitions == REPETITIONS == 100_000
    assert [lim.level for lim in first.limits] == [0.95]
    other_seed = _run(case, seed=7)
    assert other_seed.limits[0].sii_lower != first.limits[0].sii_lower
    assert other_seed.limits[0].sii_lower == pytest.approx(first.limits[0].sii_lower, rel=0.01)


def test_relative_ranks_are_midpoints_of_the_cumulative_share() -> None:
    # PHE's description: 12 % in quantile 1 → 0,06; 10 % in quantile 2 → 0,12 + 0,05
    assert relative_ranks([12, 10, 78]) == pytest.approx([0.06, 0.17, 0.61])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"populations": [1, 1, 1, 1], "values": [1, 2, 3, 4]}, "5–100"),
        ({"populations": [1, 1, 0, 1, 1], "values": [1, 2, 3, 4, 5]}, "befolkning"),
        ({"populations": [1] * 5, "values": [1] * 5}, "Standardfel"),
    ],
)
def test_refuses_what_phe_refuses(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        quantile_index(**kwargs)


def test_the_reference_holds_every_calculation_of_phes_tests() -> None:
    """testSII.R checks 27 calculations on two areas each (its first 54 expectations)."""
    assert len(REFERENCE["cases"]) == 54
    kinds = {
        (c["scale"], "count" in c, "standard_error" in c, c["transform"])
        for c in REFERENCE["cases"]
    }
    assert {(1, False, True, False), (2, False, True, False), (2, True, False, False)} <= kinds
    assert sum("intercept" in c["expected"] for c in REFERENCE["cases"]) == 22


FIVE = {"populations": [1] * 5, "standard_errors": [0.01] * 5}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        # PHE: "all confidence levels must be between 90 and 100 or between 0.9 and 1"
        ({**FIVE, "values": [1, 2, 3, 4, 5], "levels": [0.35]}, "Konfidensnivån"),
        ({**FIVE, "values": [1, 2, 3, 4, 5], "levels": [40]}, "Konfidensnivån"),
        ({**FIVE, "values": [1, 2, 3, 4, 5], "levels": [135]}, "Konfidensnivån"),
        # PHE: "value proportions are not all between 0 and 1"
        (
            {**FIVE, "values": [0.1, 0.2, 1.3, 0.4, 0.5], "scale": Scale.PROPORTION},
            "mellan 0 och 1",
        ),
        # PHE: "confidence limit proportions are not all between 0 and 1"
        (
            {
                "populations": [1] * 5,
                "values": [0.1, 0.2, 0.3, 0.4, 0.5],
                "lower": [0.05, 0.1, 0.2, 0.3, -0.1],
                "upper": [0.2, 0.3, 0.4, 0.5, 0.6],
                "scale": Scale.PROPORTION,
            },
            "Gränserna",
        ),
        # PHE: "missing lower or upper confidence limits in input dataset"
        (
            {
                "populations": [1] * 5,
                "values": [1, 2, 3, 4, 5],
                "lower": [0, 1, float("nan"), 3, 4],
                "upper": [2, 3, 4, 5, 6],
            },
            "gräns",
        ),
        # PHE: "negative or missing standard errors in input dataset"
        (
            {**FIVE, "values": [1, 2, 3, 4, 5], "standard_errors": [0.1, -1, 0.1, 0.1, 0.1]},
            "Standardfel",
        ),
        # PHE: "some groups have a zero or negative count x"
        (
            {
                "populations": [10] * 5,
                "values": None,
                "counts": [1, 0, 2, 3, 4],
                "standard_errors": [0.1] * 5,
                "scale": Scale.PROPORTION,
            },
            "större än noll",
        ),
        # PHE: "function phe_sii requires se to be missing when transform is true"
        (
            {**FIVE, "values": [1, 2, 3, 4, 5], "scale": Scale.RATE, "transform": True},
            "standardfel",
        ),
        # a missing value gives no SII (PHE keeps only complete quantiles)
        ({**FIVE, "values": [1, float("nan"), 3, 4, 5]}, "värde"),
    ],
)
def test_refuses_what_phe_refuses_with_the_reason(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        quantile_index(**kwargs)


def test_levels_as_phe_takes_them_fractions_or_percent() -> None:
    case = next(c for c in REFERENCE["cases"] if c["levels"] == [0.99])
    assert _run({**case, "levels": [99]}) == _run(case)


def test_transform_needs_a_rate_or_proportion() -> None:
    with pytest.raises(ValueError, match="Transformering"):
        quantile_index(
            [1] * 5, [1, 2, 3, 4, 5], lower=np.zeros(5), upper=np.ones(5) * 9, transform=True
        )
