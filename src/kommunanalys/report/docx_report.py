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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table

from kommunanalys.i18n.labels import msgid
from kommunanalys.report.cells import safe_cell
from kommunanalys.report.content import ReportContent
from kommunanalys.report.document import ChartBlock, Part, TableBlock, TextBlock
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


def _contents(doc: WordDocument) -> None:
    """A Word table-of-contents field over Heading 1–3; Word fills it when it opens the file
    (``updateFields``), or the reader updates it (F9)."""
    doc.add_paragraph("Innehållsförteckning").runs[0].bold = True
    paragraph = doc.add_paragraph()
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, r'TOC \o "1-3" \h \z \u'), ("separate", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    paragraph.add_run("Högerklicka och välj Uppdatera fält för att visa innehållsförteckningen.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _part(doc: WordDocument, part: Part, level: int, pictures: dict[str, bytes]) -> None:
    doc.add_heading(part.heading, level=level)
    for block in part.blocks:
        if isinstance(block, TextBlock):
            for text in block.paragraphs:
                doc.add_paragraph(text)
        elif isinstance(block, TableBlock):
            doc.add_paragraph(block.caption).runs[0].bold = True
            width = 17.0 / max(len(block.header), 1)
            table = _table(
                doc, list(block.header), [list(r) for r in block.rows], [width] * len(block.header)
            )
            for row in table.rows[1:]:
                for cell, numeric in zip(row.cells, block.numeric, strict=True):
                    if numeric:
                        for paragraph in cell.paragraphs:
                            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if block.total and len(table.rows) > 1:
                for cell in table.rows[-1].cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.bold = True
            if block.note:
                doc.add_paragraph(block.note).runs[0].font.size = Pt(8)
        elif isinstance(block, ChartBlock):
            png = pictures.get(block.svg)
            if png:
                doc.add_picture(io.BytesIO(png), width=Cm(15))
                cap = doc.add_paragraph(block.caption)
                cap.runs[0].font.size = Pt(8)
                cap.runs[0].font.color.rgb = MUTED
    for child in part.parts:
        _part(doc, child, level + 1, pictures)


def _part_charts(parts: tuple[Part, ...]) -> list[str]:
    out = []
    for part in parts:
        out += [b.svg for b in part.blocks if isinstance(b, ChartBlock)]
        out += _part_charts(part.parts)
    return out


def render_docx(content: ReportContent, *, charts: bool = True) -> bytes:
    from kommunanalys.report.pdf_report import svgs_to_png

    f = content.follow
    ids = list(content.charts) if charts else []
    part_svgs = _part_charts(content.parts) if charts else []
    images = svgs_to_png([content.charts[i] for i in ids] + part_svgs)
    pictures = dict(zip(ids, images[: len(ids)], strict=True))
    part_pictures = dict(zip(part_svgs, images[len(ids) :], strict=True))
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
    _contents(doc)
    doc.add_heading("Sammanfattning", level=1)
    _paragraphs(doc, content.summary or "Ingen text är skriven för avsnittet ännu.")

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

    doc.add_heading("Nämndens mål och resultat", level=1)
    for a in f.areas:
        doc.add_heading(f"Målområde: {a.area.name}", level=2)
        if a.area.summary:
            _paragraphs(doc, a.area.summary)
        for c in a.council_goals:
            doc.add_heading(f"Kommunfullmäktigemål: {c.name}", level=3)
            for o in c.objectives:
                doc.add_heading(f"Nämndmål: {o.objective.name}", level=4)
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
                    doc.add_heading("Motivering", level=5)
                    _paragraphs(doc, o.objective.motivation)
                if o.objective.analysis:
                    doc.add_heading("Analys", level=5)
                    _paragraphs(doc, o.objective.analysis)
                if content.work_done(o.objective.id):
                    doc.add_heading("Genomfört arbete", level=5)
                    _paragraphs(doc, content.work_done(o.objective.id))
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

    for part in content.parts:
        _part(doc, part, 1, part_pictures)

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
    if content.data_sources:
        doc.add_paragraph("Ekonomi, personal och intern kontroll").runs[0].bold = True
        for section, source, production in content.data_sources:
            doc.add_paragraph(f"{section}: {source} ({production})", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
