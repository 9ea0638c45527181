"""Charts of the comparison views, drawn server-side as SVG by :mod:`kommunanalys.charts`.

The same objects as the tables (so a chart never shows another number than its table):
one bar chart per indicator on /jamfor, one line chart per indicator on /utveckling (the
2025 series break drawn as a gap and a marker), one bubble chart on /bubblor.

The ``.svg`` and ``.png`` downloads hold **one chart each** (``?sida=k`` is the view's k-th
chart, the first by default), under a header with its context (:func:`ChartPages` and
:func:`kommunanalys.charts.svg.with_context`): a downloaded image says what, when, at which
level, from which source and whether the data are synthetic, and is never a 10 000 px stack.
Only the chart asked for is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import HTTPException
from fastapi.responses import Response

from kommunanalys.analysis.comparison import AreaComparison, BubbleView, YearComparison
from kommunanalys.charts import bars, bubbles, lines, png
from kommunanalys.charts.limits import check_image
from kommunanalys.config import LIMITS, Limits
from kommunanalys.errors import ErrorCode
from kommunanalys.formatting import decimals_for
from kommunanalys.i18n import gettext, indicator_name, unit_name
from kommunanalys.model import Area, Gender, Indicator, Level, Value
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.web.views.chart_context import in_context
from kommunanalys.web.views.compare_params import GENDER_NAMES, BadParameter
from kommunanalys.web.views.indicator_values import outcome_tone

#: Most bar charts drawn on the page; the table always has every row.
MAX_FIGURES = 12


@dataclass(frozen=True, slots=True)
class Figure:
    title: str
    svg: str


def _note(v: Value | None) -> str | None:
    if v is None:
        return bars.MISSING_NOTE
    if v.value is None:
        return bars.SUPPRESSED_NOTE if v.status == SUPPRESSED else bars.MISSING_NOTE
    return None


def area_bars(result: AreaComparison, limit: int | None = MAX_FIGURES) -> list[Figure]:
    return [_area_bar(result, k) for k in range(len(result.rows[:limit]))]


def _area_bar(result: AreaComparison, k: int) -> Figure:
    row = result.rows[k]
    ind = row.indicator
    rows = []
    for area, cell in zip(result.areas, row.cells, strict=True):
        v, cmp = cell.value, cell.comparison
        rows.append(
            bars.Bar(
                label=area.name if area.level is not Level.DESO else f"DeSO {area.code}",
                value=v.value if v else None,
                low=cell.interval.lower if cell.interval else None,
                high=cell.interval.upper if cell.interval else None,
                href=f"/omrade/{area.code}?ar={result.year}",
                highlight=area.level is Level.KOMMUN,
                note=_note(v),
                tone=outcome_tone(cmp.outcome) if cmp else None,
            )
        )
    bench = row.benchmark.value if row.benchmark else None
    title = indicator_name(ind)
    return Figure(
        title,
        bars.bar_chart(
            rows,
            title=title,
            unit=unit_name(ind.unit),
            decimals=decimals_for(ind),
            benchmark=bench,
            benchmark_label=result.benchmark.name if bench is not None else None,
        ),
    )


def area_bars_pages(result: AreaComparison, title: str, address: str) -> ChartPages:
    """One bar chart per indicator, each under its context."""

    def draw(k: int) -> str:
        row = result.rows[k]
        synthetic = any(c.value is not None and c.value.synthetic for c in row.cells)
        figure = _area_bar(result, k)
        return _in_context(figure, title, result.areas, [row.indicator], address, synthetic)

    return ChartPages(len(result.rows), draw)


def year_lines(result: YearComparison) -> list[Figure]:
    return [_year_line(result, group) for group in _series_groups(result)]


def _series_groups(result: YearComparison) -> list[list]:
    seen: dict[str, list] = {}
    for s in result.series:
        seen.setdefault(s.indicator.id, []).append(s)
    return list(seen.values())


def _year_line(result: YearComparison, group: list) -> Figure:
    ind = group[0].indicator
    several_genders = len({s.gender for s in group}) > 1
    series = []
    for s in group:
        label = s.area.name if s.area.level is not Level.DESO else f"DeSO {s.area.code}"
        if several_genders or s.gender is not Gender.TOTAL:
            label += f", {gettext(GENDER_NAMES[s.gender]).lower()}"
        points = [
            lines.Point(
                p.value.period,
                p.value.value,
                p.interval.lower if p.interval else None,
                p.interval.upper if p.interval else None,
                _note(p.value),
            )
            for seg in s.segments
            for p in seg.points
        ]
        breaks = frozenset({s.break_before}) if s.break_before else frozenset()
        series.append(lines.Series(label, points, breaks))
    return Figure(
        indicator_name(ind),
        lines.line_chart(
            series,
            title=indicator_name(ind),
            unit=unit_name(ind.unit),
            years=list(result.years),
            decimals=decimals_for(ind),
            focusable=True,
        ),
    )


def year_lines_pages(result: YearComparison, title: str, address: str) -> ChartPages:
    """One line chart per indicator (all its areas and genders), each under its context."""
    groups = _series_groups(result)
    span = f"{result.years[0]}–{result.years[-1]}" if result.years else ""

    def draw(k: int) -> str:
        group = groups[k]
        synthetic = any(p.value.synthetic for s in group for seg in s.segments for p in seg.points)
        figure = _year_line(result, group)
        areas = tuple({s.area.code: s.area for s in group}.values())
        heading = f"{title} {span}".strip()
        return _in_context(figure, heading, areas, [group[0].indicator], address, synthetic)

    return ChartPages(len(groups), draw)


def bubble_pages(view: BubbleView, title: str, address: str) -> ChartPages:
    """The one bubble chart, under its context (the title names the level and year)."""
    axes = [i for i in (view.x, view.y, view.size, view.colour) if i is not None]

    def draw(k: int) -> str:
        drawn = bubbles_svg(view, title)
        assert drawn is not None  # count is 0 when nothing is drawn
        return _in_context(Figure(title, drawn), "", (), axes, address, view.synthetic)

    return ChartPages(1 if view.drawn else 0, draw)


def bubble_figures(view: BubbleView, title: str) -> list[Figure]:
    drawn = bubbles_svg(view, title)
    return [Figure(title, drawn)] if drawn else []


def bubbles_svg(view: BubbleView, title: str) -> str | None:
    if not view.drawn:
        return None

    def number(v: Value | None) -> float | None:
        return v.value if v is not None else None

    points = [
        bubbles.Bubble(
            label=b.area.name if b.area.level is not Level.DESO else f"DeSO {b.area.code}",
            x=number(b.x),
            y=number(b.y),
            size=number(b.size) if view.size else None,
            colour_value=number(b.colour) if view.colour else None,
            href=f"/omrade/{b.area.code}?ar={view.year}",
        )
        for b in view.bubbles
    ]
    return bubbles.bubble_chart(
        points,
        title=title,
        x_label=indicator_name(view.x),
        y_label=indicator_name(view.y),
        size_label=indicator_name(view.size) if view.size else gettext("lika stora"),
        colour_label=indicator_name(view.colour) if view.colour else None,
        x_unit=unit_name(view.x.unit),
        y_unit=unit_name(view.y.unit),
        size_unit=unit_name(view.size.unit) if view.size else "",
        colour_unit=unit_name(view.colour.unit) if view.colour else "",
        decimals=1,
        colour_polarity=view.colour.polarity if view.colour else "neutral",
        colour_classes=5,
    )


@dataclass(frozen=True)
class ChartPages:
    """The charts of an image download: ``count`` of them, ``draw(k)`` makes the k-th
    (0-based) standalone, with its context; nothing is drawn until one is asked for."""

    count: int
    draw: Callable[[int], str]


def _in_context(
    figure: Figure,
    view_title: str,
    areas: tuple[Area, ...],
    indicators: list[Indicator],
    address: str,
    synthetic: bool,
) -> str:
    levels = [a.level for a in areas]
    return in_context(figure.svg, figure.title, view_title, levels, indicators, address, synthetic)


def page_number(text: str | None, count: int) -> int:
    """The 0-based chart of ``?sida=text`` (1-based, default the first)."""
    if text in (None, ""):
        return 0
    assert text is not None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= count:
        raise BadParameter(ErrorCode.NO_SUCH_CHART, v=text[:20], n=count)
    return int(text) - 1


def download(
    pages: ChartPages, fmt: str, name: str, page: str | None = None, limits: Limits = LIMITS
) -> Response:
    """The chart ``?sida=page`` of ``pages`` as SVG or PNG, within ``limits``."""
    if pages.count == 0:
        raise HTTPException(404, gettext("Det finns inga värden att rita för det här urvalet."))
    k = page_number(page, pages.count)
    chart = pages.draw(k)
    check_image(chart, limits)
    suffix = f"-{k + 1}" if pages.count > 1 else ""
    headers = {
        "Content-Disposition": f'attachment; filename="{name}{suffix}.{fmt}"',
        "X-Diagram": f"{k + 1}/{pages.count}",
    }
    if fmt == "png":
        body = png.svg_to_png(chart, limits=limits)
        return Response(body, media_type="image/png", headers=headers)
    return Response(chart, media_type="image/svg+xml", headers=headers)
