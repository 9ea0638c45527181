"""The verksamhetsberättelse and the delårsrapport as DOCX, PDF and HTML.

One report is built and rendered once per format for the module (PDF takes a few seconds);
every test reads the same bytes. The PNG of the PDF's first page is kept in
``tests/artifacts`` when that folder exists, otherwise in a temporary folder.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdfium2
import pytest
from markupsafe import escape

from kommunanalys.demo.build import demo_goal_file
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.goals.model import GoalBook
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.i18n.labels import msgid
from kommunanalys.report.content import ReportContent, ReportKind, build_report
from kommunanalys.report.render import render_report
from kommunanalys.store import Store

CID = "socialnamnden"
ARTIFACTS = Path(__file__).parent.parent / "artifacts"


@pytest.fixture(scope="module")
def book() -> GoalBook:
    return read_goal_file(demo_goal_file())


@pytest.fixture(scope="module")
def repo(book: GoalBook) -> GoalRepository:
    repository = GoalRepository(Store.memory())
    repository.save_book(book, actor="test")
    return repository


@pytest.fixture(scope="module")
def annual(repo: GoalRepository) -> ReportContent:
    return build_report(repo, CID, 2024)


@pytest.fixture(scope="module")
def word(annual: ReportContent) -> docx.document.Document:
    data = render_report(annual, "docx")
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def pdf_bytes(annual: ReportContent) -> bytes:
    return render_report(annual, "pdf")


@pytest.fixture(scope="module")
def html(annual: ReportContent) -> str:
    return render_report(annual, "html").decode("utf-8")


def _texts(row: docx.table._Row) -> list[str]:
    return [cell.text for cell in row.cells]


# -- content -----------------------------------------------------------------------------------
def test_the_content_follows_the_goal_file(annual: ReportContent, book: GoalBook) -> None:
    assert annual.title == "Socialnämnden: Verksamhetsberättelse 2024"
    assert [o.objective.id for o in annual.follow.objectives] == [o.id for o in book.objectives]
    assert len(annual.sources) == sum(len(o.indicators) for o in book.objectives)
    assert annual.charts and all(svg.startswith("<svg") for svg in annual.charts.values())


# -- DOCX --------------------------------------------------------------------------------------
def test_docx_opens_with_the_malbedomning_table(
    word: docx.document.Document, annual: ReportContent, book: GoalBook
) -> None:
    table = word.tables[0]
    assert _texts(table.rows[0]) == [
        "Målområde",
        "Kommunfullmäktigemål",
        "Nämndmål",
        "Måluppfyllelse",
    ]
    body = [_texts(row) for row in table.rows[1:]]
    assert len(body) == 7
    assert [row[2] for row in body] == [o.name for o in book.objectives]
    for row, o in zip(body, annual.follow.objectives, strict=True):
        assert o.grade is not None and msgid(o.grade) in row[3], row
    # each målområde and kommunfullmäktigemål is named once, on its first row
    assert [row[0] for row in body if row[0]] == [a.area.name for a in annual.follow.areas]


def test_docx_headings_use_the_builtin_heading_styles(
    word: docx.document.Document, book: GoalBook
) -> None:
    by_style: dict[str, list[str]] = {}
    for paragraph in word.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert "Målbedömning" in by_style["Heading 1"]
    assert "Källförteckning" in by_style["Heading 1"]
    # as the seed: the målområden under "Nämndens mål och resultat" (issue 17 item 5)
    assert "Nämndens mål och resultat" in by_style["Heading 1"]
    areas = [t for t in by_style["Heading 2"] if t.startswith("Målområde: ")]
    assert len(areas) == 3
    assert all(t.startswith("Kommunfullmäktigemål: ") for t in by_style["Heading 3"])
    assert by_style["Heading 4"] == [f"Nämndmål: {o.name}" for o in book.objectives]


def test_docx_ends_with_the_kallforteckning_table(
    word: docx.document.Document, annual: ReportContent
) -> None:
    body = list(word.element.body.iterchildren())
    heading = next(
        i
        for i, el in enumerate(body)
        if el.tag.endswith("}p") and "Källförteckning" in el.xpath("string(.)")
    )
    tables_after = [el for el in body[heading:] if el.tag.endswith("}tbl")]
    assert len(tables_after) == 1
    sources = word.tables[-1]
    assert _texts(sources.rows[0]) == [
        "Kommunfullmäktiges mål",
        "Nämndmål",
        "Indikatorer",
        "Källa/Kolada-ID",
        "Hur data tas fram",
    ]
    assert len(sources.rows) - 1 == len(annual.sources) == 23
    assert any("Kolada U26421" in _texts(row)[3] for row in sources.rows[1:])


def test_docx_has_the_charts_as_pictures(
    word: docx.document.Document, annual: ReportContent
) -> None:
    assert len(word.inline_shapes) > 0
    assert len(word.inline_shapes) == len(annual.charts)
    assert word.core_properties.title == annual.title


# -- PDF ---------------------------------------------------------------------------------------
def test_pdf_first_page_is_drawn_and_names_the_malbedomning(
    pdf_bytes: bytes, tmp_path: Path
) -> None:
    assert pdf_bytes.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(pdf_bytes)
    assert len(document) > 1
    page = document[0]
    image = page.render(scale=1).to_pil().convert("L")
    out = (ARTIFACTS if ARTIFACTS.is_dir() else tmp_path) / "verksamhetsberattelse_sida1.png"
    image.save(out)
    assert out.stat().st_size > 0
    histogram = image.histogram()
    non_white = sum(histogram[:250])
    assert non_white > 0.005 * image.width * image.height, "page 1 is (almost) blank"
    text = page.get_textpage().get_text_range()
    assert "Målbedömning" in text
    assert "Socialnämnden: Verksamhetsberättelse 2024" in text


# -- HTML --------------------------------------------------------------------------------------
def test_html_names_every_objective_and_has_sources_and_inline_svg(
    html: str, annual: ReportContent, book: GoalBook
) -> None:
    assert html.startswith("<!doctype html>") and '<html lang="sv">' in html
    for o in book.objectives:
        assert str(escape(o.name)) in html, o.id
    assert "<h2>Källförteckning</h2>" in html
    assert html.count("<svg") == len(annual.charts) > 0
    assert "<h2>Målbedömning</h2>" in html
    # the one overridden grade carries the suggestion in the report
    assert "Förslaget enligt etappmålen är <strong>Ej uppfyllt</strong>" in html


# -- delårsrapport -----------------------------------------------------------------------------
def test_the_interim_report_for_delar_2(repo: GoalRepository) -> None:
    content = build_report(repo, CID, 2024, ReportKind.INTERIM, "delår 2")
    assert content.title == "Socialnämnden: Delårsrapport 2024 (delår 2)"
    assert content.follow.period == "delår 2"
    rows = {r.indicator.id: r for o in content.follow.objectives for r in o.rows}
    assert rows["forebyggande-volym"].current is not None
    assert rows["forebyggande-volym"].current.value == 1158
    html = render_report(content, "html").decode("utf-8")
    assert "Delårsrapport" in html and "2024 (delår 2)" in html and "1\u00a0158" in html
    word = docx.Document(io.BytesIO(render_report(content, "docx")))
    assert word.paragraphs[0].text == content.title
    assert len(word.tables[0].rows) == 8


def test_the_interim_report_shows_the_periods_grades_not_the_years(book: GoalBook) -> None:
    """A grade and motivation set for delår 2 stand in the delårsrapport; the
    verksamhetsberättelse keeps the helår's; a nämndmål not graded for delår 2 says so."""
    from kommunanalys.goals.model import Grade

    repo = GoalRepository(Store.memory())
    repo.save_book(book, actor="test")
    graded, other = (o.id for o in repo.objectives(CID, 2024)[:2])
    year_grade = repo.objective(CID, 2024, graded).grade
    interim_grade = Grade.NOT_MET if year_grade is not Grade.NOT_MET else Grade.VERY_HIGH
    motivation = "Delårets bedömning: insatserna har ännu inte kommit i gång."
    repo.set_grade(
        CID, 2024, graded, interim_grade, motivation, "analytiker", suggested=None,
        period="delår 2",
    )
    interim = build_report(repo, CID, 2024, ReportKind.INTERIM, "delår 2")
    by_id = {o.objective.id: o for o in interim.follow.objectives}
    assert by_id[graded].grade is interim_grade
    assert by_id[graded].objective.motivation == motivation
    assert by_id[other].grade is None and by_id[other].objective.motivation == ""
    text = render_report(interim, "html").decode("utf-8")
    assert str(escape(motivation)) in text and msgid(interim_grade) in text
    assert "Ej bedömd för perioden" in text
    word = docx.Document(io.BytesIO(render_report(interim, "docx")))
    assert any(p.text == motivation for p in word.paragraphs)

    annual = build_report(repo, CID, 2024)
    assert {o.objective.id: o for o in annual.follow.objectives}[graded].grade is year_grade
    annual_text = render_report(annual, "html").decode("utf-8")
    assert str(escape(motivation)) not in annual_text
    assert "Ej bedömd för perioden" not in annual_text
    assert repo.grade_decisions(CID, 2024, graded) == []
    [decision] = repo.grade_decisions(CID, 2024, graded, "delår 2")
    assert decision["grade"] is interim_grade


def test_an_interim_report_for_the_full_year_is_refused(repo: GoalRepository) -> None:
    with pytest.raises(ValueError, match=r"delårsrapport gäller delår 1, delår 2.*inte helår"):
        build_report(repo, CID, 2024, ReportKind.INTERIM, "helår")


def test_an_unknown_format_is_refused(annual: ReportContent) -> None:
    with pytest.raises(ValueError, match="okänt format 'odt'"):
        render_report(annual, "odt")


def test_word_and_pdf_are_both_a4(word: docx.document.Document, pdf_bytes: bytes) -> None:
    """Word was US Letter while the PDF was A4 (issue 21, item 14): one page for both."""
    from kommunanalys.report.page import A4

    for section in word.sections:
        assert round(section.page_width.mm) == A4.width == 210
        assert round(section.page_height.mm) == A4.height == 297
        assert round(section.left_margin.mm) == A4.left
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    width, height = pdf[0].get_size()  # points
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (A4.width, A4.height)
