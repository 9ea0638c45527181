"""The population pyramid: men to the left, women to the right, one bar per age band (youngest
at the bottom), each the band's share of the area's population, with the comparison area's
shares (the kommun) drawn as an outline over the bars.

Shares, not counts, so that a DeSO of 1 500 people and its kommun of 115 000 share one scale.
A band without a number (suppressed or missing) is drawn hatched at no length and named as
such in the description. The chart is an image (``role="img"``); the page gives the same
numbers as a table for the keyboard and screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kommunanalys.charts import svg
from kommunanalys.charts.scales import LinearScale
from kommunanalys.formatting import format_number
from kommunanalys.i18n import current_language
from kommunanalys.i18n import gettext as _

ROW = 20
TOP = 44
BOTTOM = 52
LABEL = 56  # the centre column of band labels
WOMEN = "#b35806"  # orange and blue: apart for every kind of colour vision, ≥ 3:1 on white
MEN = "#2166ac"


@dataclass(frozen=True, slots=True)
class PyramidRow:
    label: str  # "0–4", …, "80+"
    men: float | None  # share of the area's population, in %; None: no number
    women: float | None
    reference_men: float | None  # the comparison area's shares (the outline)
    reference_women: float | None


def pyramid_chart(
    rows: Sequence[PyramidRow],
    *,
    title: str,
    reference_label: str,
    width: int = 640,
    ident: str | None = None,
) -> str:
    """The pyramid as a standalone SVG document; ``rows`` youngest first."""
    ident = ident or svg.chart_id("pyramid", title)
    lang = current_language()
    shares = [
        x
        for r in rows
        for x in (r.men, r.women, r.reference_men, r.reference_women)
        if x is not None
    ]
    side = (width - LABEL) / 2 - 16
    scale, ticks = LinearScale.nice(0.0, max(shares, default=1.0), 0.0, side, count=4)
    centre = width / 2
    height = TOP + ROW * len(rows) + BOTTOM
    body: list[str] = []
    left_edge, right_edge = centre - LABEL / 2, centre + LABEL / 2
    bottom = TOP + ROW * len(rows)
    for tick in ticks:  # the grid, mirrored
        for x in (left_edge - scale(tick), right_edge + scale(tick)):
            body.append(svg.line(x, TOP - 4, x, bottom, stroke=svg.GRID, stroke_width=1))
            label = format_number(tick, 0 if float(tick).is_integer() else 1, lang=lang)
            body.append(svg.text(x, bottom + 14, f"{label} %", text_anchor="middle", font_size=11))
    body.append(svg.text(left_edge, TOP - 16, _("Män"), text_anchor="end", font_weight="600"))
    body.append(svg.text(right_edge, TOP - 16, _("Kvinnor"), font_weight="600"))
    missing = 0
    for k, row in enumerate(reversed(rows)):  # the oldest at the top
        y = TOP + k * ROW
        body.append(svg.text(centre, y + ROW * 0.7, row.label, text_anchor="middle"))
        for share, reference, sign, colour in (
            (row.men, row.reference_men, -1, MEN),
            (row.women, row.reference_women, 1, WOMEN),
        ):
            edge = left_edge if sign < 0 else right_edge
            if share is None:
                missing += 1
                x = edge - 14 if sign < 0 else edge
                body.append(svg.rect(x, y + 3, 14, ROW - 6, fill=svg.hatch(ident)))
            else:
                length = scale(share)
                x = edge - length if sign < 0 else edge
                body.append(svg.rect(x, y + 3, length, ROW - 6, fill=colour))
            if reference is not None:
                length = scale(reference)
                x = edge - length if sign < 0 else edge
                body.append(
                    svg.rect(
                        x, y + 1, length, ROW - 2, fill="none", stroke=svg.INK, stroke_width=1.5
                    )
                )
    legend_y = height - 16
    body.append(svg.rect(16, legend_y - 10, 22, 12, fill="none", stroke=svg.INK, stroke_width=1.5))
    body.append(
        svg.text(44, legend_y, _("Ram: %(name)s") % {"name": reference_label}, font_size=11)
    )
    desc = _describe(rows, reference_label, missing, lang)
    return svg.document(
        body,
        width=width,
        height=height,
        title=title,
        desc=desc,
        ident=ident,
        interactive=False,
        css_class="chart chart-pyramid",
        defs=svg.pattern_defs(ident) if missing else (),
    )


def _describe(rows: Sequence[PyramidRow], reference: str, missing: int, lang: str) -> str:
    def pct(x: float | None) -> str:
        return "–" if x is None else format_number(x, 1, lang=lang) + " %"

    largest = max(
        (r for r in rows if r.men is not None and r.women is not None),
        key=lambda r: (r.men or 0) + (r.women or 0),
        default=None,
    )
    text = _("Befolkningspyramid: andel av befolkningen per femårsgrupp, män och kvinnor.")
    if largest is not None:
        text += " " + _("Största gruppen: %(band)s år (män %(men)s, kvinnor %(women)s).") % {
            "band": largest.label,
            "men": pct(largest.men),
            "women": pct(largest.women),
        }
    text += " " + _("Ramarna visar %(name)s.") % {"name": reference}
    if missing:
        text += " " + _("%(n)s grupper saknar värde (skyddade eller saknas).") % {"n": missing}
    return text
