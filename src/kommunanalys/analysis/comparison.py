"""Areas side by side, years side by side, and two indicators against each other.

Three views of the same gated values (everything comes from
:class:`~kommunanalys.query.Dataset`): the web pages, their JSON twins, the CSV/Excel
exports and the charts all read these objects, so what is downloaded is what is shown.

* :func:`compare_areas` — any areas (kommun, RegSO, DeSO, mixed) for one year and gender,
  each value with its 95 % interval and its comparison with the kommun (the profile's method:
  :func:`~kommunanalys.analysis.assessment.compare_value`).
* :func:`compare_years` — series over every year; where an area's boundary changed at the
  2025 redraw the series is split into one segment per vintage, so the break is marked.
* :func:`bubble_view` — x, y, bubble size and colour for every area of one level and year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kommunanalys.analysis.assessment import compare_value, intervals_of
from kommunanalys.analysis.bridging import bridged_values, split_parts
from kommunanalys.catalog.areas import division_for, in_level
from kommunanalys.model import (
    ALL_AGES,
    Area,
    AreaChange,
    Division,
    Gender,
    Indicator,
    Level,
    Value,
    ValueType,
)
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import Comparison
from kommunanalys.stats.intervals import LEVELS, Interval

# -- compare areas --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One area's value of one indicator, with its interval and its comparison."""

    value: Value | None
    interval: Interval | None = None
    comparison: Comparison | None = None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: Indicator
    cells: tuple[Cell, ...]  # in the order of AreaComparison.areas
    benchmark: Value | None  # the kommun's value, what each cell is compared with


@dataclass(frozen=True, slots=True)
class AreaComparison:
    areas: tuple[Area, ...]
    year: str
    gender: Gender
    benchmark: Area
    rows: tuple[IndicatorRow, ...]
    #: areas that have no vintage for the year (e.g. a DeSO that ended at the 2025 redraw)
    out_of_division: tuple[Area, ...]

    @property
    def synthetic(self) -> bool:
        return any(c.value is not None and c.value.synthetic for r in self.rows for c in r.cells)


def _own_gender(indicator: Indicator, gender: Gender) -> Gender:
    """A gender view ("Löneinkomst kvinnor") always shows its own gender."""
    return indicator.view_gender or gender


def compare_areas(
    ds: Dataset, areas: list[Area], indicators: list[Indicator], year: str, gender: Gender
) -> AreaComparison:
    """``areas`` side by side for ``indicators`` in ``year`` (areas in the year's vintage).

    Rows without any value (not even a suppressed one) for any of the areas are left out."""
    kommun = ds.kommun
    codes = sorted({a.code for a in areas} | {kommun.code})
    found: dict[tuple[str, Division, str], Value] = {}
    for v in ds.values([i.id for i in indicators], areas=codes, years=[year]):
        ind = ds.catalogue.get(v.indicator)
        if ind is not None and v.age_group == ALL_AGES and v.gender is _own_gender(ind, gender):
            found[(v.area, v.division, v.indicator)] = v
    rows: list[tuple[Indicator, list[Value | None], Value | None]] = []
    for ind in indicators:
        values = [found.get((a.code, a.division, ind.id)) for a in areas]
        if any(v is not None for v in values):
            rows.append((ind, values, found.get((kommun.code, kommun.division, ind.id))))
    pairs = [(ind, v) for ind, values, _ in rows for v in values]
    normal, strict = intervals_of(pairs, LEVELS[0]), intervals_of(pairs, LEVELS[1])
    peers = _quintile_peers(ds, areas, [ind for ind, _, _ in rows], year, gender)
    out: list[IndicatorRow] = []
    k = 0
    for ind, values, bench in rows:
        cells = []
        for area, value in zip(areas, values, strict=True):
            cmp = None
            if area.level is not Level.KOMMUN:
                others = [
                    x for code, x in peers.get((area.division, ind.id), []) if code != area.code
                ]
                cmp = compare_value(ind, value, bench, kommun.name, others, (normal[k], strict[k]))
            cells.append(Cell(value, normal[k], cmp))
            k += 1
        out.append(IndicatorRow(ind, tuple(cells), bench))
    return AreaComparison(
        areas=tuple(areas),
        year=year,
        gender=gender,
        benchmark=kommun,
        rows=tuple(out),
        out_of_division=tuple(
            a for a in areas if a.division is not division_for(a.level, int(year))
        ),
    )


def _quintile_peers(
    ds: Dataset, areas: list[Area], indicators: list[Indicator], year: str, gender: Gender
) -> dict[tuple[Division, str], list[tuple[str, float]]]:
    """Sibling values of the indicators that have no interval (means, medians), per vintage:
    for those the area is placed in a quintile of its level, as on the profile."""
    without = [
        i
        for i in indicators
        if i.value_type is not ValueType.COUNT
        and not (i.is_ratio and ds.catalogue.base(i).numerator)
    ]
    divisions = {a.division for a in areas if a.level is not Level.KOMMUN}
    if not without or not divisions:
        return {}
    codes = sorted({s.code for a in areas for s in ds.areas(a.level, a.division)})
    out: dict[tuple[Division, str], list[tuple[str, float]]] = defaultdict(list)
    for v in ds.values([i.id for i in without], areas=codes, years=[year]):
        ind = ds.catalogue.get(v.indicator)
        if (
            ind is not None
            and v.division in divisions
            and v.value is not None
            and v.age_group == ALL_AGES
            and v.gender is _own_gender(ind, gender)
        ):
            out[(v.division, v.indicator)].append((v.area, v.value))
    return dict(out)


# -- compare years --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Point:
    value: Value
    interval: Interval | None


@dataclass(frozen=True, slots=True)
class Segment:
    """Years of one series that are comparable with each other (one boundary)."""

    division: Division
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Series:
    area: Area
    indicator: Indicator
    gender: Gender
    segments: tuple[Segment, ...]
    broken: bool  # the area's boundary changed at the 2025 redraw
    successors: tuple[str, ...]  # codes that replace an area that ended at the redraw
    bridged_by: tuple[str, ...] = ()  # the parts whose sum continues the series after 2025

    def point(self, year: str) -> Point | None:
        for segment in self.segments:
            for p in segment.points:
                if p.value.period == year:
                    return p
        return None

    @property
    def break_before(self) -> str | None:
        """The first year after the break, when the series has values on both sides."""
        if len(self.segments) < 2:
            return None
        return self.segments[1].points[0].value.period


@dataclass(frozen=True, slots=True)
class YearComparison:
    years: tuple[str, ...]
    genders: tuple[Gender, ...]
    series: tuple[Series, ...]

    @property
    def synthetic(self) -> bool:
        return any(p.value.synthetic for s in self.series for seg in s.segments for p in seg.points)

    @property
    def any_break(self) -> bool:
        return any(s.broken and not s.bridged_by for s in self.series)

    @property
    def any_bridged(self) -> bool:
        return any(s.bridged_by for s in self.series)


def compare_years(
    ds: Dataset, areas: list[Area], indicators: list[Indicator], genders: list[Gender]
) -> YearComparison:
    """Series of every (area, indicator, gender) over all years.

    An area's series takes every vintage with its code; where the boundary did not change at
    the 2025 redraw the vintages form one segment (the series is bridged, as on the profile),
    otherwise one segment per vintage: the break is shown, not hidden. A DeSO 2018 that SCB
    split exactly continues, for counts and shares, as the sum of its parts
    (:mod:`kommunanalys.analysis.bridging`); its ``bridged_by`` names the parts."""
    codes = sorted({a.code for a in areas})
    grouped: dict[tuple[str, str, Gender], list[Value]] = defaultdict(list)
    for v in ds.values([i.id for i in indicators], areas=codes):
        ind = ds.catalogue.get(v.indicator)
        if ind is None or v.age_group != ALL_AGES:
            continue
        if ind.view_gender is None and v.gender not in genders:
            continue
        grouped[(v.area, v.indicator, v.gender)].append(v)
    changes = _changes(ds)
    series: list[Series] = []
    for area in areas:
        broken = ds.series_break(area)
        successors = tuple(
            sorted(
                {
                    c.to_code
                    for c in changes
                    if c.from_code == area.code
                    and c.to_code != area.code
                    and area.division is c.from_division
                }
            )
        )
        for ind in indicators:
            for gender in [ind.view_gender] if ind.view_gender else genders:
                values = [
                    v
                    for v in grouped.get((area.code, ind.id, gender), [])
                    if in_level(area, v.division)
                ]
                bridged = bridged_values(ds, area, ind, [gender]) if broken else []
                if not values:
                    continue
                series.append(
                    Series(
                        area,
                        ind,
                        gender,
                        _segments(ind, values + bridged, broken),
                        broken,
                        successors,
                        split_parts(ds, area) if bridged else (),
                    )
                )
    years = tuple(ds.years)
    return YearComparison(years, tuple(genders), tuple(series))


def _segments(indicator: Indicator, values: list[Value], broken: bool) -> tuple[Segment, ...]:
    values = sorted(values, key=lambda v: (v.period, v.division.value))
    bounds = intervals_of([(indicator, v) for v in values], LEVELS[0])
    points = [Point(v, b) for v, b in zip(values, bounds, strict=True)]
    if not broken:
        seen: dict[str, Point] = {}
        for p in points:  # one value per year: the newer vintage wins where both exist
            seen[p.value.period] = p
        kept = tuple(seen[y] for y in sorted(seen))
        return (Segment(kept[-1].value.division, kept),)
    by_division: dict[Division, list[Point]] = defaultdict(list)
    for p in points:
        by_division[p.value.division].append(p)
    ordered = sorted(by_division.items(), key=lambda kv: kv[1][0].value.period)
    return tuple(Segment(d, tuple(ps)) for d, ps in ordered)


def _changes(ds: Dataset) -> list[AreaChange]:
    """The 2025 change log (geography, not values: nothing here needs the gate)."""
    return ds.memo("area-changes", ds.store.area_changes)


# -- bubbles --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bubble:
    area: Area
    x: Value | None
    y: Value | None
    size: Value | None
    colour: Value | None

    @property
    def complete(self) -> bool:
        """True when the bubble can be drawn: it has x and y (a missing size is drawn as a
        small dashed bubble)."""
        return all(v is not None and v.value is not None for v in (self.x, self.y))


@dataclass(frozen=True, slots=True)
class BubbleView:
    level: Level
    year: str
    x: Indicator
    y: Indicator
    size: Indicator | None
    colour: Indicator | None
    bubbles: tuple[Bubble, ...]
    kommun: Bubble  # the kommun's own values, as reference lines

    @property
    def drawn(self) -> list[Bubble]:
        return [b for b in self.bubbles if b.complete]

    @property
    def left_out(self) -> list[Bubble]:
        return [b for b in self.bubbles if not b.complete]

    @property
    def synthetic(self) -> bool:
        return any(
            v is not None and v.synthetic
            for b in self.bubbles
            for v in (b.x, b.y, b.size, b.colour)
        )


def bubble_view(
    ds: Dataset,
    x: Indicator,
    y: Indicator,
    size: Indicator | None,
    colour: Indicator | None,
    level: Level,
    year: str,
) -> BubbleView:
    """Every area of ``level`` in ``year``'s vintage with its four values (gated, via the
    ranking, which already resolves gender views)."""
    roles = {"x": x, "y": y, "size": size, "colour": colour}
    by_role: dict[str, dict[str, Value | None]] = {}
    areas: list[Area] = []
    for role, ind in roles.items():
        if ind is None:
            by_role[role] = {}
            continue
        _, rows = ds.ranking(ind.id, year, level)
        areas = [a for a, _ in rows]
        by_role[role] = {a.code: v for a, v in rows}
    kommun = ds.kommun
    at_kommun: dict[str, Value | None] = {}
    for role, ind in roles.items():
        if ind is not None:
            _, rows = ds.ranking(ind.id, year, Level.KOMMUN)
            at_kommun[role] = rows[0][1] if rows else None
    bubbles = tuple(
        Bubble(
            a,
            by_role["x"].get(a.code),
            by_role["y"].get(a.code),
            by_role["size"].get(a.code),
            by_role["colour"].get(a.code),
        )
        for a in areas
    )
    return BubbleView(
        level,
        year,
        x,
        y,
        size,
        colour,
        bubbles,
        Bubble(
            kommun,
            at_kommun.get("x"),
            at_kommun.get("y"),
            at_kommun.get("size"),
            at_kommun.get("colour"),
        ),
    )
