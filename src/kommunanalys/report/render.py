"""One entry point for every report format."""

from __future__ import annotations

from kommunanalys.report.content import ReportContent

FORMATS = ("docx", "pdf", "html")


def render_report(content: ReportContent, fmt: str) -> bytes:
    if fmt == "html":
        from kommunanalys.report.html_report import render_html

        return render_html(content).encode("utf-8")
    if fmt == "pdf":
        from kommunanalys.report.pdf_report import render_pdf

        return render_pdf(content)
    if fmt == "docx":
        from kommunanalys.report.docx_report import render_docx

        return render_docx(content)
    raise ValueError(f"okänt format '{fmt}'; välj {', '.join(FORMATS)}")
