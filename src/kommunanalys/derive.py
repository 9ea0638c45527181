"""Derived values: totals by gender, aggregation up the area hierarchy, shares and rates.

Rules (DESIGN.md, "Numbers are true"):
- gender T = K + M for counts where T was not observed and both K and M were;
- DeSO → RegSO → kommun by **summing counts** (every child must have a value, else the parent
  gets none); a mean is aggregated only with a weight count (weighted mean); shares, medians and
  indexes are never averaged;
- an observed value at a level wins over the aggregate of its children;
- shares and rates are computed from numerator and denominator at every level and gender, so
  a RegSO share equals its DeSOs' summed numerators over summed denominators.
DeSO 2018 years and DeSO 2025 years stay apart: each vintage aggregates to its own RegSO
division, and both to the kommun.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.model import Area, Division, Gender, Value, ValueType

Key = tuple[str, str, Division, str, Gender, str]  # indicator, area, division, period, gender, age

#: Order of aggregation: children division → parent division.
HIERARCHY: tuple[tuple[Division, Division], ...] = (
    (Division.DESO2018, Division.REGSO2020),
    (Division.DESO2025, Division.REGSO2025),
    (Division.REGSO2020, Division.KOMMUN),
    (Division.REGSO2025, Division.KOMMUN),
)


def _key(v: Value) -> Key:
    return (v.indicator, v.area, v.division, v.period, v.gender, v.age_group)


def derive(
    observations: Iterable[Value],
    areas: Iterable[Area],
    catalogue: Catalogue,
    members: Mapping[tuple[str, Division], Sequence[tuple[str, Division]]] | None = None,
) -> list[Value]:
    """All values: observed, gender totals, aggregates up the hierarchy, custom areas
    (``members``: each custom area's parts as (code, division); summed like a RegSO, and
    protected as such by the suppression plan), shares and rates."""
    values: dict[Key, Value] = {_key(v): v for v in observations}
    _gender_totals(values, catalogue)
    _aggregate(values, list(areas), catalogue)
    if members:
        _aggregate_custom(values, members, catalogue)
    _gender_totals(values, catalogue)
    _ratios(values, catalogue)
    return sorted(
        values.values(),
        key=lambda v: (v.indicator, v.area, v.division, v.period, v.gender, v.age_group),
    )


def _gender_totals(values: dict[Key, Value], catalogue: Catalogue) -> None:
    counts = {i.id for i in catalogue if i.value_type is ValueType.COUNT}
    parts: dict[Key, dict[Gender, Value]] = defaultdict(dict)
    for key, v in values.items():
        if v.indicator in counts and v.gender is not Gender.TOTAL:
            parts[(key[0], key[1], key[2], key[3], Gender.TOTAL, key[5])][v.gender] = v
    for total_key, by_gender in parts.items():
        if total_key in values or len(by_gender) != 2:
            continue
        women, men = by_gender[Gender.WOMEN], by_gender[Gender.MEN]
        if women.value is None or men.value is None:
            continue
        values[total_key] = replace(
            women,
            gender=Gender.TOTAL,
            value=women.value + men.value,
            method="computed",
            synthetic=women.synthetic or men.synthetic,
        )


def _aggregate(values: dict[Key, Value], areas: list[Area], catalogue: Catalogue) -> None:
    by_division: dict[Division, list[Area]] = defaultdict(list)
    for area in areas:
        by_division[area.division].append(area)
    for child_division, parent_division in HIERARCHY:
        parent_of = {a.code: a.parent for a in by_division[child_division] if a.parent}
        children: dict[str, set[str]] = defaultdict(set)
        for child, parent in parent_of.items():
            children[parent].add(child)
        groups: dict[tuple[str, str, str, Gender, str], dict[str, Value]] = defaultdict(dict)
        for (ind, code, division, period, gender, age), v in values.items():
            if division is child_division and code in parent_of:
                groups[(ind, parent_of[code], period, gender, age)][code] = v
        for (ind, parent, period, gender, age), members in groups.items():
            key = (ind, parent, parent_division, period, gender, age)
            if key in values or members.keys() != children[parent]:
                continue
            indicator = catalogue.get(ind)
            if indicator is None:
                continue
            aggregated = _combine(
                indicator.value_type,
                indicator.weight,
                members,
                values,
                (child_division, period, gender, age),
            )
            if aggregated is not None:
                values[key] = Value(
                    indicator=ind,
                    area=parent,
                    division=parent_division,
                    period=period,
                    gender=gender,
                    age_group=age,
                    value=aggregated,
                    method="aggregated",
                    synthetic=any(m.synthetic for m in members.values()),
                )


def _aggregate_custom(
    values: dict[Key, Value],
    members: Mapping[tuple[str, Division], Sequence[tuple[str, Division]]],
    catalogue: Catalogue,
) -> None:
    """A custom area is the sum of its parts, with the hierarchy's rules (every part must
    have a value; an observed value of the custom area wins)."""
    part_of: dict[tuple[str, Division], list[tuple[str, Division]]] = defaultdict(list)
    for parent, parts in members.items():
        for part in parts:
            part_of[part].append(parent)
    groups: dict[tuple[str, tuple[str, Division], str, Gender, str], dict[str, Value]] = (
        defaultdict(dict)
    )
    for (ind, area, division, period, gender, age), v in values.items():
        for parent in part_of.get((area, division), ()):
            groups[(ind, parent, period, gender, age)][f"{area}|{division}"] = v
    for (ind, parent, period, gender, age), found in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1], item[0][2:])
    ):
        key = (ind, parent[0], parent[1], period, gender, age)
        indicator = catalogue.get(ind)
        if key in values or indicator is None or len(found) != len(members[parent]):
            continue
        if indicator.value_type is not ValueType.COUNT:
            continue  # weighted means need the parts' weights by vintage: counts only here
        aggregated = _combine(
            indicator.value_type, None, found, values, (parent[1], period, gender, age)
        )
        if aggregated is not None:
            values[key] = Value(
                indicator=ind,
                area=parent[0],
                division=parent[1],
                period=period,
                gender=gender,
                age_group=age,
                value=aggregated,
                method="aggregated",
                synthetic=any(m.synthetic for m in found.values()),
            )


def _combine(
    value_type: ValueType,
    weight: str | None,
    members: dict[str, Value],
    values: dict[Key, Value],
    where: tuple[Division, str, Gender, str],
) -> float | None:
    known = [m.value for m in members.values() if m.value is not None]
    if len(known) < len(members):
        return None
    if value_type is ValueType.COUNT:
        return sum(known)
    if value_type is ValueType.MEAN and weight:
        division, period, gender, age = where
        weights = [values.get((weight, code, division, period, gender, age)) for code in members]
        known_weights = [w.value for w in weights if w is not None and w.value is not None]
        if len(known_weights) < len(weights):
            return None
        total = sum(known_weights)
        if total <= 0:
            return None
        return sum(v * w for v, w in zip(known, known_weights, strict=True)) / total
    return None


def _ratios(values: dict[Key, Value], catalogue: Catalogue) -> None:
    for indicator in catalogue:
        if not indicator.is_ratio or indicator.is_view:
            continue
        numerator, denominator = indicator.numerator, indicator.denominator
        if numerator is None or denominator is None:
            continue  # a ratio the catalogue gives no parts for: nothing to compute
        places = {k[1:] for k in values if k[0] == numerator}
        for place in places:
            num = values[(numerator, *place)]
            den = values.get((denominator, *place))
            if den is None:
                continue
            key = (indicator.id, *place)
            status = num.status or den.status
            if status is None and (num.value is None or den.value is None):
                continue
            if status is None and den.value == 0:
                status = "0"  # division by zero: nothing to show
            value = None
            if not status and num.value is not None and den.value is not None:
                value = num.value / den.value * indicator.multiplier
            values[key] = Value(
                indicator=indicator.id,
                area=place[0],
                division=place[1],
                period=place[2],
                gender=place[3],
                age_group=place[4],
                value=value,
                numerator=num.value,
                denominator=den.value,
                status=status,
                method="computed",
                synthetic=num.synthetic or den.synthetic,
            )


__all__ = ["HIERARCHY", "derive"]
