"""The comparison views' objects as JSON, and the choices their filter forms offer.

JSON field names follow :mod:`kommunanalys.report.json_rows` (``value``, ``status``, ``interval``,
``comparison``), so a script reads a comparison like a profile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kommunanalys.analysis.area_pairs import MAX_PAIRED_AREAS, AreaPairs, PairCell
from kommunanalys.analysis.bridging import BRIDGED
from kommunanalys.analysis.comparison import AreaComparison, Bubble, BubbleView, YearComparison
from kommunanalys.catalog.areas import division_for
from kommunanalys.i18n import gettext
from kommunanalys.i18n.labels import label
from kommunanalys.model import DOMAINS, Area, Division, Indicator, Level, Value
from kommunanalys.query import Dataset
from kommunanalys.report.json_rows import (
    area_json,
    difference_json,
    indicator_json,
    interval_json,
    value_json,
)
from kommunanalys.web.views.presenters import comparison_json


@dataclass(frozen=True, slots=True)
class AreaGroup:
    """A RegSO and its DeSO, as one group of checkboxes in the area chooser."""

    regso: Area | None  # None for a group of areas without a RegSO (e.g. ended DeSO)
    label: str
    deso: tuple[Area, ...]


def area_groups(ds: Dataset, year: str | None) -> list[AreaGroup]:
    """The custom areas, then the kommun's RegSO with their DeSO in ``year``'s vintage (the
    newest when None); with no year, the DeSO that ended at the 2025 redraw follow as a group
    of their own, so that their series stay reachable."""
    at = int(year) if year else int(ds.years[-1]) if ds.years else 2025
    regso_division = division_for(Level.REGSO, at)
    deso_division = division_for(Level.DESO, at)
    deso = ds.areas(Level.DESO, deso_division)
    groups = [
        AreaGroup(r, r.name, tuple(d for d in deso if d.parent == r.code))
        for r in ds.areas(Level.REGSO, regso_division)
    ]
    custom = tuple(ds.areas(Level.CUSTOM, deso_division))
    if custom:  # analysts' own areas (sets of DeSO) first: they are chosen on purpose
        groups.insert(0, AreaGroup(None, gettext("Egna områden"), custom))
    if year is None and deso_division is Division.DESO2025:
        current = {d.code for d in deso}
        ended = tuple(d for d in ds.areas(Level.DESO, Division.DESO2018) if d.code not in current)
        if ended:
            groups.append(
                AreaGroup(None, gettext("DeSO som upphörde vid nyindelningen 2025"), ended)
            )
    return groups


def indicator_groups(ds: Dataset, *, views: bool = True) -> list[tuple[str, list[Indicator]]]:
    """The catalogue by domain, for indicator choosers (gender views optional)."""
    return [(d, [i for i in ds.catalogue.in_domain(d) if views or not i.is_view]) for d in DOMAINS]


def _value(v: Value | None, indicator: Indicator) -> dict[str, Any] | None:
    return value_json(v, indicator) if v is not None else None


def area_comparison_json(result: AreaComparison) -> dict[str, Any]:
    return {
        "year": result.year,
        "gender": result.gender.value,
        "areas": [area_json(a) for a in result.areas],
        "benchmark": area_json(result.benchmark),
        "areas_without_values_this_year": [a.code for a in result.out_of_division],
        "synthetic": result.synthetic,
        "indicators": [
            {
                "indicator": indicator_json(row.indicator),
                "benchmark_value": _value(row.benchmark, row.indicator),
                "values": [
                    {
                        "area": area.code,
                        "value": _value(cell.value, row.indicator),
                        "interval": interval_json(cell.interval),
                        "comparison": comparison_json(cell.comparison),
                    }
                    for area, cell in zip(result.areas, row.cells, strict=True)
                ],
            }
            for row in result.rows
        ],
    }


def area_pairs_json(pairs: AreaPairs) -> dict[str, Any]:
    """The chosen areas against each other: per indicator and pair, first − second with its
    interval and test (``difference``, null where none can be made) and the outcome code from
    the first area's side (``not_compared`` without a test)."""
    return {
        "pairs": [{"first": a.code, "second": b.code} for a, b in pairs.pairs],
        "max_areas": MAX_PAIRED_AREAS,
        "too_many_areas": pairs.too_many,
        "indicators": [
            {
                "indicator": row.indicator.id,
                "pairs": [
                    _pair_json(a.code, b.code, cell)
                    for (a, b), cell in zip(pairs.pairs, row.cells, strict=True)
                ],
            }
            for row in pairs.rows
        ],
    }


def _pair_json(first: str, second: str, cell: PairCell) -> dict[str, Any]:
    return {
        "first": first,
        "second": second,
        "estimate": cell.estimate,
        "difference": difference_json(cell.difference) if cell.difference else None,
        "significant": cell.difference.significant if cell.difference else None,
        "result": cell.outcome,
        "result_label": label(cell.outcome),
    }


def year_comparison_json(result: YearComparison) -> dict[str, Any]:
    return {
        "years": list(result.years),
        "genders": [g.value for g in result.genders],
        "synthetic": result.synthetic,
        "series": [
            {
                "area": area_json(s.area),
                "indicator": indicator_json(s.indicator),
                "gender": s.gender.value,
                "series_break_2025": s.broken,
                "break_before": s.break_before,
                "successors": list(s.successors),
                "bridged_by": list(s.bridged_by),
                "segments": [
                    {
                        "division": seg.division.value,
                        "points": [
                            {
                                "year": p.value.period,
                                "value": value_json(p.value, s.indicator),
                                "interval": interval_json(p.interval),
                                "bridged": p.value.method == BRIDGED,
                            }
                            for p in seg.points
                        ],
                    }
                    for seg in s.segments
                ],
            }
            for s in result.series
        ],
    }


def _bubble_json(b: Bubble, view: BubbleView) -> dict[str, Any]:
    roles = (("x", view.x), ("y", view.y), ("size", view.size), ("colour", view.colour))
    return {
        "area": area_json(b.area),
        "link": f"/omrade/{b.area.code}?ar={view.year}",
        "drawn": b.complete,
        **{role: _value(getattr(b, role), ind) if ind is not None else None for role, ind in roles},
    }


def bubble_view_json(view: BubbleView) -> dict[str, Any]:
    return {
        "level": view.level.value,
        "year": view.year,
        "x": indicator_json(view.x),
        "y": indicator_json(view.y),
        "size": indicator_json(view.size) if view.size else None,
        "colour": indicator_json(view.colour) if view.colour else None,
        "synthetic": view.synthetic,
        "kommun": _bubble_json(view.kommun, view),
        "bubbles": [_bubble_json(b, view) for b in view.bubbles],
    }
