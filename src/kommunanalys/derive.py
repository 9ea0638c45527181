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

The rules run as set-based statements in the database (:mod:`kommunanalys.store.derivation`):
a refresh derives from the stored observations without loading them into Python (a national
import of ten million rows stays within a bounded amount of memory), and :func:`derive` runs the
same statements over values given in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.model import Area, Division, Gender, Indicator, Value, ValueType
from kommunanalys.store import Store
from kommunanalys.store.derivation import IndicatorRule, derive_rows, derive_stored

#: Order of aggregation: children division → parent division.
HIERARCHY: tuple[tuple[Division, Division], ...] = (
    (Division.DESO2018, Division.REGSO2020),
    (Division.DESO2025, Division.REGSO2025),
    (Division.REGSO2020, Division.KOMMUN),
    (Division.REGSO2025, Division.KOMMUN),
)

Members = Mapping[tuple[str, Division], Sequence[tuple[str, Division]]]


def derive(
    observations: Iterable[Value],
    areas: Iterable[Area],
    catalogue: Catalogue,
    members: Members | None = None,
) -> list[Value]:
    """All values: observed, gender totals, aggregates up the hierarchy, custom areas
    (``members``: each custom area's parts as (code, division); summed like a RegSO, and
    protected as such by the suppression plan), shares and rates; sorted by key."""
    rows = [v.row() for v in observations]
    derived = derive_rows(rows, *_inputs(areas, catalogue, members))
    return [
        Value(
            str(r[0]),
            str(r[1]),
            Division(str(r[2])),
            str(r[3]),
            Gender(str(r[4])),
            r[6],  # type: ignore[arg-type]
            r[7],  # type: ignore[arg-type]
            r[8],  # type: ignore[arg-type]
            r[9],  # type: ignore[arg-type]
            str(r[10]),
            bool(r[11]),
            r[12],  # type: ignore[arg-type]
            str(r[5]),
        )
        for r in derived
    ]


def derive_in_store(
    store: Store, areas: Iterable[Area], catalogue: Catalogue, members: Members | None = None
) -> int:
    """Replace the stored derived values by those of the current observations (all or
    nothing, in the database); the number of values."""
    return derive_stored(store.backend, *_inputs(areas, catalogue, members))


def _inputs(
    areas: Iterable[Area], catalogue: Catalogue, members: Members | None
) -> tuple[
    list[IndicatorRule],
    list[tuple[str, str, str]],
    list[tuple[str, str]],
    list[tuple[str, str, str, str]],
]:
    rules = [_rule(indicator) for indicator in catalogue]
    parents = [(a.code, a.division.value, a.parent) for a in areas if a.parent]
    hierarchy = [(child.value, parent.value) for child, parent in HIERARCHY]
    parts = [
        (parent[0], parent[1].value, part[0], part[1].value)
        for parent, found in (members or {}).items()
        for part in found
    ]
    return rules, parents, hierarchy, parts


def _rule(indicator: Indicator) -> IndicatorRule:
    ratio = (
        indicator.is_ratio
        and not indicator.is_view
        and indicator.numerator is not None
        and indicator.denominator is not None
    )
    return IndicatorRule(
        id=indicator.id,
        value_type=indicator.value_type.value,
        weight=(indicator.weight or None) if indicator.value_type is ValueType.MEAN else None,
        numerator=indicator.numerator if ratio else None,
        denominator=indicator.denominator if ratio else None,
        multiplier=float(indicator.multiplier),
    )


__all__ = ["HIERARCHY", "derive", "derive_in_store"]
