"""SVG → PNG through WeasyPrint and pypdfium2: a real PNG of the chart's size."""

from __future__ import annotations

import io

from PIL import Image

from kommunanalys.charts import Bar, bar_chart
from kommunanalys.charts.png import svg_size, svg_to_png


def test_png_has_the_chart_size_and_is_not_blank() -> None:
    svg = bar_chart([Bar("Område", 42.0, 40.0, 44.0)], title="Andel", unit="%")
    width, height = svg_size(svg)
    data = svg_to_png(svg, scale=1.0)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert abs(image.width - width) <= 2 and abs(image.height - height) <= 2
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 10  # text and bars were drawn, not a white page
