"""SVG markup shared by every chart: escaping, numbers, the accessible document wrapper and the
fill patterns that mark suppressed and missing values.

Charts are plain strings: they are embedded in pages (inline SVG), downloaded as ``.svg`` and
rendered to PNG, so the markup must stand alone. The Content-Security-Policy forbids inline
``style`` attributes, so everything here uses presentation attributes (``fill``, ``stroke``)
or CSS classes; no ``style=`` is ever written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from html import escape

from kommunanalys.charts.limits import svg_size

#: Fonts every platform has; the standalone file does not depend on the page's CSS.
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#1b1f24"
MUTED = "#4a5563"
GRID = "#d5dae1"
AXIS = "#8a94a3"
#: Focus ring colour, the same as the site's (:focus-visible in app.css).
FOCUS = "#ffbf47"


def esc(text: object) -> str:
    """Text or attribute value made safe for XML (quotes included)."""
    return escape(str(text), quote=True)


def num(x: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros (small payloads)."""
    text = f"{x:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def attrs(**values: object) -> str:
    """``key="value"`` pairs; ``None`` is left out, ``_`` in a name becomes ``-``
    (``stroke_width`` → ``stroke-width``) and a trailing ``_`` is dropped (``class_``)."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        text = num(value) if isinstance(value, float) else str(value)
        parts.append(f'{name}="{esc(text)}"')
    return " ".join(parts)


def text_width(text: str, size: float) -> float:
    """An estimate of the rendered width of ``text`` (no font metrics at hand): wide enough
    for label columns to fit typical Swedish area names without measuring."""
    return len(text) * size * 0.6


def chart_id(kind: str, title: str) -> str:
    """A stable id prefix for a chart, so that two charts on one page never share ids."""
    digest = hashlib.blake2s(f"{kind}:{title}".encode(), digest_size=4).hexdigest()
    return f"{kind}-{digest}"


def document(
    body: Iterable[str],
    *,
    width: float,
    height: float,
    title: str,
    desc: str,
    ident: str,
    interactive: bool,
    css_class: str,
    defs: Iterable[str] = (),
) -> str:
    """The chart's ``<svg>`` root with its accessible name (``<title>``) and description.

    A chart whose marks are links or focusable is a ``group`` (a screen reader can enter it and
    reach the marks); a static chart is one ``img``, whose children are presentational."""
    role = "group" if interactive else "img"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f"{attrs(class_=css_class, width=width, height=height)} "
        f'viewBox="0 0 {num(width)} {num(height)}" role="{role}" '
        f'aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{esc(FONT)}" font-size="12" fill="{INK}">'
        f'<title id="{ident}-title">{esc(title)}</title>'
        f'<desc id="{ident}-desc">{esc(desc)}</desc>'
    )
    definitions = "".join(defs)
    return head + (f"<defs>{definitions}</defs>" if definitions else "") + "".join(body) + "</svg>"


def pattern_defs(ident: str) -> list[str]:
    """Fill patterns: diagonal hatching for a suppressed value, dots for a missing one.

    A pattern, not a colour, so that the mark reads the same in greyscale and for every kind of
    colour vision; the legend and the text beside the mark say what it means."""
    return [
        f'<pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MUTED}" stroke-width="2"/></pattern>',
        f'<pattern id="{ident}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#eceef1"/>'
        f'<circle cx="3" cy="3" r="1.1" fill="{MUTED}"/></pattern>',
    ]


def hatch(ident: str) -> str:
    return f"url(#{ident}-hatch)"


def dots(ident: str) -> str:
    return f"url(#{ident}-dots)"


def text(x: float, y: float, content: str, **extra: object) -> str:
    return f"<text {attrs(x=float(x), y=float(y), **extra)}>{esc(content)}</text>"


def line(x1: float, y1: float, x2: float, y2: float, **extra: object) -> str:
    return f"<line {attrs(x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), **extra)}/>"


def rect(x: float, y: float, w: float, h: float, **extra: object) -> str:
    size = attrs(x=float(x), y=float(y), width=float(max(w, 0.0)), height=float(h))
    return f"<rect {size} {attrs(**extra)}/>" if extra else f"<rect {size}/>"


def circle(cx: float, cy: float, r: float, **extra: object) -> str:
    return f"<circle {attrs(cx=float(cx), cy=float(cy), r=float(r), **extra)}/>"


def link(href: str | None, label: str, tip: str, inner: str) -> str:
    """A focusable mark: an SVG link to ``href`` with an accessible name and a tooltip
    (``<title>``); without ``href``, a focusable image element with the same name."""
    tooltip = f"<title>{esc(tip)}</title>"
    if href:
        return f'<a href="{esc(href)}" aria-label="{esc(label)}" class="mark">{tooltip}{inner}</a>'
    return f'<g tabindex="0" role="img" aria-label="{esc(label)}" class="mark">{tooltip}{inner}</g>'


#: The context header of an exported chart: heading, lines and the synthetic-data band.
HEADING_SIZE = 16
LINE_SIZE = 12
LINE_GAP = 18
HEADER_PAD = 12
#: The band that marks synthetic demo data (dark text on amber: contrast above 7:1).
SYNTHETIC_FILL = "#fde6b0"


def with_context(
    chart: str, heading: str, lines: Iterable[str], synthetic_mark: str | None = None
) -> str:
    """``chart`` under a header that says what it shows, for a chart that leaves the page (a
    downloaded SVG or PNG has no page around it): the heading (the indicator or view), one
    line each for the view, year, level, source and address, and — when any value drawn is
    synthetic — a band saying so. Lines longer than the image are cut with an ellipsis."""
    width, height = svg_size(chart)
    width = max(width, 480.0)
    shown = [_fit(t, width - 2 * HEADER_PAD, LINE_SIZE) for t in lines if t]
    parts = [
        text(
            HEADER_PAD,
            HEADER_PAD + HEADING_SIZE,
            _fit(heading, width, HEADING_SIZE),
            font_size=HEADING_SIZE,
            font_weight="bold",
        )
    ]
    y = HEADER_PAD + HEADING_SIZE
    for content in shown:
        y += LINE_GAP
        parts.append(text(HEADER_PAD, y, content, fill=MUTED))
    if synthetic_mark:
        y += 8
        parts.append(rect(0, y, width, LINE_GAP + 8, fill=SYNTHETIC_FILL))
        y += LINE_GAP
        parts.append(text(HEADER_PAD, y, synthetic_mark, font_weight="bold"))
        y += 8
    top = y + HEADER_PAD
    total = top + height
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}" height="{num(total)}" '
        f'viewBox="0 0 {num(width)} {num(total)}" role="img" aria-label="{esc(heading)}" '
        f'font-family="{esc(FONT)}" font-size="{LINE_SIZE}" fill="{INK}">'
        f"<title>{esc(heading)}</title><desc>{esc(' · '.join(shown))}</desc>"
        f'<rect width="100%" height="100%" fill="#fff"/>{"".join(parts)}'
        f'<g transform="translate(0 {num(top)})">{chart}</g></svg>'
    )


def _fit(content: str, room: float, size: float) -> str:
    """``content`` cut with an ellipsis to about ``room`` pixels at font ``size``."""
    most = max(int(room / (size * 0.6)), 1)
    return content if len(content) <= most else content[: most - 1] + "…"
