"""Charts as plain SVG strings: pure functions, data in, an accessible SVG document out.

Server-rendered so that pages work without JavaScript and the SVG download is exactly what
the page shows. Every chart has a ``<title>`` and ``<desc>`` (its accessible name and a
summary), marks that are links are Tab stops with their value as their name, suppressed and
missing values are patterned and named, never drawn as zero, and palettes are colour-blind
safe and follow the indicator's polarity.

=================  ===============================================================
module             what
=================  ===============================================================
``bars``           horizontal bars with interval whiskers (rankings, comparisons)
``lines``          time series with intervals and series breaks
``bubbles``        x/y/size/colour bubble chart
``spine``          spine chart: an area in the municipality's distribution
``choropleth``     map of areas in classes; ``geo`` projects GeoJSON, ``classify``
                   makes the classes
``png``            SVG → PNG for downloads
``scales``,        axes and number labels; colours; SVG markup and patterns;
``palettes``,      point markers
``svg``, ``marks``
=================  ===============================================================
"""

from kommunanalys.charts.bars import Bar, bar_chart
from kommunanalys.charts.bubbles import Bubble, bubble_chart
from kommunanalys.charts.choropleth import MapArea, choropleth
from kommunanalys.charts.classify import Classes, classify
from kommunanalys.charts.lines import Point, Series, line_chart
from kommunanalys.charts.spine import SpineRow, spine_chart

__all__ = [
    "Bar",
    "Bubble",
    "Classes",
    "MapArea",
    "Point",
    "Series",
    "SpineRow",
    "bar_chart",
    "bubble_chart",
    "choropleth",
    "classify",
    "line_chart",
    "spine_chart",
]
