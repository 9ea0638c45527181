"""Choropleth map of one indicator over a municipality's areas (DeSO or RegSO).

Every area is a link to its profile (a Tab stop, with "name: value (interval)" as its
accessible name and a ``<title>`` tooltip). Classes come from :mod:`.classify`, colours from
:mod:`.palettes` following the indicator's polarity. A suppressed area is hatched and a
missing one dotted grey, each explained in the legend; neither is ever coloured as a value.

Coloured by comparison instead (``categories``, as Fingertips' map colours by the
comparison with the benchmark): each area's ``category`` (an outcome code) decides its fill,
its name and tooltip end with the category's label, its path carries the code
(``data-outcome``), and the legend lists the categories with their counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from kommunanalys.charts import geo, svg
from kommunanalys.charts.classify import METHODS, Classes
from kommunanalys.charts.legend import LEGEND_ROW, Entry, flow
from kommunanalys.charts.palettes import sequential
from kommunanalys.charts.scales import format_interval, format_with_unit
from kommunanalys.i18n import gettext as _
from kommunanalys.model import Polarity

SUPPRESSED_NOTE = "skyddad"
SUPPRESSED_TEXT = "Skyddad: visas inte för att skydda enskilda"
MISSING_TEXT = "Uppgift saknas"
POLARITY_TEXT = {
    Polarity.HIGH_GOOD: "Blått = högre värden (bättre), rött = lägre (sämre).",
    Polarity.LOW_GOOD: "Blått = lägre värden (bättre), rött = högre (sämre).",
    Polarity.NEUTRAL: "Mörkare = högre värde (ingen bättre/sämre-riktning).",
}
SWATCH = 16
#: Area borders: mid grey, visible on the light middle class and on the patterns.
AREA_EDGE = "#7b8591"


def _reader_text(text: str) -> str:
    """One of the constant texts above in the reader's language (the literals are repeated
    here so that ``pybabel extract`` finds them; the constants stay Swedish for callers)."""
    translated = {
        SUPPRESSED_TEXT: _("Skyddad: visas inte för att skydda enskilda"),
        MISSING_TEXT: _("Uppgift saknas"),
        POLARITY_TEXT[Polarity.HIGH_GOOD]: _(
            "Blått = högre värden (bättre), rött = lägre (sämre)."
        ),
        POLARITY_TEXT[Polarity.LOW_GOOD]: _("Blått = lägre värden (bättre), rött = högre (sämre)."),
        POLARITY_TEXT[Polarity.NEUTRAL]: _("Mörkare = högre värde (ingen bättre/sämre-riktning)."),
    }
    return translated.get(text) or _(text)


#: The dash of an overlay's borders (and its legend swatch).
OVERLAY_DASH = "5 3"


class MapArea(NamedTuple):
    """One area: ``value`` None with ``note`` "skyddad" is suppressed, otherwise missing.

    An immutable named tuple rather than a frozen dataclass: a national map makes 6 000 of
    them per first request, and a frozen dataclass sets each field through
    ``object.__setattr__``: about seven times as long to make as a tuple."""

    code: str
    name: str
    value: float | None
    low: float | None = None
    high: float | None = None
    note: str | None = None
    href: str | None = None
    geometry: Mapping[str, Any] | str | None = None
    #: the area's category on a map coloured by category (its comparison's code)
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """One colour of a map coloured by category: the code, its fill and its label."""

    code: str
    fill: str
    label: str


def area_text(area: MapArea, unit: str, decimals: int) -> str:
    """ "Name: value (95 % KI low–high)", or the reason there is no value."""
    if area.value is None:
        reason = SUPPRESSED_TEXT if area.note == SUPPRESSED_NOTE else (area.note or MISSING_TEXT)
        return f"{area.name}: {_reader_text(reason).lower()}"
    text = f"{area.name}: {format_with_unit(area.value, unit, decimals)}"
    interval = format_interval(area.low, area.high, unit, decimals)
    return f"{text} (" + _("95 % KI") + f" {interval})" if interval else text


def choropleth(
    areas: Sequence[MapArea],
    *,
    title: str,
    unit: str,
    classes: Classes,
    polarity: Polarity | str = Polarity.NEUTRAL,
    decimals: int = 1,
    frame: geo.MapFrame | None = None,
    outline: Mapping[str, Any] | str | None = None,
    outline_label: str | None = None,
    overlay_label: str | None = None,
    description: str | None = None,
    width: int = 640,
    ident: str | None = None,
    categories: Sequence[Category] = (),
    category_title: str = "",
    category_note: str = "",
) -> str:
    """The map as a standalone SVG document string.

    ``frame`` holds the areas' projected paths (see :func:`geo.frame`); without it they are
    projected here from each area's ``geometry``. Areas without a shape are left out of the
    drawing (they are in the table beside the map). With ``categories`` the areas are
    coloured by their ``category`` (see the module docstring); ``category_title`` heads the
    legend and ``category_note`` ends it."""
    ident = ident or svg.chart_id("map", title)
    if frame is None:
        frame = geo.frame({a.code: a.geometry for a in areas}, width, outline)
    colours = sequential(classes.count, polarity) if classes.count else ()
    counts = [0] * classes.count
    by_code = {c.code: c for c in categories}
    in_category = dict.fromkeys(by_code, 0)
    suppressed = missing = 0
    shapes: list[str] = []
    for area in areas:
        d = frame.paths.get(area.code)
        k = classes.index(area.value)
        category = by_code.get(area.category or "") if categories else None
        if area.value is None:
            if area.note == SUPPRESSED_NOTE:
                suppressed += 1
                fill = svg.hatch(ident)
            else:
                missing += 1
                fill = svg.dots(ident)
        elif categories:
            fill = category.fill if category else "#ffffff"
            if category:
                in_category[category.code] += 1
        else:
            fill = colours[k] if k is not None else "#ffffff"
            if k is not None:
                counts[k] += 1
        if not d:
            continue
        text = area_text(area, unit, decimals)
        if category is not None and area.value is not None:
            text = f"{text} – {category.label}"
        shape = (
            f'<path d="{d}" '
            + svg.attrs(
                fill=fill,
                stroke=AREA_EDGE,
                stroke_width=0.7,
                fill_rule="evenodd",
                data_outcome=area.category if categories and area.value is not None else None,
            )
            + "/>"
        )
        shapes.append(
            svg.link(area.href, text, text, shape)
            if area.href
            else f"<g><title>{svg.esc(text)}</title>{shape}</g>"
        )
    body = [
        svg.rect(0, 0, frame.width, frame.height, fill="#ffffff"),
        '<g class="areas">' + "".join(shapes) + "</g>",
    ]
    if frame.outline:
        body.append(
            f'<path d="{frame.outline}" '
            + svg.attrs(fill="none", stroke=svg.INK, stroke_width=1.4, fill_rule="evenodd")
            + ' pointer-events="none"/>'
        )
    if frame.overlays:  # named in the page's text; drawn as dashed borders over the areas
        body.append(
            '<g class="overlay" pointer-events="none">'
            + "".join(
                f'<path d="{d}" '
                + svg.attrs(
                    fill="none",
                    stroke=svg.INK,
                    stroke_width=2.2,
                    stroke_dasharray=OVERLAY_DASH,
                    fill_rule="evenodd",
                )
                + "/>"
                for d in frame.overlays.values()
            )
            + "".join(
                svg.text(
                    x,
                    y + 4,
                    name,
                    text_anchor="middle",
                    font_size=11,
                    font_weight="700",
                    stroke="#ffffff",
                    stroke_width=3,
                    paint_order="stroke",
                )
                for name, (x, y) in frame.overlay_points.items()
            )
            + "</g>"
        )
    lines: list[tuple[str, str | None]] = (
        [(outline_label, None)] if outline_label and frame.outline else []
    )
    if overlay_label and frame.overlays:
        lines.append((overlay_label, OVERLAY_DASH))
    if categories:
        items = [
            (c.fill, f"{c.label} ({_count(in_category[c.code])})")
            for c in categories
            if in_category[c.code]
        ]
        heading, note = category_title, category_note
    else:
        items = [
            (colours[k], f"{classes.label(k, unit, decimals)} ({_count(counts[k])})")
            for k in range(classes.count)
        ]
        method = _(METHODS.get(classes.method, classes.method))
        heading = _("Klasser: %(method)s") % {"method": method}
        note = _reader_text(POLARITY_TEXT[Polarity(polarity)])
    if suppressed:
        items.append((svg.hatch(ident), f"{_reader_text(SUPPRESSED_TEXT)} ({_count(suppressed)})"))
    if missing:
        items.append((svg.dots(ident), f"{_reader_text(MISSING_TEXT)} ({_count(missing)})"))
    legend, legend_height = _legend(items, heading, note, frame.height + 12, frame.width, lines)
    body.append(legend)
    if description:
        desc = description
    elif categories:
        desc = _describe_categories(areas, categories, in_category, suppressed, missing)
    else:
        desc = _describe(areas, classes, counts, suppressed, missing, unit, decimals)
    return svg.document(
        body,
        width=frame.width,
        height=frame.height + 12 + legend_height,
        title=title,
        desc=desc,
        ident=ident,
        interactive=any(a.href for a in areas),
        css_class="chart chart-map",
        defs=svg.pattern_defs(ident),
    )


def _legend(
    items: Sequence[tuple[str, str]],
    heading: str,
    note: str,
    top: float,
    width: float,
    lines: Sequence[tuple[str, str | None]] = (),
) -> tuple[str, float]:
    """The heading, swatches (each class's range and count, or each category's label and
    count, then the patterns), the lines, then the colour rule."""
    parts = [svg.text(8, top + 4, heading, font_weight="600")]

    def swatch(fill: str, label: str) -> Entry:
        def draw(x: float, row: int) -> list[str]:
            y = top + row * LEGEND_ROW
            box = svg.rect(x, y - 6, SWATCH, SWATCH, fill=fill, stroke=svg.MUTED, stroke_width=0.8)
            return [box, svg.text(x + SWATCH + 6, y + 6, label)]

        return SWATCH + 8 + svg.text_width(label, 12) + 18, draw

    def line(label: str, dash: str | None) -> Entry:  # the RegSO borders, the overlay
        def draw(x: float, row: int) -> list[str]:
            y = top + row * LEGEND_ROW
            return [
                svg.line(
                    x,
                    y + 2,
                    x + SWATCH,
                    y + 2,
                    stroke=svg.INK,
                    stroke_width=1.6,
                    stroke_dasharray=dash,
                ),
                svg.text(x + SWATCH + 6, y + 6, label),
            ]

        return SWATCH + 8 + svg.text_width(label, 12) + 18, draw

    entries = [swatch(fill, label) for fill, label in items]
    entries += [line(label, dash) for label, dash in lines]
    marks, row = flow(entries, 8.0, width, first_row=1)
    parts += marks
    row += 1
    parts.append(svg.text(8, top + row * LEGEND_ROW + 6, note, fill=svg.MUTED))
    return "".join(parts), (row + 1) * LEGEND_ROW


def _describe(
    areas: Sequence[MapArea],
    classes: Classes,
    counts: list[int],
    suppressed: int,
    missing: int,
    unit: str,
    decimals: int,
) -> str:
    shown = [a for a in areas if a.value is not None]
    parts = [
        _("Karta med %(n)s områden i %(classes)s klasser.")
        % {"n": len(areas), "classes": classes.count}
    ]
    if shown:
        top = max(shown, key=lambda a: a.value or 0.0)
        bottom = min(shown, key=lambda a: a.value or 0.0)
        parts.append(
            _("Högst %(high_name)s %(high)s, lägst %(low_name)s %(low)s.")
            % {
                "high_name": top.name,
                "high": format_with_unit(top.value, unit, decimals),
                "low_name": bottom.name,
                "low": format_with_unit(bottom.value, unit, decimals),
            }
        )
    if suppressed:
        parts.append(_("%(n)s skyddade områden (streckade).") % {"n": suppressed})
    if missing:
        parts.append(_("%(n)s områden utan uppgift (prickade).") % {"n": missing})
    return " ".join(parts)


def _describe_categories(
    areas: Sequence[MapArea],
    categories: Sequence[Category],
    counts: Mapping[str, int],
    suppressed: int,
    missing: int,
) -> str:
    parts = [_("Karta med %(n)s områden färgade efter jämförelsen.") % {"n": len(areas)}]
    parts += [f"{c.label}: {_count(counts[c.code])}." for c in categories if counts[c.code]]
    if suppressed:
        parts.append(_("%(n)s skyddade områden (streckade).") % {"n": suppressed})
    if missing:
        parts.append(_("%(n)s områden utan uppgift (prickade).") % {"n": missing})
    return " ".join(parts)


def _count(n: int) -> str:
    """ "12 st" / "12 areas" after a legend item."""
    return _("%(n)s st") % {"n": n}
