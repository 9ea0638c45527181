"""Spine chart (as in Fingertips' area profiles): where an area's value lies in the
distribution of the municipality's areas, one row per indicator.

Each row is centred on the municipality's value (the median of the areas when the
municipality has none) and scaled so that the area furthest from it reaches the edge. For an
indicator with a direction the row is oriented so that *better is always to the right*
(a low-good indicator is drawn mirrored); without a direction, higher is to the right. The
light bar spans min–max, the dark bar the 25th–75th percentiles, a tick marks the median, the
vertical line the municipality and the circle the area, coloured by its comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kommunanalys.charts import svg
from kommunanalys.charts.palettes import TONES
from kommunanalys.charts.scales import format_with_unit
from kommunanalys.i18n import gettext as _
from kommunanalys.i18n.labels import OUTCOME
from kommunanalys.model import Polarity

ROW = 26
TOP = 34
LABEL_MAX = 260
VALUE_SPACE = 86
RANGE_FILL = "#e3e6ea"
IQR_FILL = "#a9b1bc"


#: the tones that are a comparison's outcome (their words are the outcomes' labels)
TONE_WORDS = ("better", "similar", "worse", "higher", "lower")


def _tone(tone: str) -> str:
    """The tone's word in the reader's language: the label of the outcome it shows."""
    return _(OUTCOME[tone])


@dataclass(frozen=True, slots=True)
class SpineRow:
    """One indicator: the area's ``value`` against the distribution of all areas' values
    (``minimum``, ``q1``, ``median``, ``q3``, ``maximum``) and the municipality's
    ``benchmark``. ``tone``: the comparison (better, similar, worse, higher, lower)."""

    label: str
    value: float | None
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float
    benchmark: float | None = None
    polarity: Polarity | str = Polarity.NEUTRAL
    tone: str | None = None
    unit: str = ""
    decimals: int = 1
    note: str | None = None
    href: str | None = None


def spine_chart(
    rows: Sequence[SpineRow],
    *,
    title: str,
    area_label: str | None = None,
    benchmark_label: str | None = None,
    description: str | None = None,
    width: int = 720,
    ident: str | None = None,
) -> str:
    """The chart as a standalone SVG document string."""
    area_label = area_label or _("Området")
    benchmark_label = benchmark_label or _("Kommunen")
    ident = ident or svg.chart_id("spine", title)
    longest = max((svg.text_width(r.label, 12) for r in rows), default=60.0)
    label_width = min(max(longest, 60.0), LABEL_MAX) + 12
    x0, x1 = label_width + 8, width - VALUE_SPACE
    body = [
        svg.text(x0, 14, "◂ " + _("Sämre (lägre)"), fill=svg.MUTED, font_size=11),
        svg.text(
            x1, 14, _("(högre) Bättre") + " ▸", fill=svg.MUTED, font_size=11, text_anchor="end"
        ),
        svg.text(
            (x0 + x1) / 2, 14, benchmark_label, fill=svg.MUTED, font_size=11, text_anchor="middle"
        ),
        svg.text(x1 + 8, 14, area_label, fill=svg.MUTED, font_size=11),
    ]
    for k, row in enumerate(rows):
        body.append(_row(row, TOP + k * ROW, x0, x1, label_width, benchmark_label))
    bottom = TOP + len(rows) * ROW
    body.append(
        svg.line((x0 + x1) / 2, TOP - 8, (x0 + x1) / 2, bottom, stroke=svg.INK, stroke_width=1.2)
    )
    legend, legend_height = _legend(8, bottom + 14, area_label, benchmark_label)
    body.append(legend)
    return svg.document(
        body,
        width=width,
        height=bottom + 14 + legend_height,
        title=title,
        desc=description
        or (
            _(
                "Varje rad visar var områdets värde ligger bland kommunens områden: ljus stapel "
                "lägsta–högsta, mörk stapel 25:e–75:e percentilen, streck medianen, lodlinjen "
                "%(benchmark)s. Bättre är alltid till höger för indikatorer med "
                "riktning; utan riktning är högre till höger."
            )
            % {"benchmark": benchmark_label.lower()}
        ),
        ident=ident,
        interactive=any(r.href for r in rows),
        css_class="chart chart-spine",
    )


def row_text(row: SpineRow, benchmark_label: str | None = None) -> str:
    """The row in words (accessible name and tooltip)."""
    benchmark_label = benchmark_label or _("kommunen")

    def fmt(v: float | None) -> str:
        return format_with_unit(v, row.unit, row.decimals)

    if row.value is None:
        missing = _(row.note) if row.note else _("uppgift saknas")
        head = f"{row.label}: {missing}"
    else:
        head = f"{row.label}: {fmt(row.value)}"
        if row.tone in TONE_WORDS:
            words = {"tone": _tone(row.tone), "benchmark": benchmark_label.lower()}
            if row.tone == "similar":
                head += ", " + _("%(tone)s med %(benchmark)s") % words
            else:
                head += ", " + _("%(tone)s än %(benchmark)s") % words
    spread = _(
        "Områdena: lägst %(min)s, 25:e percentilen %(q1)s, median "
        "%(median)s, 75:e percentilen %(q3)s, högst %(max)s"
    ) % {
        "min": fmt(row.minimum),
        "q1": fmt(row.q1),
        "median": fmt(row.median),
        "q3": fmt(row.q3),
        "max": fmt(row.maximum),
    }
    if row.benchmark is not None:
        spread += f"; {benchmark_label.lower()} {fmt(row.benchmark)}"
    return f"{head}. {spread}."


def _row(
    row: SpineRow, y: float, x0: float, x1: float, label_width: float, benchmark_label: str
) -> str:
    mid = y + ROW / 2
    centre = row.benchmark if row.benchmark is not None else row.median
    reach = (
        max(
            abs(v - centre)
            for v in (row.minimum, row.maximum, row.value if row.value is not None else centre)
        )
        or 1.0
    )
    flip = -1.0 if Polarity(row.polarity) is Polarity.LOW_GOOD else 1.0
    half = (x1 - x0) / 2 - 8

    def x(v: float) -> float:
        return (x0 + x1) / 2 + flip * (v - centre) / reach * half

    label = row.label
    if svg.text_width(label, 12) > label_width - 12:
        label = label[: max(3, int((label_width - 12) / (12 * 0.6)) - 1)].rstrip() + "…"
    lo, hi = sorted((x(row.minimum), x(row.maximum)))
    q_lo, q_hi = sorted((x(row.q1), x(row.q3)))
    parts = [
        svg.line(0, y + ROW, x1 + VALUE_SPACE, y + ROW, stroke="#eef0f3", stroke_width=1),
        svg.text(label_width - 4, mid + 4, label, text_anchor="end"),
        svg.rect(lo, mid - 7, hi - lo, 14, fill=RANGE_FILL),
        svg.rect(q_lo, mid - 7, q_hi - q_lo, 14, fill=IQR_FILL),
        svg.line(x(row.median), mid - 7, x(row.median), mid + 7, stroke="#ffffff", stroke_width=2),
    ]
    if row.value is not None:
        fill = TONES.get(row.tone or "none", TONES["none"])
        parts.append(svg.circle(x(row.value), mid, 6, fill=fill, stroke=svg.INK, stroke_width=1.2))
        value_text = format_with_unit(row.value, row.unit, row.decimals)
    else:
        value_text = _(row.note) if row.note else "–"
    parts.append(svg.text(x1 + 8, mid + 4, value_text, font_weight="600"))
    text = row_text(row, benchmark_label)
    inner = "".join(parts)
    if row.href:
        return svg.link(row.href, text, text, inner)
    return f"<g><title>{svg.esc(text)}</title>{inner}</g>"


def _legend(x0: float, top: float, area_label: str, benchmark_label: str) -> tuple[str, float]:
    y = top + 8
    parts = [
        svg.rect(x0, y - 6, 28, 12, fill=RANGE_FILL),
        svg.text(x0 + 34, y + 4, _("lägsta–högsta")),
        svg.rect(x0 + 140, y - 6, 28, 12, fill=IQR_FILL),
        svg.text(x0 + 174, y + 4, _("25:e–75:e percentilen")),
        svg.line(x0 + 340, y - 8, x0 + 340, y + 8, stroke=svg.INK, stroke_width=1.2),
        svg.text(x0 + 348, y + 4, benchmark_label),
    ]
    y += 22
    offset = x0
    for tone in ("better", "similar", "worse", "higher"):
        parts.append(
            svg.circle(offset + 6, y, 6, fill=TONES[tone], stroke=svg.INK, stroke_width=1.2)
        )
        word = _tone(tone) if tone != "higher" else _("högre/lägre")
        parts.append(svg.text(offset + 16, y + 4, word))
        offset += 16 + svg.text_width(word, 12) + 18
    parts.append(svg.circle(offset + 6, y, 6, fill=TONES["none"], stroke=svg.INK, stroke_width=1.2))
    parts.append(svg.text(offset + 16, y + 4, _("%(area)s (ej jämförd)") % {"area": area_label}))
    return "".join(parts), 44
