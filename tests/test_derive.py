"""Aggregation and derived values: sums of counts, never averages of shares."""

from __future__ import annotations

import itertools

import pytest

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import derive
from kommunanalys.model import (
    Area,
    Division,
    Gender,
    Indicator,
    Level,
    Polarity,
    Value,
    ValueType,
)
from kommunanalys.query import Dataset


def _indicator(id: str, value_type: ValueType, **kw: object) -> Indicator:
    return Indicator(
        id=id,
        name_sv=id,
        name_en=id,
        domain="Befolkning",
        value_type=value_type,
        unit="%" if value_type is ValueType.PROPORTION else "antal",
        multiplier=100 if value_type is ValueType.PROPORTION else 1,
        polarity=Polarity.NEUTRAL,
        source_kind="scb",
        source="test",
        definition="test",
        **kw,
    )  # type: ignore[arg-type]


CATALOGUE = Catalogue(
    (
        _indicator("num", ValueType.COUNT, by_gender=True),
        _indicator("den", ValueType.COUNT, by_gender=True),
        _indicator(
            "share", ValueType.PROPORTION, numerator="num", denominator="den", by_gender=True
        ),
        _indicator("income", ValueType.MEAN, weight="den"),
        _indicator("median", ValueType.MEDIAN),
    )
)
AREAS = [
    Area("0999", "K", Level.KOMMUN, Division.KOMMUN),
    Area("0999R001", "R", Level.REGSO, Division.REGSO2020, "0999"),
    Area("0999C0001", "D1", Level.DESO, Division.DESO2018, "0999R001"),
    Area("0999C0002", "D2", Level.DESO, Division.DESO2018, "0999R001"),
]


def _obs(ind: str, area: str, value: float | None, gender: Gender = Gender.TOTAL) -> Value:
    return Value(ind, area, Division.DESO2018, "2022", gender, value)


def _index(values: list[Value]) -> dict[tuple[str, str, str], float | None]:
    return {(v.indicator, v.area, v.gender.value): v.value for v in values}


def test_regso_share_is_summed_numerators_over_summed_denominators() -> None:
    values = _index(
        derive(
            [
                _obs("num", "0999C0001", 1),
                _obs("den", "0999C0001", 10),
                _obs("num", "0999C0002", 30),
                _obs("den", "0999C0002", 40),
            ],
            AREAS,
            CATALOGUE,
        )
    )
    assert values[("share", "0999R001", "T")] == pytest.approx(31 / 50 * 100)
    assert values[("share", "0999R001", "T")] != pytest.approx(
        (10 + 75) / 2
    )  # not the mean of shares
    assert values[("num", "0999", "T")] == 31


def test_gender_total_is_women_plus_men() -> None:
    values = _index(
        derive(
            [_obs("num", "0999C0001", 3, Gender.WOMEN), _obs("num", "0999C0001", 4, Gender.MEN)],
            AREAS,
            CATALOGUE,
        )
    )
    assert values[("num", "0999C0001", "T")] == 7


def test_missing_child_gives_no_aggregate_and_observed_parent_wins() -> None:
    only_one = derive([_obs("num", "0999C0001", 5)], AREAS, CATALOGUE)
    assert ("num", "0999R001", "T") not in _index(only_one)
    observed_parent = Value("num", "0999R001", Division.REGSO2020, "2022", Gender.TOTAL, 99)
    both = _index(
        derive(
            [_obs("num", "0999C0001", 5), _obs("num", "0999C0002", 6), observed_parent],
            AREAS,
            CATALOGUE,
        )
    )
    assert both[("num", "0999R001", "T")] == 99


def test_mean_is_weighted_and_median_is_never_aggregated() -> None:
    values = _index(
        derive(
            [
                _obs("income", "0999C0001", 100),
                _obs("den", "0999C0001", 1),
                _obs("income", "0999C0002", 200),
                _obs("den", "0999C0002", 3),
                _obs("median", "0999C0001", 1),
                _obs("median", "0999C0002", 2),
            ],
            AREAS,
            CATALOGUE,
        )
    )
    assert values[("income", "0999R001", "T")] == pytest.approx(175)
    assert ("median", "0999R001", "T") not in values


_THREE = [*AREAS, Area("0999C0003", "D3", Level.DESO, Division.DESO2018, "0999R001")]


def test_a_parent_sum_is_the_same_whatever_order_its_children_come_in() -> None:
    """A floating-point sum depends on the order of its terms (1e16 + 1 - 1e16 is 0, 1e16 -
    1e16 + 1 is 1); the children are summed in their areas' order, so two builds of the same
    data agree to the last bit, however the rows were inserted or the threads met them."""
    children = [("0999C0001", 1e16), ("0999C0002", 1.0), ("0999C0003", -1e16)]
    found = set()
    for order in itertools.permutations(children):
        rows = [_obs("num", a, v) for a, v in order]
        rows += [_obs("income", a, v) for a, v in order]
        rows += [_obs("den", a, 1.0) for a, _ in order]
        values = _index(derive(rows, _THREE, CATALOGUE))
        found.add((values[("num", "0999R001", "T")], values[("income", "0999R001", "T")]))
    assert found == {(0.0, 0.0)}  # in the areas' order: (1e16 + 1) - 1e16


def test_demo_regso_share_equals_its_deso_counts(dataset: Dataset) -> None:
    regso = "0126R007"
    deso = [
        a.code for a in dataset.areas() if a.parent == regso and a.division is Division.DESO2018
    ]
    [share] = dataset.values(
        ["andel_boende_hyresratt"], areas=[regso], years=["2022"], genders=[Gender.TOTAL]
    )
    parts = dataset.values(
        ["antal_boende_hyresratt", "antal_lagenheter"],
        areas=deso,
        years=["2022"],
        genders=[Gender.TOTAL],
    )
    num = sum(v.value for v in parts if v.indicator == "antal_boende_hyresratt")
    den = sum(v.value for v in parts if v.indicator == "antal_lagenheter")
    assert share.value == pytest.approx(num / den * 100)


def test_vintages_stay_apart(dataset: Dataset) -> None:
    values = dataset.values(["antal_invanare"], areas=["0126C1310", "0126C1311"])
    assert {(v.area, v.division.value) for v in values} <= {
        ("0126C1310", "DeSO2018"),
        ("0126C1311", "DeSO2025"),
    }
    assert {v.period for v in values if v.area == "0126C1310"} <= {"2020", "2021", "2022", "2023"}


def test_regso_series_bridged_only_where_the_boundary_did_not_change(dataset: Dataset) -> None:
    def regso(code: str) -> object:
        return next(a for a in dataset.areas() if a.code == code)

    assert not dataset.series_break(regso("0126R007"))  # 0126C1310 split inside Glömsta-Loviseberg
    assert dataset.series_break(regso("0126R001"))  # 0126C1081 took land from Flemingsberg östra
    assert dataset.series_break(regso("0126R002"))
    assert not dataset.series_break(regso("0126R021"))
