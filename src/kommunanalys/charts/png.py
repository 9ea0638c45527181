"""SVG → PNG for the chart downloads, with what the package already depends on:
WeasyPrint lays the SVG out on a PDF page of exactly its size, pypdfium2 renders that page
to pixels and Pillow writes the PNG. No browser and no network are involved.
"""

from __future__ import annotations

import io
import re

#: Pixels per CSS pixel: 2 gives sharp images on high-density screens and in documents.
SCALE = 2.0

_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', re.S)


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height attributes of the root ``<svg>`` (in CSS pixels)."""
    found = _SIZE.search(svg)
    if not found:
        raise ValueError("SVG utan width och height kan inte ritas som PNG.")
    return float(found.group(1)), float(found.group(2))


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


def svg_to_png(svg: str, scale: float = SCALE) -> bytes:
    """The SVG as PNG bytes, ``scale`` pixels per CSS pixel, on a white background."""
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
