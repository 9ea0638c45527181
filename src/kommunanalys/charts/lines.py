"""Time series: one or more series over the years, with intervals and series breaks.

A series break (e.g. the 2025 DeSO/RegSO redraw, after which values are not comparable with
earlier years) is drawn as a gap in the line, a dashed vertical marker and a legend text — it
is never bridged. Each series has its own colour, dash pattern and marker shape, so the chart
also reads in greyscale.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from kommunanalys.charts import svg
from kommunanalys.charts.legend import LEGEND_ROW, Entry, flow
from kommunanalys.charts.marks import SHAPES, marker, y_gridline
from kommunanalys.charts.palettes import CATEGORICAL, DASHES
from kommunanalys.charts.scales import (
    LinearScale,
    extent,
    format_interval,
    format_with_unit,
    tick_decimals,
)
from kommunanalys.i18n import gettext as _

LEFT, RIGHT, TOP = 64, 24, 20
PLOT_HEIGHT = 220
BREAK_TEXT = "Serien bryts: ny områdesindelning, värden före och efter är inte jämförbara"


@dataclass(frozen=True, slots=True)
class Point:
    year: int | str
    value: float | None
    low: float | None = None
    high: float | None = None
    note: str | None = None  # why the value is missing, e.g. "skyddad"


@dataclass(frozen=True, slots=True)
class Series:
    """``breaks``: the first year of a new, non-comparable part of the series;
    ``interval``: what the points' low–high is called (a confidence interval unless said)."""

    label: str
    points: Sequence[Point]
    breaks: Collection[int | str] = field(default_factory=frozenset)
    interval: str | None = None


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    unit: str,
    years: Sequence[int | str],
    decimals: int = 1,
    description: str | None = None,
    focusable: bool = False,
    include_zero: bool = True,
    break_text: str = BREAK_TEXT,
    width: int = 720,
    ident: str | None = None,
) -> str:
    """The chart as a standalone SVG document string. ``years`` are the x-axis categories,
    equally spaced; ``focusable`` makes every point a Tab stop with its value as its name."""
    ident = ident or svg.chart_id("lines", title)
    labels = [str(y) for y in years]
    x0, x1 = LEFT, width - RIGHT
    step = (x1 - x0) / max(len(labels) - 1, 1)

    def x_of(year: int | str) -> float:
        k = labels.index(str(year))
        return x0 + k * step if len(labels) > 1 else (x0 + x1) / 2

    numbers = [x for s in series for p in s.points for x in (p.value, p.low, p.high)]
    low, high = extent(numbers, include_zero=include_zero)
    y_bottom, y_top = TOP + PLOT_HEIGHT, TOP
    scale, ticks = LinearScale.nice(low, high, y_bottom, y_top, count=5)
    body: list[str] = []
    for tick in ticks:
        y = scale(tick)
        body.extend(y_gridline(x0, x1, y, format_with_unit(tick, "", tick_decimals(ticks))))
    body.append(svg.line(x0, y_bottom, x1, y_bottom, stroke=svg.AXIS, stroke_width=1))
    for label in labels:
        body.append(
            svg.text(x_of(label), y_bottom + 16, label, text_anchor="middle", fill=svg.MUTED)
        )
    if unit not in ("", "antal"):
        body.append(svg.text(4, TOP - 6, unit, fill=svg.MUTED, font_size=11))
    break_years = sorted(
        {str(b) for s in series for b in s.breaks if str(b) in labels and labels.index(str(b)) > 0}
    )
    for year in break_years:
        bx = x_of(year) - step / 2
        broken = [s.label for s in series if year in {str(b) for b in s.breaks}]
        which = "" if len(broken) == len(series) else f": {', '.join(broken)}"
        body.append(
            svg.line(
                bx, y_top, bx, y_bottom, stroke=svg.INK, stroke_width=1.2, stroke_dasharray="3 3"
            )
        )
        body.append(svg.text(bx + 3, y_top + 10, f"serien bryts{which}", font_size=10))
    hatched = False
    for k, s in enumerate(series):
        colour = CATEGORICAL[k % len(CATEGORICAL)]
        body.append(_series(s, k, colour, x_of, scale, labels, unit, decimals, focusable, ident))
        hatched = hatched or any(p.value is None and p.note for p in s.points)
    legend, legend_height = _legend(
        series, break_years, break_text, x0, y_bottom + 36, width, ident if hatched else None
    )
    body.append(legend)
    height = y_bottom + 36 + legend_height
    desc = description or _describe(series, unit, decimals, break_years)
    return svg.document(
        body,
        width=width,
        height=height,
        title=title,
        desc=desc,
        ident=ident,
        interactive=focusable,
        css_class="chart chart-lines",
        defs=svg.pattern_defs(ident) if hatched else (),
    )


def _series(
    s: Series,
    k: int,
    colour: str,
    x_of: Callable[[int | str], float],
    scale: LinearScale,
    labels: list[str],
    unit: str,
    decimals: int,
    focusable: bool,
    ident: str,
) -> str:
    shape = SHAPES[k % len(SHAPES)]
    dash = DASHES[k % len(DASHES)]
    breaks = {str(b) for b in s.breaks}
    points = sorted(
        (p for p in s.points if str(p.year) in labels), key=lambda p: labels.index(str(p.year))
    )
    # Runs of consecutive years with a value and no break between them, as (x, y) coordinates.
    runs: list[list[tuple[float, float]]] = []
    previous: Point | None = None
    for p in points:
        joined = (
            previous is not None
            and previous.value is not None
            and p.value is not None
            and labels.index(str(p.year)) == labels.index(str(previous.year)) + 1
            and str(p.year) not in breaks
        )
        if p.value is not None:
            xy = (x_of(p.year), scale(p.value))
            if joined:
                runs[-1].append(xy)
            else:
                runs.append([xy])
        previous = p
    parts: list[str] = []
    for run in runs:
        if len(run) > 1:
            coords = " ".join(f"{svg.num(x)},{svg.num(y)}" for x, y in run)
            parts.append(
                f'<polyline points="{coords}" '
                + svg.attrs(fill="none", stroke=colour, stroke_width=2.2, stroke_dasharray=dash)
                + "/>"
            )
    for p in points:
        x = x_of(p.year)
        if p.value is None:
            if p.note:
                mark = svg.rect(x - 5, scale.r0 - 12, 10, 10, fill=svg.hatch(ident), stroke=colour)
                text = f"{s.label}, {p.year}: {_(p.note)}"
                parts.append(_mark(mark, text, focusable))
            continue
        y = scale(p.value)
        mark = ""
        if p.low is not None and p.high is not None:
            mark += svg.line(
                x,
                scale(p.low),
                x,
                scale(p.high),
                stroke=colour,
                stroke_width=1.4,
                stroke_opacity=0.7,
            )
        mark += marker(shape, x, y, 4.5, colour)
        interval = format_interval(p.low, p.high, unit, decimals)
        text = f"{s.label}, {p.year}: {format_with_unit(p.value, unit, decimals)}"
        if interval:
            text += " (" + (s.interval or _("95 % KI")) + f" {interval})"
        if str(p.year) in breaks:
            text += " – " + _("ny serie efter brott")
        parts.append(_mark(mark, text, focusable))
    return "<g>" + "".join(parts) + "</g>"


def _mark(inner: str, text: str, focusable: bool) -> str:
    if focusable:
        return svg.link(None, text, text, inner)
    return f"<g><title>{svg.esc(text)}</title>{inner}</g>"


def _legend(
    series: Sequence[Series],
    break_years: list[str],
    break_text: str,
    x0: float,
    y: float,
    width: int,
    hatch_ident: str | None,
) -> tuple[str, float]:
    """Legend items (line sample + marker + label) flowing in rows; the break explained last."""

    def sample(k: int, label: str) -> Entry:  # line sample, marker and label of series k
        def draw(x: float, row: int) -> list[str]:
            cy = y + row * LEGEND_ROW
            colour = CATEGORICAL[k % len(CATEGORICAL)]
            return [
                svg.line(
                    x,
                    cy,
                    x + 26,
                    cy,
                    stroke=colour,
                    stroke_width=2.2,
                    stroke_dasharray=DASHES[k % len(DASHES)],
                ),
                marker(SHAPES[k % len(SHAPES)], x + 13, cy, 4.5, colour),
                svg.text(x + 32, cy + 4, label),
            ]

        return 34 + svg.text_width(label, 12) + 18, draw

    parts, row = flow([sample(k, s.label) for k, s in enumerate(series)], x0, width)
    if break_years:
        row += 1
        cy = y + row * LEGEND_ROW
        parts.append(
            svg.line(
                x0 + 13,
                cy - 8,
                x0 + 13,
                cy + 8,
                stroke=svg.INK,
                stroke_width=1.2,
                stroke_dasharray="3 3",
            )
        )
        if break_text == BREAK_TEXT:
            break_text = _(
                "Serien bryts: ny områdesindelning, värden före och efter är inte jämförbara"
            )
        parts.append(svg.text(x0 + 32, cy + 4, f"{break_text} ({', '.join(break_years)})."))
    if hatch_ident:
        row += 1
        cy = y + row * LEGEND_ROW
        parts.append(
            svg.rect(x0 + 8, cy - 5, 10, 10, fill=svg.hatch(hatch_ident), stroke=svg.MUTED)
        )
        parts.append(svg.text(x0 + 32, cy + 4, _("Värde saknas eller är skyddat (se texten).")))
    return "".join(parts), (row + 1) * LEGEND_ROW


def _describe(series: Sequence[Series], unit: str, decimals: int, break_years: list[str]) -> str:
    parts = []
    for s in series:
        shown = [p for p in s.points if p.value is not None]
        if shown:
            first, last = shown[0], shown[-1]
            parts.append(
                _("%(name)s: %(first)s år %(first_year)s, %(last)s år %(last_year)s.")
                % {
                    "name": s.label,
                    "first": format_with_unit(first.value, unit, decimals),
                    "first_year": first.year,
                    "last": format_with_unit(last.value, unit, decimals),
                    "last_year": last.year,
                }
            )
        else:
            parts.append(_("%(name)s: inga värden.") % {"name": s.label})
    if break_years:
        parts.append(_("Serien bryts före %(years)s.") % {"years": ", ".join(break_years)})
    return " ".join(parts)
