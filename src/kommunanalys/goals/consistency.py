"""Consistency checks on targets: warnings an analyst should read, not errors that block.

A target that contradicts its direction is real (Huddinge's "Andel barn 0-20 år … aktuella för
utredning": 4,20 % in 2023, börläge 4,50 %, riktning minskning) and must be loaded, but it must
also be pointed out: either the direction or the target is probably wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kommunanalys.formatting import format_number
from kommunanalys.goals.model import Direction, GoalIndicator, GoalValue, Period, Target
from kommunanalys.i18n.labels import msgid


def contradicts(direction: Direction, target: float | None, base: float | None) -> bool:
    """Whether a target for an ökning lies below the value it starts from, or one for a
    minskning above it (minst, högst and inom intervall are levels, not changes)."""
    if target is None or base is None:
        return False
    if direction is Direction.INCREASE:
        return target < base
    if direction is Direction.DECREASE:
        return target > base
    return False


def check_targets(
    indicators: Mapping[str, GoalIndicator],
    targets: Iterable[Target],
    values: Iterable[GoalValue],
) -> list[str]:
    """Warnings in Swedish, one per contradiction, naming indicator, year and numbers."""
    full_year = {
        (v.indicator, v.year): v.value
        for v in values
        if v.period == Period.FULL_YEAR and v.value is not None
    }
    warnings: list[str] = []
    by_indicator: dict[str, list[Target]] = {}
    for t in targets:
        if t.kind != "baslinje":  # a baseline is a past value, not a target
            by_indicator.setdefault(t.indicator, []).append(t)
    for ind_id, rows in by_indicator.items():
        ind = indicators.get(ind_id)
        if ind is None:
            continue
        rows.sort(key=lambda t: (t.year, t.kind))
        for t in rows:
            if ind.direction is Direction.WITHIN:
                if t.low is None or t.high is None or t.low > t.high:
                    warnings.append(
                        f"{ind.name}: målet {t.year} har riktning 'inom intervall' men inget "
                        f"intervall (low ≤ high)"
                    )
                continue
            if t.value is None or ind.direction not in (Direction.INCREASE, Direction.DECREASE):
                continue
            earlier = [(y, v) for (i, y), v in full_year.items() if i == ind_id and y < t.year]
            if not earlier:
                continue
            base_year, base = max(earlier)
            rising = ind.direction is Direction.INCREASE
            if contradicts(ind.direction, t.value, base):
                kind = "etappmålet" if t.kind == "etappmal" else "målvärdet"
                warnings.append(
                    f"{ind.name}: {kind} {t.year} ({format_number(t.value, ind.decimals)}) "
                    f"ligger {'under' if rising else 'över'} värdet {base_year} "
                    f"({format_number(base, ind.decimals)}) men riktningen är "
                    f"'{msgid(ind.direction)}': kontrollera målet eller riktningen"
                )
    return warnings


def area_links(
    indicators: Mapping[str, GoalIndicator], catalogue_units: Mapping[str, str]
) -> dict[str, str]:
    """The goal indicators whose ``area_indicator`` can be the same measure by area: the
    catalogue knows it, it is a share exactly when the goal indicator is, and no other goal
    indicator names it (two different measures cannot both be the same one). What is left out
    is not linked: a "Per område" link must never lead to another measure."""
    claims: dict[str, list[str]] = {}
    for ind in indicators.values():
        if ind.area_indicator:
            claims.setdefault(ind.area_indicator, []).append(ind.id)
    links = {}
    for area_id, goal_ids in claims.items():
        unit = catalogue_units.get(area_id)
        if unit is None or len(goal_ids) > 1:
            continue
        ind = indicators[goal_ids[0]]
        if ind.is_percent == (unit == "%"):
            links[ind.id] = area_id
    return links
