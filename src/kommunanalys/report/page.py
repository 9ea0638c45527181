"""The report's page: A4 portrait with the same margins in Word and in the PDF.

The PDF's page is the ``@page`` rule of ``templates/_report_base.html``, which every report's
template extends (WeasyPrint lays it out); Word has no such rule and python-docx starts from US
Letter, so :mod:`docx_report` sets this page on every section. ``tests/report/test_page_size.py``
checks that both files come out A4."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A page size and its margins, in millimetres."""

    name: str
    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float


#: the report's page (the PDF's ``@page { size: A4; margin: 18mm 16mm 20mm }``)
A4 = Page("A4", width=210, height=297, top=18, right=16, bottom=20, left=16)
