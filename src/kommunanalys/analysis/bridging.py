"""Bridging a DeSO series across the 2025 redraw by summing the parts of an exact split.

SCB's change log says which DeSO 2018 ended and which 2025 DeSO took their land. Where the
split is exact (:func:`kommunanalys.catalog.areas.exact_splits`), the old area equals the sum
of its parts, and an additive indicator — a count, or a share or rate with its numerator and
denominator — continues into the 2025 years as that sum. Medians, means and indices do not
add up: their series stays broken, and so does every series of an inexact split.

Only published values are summed (they have passed the disclosure gate): a sum over parts
of which one is protected is not published either, so the bridge never reveals a value the
gate hid — it is a function of what is already public.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kommunanalys.catalog.areas import division_for, exact_splits
from kommunanalys.model import Area, Division, Gender, Indicator, Level, Value, ValueType
from kommunanalys.privacy.gate import SUPPRESSED
from kommunanalys.query import Dataset

#: ``Value.method`` of a value summed from the parts of an exact split.
BRIDGED = "bridged"


def bridgeable(indicator: Indicator) -> bool:
    """Whether the indicator's values add up over areas."""
    return indicator.value_type is ValueType.COUNT or indicator.is_ratio


def split_parts(ds: Dataset, area: Area) -> tuple[str, ...]:
    """The 2025 parts of ``area`` when it is a DeSO 2018 that was split exactly, else ()."""
    if area.division is not Division.DESO2018:
        return ()
    splits = ds.memo("exact-splits", lambda: exact_splits(list(ds.store.area_changes())))
    return splits.get(area.code, ())


def bridged_values(
    ds: Dataset, area: Area, indicator: Indicator, genders: Iterable[Gender]
) -> list[Value]:
    """``area``'s values for the 2025-division years as sums of its parts' published values.

    Empty when the area was not split exactly or the indicator does not add up. A year in
    which a part lacks a value (or a share its counts) is left out; one in which a part is
    protected is protected."""
    parts = split_parts(ds, area)
    if not parts or not bridgeable(indicator):
        return []
    years = [y for y in ds.years if division_for(Level.DESO, int(y)) is Division.DESO2025]
    if not years:
        return []
    found: dict[tuple[str, Gender], list[Value]] = {}
    for v in ds.values([indicator.id], areas=list(parts), years=years, genders=list(genders)):
        if v.division is Division.DESO2025:
            found.setdefault((v.period, v.gender), []).append(v)
    out = []
    for (year, gender), values in sorted(found.items()):
        if len(values) != len(parts):
            continue
        bridged = sum_of_parts(area, year, gender, values, indicator)
        if bridged is not None:
            out.append(bridged)
    return out


def sum_of_parts(
    area: Area, year: str, gender: Gender, parts: list[Value], indicator: Indicator
) -> Value | None:
    """``area``'s value as the sum of its parts' published values: protected if one part is,
    None when a part lacks what the sum needs (a value; for a share its counts)."""
    first = parts[0]
    bridged = replace(
        first,
        area=area.code,
        division=area.division,
        period=year,
        gender=gender,
        method=BRIDGED,
        synthetic=any(p.synthetic for p in parts),
        import_id=None,
    )
    if any(p.status == SUPPRESSED for p in parts):
        return replace(bridged, value=None, numerator=None, denominator=None, status=SUPPRESSED)
    if indicator.is_ratio:
        if any(p.numerator is None or p.denominator is None for p in parts):
            return None
        numerator = sum(p.numerator or 0.0 for p in parts)
        denominator = sum(p.denominator or 0.0 for p in parts)
        value = numerator / denominator * indicator.multiplier if denominator else None
        return replace(
            bridged, value=value, numerator=numerator, denominator=denominator, status=None
        )
    if any(p.value is None for p in parts):
        return None
    return replace(
        bridged,
        value=sum(p.value or 0.0 for p in parts),
        numerator=None,
        denominator=None,
        status=None,
    )
