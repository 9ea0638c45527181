"""Bubble chart (Huddingeanalysen's view): x and y indicators, bubble size and colour.

Area is proportional to ``size`` (radius ∝ √size); colour is the quantile class of
``colour_value`` on a polarity-aware palette. A bubble without a size is drawn at a fixed
small size with a dashed edge, one without a colour value dotted grey; both are said in the
legend. Without a colour indicator (``colour_label=None``) every bubble has the same fill and
the legend has no colour part. Bubbles with an ``href`` are links and Tab stops.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kommunanalys.charts import svg
from kommunanalys.charts.classify import QUANTILES, classify
from kommunanalys.charts.legend import LEGEND_ROW, Entry, flow
from kommunanalys.charts.marks import y_gridline
from kommunanalys.charts.palettes import sequential
from kommunanalys.charts.scales import LinearScale, extent, format_with_unit, tick_decimals
from kommunanalys.i18n import gettext as _
from kommunanalys.model import Polarity

LEFT, TOP, RIGHT = 70, 16, 24
PLOT = 360
R_MIN, R_MAX, R_UNKNOWN = 3.0, 24.0, 5.0


@dataclass(frozen=True, slots=True)
class Bubble:
    label: str
    x: float | None
    y: float | None
    size: float | None = None
    colour_value: float | None = None
    href: str | None = None
    highlight: bool = False


def bubble_chart(
    points: Sequence[Bubble],
    *,
    title: str,
    x_label: str,
    y_label: str,
    size_label: str,
    colour_label: str | None,
    x_unit: str = "",
    y_unit: str = "",
    size_unit: str = "",
    colour_unit: str = "",
    decimals: int = 1,
    colour_polarity: Polarity | str = Polarity.NEUTRAL,
    colour_classes: int = 5,
    description: str | None = None,
    width: int = 720,
    ident: str | None = None,
) -> str:
    """The chart as a standalone SVG document string (points without x or y are left out
    of the drawing and counted in the description)."""
    ident = ident or svg.chart_id("bubbles", title)
    drawn = [p for p in points if p.x is not None and p.y is not None]
    x0, x1 = LEFT, width - RIGHT
    y0, y1 = TOP + PLOT, TOP
    xs = LinearScale.nice(*extent([p.x for p in drawn]), x0 + R_MAX, x1 - R_MAX, count=6)
    ys = LinearScale.nice(*extent([p.y for p in drawn]), y0 - R_MAX, y1 + R_MAX, count=5)
    (xscale, xticks), (yscale, yticks) = xs, ys
    sizes = [p.size for p in drawn if p.size is not None and p.size > 0]
    largest = max(sizes, default=1.0)
    coloured = colour_label is not None
    values = [p.colour_value for p in drawn] if coloured else []
    classes = classify(values, QUANTILES, colour_classes)
    colours = sequential(classes.count, colour_polarity) if classes.count else ()
    plain = sequential(1, Polarity.NEUTRAL)[0]  # the one fill without a colour indicator
    body: list[str] = []
    for tick in xticks:
        x = xscale(tick)
        body.append(svg.line(x, y1, x, y0, stroke=svg.GRID, stroke_width=1))
        body.append(
            svg.text(
                x,
                y0 + 16,
                format_with_unit(tick, "", tick_decimals(xticks)),
                text_anchor="middle",
                fill=svg.MUTED,
                font_size=11,
            )
        )
    for tick in yticks:
        y = yscale(tick)
        body.extend(y_gridline(x0, x1, y, format_with_unit(tick, "", tick_decimals(yticks))))
    body.append(svg.rect(x0, y1, x1 - x0, y0 - y1, fill="none", stroke=svg.AXIS))
    body.append(
        svg.text(
            (x0 + x1) / 2,
            y0 + 34,
            _with_unit(x_label, x_unit),
            text_anchor="middle",
            font_weight="600",
        )
    )
    cy = (y0 + y1) / 2
    body.append(
        svg.text(
            16,
            cy,
            _with_unit(y_label, y_unit),
            text_anchor="middle",
            font_weight="600",
            transform=f"rotate(-90 16 {svg.num(cy)})",
        )
    )

    def radius(p: Bubble) -> float:
        if p.size is None or p.size <= 0:
            return R_UNKNOWN
        return max(R_MIN, R_MAX * math.sqrt(p.size / largest))

    marks = []
    for p in sorted(drawn, key=lambda p: -radius(p)):  # small bubbles on top of large ones
        k = classes.index(p.colour_value) if coloured else None
        fill = plain if not coloured else colours[k] if k is not None else svg.dots(ident)
        r = radius(p)
        assert p.x is not None and p.y is not None  # drawn holds only placed bubbles
        cx, cy = xscale(p.x), yscale(p.y)
        circle = svg.circle(
            cx,
            cy,
            r,
            fill=fill,
            fill_opacity=0.9,
            stroke=svg.INK if p.highlight else "#3d4550",
            stroke_width=2.0 if p.highlight else 0.8,
            stroke_dasharray="2 2" if p.size is None else None,
        )
        if p.highlight:
            circle += svg.text(cx + r + 3, cy + 4, p.label, font_weight="700")
        text = _point_text(
            p,
            x_label,
            y_label,
            size_label,
            colour_label,
            (x_unit, y_unit, size_unit, colour_unit),
            decimals,
        )
        marks.append(
            svg.link(p.href, text, text, circle)
            if p.href
            else f"<g><title>{svg.esc(text)}</title>{circle}</g>"
        )
    body.append("<g>" + "".join(marks) + "</g>")
    legend_top = y0 + 58
    parts: list[str] = []
    row = 0
    if coloured:
        parts, row = _colour_legend(
            [(colours[k], classes.label(k, colour_unit, decimals)) for k in range(classes.count)]
            + (
                [(svg.dots(ident), _("uppgift saknas"))]
                if any(p.colour_value is None for p in drawn)
                else []
            ),
            _("Färg: %(label)s") % {"label": colour_label},
            (x0, legend_top, width),
        )
    size_y = legend_top + row * LEGEND_ROW + R_MAX
    size_head = _("Storlek: %(label)s") % {"label": size_label}
    parts.append(svg.text(x0, size_y - R_MAX + 4, size_head, font_weight="600"))
    sx = x0 + svg.text_width(size_head, 12) + 30
    for share in (1.0, 0.25):
        r = R_MAX * math.sqrt(share)
        parts.append(svg.circle(sx + r, size_y - r + 4, r, fill="none", stroke=svg.MUTED))
        parts.append(
            svg.text(sx + 2 * r + 6, size_y, format_with_unit(largest * share, size_unit, 0))
        )
        sx += 2 * r + 16 + svg.text_width(format_with_unit(largest * share, size_unit, 0), 12) + 12
    if any(p.size is None for p in drawn):
        parts.append(
            svg.circle(
                sx + R_UNKNOWN,
                size_y - R_UNKNOWN,
                R_UNKNOWN,
                fill="none",
                stroke=svg.MUTED,
                stroke_dasharray="2 2",
            )
        )
        parts.append(svg.text(sx + 2 * R_UNKNOWN + 6, size_y, _("storlek saknas")))
    body.append("".join(parts))
    height = size_y + 16
    left_out = len(points) - len(drawn)
    names = {"n": len(drawn), "x": x_label, "y": y_label, "size": size_label}
    desc = description or (
        (
            _(
                "%(n)s områden: %(x)s (x) mot %(y)s (y), storlek %(size)s, "
                "färg %(colour)s i kvantilklasser."
            )
            % {**names, "colour": colour_label}
            if coloured
            else _("%(n)s områden: %(x)s (x) mot %(y)s (y), storlek %(size)s.") % names
        )
        + (
            " " + _("%(n)s områden saknar x- eller y-värde och visas inte.") % {"n": left_out}
            if left_out
            else ""
        )
    )
    return svg.document(
        body,
        width=width,
        height=height,
        title=title,
        desc=desc,
        ident=ident,
        interactive=any(p.href for p in drawn),
        css_class="chart chart-bubbles",
        defs=svg.pattern_defs(ident),
    )


def _colour_legend(
    items: list[tuple[str, str]], head: str, place: tuple[float, float, float]
) -> tuple[list[str], int]:
    """The colour classes as swatches in rows under ``head``; also the next free row."""
    x0, top, width = place

    def swatch(fill: str, label: str) -> Entry:
        def draw(x: float, row: int) -> list[str]:
            y = top + row * LEGEND_ROW - 4
            box = svg.rect(x, y - 12, 16, 16, fill=fill, stroke=svg.MUTED, stroke_width=0.8)
            return [box, svg.text(x + 22, y, label)]

        return 16 + 8 + svg.text_width(label, 12) + 16, draw

    marks, row = flow([swatch(f, label) for f, label in items], x0, width, first_row=1)
    return [svg.text(x0, top, head, font_weight="600"), *marks], row + 1


def _with_unit(label: str, unit: str) -> str:
    return label if unit in ("", "antal") else f"{label} ({unit})"


def _point_text(
    p: Bubble,
    x_label: str,
    y_label: str,
    size_label: str,
    colour_label: str | None,
    units: tuple[str, str, str, str],
    decimals: int,
) -> str:
    x_unit, y_unit, size_unit, colour_unit = units
    text = (
        f"{p.label}: {x_label} {format_with_unit(p.x, x_unit, decimals)}, "
        f"{y_label} {format_with_unit(p.y, y_unit, decimals)}, "
        f"{size_label} {format_with_unit(p.size, size_unit, 0)}"
    )
    if colour_label is None:
        return text
    return f"{text}, {colour_label} {format_with_unit(p.colour_value, colour_unit, decimals)}"
