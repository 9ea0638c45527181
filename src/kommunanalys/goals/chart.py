"""One small SVG chart per goal indicator: the full-year values, the etappmål and the målvärde.

The web page, the HTML and PDF reports and (rendered to PNG) the Word report all draw it with
this function, so that a chart looks the same everywhere. Plain SVG text, no scripts; the
indicator table beside it is its text alternative.
"""

from __future__ import annotations

from html import escape

from kommunanalys.formatting import format_goal
from kommunanalys.goals.model import GoalIndicator, GoalValue, Period, Target
from kommunanalys.i18n import current_language
from kommunanalys.i18n import gettext as _

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 34
INK, MUTED, LINE = "#1b1f24", "#4a5563", "#d5dae1"
VALUE, TARGET, GOAL = "#00539b", "#b35806", "#542788"


def goal_chart_svg(
    indicator: GoalIndicator,
    values: list[GoalValue],
    targets: list[Target],
    *,
    up_to_year: int,
    first_year: int | None = None,
) -> str:
    """The chart as an SVG document string (empty string when there is nothing to draw)."""
    series = sorted(
        (v.year, value)
        for v in values
        if v.indicator == indicator.id
        and v.period == Period.FULL_YEAR
        and (value := v.value) is not None
        and v.year <= up_to_year
        and (first_year is None or v.year >= first_year)
    )
    etapp = sorted(
        (t.year, value)
        for t in targets
        if t.indicator == indicator.id
        and t.kind == "etappmal"
        and (value := t.value) is not None
        and t.year <= up_to_year + 1
        and (first_year is None or t.year >= first_year)
    )
    goal = next(  # (year, value) of the first målvärde
        (
            (t.year, value)
            for t in sorted(targets, key=lambda t: t.year)
            if t.indicator == indicator.id
            and t.kind == "malvarde"
            and (value := t.value) is not None
        ),
        None,
    )
    if not series:
        return ""
    years = sorted({y for y, _ in series} | {y for y, _ in etapp})
    numbers = [v for _, v in series] + [v for _, v in etapp] + ([goal[1]] if goal else [])
    low, high = min(0.0, min(numbers)), max(numbers)
    high = high + (high - low) * 0.1 or 1.0
    x0, x1 = LEFT, WIDTH - RIGHT
    y0, y1 = HEIGHT - BOTTOM, TOP

    def x(year: int) -> float:
        if len(years) == 1:
            return (x0 + x1) / 2
        return x0 + (x1 - x0) * (year - years[0]) / (years[-1] - years[0])

    def y(value: float) -> float:
        return y0 - (y0 - y1) * (value - low) / (high - low)

    def fmt(value: float) -> str:
        return format_goal(value, indicator, lang=current_language())

    title = f"{indicator.name}: " + ", ".join(f"{yr} {fmt(v)}" for yr, v in series)
    if goal:
        goal_year, goal_value = goal
        target = _("målvärde %(year)s") % {"year": goal_year}
        title += f"; {target} {fmt(goal_value)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="{LINE}"/>',
        f'<text x="{x0 - 6}" y="{y0 + 4}" text-anchor="end" fill="{MUTED}">{fmt(low)}</text>',
        f'<text x="{x0 - 6}" y="{y1 + 8}" text-anchor="end" fill="{MUTED}">{fmt(high)}</text>',
    ]
    for yr in years:
        parts.append(
            f'<text x="{x(yr):.1f}" y="{y0 + 16}" text-anchor="middle" fill="{MUTED}">{yr}</text>'
        )
    if goal:
        goal_year, goal_value = goal
        gy = y(goal_value)
        parts.append(
            f'<line x1="{x0}" y1="{gy:.1f}" x2="{x1}" y2="{gy:.1f}" stroke="{GOAL}" '
            f'stroke-dasharray="6 4" stroke-width="1.5"/>'
            f'<text x="{x1}" y="{gy - 4:.1f}" text-anchor="end" fill="{GOAL}">'
            + escape(_("målvärde %(year)s") % {"year": goal_year})
            + f": {fmt(goal_value)}</text>"
        )
    points = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in series)
    parts.append(f'<polyline points="{points}" fill="none" stroke="{VALUE}" stroke-width="2.5"/>')
    for yr, v in series:
        parts.append(
            f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="4" fill="{VALUE}"/>'
            f'<text x="{x(yr):.1f}" y="{y(v) - 8:.1f}" text-anchor="middle" fill="{INK}">'
            f"{fmt(v)}</text>"
        )
    for yr, v in etapp:
        cx, cy = x(yr), y(v)
        parts.append(
            f'<path d="M{cx - 5:.1f},{cy:.1f} L{cx:.1f},{cy - 5:.1f} L{cx + 5:.1f},{cy:.1f} '
            f'L{cx:.1f},{cy + 5:.1f} Z" fill="none" stroke="{TARGET}" stroke-width="2"/>'
        )
    legend_y = HEIGHT - 6
    parts.append(
        f'<circle cx="{x0}" cy="{legend_y - 4}" r="4" fill="{VALUE}"/>'
        f'<text x="{x0 + 8}" y="{legend_y}" fill="{MUTED}">{escape(_("utfall"))}</text>'
        f'<path d="M{x0 + 62},{legend_y - 4} l5,-5 l5,5 l-5,5 Z" fill="none" stroke="{TARGET}" '
        f'stroke-width="2"/><text x="{x0 + 76}" y="{legend_y}" fill="{MUTED}">'
        f"{escape(_('etappmål'))}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
