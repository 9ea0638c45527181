"""The report as PDF: WeasyPrint lays out the same HTML the HTML report is (no network)."""

from __future__ import annotations

from kommunanalys.report.content import ReportContent
from kommunanalys.report.html_report import render_html


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"rapporten hämtar inget utifrån ({url})")


def html_to_pdf(html: str) -> bytes:
    """A report's print HTML laid out as PDF by WeasyPrint, fetching nothing."""
    from weasyprint import HTML

    return bytes(HTML(string=html, url_fetcher=_no_fetch, base_url=".").write_pdf())


def render_pdf(content: ReportContent) -> bytes:
    return html_to_pdf(render_html(content, for_print=True))


def svgs_to_png(svgs: list[str], scale: float = 2.0) -> list[bytes]:
    """Rasterise our SVG charts (for Word): WeasyPrint lays them out one per page in a single
    PDF, PDFium renders each page to PNG."""
    import io

    import pypdfium2
    from weasyprint import HTML

    if not svgs:
        return []
    pages = "".join(f'<div class="p">{svg}</div>' for svg in svgs)
    page = (
        "<html><head><style>@page{size:360px 170px;margin:0}body{margin:0}"
        ".p{page-break-after:always;height:170px;overflow:hidden}</style></head>"
        f"<body>{pages}</body></html>"
    )
    pdf = pypdfium2.PdfDocument(HTML(string=page, url_fetcher=_no_fetch).write_pdf())
    images = []
    for index in range(len(svgs)):
        out = io.BytesIO()
        pdf[index].render(scale=scale * 96 / 72).to_pil().save(out, format="PNG")
        images.append(out.getvalue())
    return images
