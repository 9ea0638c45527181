"""Colour-blind-safe palettes, and which end of a scale is "better".

Sequential and diverging palettes are ColorBrewer's RdYlBu and Purples (Brewer & Harrower),
both marked safe for colour-blind readers; categorical colours are Okabe & Ito's. The direction
follows the indicator's polarity: where high is good the best class is dark blue, where low
is good the scale is turned round, so blue always means better and red always means worse,
as in the benchmark badges (app.css ``.b-better``/``.b-worse``). Indicators without a
direction (neutral polarity) use a single-hue purple scale: darker means higher, nothing
more. Colour is never the only carrier: every mark also has text.
"""

from __future__ import annotations

from kommunanalys.model import Polarity

#: ColorBrewer RdYlBu (from its 9-class scheme, without the darkest ends, for calm maps),
#: worse (red) → better (blue), for 3–7 classes. The light yellow middle class stays
#: visible on white paper, unlike a white or grey middle.
RDYLBU: dict[int, tuple[str, ...]] = {
    3: ("#f46d43", "#ffffbf", "#74add1"),
    4: ("#f46d43", "#fdae61", "#abd9e9", "#4575b4"),
    5: ("#f46d43", "#fdae61", "#ffffbf", "#abd9e9", "#4575b4"),
    6: ("#d73027", "#f46d43", "#fdae61", "#abd9e9", "#74add1", "#4575b4"),
    7: ("#d73027", "#f46d43", "#fdae61", "#ffffbf", "#abd9e9", "#74add1", "#4575b4"),
}

#: ColorBrewer Purples, light (low) → dark (high), for 3–7 classes.
PURPLES: dict[int, tuple[str, ...]] = {
    3: ("#efedf5", "#bcbddc", "#756bb1"),
    4: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"),
    5: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"),
    6: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
    7: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"),
}

#: Okabe–Ito, without yellow (too light on white) and black (reserved for text).
CATEGORICAL: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#E69F00",
    "#000000",
)

#: Dash patterns that go with the categorical colours, so series differ without colour.
DASHES: tuple[str | None, ...] = (None, "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2")

#: Bars: a calm blue, the highlighted area in the site's accent, the benchmark in ink.
BAR = "#7ea6cf"
BAR_HIGHLIGHT = "#00539b"
#: Comparison tones (same hues as the badges), for marks coloured by their comparison.
TONES: dict[str, str] = {
    "better": "#2166ac",
    "similar": "#bababa",
    "worse": "#b2182b",
    "higher": "#762a83",
    "lower": "#762a83",
    "none": "#ffffff",
}
#: The same tones, lighter, for large areas such as bars (calmer; still 3:1 on white for
#: better and worse, and the outcome is also written in the table beside every chart).
BAR_TONES: dict[str, str] = {
    "better": "#5b8fc7",
    "similar": "#bababa",
    "worse": "#d6604d",
    "higher": "#9970ab",
    "lower": "#9970ab",
}
MISSING = "#eceef1"
#: An area's fill on a map coloured by comparison: the bars' tones (the badges' hues, strong
#: enough for large areas); "lower" lighter than "higher", so that the two also differ on a
#: map, where no mark is drawn; a value not compared stays white.
MAP_TONES: dict[str, str] = {**BAR_TONES, "lower": "#c2a5cf", "not_compared": "#ffffff"}


def outcome_fill(outcome: str, polarity: Polarity | str) -> str:
    """The fill of an area by its comparison (:class:`~kommunanalys.stats.comparison.
    Outcome` code): an interval's outcome in :data:`MAP_TONES`; a quintile in the value
    map's five colours (:func:`sequential`), the fifth with the lowest values first, so that
    blue is better and red worse as on every map and badge."""
    # here, not at import: stats.comparison loads numpy, which a command's start does not need
    from kommunanalys.stats.comparison import QUINTILE_OUTCOMES

    found = MAP_TONES.get(outcome)
    if found is not None:
        return found
    order = QUINTILE_OUTCOMES.get(Polarity(polarity).value, QUINTILE_OUTCOMES["neutral"])
    fifths = [o.value for o in order]
    if outcome in fifths:
        return sequential(5, polarity)[fifths.index(outcome)]
    return MAP_TONES["not_compared"]


def sequential(classes: int, polarity: Polarity | str) -> tuple[str, ...]:
    """``classes`` colours for classes ordered from the lowest values to the highest.

    High-good: red → blue; low-good: blue → red; neutral: light → dark purple."""
    count = min(max(classes, 3), 7)
    kind = Polarity(polarity)
    if kind is Polarity.NEUTRAL:
        colours = PURPLES[count]
    elif kind is Polarity.HIGH_GOOD:
        colours = RDYLBU[count]
    else:
        colours = tuple(reversed(RDYLBU[count]))
    if classes == 1:
        return (PURPLES[3][1],)  # one class says nothing about better or worse
    if classes == 2:
        return (colours[0], colours[-1])
    return colours


def ink_on(fill: str) -> str:
    """Black or white text, whichever has the higher contrast on ``fill`` (#rrggbb)."""
    r, g, b = (int(fill[k : k + 2], 16) / 255 for k in (1, 3, 5))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#000000" if luminance > 0.179 else "#ffffff"
