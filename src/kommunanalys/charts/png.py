"""SVG → PNG for the chart downloads, with what the package already depends on:
WeasyPrint lays the SVG out on a PDF page of exactly its size, pypdfium2 renders that page
to pixels and Pillow writes the PNG. No browser and no network are involved.
"""

from __future__ import annotations

import io

from kommunanalys.charts.limits import check_image, svg_size
from kommunanalys.config import LIMITS, Limits

#: Pixels per CSS pixel: 2 gives sharp images on high-density screens and in documents.
SCALE = 2.0

__all__ = ["SCALE", "svg_size", "svg_to_pdf", "svg_to_png"]


def svg_to_pdf(svg: str) -> bytes:
    """One PDF page the size of the SVG, the SVG drawn on it."""
    from weasyprint import HTML  # heavy import: only when a PNG is asked for

    width, height = svg_size(svg)
    page = (
        "<!doctype html><html><head><style>"
        f"@page {{ size: {width}px {height}px; margin: 0 }} "
        "html, body { margin: 0; padding: 0; background: #fff } svg { display: block }"
        f"</style></head><body>{svg}</body></html>"
    )
    return HTML(string=page).write_pdf()


def svg_to_png(svg: str, scale: float = SCALE, limits: Limits = LIMITS) -> bytes:
    """The SVG as PNG bytes, ``scale`` pixels per CSS pixel, on a white background.

    An SVG beyond ``limits`` (bytes, height, area) is refused before anything is laid out
    (:class:`kommunanalys.charts.limits.ExportTooLarge`): every PNG the app makes passes here."""
    check_image(svg, limits)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(svg_to_pdf(svg))
    try:
        # PDF points are 1/72 in, CSS pixels 1/96 in: render at 96/72 × scale.
        bitmap = pdf[0].render(scale=scale * 96 / 72)
        image = bitmap.to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
