"""The project report (:mod:`.project_content`) as HTML, PDF and DOCX, on the goal report's
machinery: the same A4 page and Word tables (:mod:`.docx_report`), the same WeasyPrint
without network and SVG-to-PNG for Word (:mod:`.pdf_report`)."""

from __future__ import annotations

import io

from kommunanalys.report.html_report import template
from kommunanalys.report.project_content import ProjectReport

FORMATS = ("docx", "pdf", "html")


def render_project_html(report: ProjectReport, *, for_print: bool = False) -> str:
    return template("project_report.html").render(r=report, print=for_print)


def render_project_pdf(report: ProjectReport) -> bytes:
    from kommunanalys.report.pdf_report import html_to_pdf

    return html_to_pdf(render_project_html(report, for_print=True))


def render_project_docx(report: ProjectReport, *, charts: bool = True) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    from kommunanalys.report.docx_report import MUTED, _page_setup, _table
    from kommunanalys.report.page import A4
    from kommunanalys.report.pdf_report import svgs_to_png

    figures = [f for b in report.blocks for f in b.figures] if charts else []
    pictures = dict(zip(map(id, figures), svgs_to_png([f.svg for f in figures]), strict=True))
    doc = Document()
    _page_setup(doc, A4)
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = report.title
    doc.add_heading(report.title, level=0)
    meta = doc.add_paragraph(f"{report.subtitle} · skapad {report.generated_at:%Y-%m-%d}")
    meta.runs[0].font.color.rgb = MUTED
    if report.synthetic:
        doc.add_paragraph("Rapporten innehåller syntetiska demodata.")
    for block in report.blocks:
        doc.add_heading(block.heading, level=block.level)
        for text in block.paragraphs:
            doc.add_paragraph(text)
        for table in block.tables:
            _table(doc, list(table.header), [list(r) for r in table.rows], list(table.widths))
        for figure in block.figures:
            png = pictures.get(id(figure))
            if png is not None:
                doc.add_picture(io.BytesIO(png), width=Cm(15))
            caption = doc.add_paragraph(figure.caption)
            caption.runs[0].font.color.rgb = MUTED
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_project_report(report: ProjectReport, fmt: str) -> bytes:
    if fmt == "html":
        return render_project_html(report).encode("utf-8")
    if fmt == "pdf":
        return render_project_pdf(report)
    if fmt == "docx":
        return render_project_docx(report)
    raise ValueError(f"okänt format '{fmt}'; välj {', '.join(FORMATS)}")
