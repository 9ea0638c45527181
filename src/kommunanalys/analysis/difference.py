"""The difference between two published values of one indicator: two areas, or one area in
two years (where its series is comparable). Uses only gated values."""

from __future__ import annotations

from dataclasses import dataclass

from kommunanalys.errors import ErrorCode
from kommunanalys.i18n import indicator_name
from kommunanalys.model import Area, Gender, Indicator, Value, ValueType
from kommunanalys.query import Dataset, NoData, QueryError
from kommunanalys.stats.difference import Difference, proportion_difference, rate_difference


@dataclass(frozen=True, slots=True)
class ValuePair:
    indicator: Indicator
    first: tuple[Area, Value]
    second: tuple[Area, Value]
    difference: Difference


def compare_values(
    ds: Dataset,
    indicator_id: str,
    area: str,
    year: str,
    other_area: str | None = None,
    other_year: str | None = None,
    gender: Gender = Gender.TOTAL,
) -> ValuePair:
    """``area`` in ``year`` minus ``other_area`` (default: the same area) in ``other_year``
    (default: the same year), with interval and test."""
    indicator = ds.indicator(indicator_id)
    gender = indicator.view_gender or gender  # "… kvinnor" is the base indicator for K
    base = ds.catalogue.base(indicator)
    if base.value_type not in (ValueType.PROPORTION, ValueType.RATE):
        raise QueryError(ErrorCode.DIFFERENCE_NOT_TESTABLE, name=indicator_name(indicator))
    first = _one(ds, indicator, area, year, gender)
    second = _one(ds, indicator, other_area or area, other_year or year, gender)
    same_code = first[0].code == second[0].code
    if same_code and first[0].division is not second[0].division and ds.series_break(first[0]):
        raise QueryError(ErrorCode.BOUNDARY_CHANGED, area=first[0].name)
    a, b = first[1], second[1]
    assert a.numerator is not None and a.denominator and b.numerator is not None and b.denominator
    test = rate_difference if base.value_type is ValueType.RATE else proportion_difference
    diff = test(a.numerator, a.denominator, b.numerator, b.denominator, multiplier=base.multiplier)
    return ValuePair(indicator, first, second, diff)


def _one(
    ds: Dataset, indicator: Indicator, code: str, year: str, gender: Gender
) -> tuple[Area, Value]:
    ds.check_year(year)
    area = ds.area(code, year)
    found = [
        v
        for v in ds.values([indicator.id], areas=[area.code], years=[year], genders=[gender])
        if v.division is area.division
    ]
    if not found or found[0].value is None:
        raise NoData(
            ErrorCode.VALUE_MISSING, name=indicator_name(indicator), area=area.name, year=year
        )
    value = found[0]
    if value.numerator is None or not value.denominator:
        raise NoData(ErrorCode.COUNTS_MISSING, area=area.name, year=year)
    return area, value
