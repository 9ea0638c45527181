"""The project report (issue 18 item 4): nulägesbild, project goals, effect logic with data,
interventions and their follow-up, as DOCX, PDF and HTML; from the web and the CLI."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from docx import Document
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.model import TargetGender
from kommunanalys.query import Dataset, QueryError
from kommunanalys.report.project_content import SECTIONS, ProjectReport, build_project_report
from kommunanalys.report.project_render import render_project_report
from kommunanalys.store import Store


@pytest.fixture(scope="module")
def report(dataset: Dataset) -> ProjectReport:
    return build_project_report(dataset, "skogas")


def test_docx_opens_and_has_every_section(report: ProjectReport) -> None:
    doc = Document(io.BytesIO(render_project_report(report, "docx")))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    for section in SECTIONS:
        assert section in headings
    for name in ("Lyckad skolgång", "Meningsfull fritid", "Närvaroteamet i Skogås"):
        assert name in headings
    assert doc.tables, "the nulägesbild, the grid and the follow-up are Word tables"
    assert doc.inline_shapes, "the turn-the-curve charts are pictures"


def test_pdf_first_page_is_not_blank(report: ProjectReport) -> None:
    pdf = render_project_report(report, "pdf")
    assert pdf.startswith(b"%PDF")
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    non_white = sum(image.histogram()[:250])
    assert non_white > 0.005 * image.width * image.height, "page 1 is (almost) blank"
    assert "Nulägesbild" in page.get_textpage().get_text_range()


def test_html_says_the_follow_up(report: ProjectReport) -> None:
    html = render_project_report(report, "html").decode()
    assert "i önskad riktning" in html  # the närvaroteam's planted effect
    assert "<svg" in html


def test_unknown_project(dataset: Dataset) -> None:
    with pytest.raises(QueryError):
        build_project_report(dataset, "finns-inte")


def test_the_web_serves_the_report(client: TestClient) -> None:
    page = client.get("/projekt/skogas")
    assert "/projekt/skogas/rapport.docx" in page.text
    html = client.get("/projekt/skogas/rapport.html")
    assert html.status_code == 200 and "Effektlogik med data" in html.text
    docx = client.get("/projekt/skogas/rapport.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get("/projekt/skogas/rapport.odt").status_code == 404
    assert client.get("/projekt/finns-inte/rapport.html").status_code == 404


def test_the_cli_writes_the_report(demo_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "skogas.html"
    done = runner.invoke(
        app, ["report", "projekt", "skogas", "--db", str(demo_db), "--out", str(out),
              "--format", "html"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Insatser och uppföljning" in out.read_text(encoding="utf-8")
    missing = runner.invoke(
        app, ["report", "projekt", "nej", "--db", str(demo_db), "--out", str(out)]
    )
    assert missing.exit_code == 2 and "finns inte" in missing.output


def test_a_follow_up_of_one_genders_values_says_so(demo_copy: Path) -> None:
    """An intervention for girls and women alone is followed by women's values: the report's
    table and charts name them beside the area."""
    store = Store.open(demo_copy)
    try:
        repo = InterventionRepository(store)
        before = repo.get("narvaroteam-skogas")
        repo.save((replace(before, gender=TargetGender.FEMALE),), "analytiker")
        report = build_project_report(Dataset(store), "skogas")
    finally:
        store.close()
    html = render_project_report(report, "html").decode()
    assert "Skogås, kvinnor och flickor" in html
