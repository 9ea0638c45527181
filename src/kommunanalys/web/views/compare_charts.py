"""Charts of the comparison views, drawn server-side as SVG by :mod:`kommunanalys.charts`.

The same objects as the tables (so a chart never shows another number than its table):
one bar chart per indicator on /jamfor, one line chart per indicator on /utveckling (the
2025 series break drawn as a gap and a marker), one bubble chart on /bubblor. The ``.svg`` and
``.png`` downloads stack a view's charts into one image.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException
from fastapi.responses import Response

from kommunanalys.analysis.comparison import AreaComparison, BubbleView, YearComparison
from kommunanalys.charts import bars, bubbles, lines, png, svg
from kommunanalys.formatting import decimals_for
from kommunanalys.i18n import gettext, indicator_name, unit_name
from kommunanalys.model import Gender, Level, Value
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.web.views.compare_params import GENDER_NAMES
from kommunanalys.web.views.indicator_values import outcome_tone

#: Most bar charts drawn on the page; the table always has every row.
MAX_FIGURES = 12
GAP = 16


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
    out = []
    for row in result.rows[:limit]:
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
        out.append(
            Figure(
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
        )
    return out


def area_bars_document(result: AreaComparison, title: str) -> str | None:
    return stack([f.svg for f in area_bars(result, None)], title)


def year_lines(result: YearComparison) -> list[Figure]:
    out = []
    seen: dict[str, list] = {}
    for s in result.series:
        seen.setdefault(s.indicator.id, []).append(s)
    for group in seen.values():
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
        out.append(
            Figure(
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
        )
    return out


def year_lines_document(result: YearComparison, title: str) -> str | None:
    return stack([f.svg for f in year_lines(result)], title)


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


def stack(charts: list[str], title: str) -> str | None:
    """Several chart documents one under the other in one SVG (for the downloads)."""
    if not charts:
        return None
    sizes = [png.svg_size(c) for c in charts]
    width = max(w for w, _ in sizes)
    y = 0.0
    parts = []
    for chart, (_, h) in zip(charts, sizes, strict=True):
        parts.append(f'<g transform="translate(0 {svg.num(y)})">{chart}</g>')
        y += h + GAP
    height = y - GAP
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{svg.num(width)}" '
        f'height="{svg.num(height)}" viewBox="0 0 {svg.num(width)} {svg.num(height)}" '
        f'role="img" aria-label="{svg.esc(title)}"><title>{svg.esc(title)}</title>'
        f'<rect width="100%" height="100%" fill="#fff"/>{"".join(parts)}</svg>'
    )


def download(chart: str | None, fmt: str, name: str) -> Response:
    if chart is None:
        raise HTTPException(404, gettext("Det finns inga värden att rita för det här urvalet."))
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "png":
        return Response(png.svg_to_png(chart), media_type="image/png", headers=headers)
    return Response(chart, media_type="image/svg+xml", headers=headers)
