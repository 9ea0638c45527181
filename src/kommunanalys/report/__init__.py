"""Reports: the goal part of the verksamhetsberättelse (and the delårsrapport) as DOCX, PDF, HTML.

* :mod:`.content` — what the report says, built once from the follow-up
* :mod:`.html_report` — HTML (also the PDF's source)
* :mod:`.pdf_report` — PDF via WeasyPrint from the same HTML
* :mod:`.docx_report` — an editable Word document with real tables and heading styles
* :mod:`.json_rows` — the JSON rows the web and the CLI both publish (indicator, area, value,
  finding, equality scan)
"""

from kommunanalys.report.content import ReportContent, ReportKind, build_report
from kommunanalys.report.render import FORMATS, render_report

__all__ = ["FORMATS", "ReportContent", "ReportKind", "build_report", "render_report"]
