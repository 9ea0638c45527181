"""Point markers in several shapes, so that series differ by shape as well as by colour."""

from __future__ import annotations

import math

from kommunanalys.charts import svg
from kommunanalys.charts.svg import attrs, num

SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "triangle-down", "plus")


def marker(shape: str, x: float, y: float, r: float, fill: str, **extra: object) -> str:
    """One marker centred on (x, y) with "radius" ``r``, white-edged so that it stands out on
    lines and whiskers."""
    common = attrs(fill=fill, stroke="#ffffff", stroke_width=1.0, **extra)
    if shape == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" {common}/>'
    if shape == "square":
        s = r * 0.9
        size = f'x="{num(x - s)}" y="{num(y - s)}" width="{num(2 * s)}" height="{num(2 * s)}"'
        return f"<rect {size} {common}/>"
    if shape == "diamond":
        d = r * 1.25
        points = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    elif shape == "triangle-down":
        d = r * 1.2
        points = [(x - d, y - d * 0.8), (x + d, y - d * 0.8), (x, y + d)]
    elif shape == "plus":
        a, b = r * 1.2, r * 0.45
        points = [
            (x - b, y - a),
            (x + b, y - a),
            (x + b, y - b),
            (x + a, y - b),
            (x + a, y + b),
            (x + b, y + b),
            (x + b, y + a),
            (x - b, y + a),
            (x - b, y + b),
            (x - a, y + b),
            (x - a, y - b),
            (x - b, y - b),
        ]
    else:  # triangle
        d = r * 1.2
        h = d * math.sqrt(3) / 2
        points = [(x, y - d), (x + h, y + d / 2), (x - h, y + d / 2)]
    coords = " ".join(f"{num(px)},{num(py)}" for px, py in points)
    return f'<polygon points="{coords}" {common}/>'


def y_gridline(x0: float, x1: float, y: float, label: str) -> list[str]:
    """A horizontal grid line across the plot and its tick label left of the axis."""
    return [
        svg.line(x0, y, x1, y, stroke=svg.GRID, stroke_width=1),
        svg.text(x0 - 6, y + 4, label, text_anchor="end", fill=svg.MUTED, font_size=11),
    ]
