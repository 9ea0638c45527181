"""The report as an editable Word document: Heading styles, real tables, charts as pictures.

Analysts finish the verksamhetsberättelse in Word, so everything is ordinary Word content:
headings use the built-in "Heading 1–3" styles (the navigation pane and a table of contents
work), tables are tables with the "Table Grid" style, and charts are PNG pictures rendered from
the same SVG the web page shows.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table

from kommunanalys.i18n.labels import msgid
from kommunanalys.report.cells import safe_cell
from kommunanalys.report.content import ReportContent
from kommunanalys.report.page import A4, Page

MUTED = RGBColor(0x4A, 0x55, 0x63)


def _table(
    doc: WordDocument, header: list[str], rows: list[list[str]], widths: list[float]
) -> Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = safe_cell(text)  # Word tables get pasted into Excel: no formulas
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
    return table


def _paragraphs(doc: WordDocument, text: str) -> None:
    for part in text.split("\n\n"):
        if part.strip():
            doc.add_paragraph(part.strip())


def _page_setup(doc: WordDocument, page: Page) -> None:
    """Every section on ``page`` (python-docx's template is US Letter)."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(page.width), Mm(page.height)
        section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
        section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)


def render_docx(content: ReportContent, *, charts: bool = True) -> bytes:
    from kommunanalys.report.pdf_report import svgs_to_png

    f = content.follow
    ids = list(content.charts) if charts else []
    pictures = dict(zip(ids, svgs_to_png([content.charts[i] for i in ids]), strict=True))
    doc = Document()
    _page_setup(doc, A4)
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = content.title
    doc.core_properties.author = f.committee.name

    doc.add_heading(content.title, level=0)
    meta = doc.add_paragraph(
        f"Målstyrning och måluppfyllelse · skapad {content.generated_at:%Y-%m-%d}"
    )
    meta.runs[0].font.color.rgb = MUTED
    if f.plan.summary and content.kind.value == "verksamhetsberattelse":
        doc.add_heading("Sammanfattning", level=1)
        _paragraphs(doc, f.plan.summary)

    doc.add_heading("Målbedömning", level=1)
    rows = []
    for a in f.areas:
        for ci, c in enumerate(a.council_goals):
            for oi, o in enumerate(c.objectives):
                grade = f"{o.grade.symbol} {msgid(o.grade)}" if o.grade else content.ungraded
                rows.append(
                    [
                        a.area.name if ci == 0 and oi == 0 else "",
                        c.name if oi == 0 else "",
                        o.objective.name,
                        grade,
                    ]
                )
    _table(
        doc,
        ["Målområde", "Kommunfullmäktigemål", "Nämndmål", "Måluppfyllelse"],
        rows,
        [4.0, 4.0, 5.5, 3.5],
    )

    for a in f.areas:
        doc.add_heading(f"Målområde: {a.area.name}", level=1)
        if a.area.summary:
            _paragraphs(doc, a.area.summary)
        for c in a.council_goals:
            doc.add_heading(f"Kommunfullmäktigemål: {c.name}", level=2)
            for o in c.objectives:
                doc.add_heading(f"Nämndmål: {o.objective.name}", level=3)
                grade = f"{o.grade.symbol} {msgid(o.grade)}" if o.grade else content.ungraded
                p = doc.add_paragraph()
                p.add_run("Måluppfyllelse: ").bold = True
                p.add_run(grade)
                if o.overridden and o.suggestion.grade:
                    doc.add_paragraph(
                        f"Förslaget enligt etappmålen är {msgid(o.suggestion.grade)} "
                        f"({o.suggestion.reasoning}); nämnden bedömer annorlunda med "
                        "motiveringen nedan."
                    ).runs[0].italic = True
                if o.objective.motivation:
                    doc.add_heading("Motivering", level=4)
                    _paragraphs(doc, o.objective.motivation)
                if o.objective.analysis:
                    doc.add_heading("Analys", level=4)
                    _paragraphs(doc, o.objective.analysis)
                if o.rows:
                    years = list(o.rows[0].history)
                    header = [
                        "Indikatorer",
                        *[str(y) for y in years],
                        f"Etappmål {f.year}",
                        "Målvärde",
                        "Status",
                    ]
                    body = [
                        [
                            r.indicator.name,
                            *[r.formatted(v.value if v else None) for v in r.history.values()],
                            r.formatted(r.target.value if r.target else None),
                            f"{r.formatted(r.goal.value)} ({r.goal.year})" if r.goal else "–",
                            msgid(r.status),
                        ]
                        for r in o.rows
                    ]
                    _table(doc, header, body, [5.5] + [1.6] * len(years) + [1.8, 2.0, 1.8])
                for r in o.rows:
                    png = pictures.get(r.indicator.id)
                    if png:
                        doc.add_picture(io.BytesIO(png), width=Cm(9))
                        cap = doc.add_paragraph(r.indicator.name)
                        cap.runs[0].font.size = Pt(8)
                        cap.runs[0].font.color.rgb = MUTED
                if o.assignments:
                    _table(
                        doc,
                        ["Status", "Nämndens uppdrag till förvaltning", "Kommentar"],
                        [
                            [msgid(a_.status), f"Från {a_.origin}: {a_.text}", a_.comment]
                            for a_ in o.assignments
                        ],
                        [2.2, 7.0, 7.8],
                    )

    doc.add_heading("Källförteckning", level=1)
    _table(
        doc,
        [
            "Kommunfullmäktiges mål",
            "Nämndmål",
            "Indikatorer",
            "Källa/Kolada-ID",
            "Hur data tas fram",
        ],
        [
            [s.council_goal, s.objective, s.indicator, s.source or "–", s.production or "–"]
            for s in content.sources
        ],
        [3.0, 3.5, 4.0, 2.5, 4.0],
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
