"""The whole delårsrapport from the economy (issue 17 item 5): /ekonomi at delår 2 → the
volumes → an insats → back → download the delårsrapport; the Word file holds every section and
January–August's figures. The HTML report's economy section is shot beside it."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_walk_the_economy_and_download_the_delarsrapport(  # type: ignore[no-untyped-def]
    page, server: str
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/ekonomi")
    page.get_by_label("Till och med").select_option("8")  # autosubmits: delår 2
    page.wait_for_url("**till=8**")
    page.get_by_role("link", name="Placeringsvolymer").click()
    page.wait_for_url("**/ekonomi/volymer**")
    page.get_by_label("Insats").select_option("skyddat_boende")
    page.wait_for_url("**insats=skyddat_boende**")
    page.go_back()
    page.go_back()
    page.wait_for_url("**till=8**")
    link = page.get_by_role("link", name="Delårsrapport (Word)")
    assert "period=del%C3%A5r%202" in (link.get_attribute("href") or "")
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename == "delarsrapport_socialnamnden_2024_delar2.docx"
    word = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    for heading in (
        "Sammanfattning",
        "Ekonomi",
        "Väsentliga personalförhållanden",
        "Intern kontroll",
        "Plan för uppföljning och insyn",
        "Källförteckning",
    ):
        assert heading in headings, heading
    header = [c.text for t in word.tables for c in t.rows[0].cells]
    assert "Utfall jan–aug" in header and "Prognos helår" in header

    page.goto(f"{server}/mal/rapport.html?period=delår 2")
    page.screenshot(path=str(SCREENSHOTS / "delarsrapport-forsta-sidan.png"))
    section = page.locator("section#ekonomi")
    assert section.locator("svg").count() == 1
    outer = section.bounding_box()
    assert outer is not None
    for table in section.locator("table").all():  # no table runs out of the text column
        box = table.bounding_box()
        assert box is not None and box["x"] + box["width"] <= outer["x"] + outer["width"] + 1
    section.screenshot(path=str(SCREENSHOTS / "delarsrapport-ekonomi.png"))
