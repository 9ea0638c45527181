"""Reports: the whole verksamhetsberättelse (and the delårsrapport) as DOCX, PDF, HTML.

* :mod:`.content` — what the report says, built once: the goal follow-up and the
  :mod:`.document` parts of :mod:`.economy_part` and :mod:`.staff_part`, with the analysts'
  texts (:mod:`.narrative`)
* :mod:`.html_report` — HTML (also the PDF's source)
* :mod:`.pdf_report` — PDF via WeasyPrint from the same HTML
* :mod:`.docx_report` — an editable Word document with real tables and heading styles
* :mod:`.json_rows` — the JSON rows the web and the CLI both publish (indicator, area, value,
  finding, equality scan)

The package imports nothing itself: a module of it such as :mod:`.json_rows` (the CLI's
``values``) loads without the goal follow-up and the statistics the report builds on. Import
``build_report``/``ReportKind`` from :mod:`.content` and ``render_report``/``FORMATS`` from
:mod:`.render`.
"""
