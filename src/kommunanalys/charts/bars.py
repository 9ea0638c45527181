"""Horizontal bar chart with interval whiskers: a ranking of areas, or areas side by side.

A suppressed or missing value is never drawn as a zero-length bar: its row gets a patterned
marker (hatched for "skyddad", dotted for missing) and the reason in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kommunanalys.charts import svg
from kommunanalys.charts.palettes import BAR, BAR_HIGHLIGHT, BAR_TONES
from kommunanalys.charts.scales import (
    LinearScale,
    extent,
    format_interval,
    format_with_unit,
    tick_decimals,
)
from kommunanalys.i18n import gettext as _

ROW = 22
BAR_HEIGHT = 13
TOP = 30
BOTTOM = 44
LABEL_MAX = 300
VALUE_SPACE = 92
MARKER_WIDTH = 40

#: the notes callers pass (Swedish, compared as they are); drawn in the reader's language
SUPPRESSED_NOTE = "skyddad"
MISSING_NOTE = "uppgift saknas"


@dataclass(frozen=True, slots=True)
class Bar:
    """One row. ``value`` None is drawn as suppressed when ``note`` is "skyddad", else as
    missing with ``note`` (or "uppgift saknas") as its text. ``tone`` (better, similar, worse,
    higher, lower) colours the bar by its comparison with the benchmark."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    href: str | None = None
    highlight: bool = False
    note: str | None = None
    tone: str | None = None


def bar_chart(
    rows: Sequence[Bar],
    *,
    title: str,
    unit: str,
    decimals: int = 1,
    description: str | None = None,
    benchmark: float | None = None,
    benchmark_label: str | None = None,
    width: int = 720,
    ident: str | None = None,
) -> str:
    """The chart as a standalone SVG document string.

    ``benchmark`` draws a vertical reference line (e.g. the kommun value) labelled
    ``benchmark_label``. Rows are drawn in the order given."""
    ident = ident or svg.chart_id("bars", title)
    longest = max((svg.text_width(r.label, 12) for r in rows), default=40.0)
    label_width = min(max(longest, 40.0), LABEL_MAX) + 12
    x0, x1 = label_width, width - VALUE_SPACE
    numbers = [x for r in rows for x in (r.value, r.low, r.high)]
    if benchmark is not None:
        numbers.append(benchmark)
    low, high = extent(numbers, include_zero=True)
    scale, ticks = LinearScale.nice(low, high, x0, x1, count=max(2, int((x1 - x0) // 90)))
    height = TOP + ROW * max(len(rows), 1) + BOTTOM
    body: list[str] = []
    bottom = TOP + ROW * len(rows)
    for tick in ticks:
        x = scale(tick)
        body.append(svg.line(x, TOP - 4, x, bottom, stroke=svg.GRID, stroke_width=1))
        label = format_with_unit(tick, "", tick_decimals(ticks))
        body.append(svg.text(x, TOP - 9, label, text_anchor="middle", fill=svg.MUTED, font_size=11))
    zero = scale(0.0) if ticks[0] <= 0 <= ticks[-1] else x0
    body.append(svg.line(zero, TOP - 4, zero, bottom, stroke=svg.AXIS, stroke_width=1))
    unit_text = "" if unit in ("", "antal") else f" ({unit})"
    body.append(svg.text(x1, height - 10, f"{title}{unit_text}", text_anchor="end", fill=svg.MUTED))
    suppressed = missing = 0
    for k, row in enumerate(rows):
        y = TOP + k * ROW
        body.append(_row(row, y, scale, zero, x0, label_width, unit, decimals, ident))
        if row.value is None:
            if row.note == SUPPRESSED_NOTE:
                suppressed += 1
            else:
                missing += 1
    if benchmark is not None:
        bx = scale(benchmark)
        label = benchmark_label or _("Jämförelse")
        value = format_with_unit(benchmark, unit, decimals)
        body.append(
            svg.line(
                bx,
                TOP - 4,
                bx,
                bottom + 4,
                stroke=svg.INK,
                stroke_width=1.5,
                stroke_dasharray="4 3",
            )
        )
        body.append(
            svg.text(
                bx,
                bottom + 16,
                f"{label} {value}",
                text_anchor="middle",
                font_size=11,
                font_weight="600",
            )
        )
    desc = description or _describe(rows, unit, decimals, suppressed, missing)
    return svg.document(
        body,
        width=width,
        height=height,
        title=title,
        desc=desc,
        ident=ident,
        interactive=any(r.href for r in rows),
        css_class="chart chart-bars",
        defs=svg.pattern_defs(ident) if suppressed or missing else (),
    )


def _row(
    row: Bar,
    y: float,
    scale: LinearScale,
    zero: float,
    x0: float,
    label_width: float,
    unit: str,
    decimals: int,
    ident: str,
) -> str:
    mid = y + ROW / 2
    label = _fit(row.label, label_width - 12)
    weight = "700" if row.highlight else None
    parts = [
        svg.text(label_width - 8, mid + 4, label, text_anchor="end", font_weight=weight),
    ]
    if row.value is None:
        suppressed = row.note == SUPPRESSED_NOTE
        fill = svg.hatch(ident) if suppressed else svg.dots(ident)
        note = _("skyddad") if suppressed else _(row.note) if row.note else _("uppgift saknas")
        parts.append(
            svg.rect(
                x0,
                mid - BAR_HEIGHT / 2,
                MARKER_WIDTH,
                BAR_HEIGHT,
                fill=fill,
                stroke=svg.MUTED,
                stroke_width=0.8,
            )
        )
        parts.append(
            svg.text(x0 + MARKER_WIDTH + 6, mid + 4, note, fill=svg.MUTED, font_style="italic")
        )
        spoken = f"{row.label}: {note}"
    else:
        end = scale(row.value)
        fill = BAR_TONES.get(row.tone or "", BAR_HIGHLIGHT if row.highlight else BAR)
        parts.append(
            svg.rect(
                min(zero, end),
                mid - BAR_HEIGHT / 2,
                abs(end - zero),
                BAR_HEIGHT,
                fill=fill,
                stroke=BAR_HIGHLIGHT if row.highlight else None,
            )
        )
        reach = end
        if row.low is not None and row.high is not None:
            lo, hi = scale(row.low), scale(row.high)
            parts.append(svg.line(lo, mid, hi, mid, stroke=svg.INK, stroke_width=1.3))
            parts.append(svg.line(lo, mid - 5, lo, mid + 5, stroke=svg.INK, stroke_width=1.3))
            parts.append(svg.line(hi, mid - 5, hi, mid + 5, stroke=svg.INK, stroke_width=1.3))
            reach = max(end, hi)
        value_text = format_with_unit(row.value, unit, decimals)
        parts.append(svg.text(max(reach, zero) + 6, mid + 4, value_text, font_weight=weight))
        interval = format_interval(row.low, row.high, unit, decimals)
        spoken = f"{row.label}: {value_text}" + (
            " (" + _("95 % KI") + f" {interval})" if interval else ""
        )
    inner = "".join(parts)
    if row.highlight:
        inner = svg.rect(0, y + 1, scale.r1 + VALUE_SPACE, ROW - 2, fill="#fff4d6") + inner
    if row.href:
        return svg.link(row.href, spoken, spoken, inner)
    return f"<g><title>{svg.esc(spoken)}</title>{inner}</g>"


def _fit(label: str, space: float) -> str:
    """The label, shortened with "…" when it would not fit the label column."""
    if svg.text_width(label, 12) <= space:
        return label
    keep = max(3, int(space / (12 * 0.6)) - 1)
    return label[:keep].rstrip() + "…"


def _describe(rows: Sequence[Bar], unit: str, decimals: int, suppressed: int, missing: int) -> str:
    shown = [r for r in rows if r.value is not None]
    parts = [_("%(n)s rader.") % {"n": len(rows)}]
    if shown:
        top = max(shown, key=lambda r: r.value or 0.0)
        bottom = min(shown, key=lambda r: r.value or 0.0)
        high = format_with_unit(top.value, unit, decimals)
        low = format_with_unit(bottom.value, unit, decimals)
        parts.append(_("Högst %(name)s %(value)s,") % {"name": top.label, "value": high})
        parts.append(_("lägst %(name)s %(value)s.") % {"name": bottom.label, "value": low})
    if suppressed:
        parts.append(_("%(n)s skyddade (visas inte för att skydda enskilda).") % {"n": suppressed})
    if missing:
        parts.append(_("%(n)s utan uppgift.") % {"n": missing})
    parts.append(_("Streck visar 95 % konfidensintervall där det finns."))
    return " ".join(parts)
