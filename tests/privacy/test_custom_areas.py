"""Custom areas (sets of DeSO) are summed like a RegSO and protected by the same plan."""

from __future__ import annotations

import pytest

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import derive
from kommunanalys.model import Area, Division, Gender, Level, Value, ValueType
from kommunanalys.privacy.derivable import derivable_cells
from kommunanalys.privacy.plan import compute_plan
from kommunanalys.privacy.relations import area_relations, groups_for
from kommunanalys.privacy.rules import Rules
from tests.privacy.small import INDICATORS, A, B, _indicator, areas, counts

CUSTOM = ("0999X0001", Division.DESO2018)
PARTS = [(A, Division.DESO2018), (B, Division.DESO2018)]


def _derived(changes: dict[tuple[str, str, str], float]) -> list[Value]:
    observed = [
        Value(o.indicator, o.area, o.division, o.period, o.gender, o.value) for o in counts(changes)
    ]
    everything = [*areas(), Area(CUSTOM[0], "Eget område", Level.CUSTOM, CUSTOM[1])]
    return derive(observed, everything, Catalogue(INDICATORS), {CUSTOM: PARTS})


def test_a_custom_area_is_the_sum_of_its_deso_and_gets_its_shares() -> None:
    values = {(v.indicator, v.area, v.period, v.gender): v.value for v in _derived({})}
    assert values[("antal_x", CUSTOM[0], "2023", Gender.TOTAL)] == 20 + 22 + 30 + 31
    assert values[("andel_x", CUSTOM[0], "2023", Gender.TOTAL)] == 103 / 1600 * 100


def test_a_custom_area_gets_the_weighted_mean_of_its_parts() -> None:
    """A mean with a weight (meritvärde by pupils, skolnärvaro) is the parts' mean weighted
    by their counts, as a RegSO's is; without a weight it is never averaged."""
    indicators = [
        *INDICATORS,
        _indicator("medel_x", ValueType.MEAN, weight="befolkning_x"),
        _indicator("median_x", ValueType.MEDIAN),
    ]
    observed = [
        Value(o.indicator, o.area, o.division, o.period, o.gender, o.value) for o in counts({})
    ]
    observed += [
        Value(ind, area, Division.DESO2018, "2023", Gender.TOTAL, value)
        for ind, area, value in [
            ("medel_x", A, 200.0),
            ("medel_x", B, 230.0),
            ("median_x", A, 1.0),
            ("median_x", B, 2.0),
        ]
    ]
    everything = [*areas(), Area(CUSTOM[0], "Eget område", Level.CUSTOM, CUSTOM[1])]
    values = {
        (v.indicator, v.area, v.period, v.gender): v.value
        for v in derive(observed, everything, Catalogue(indicators), {CUSTOM: PARTS})
    }
    weight_a = values[("befolkning_x", A, "2023", Gender.TOTAL)]
    weight_b = values[("befolkning_x", B, "2023", Gender.TOTAL)]
    expected = (200.0 * weight_a + 230.0 * weight_b) / (weight_a + weight_b)
    assert values[("medel_x", CUSTOM[0], "2023", Gender.TOTAL)] == pytest.approx(expected)
    assert ("median_x", CUSTOM[0], "2023", Gender.TOTAL) not in values


def test_a_custom_area_cannot_reveal_a_suppressed_deso() -> None:
    """A is small; without the custom relation hiding A and C (the smallest sibling) would
    do, but then A = custom area − B. The plan sees the custom area as a margin."""
    values = _derived({(A, "2023", "K"): 1.0, (A, "2023", "M"): 2.0})
    everything = [*areas(), Area(CUSTOM[0], "Eget område", Level.CUSTOM, CUSTOM[1])]
    relations = area_relations(everything, members={CUSTOM: PARTS})
    plan = compute_plan(values, Rules(Catalogue(INDICATORS)), relations)
    hidden = {(a, g) for (a, _, p, g, _) in plan.cells["antal_x"] if p == "2023"}
    assert (A, Gender.TOTAL) in hidden
    # either closes A = custom area − B; the plan may choose the cheaper of the two
    assert (B, Gender.TOTAL) in hidden or (CUSTOM[0], Gender.TOTAL) in hidden
    cells = {
        ((v.area, v.division), v.gender): v.value
        for v in values
        if v.indicator == "antal_x" and v.period == "2023"
    }
    planned = {((a, d), g) for (a, d, p, g, _) in plan.cells["antal_x"] if p == "2023"}
    found = derivable_cells(
        groups_for(cells, relations), planned.__contains__, planned.__contains__
    )
    assert not found.derivable
