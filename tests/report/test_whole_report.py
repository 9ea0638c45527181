"""The whole verksamhetsberättelse and delårsrapport (issue 17 item 5): every section of the seed's
table of contents, its tables from the stored data equal to the seed's figures, the analysts'
texts per period, a Word TOC field, and a delårsrapport of the period's values and forecast.

The store holds what the demo loads for Socialnämnden (goals, the economy, the personnel,
control and financing tables, the transcribed texts); reports are rendered once per module.
"""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import docx
import pypdfium2
import pytest

from kommunanalys.demo.build import demo_goal_file
from kommunanalys.demo.economy import economy_dir, load_economy
from kommunanalys.demo.report_texts import load_report_texts, report_text_file
from kommunanalys.demo.staff_control import load_staff_control
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.report.content import ReportContent, ReportKind, build_report
from kommunanalys.report.document import Part, TableBlock
from kommunanalys.report.narrative import TextSection, save_text
from kommunanalys.report.render import render_report
from kommunanalys.store import Store

CID = "socialnamnden"
ARTIFACTS = Path(__file__).parent.parent / "artifacts"
#: the seed's table of contents (001_ed79cea0b5e49fc0.txt), the sections as its headings
SEED_CONTENTS = {
    "Heading 1": [
        "Sammanfattning",
        "Målbedömning",
        "Nämndens mål och resultat",
        "Årets händelser",
        "Effektiviseringsarbete",
        "Ekonomi",
        "Väsentliga personalförhållanden",
        "Intern kontroll",
        "Plan för uppföljning och insyn",
        "Källförteckning",
    ],
    "Heading 2": [
        "Resultaträkning",
        "Drift per verksamhet",
        "Särskilda satsningar",
        "Extern finansiering",
        "Investeringar",
        "Personalförsörjning (särskilt bristyrkesgrupper)",
        "Kompetensutveckling (inklusive chefsutveckling)",
        "Sammanfattande bedömning av nämndens interna kontroll",
        "Åtgärder för att minska identifierade risker",
        "Åtgärder utifrån rekommendation från revision eller annan extern granskning",
        "Planerad uppföljning",
    ],
}
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def repo() -> GoalRepository:
    store = Store.memory()
    repository = GoalRepository(store)
    repository.save_book(read_goal_file(demo_goal_file()), actor="test")
    load_economy(store)
    load_staff_control(store)
    load_report_texts(store)
    save_text(store, CID, 2024, "delår 2", TextSection.EVENTS, "Delår 2: skyddat boende.", "a")
    return repository


@pytest.fixture(scope="module")
def annual(repo: GoalRepository) -> ReportContent:
    return build_report(repo, CID, 2024)


@pytest.fixture(scope="module")
def interim(repo: GoalRepository) -> ReportContent:
    return build_report(repo, CID, 2024, ReportKind.INTERIM, "delår 2")


@pytest.fixture(scope="module")
def word(annual: ReportContent) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_report(annual, "docx")))


def _part(content: ReportContent, *path: str) -> Part:
    parts = content.parts
    found = None
    for heading in path:
        found = next(p for p in parts if p.heading == heading)
        parts = found.parts
    assert found is not None
    return found


def _table(part: Part, caption: str) -> TableBlock:
    return next(b for b in part.blocks if isinstance(b, TableBlock) and b.caption == caption)


def _number(text: str) -> int:
    return int(text.replace(NBSP, "").replace(" ", ""))


def _seed() -> dict[str, object]:
    return tomllib.loads((economy_dir() / "seed_2024.toml").read_text(encoding="utf-8"))


# -- DOCX --------------------------------------------------------------------------------------
def test_the_docx_holds_every_section_of_the_seeds_contents(word: docx.document.Document) -> None:
    by_style: dict[str, list[str]] = {}
    for paragraph in word.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert [h for h in by_style["Heading 1"] if h in SEED_CONTENTS["Heading 1"]] == SEED_CONTENTS[
        "Heading 1"
    ]
    for heading in SEED_CONTENTS["Heading 2"]:
        assert heading in by_style["Heading 2"], heading
    assert by_style["Heading 5"].count("Genomfört arbete") == 6


def test_the_docx_has_a_table_of_contents_field(word: docx.document.Document) -> None:
    xml = word.element.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml
    assert xml.count('w:fldCharType="begin"') >= 1 and 'w:fldCharType="end"' in xml
    assert "w:updateFields" in word.settings.element.xml


def test_the_docx_carries_the_analysts_texts(word: docx.document.Document) -> None:
    texts = tomllib.loads(report_text_file().read_text(encoding="utf-8"))["texts"]
    body = "\n".join(p.text for p in word.paragraphs)
    first = texts["arets_handelser"].split("\n\n")[0]
    assert first in body
    assert texts["genomfort_arbete"]["forebyggande"].split("\n\n")[0] in body
    assert "Delår 2: skyddat boende." not in body  # the delår's text is the delårsrapport's


# -- the tables equal the seed's figures ------------------------------------------------------
def test_the_resultatrakning_is_the_seeds(annual: ReportContent) -> None:
    table = _table(_part(annual, "Ekonomi", "Resultaträkning"), "Resultaträkning, tkr")
    assert table.header == (
        "Resultaträkning",
        "Budget helår",
        "Utfall helår",
        "Avvikelse helår",
        "Utfall föregående år",
    )
    seed = _seed()["resultatrakning"]
    assert isinstance(seed, dict)
    assert [[_number(c) for c in row[1:]] for row in table.rows] == list(seed.values())
    assert table.rows[-1][0] == "Årets resultat" and table.total


def test_drift_per_verksamhet_is_the_seeds(annual: ReportContent) -> None:
    table = _table(
        _part(annual, "Ekonomi", "Drift per verksamhet"), "Driftsredovisning per verksamhet, tkr"
    )
    seed = _seed()
    drift = seed["drift"]
    total = seed["drift_total"]
    assert isinstance(drift, list) and isinstance(total, dict)
    expected = [[d["name"], *d["row"][:3], d["row"][4]] for d in drift]
    expected.append([total["name"], *total["row"][:3], total["row"][4]])
    got = [[row[0], *map(_number, (row[1], row[2], row[3], row[5]))] for row in table.rows]
    assert got == expected


def test_the_financing_tables_are_the_seeds(annual: ReportContent) -> None:
    grants = _table(_part(annual, "Ekonomi", "Extern finansiering"), "Extern finansiering, tkr")
    assert grants.rows[-1][:4] == ("Summa", f"9{NBSP}123", f"7{NBSP}861", f"5{NBSP}579")
    assert len(grants.rows) == 10
    investments = _table(_part(annual, "Ekonomi", "Investeringar"), "Investeringar, tkr")
    assert investments.rows == (
        ("Investeringar", "645", "–", "645"),
        ("Besökskorridor", "155", "207", "-52"),
        ("Summa investeringar", "800", "207", "593"),
    )
    initiatives = _table(
        _part(annual, "Ekonomi", "Särskilda satsningar"), "Särskilda satsningar, tkr"
    )
    assert initiatives.rows == (("Omställning av socialtjänsten", f"20{NBSP}000", f"20{NBSP}000"),)


def test_the_personnel_tables_are_the_seeds(annual: ReportContent) -> None:
    part = _part(annual, "Väsentliga personalförhållanden")
    head = _table(part, "Antal anställda")
    assert head.rows[0] == ("Antal anställda", "389", "391", "2")
    hme = _table(part, "Medarbetarenkäten 2024: hållbart medarbetarengagemang (HME)")
    assert hme.rows[0] == ("Engagemang", "75", "69")
    assert hme.rows[-1][1:] == ("82", "79")


# -- PDF and HTML -----------------------------------------------------------------------------
def test_the_pdf_is_drawn_and_names_the_sections(interim: ReportContent, tmp_path: Path) -> None:
    pdf = pypdfium2.PdfDocument(render_report(interim, "pdf"))
    assert len(pdf) > 5
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for heading in SEED_CONTENTS["Heading 1"]:
        assert heading in text, heading
    image = pdf[0].render(scale=1).to_pil().convert("L")
    out = (ARTIFACTS if ARTIFACTS.is_dir() else tmp_path) / "delarsrapport_sida1.png"
    image.save(out)
    non_white = sum(image.histogram()[:250])
    assert non_white > 0.005 * image.width * image.height, "page 1 is (almost) blank"


def test_the_html_has_the_contents_and_every_section(annual: ReportContent) -> None:
    html = render_report(annual, "html").decode("utf-8")
    assert '<nav class="toc"' in html
    for heading in SEED_CONTENTS["Heading 1"] + SEED_CONTENTS["Heading 2"]:
        assert f">{heading}</h" in html, heading
    assert html.count("<svg") == len(annual.charts) + 1  # the goal charts and the economy's


# -- the delårsrapport ------------------------------------------------------------------------
def test_the_interim_report_shows_the_periods_values_and_the_forecast(
    repo: GoalRepository, interim: ReportContent
) -> None:
    table = _table(_part(interim, "Ekonomi", "Resultaträkning"), "Resultaträkning, tkr")
    assert table.header[1:4] == ("Budget jan–aug", "Utfall jan–aug", "Avvikelse jan–aug")
    assert table.header[6] == "Prognos helår"
    # the outcome January–August, summed here from the stored amounts
    rows = repo.store.economy.amounts(CID)
    months = [r for r in rows if r[3] == "outcome" and str(r[1]).startswith("2024-")]
    to_august = sum(r[5] for r in months if int(str(r[1])[5:7]) <= 8)
    whole = sum(r[5] for r in months)
    result = table.rows[-1]
    assert _number(result[2]) == round(to_august / 1000)
    assert _number(result[2]) != round(whole / 1000)
    forecast = _number(result[6])
    assert abs(forecast) > abs(_number(result[2]))  # the year-end, not the months so far
    assert _part(interim, "Årets händelser").blocks[0].text == "Delår 2: skyddat boende."  # type: ignore[union-attr]
    assert interim.summary == ""  # the year's Sammanfattning is not the delår's
