"""The effect logic pages in a browser (issue 18 items 3 and 5): axe-clean in Swedish and
English; the grid operable by keyboard alone — choose an area, then reach an item's indicator
from the grid and follow it; an insight made into a draft intervention, and an
intervention's follow-up page (item 6)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations, serving, sign_in
from tests.site import PASSWORDS, Site

pytestmark = pytest.mark.browser

VIEWS = [
    "/effektlogik",
    "/effektlogik/lyckad-skolgang",
    "/effektlogik/meningsfull-fritid?omrade=0126R014&ar=2024",
    "/effektlogik/lyckad-skolgang?omrade=0126R014&ar=2024&lang=en",
    "/datatillgang",
    "/datatillgang?lang=en",
    "/insatser",
    "/insatser/narvaroteam-skogas",
    "/insatser/narvaroteam-skogas?lang=en",
    "/projekt/skogas",
]


@pytest.mark.parametrize("path", VIEWS)
def test_no_serious_accessibility_violations(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(server + path)
    assert response is not None and response.status == 200, path
    assert axe_violations(page) == []


def test_the_grid_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/effektlogik/lyckad-skolgang?lang=sv")
    area = page.locator("select[name=omrade]")
    area.focus()
    page.keyboard.press("Home")  # the first area, the kommun
    page.keyboard.press("Enter")  # confirmed: the chooser submits itself
    page.wait_for_url("**omrade=0126&**")
    assert "Huddinge" in page.locator("h1").inner_text()
    # Tab on from the button to the first indicator link inside the grid, and follow it
    page.get_by_role("button", name="Visa").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "!!document.activeElement.closest('table.effect-grid') "
            "&& document.activeElement.tagName === 'A'"
        )
        if inside:
            break
    assert inside, "no link in the grid is reached by Tab"
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href.startswith("/indikator/antal_ansokningar_socialtjanst")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "effektlogik-keyboard.png"), full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url("**/indikator/antal_ansokningar_socialtjanst**")


def test_an_insight_becomes_a_draft_intervention(site: Site, page) -> None:  # type: ignore[no-untyped-def]
    """ "Omvandla insikter till insatser": an analyst signs in, opens an area's insights and
    makes a draft intervention from a finding, by keyboard; its page says what it is linked to.
    On a copy of the demo (the site fixture), so the shared demo is not written."""
    with serving(site.app) as server:
        sign_in(page, server, "analytiker", PASSWORDS["analytiker"])
        page.goto(f"{server}/omrade/0126R014/insikter?ar=2024&lang=sv")
        button = page.get_by_role("button", name="Skapa utkast till insats").first
        finding = button.locator("xpath=ancestor::li[1]").inner_text()
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/insatser/utkast-1" in page.url
        main = page.locator("main").inner_text()
        assert "Ett utkast, gjort av analytiker" in main
        # its follow-up section: a draft has no start yet, and says so
        assert "Uppföljning" in main and "inget startdatum" in main
        assert axe_violations(page) == []
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "insats-utkast.png"), full_page=True)
        # an intervention with a start: the follow-up page with its turn-the-curve chart
        page.goto(f"{server}/insatser/narvaroteam-skogas?lang=sv")
        section = page.locator("section.follow-up").first
        assert "i önskad riktning" in section.inner_text()
        assert section.locator("svg").count() == 1
        assert axe_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "insats-uppfoljning.png"), full_page=True)
        assert finding  # the finding the draft came from had text
        (event,) = site.events(action="intervention.draft")
        assert event.actor == "analytiker"


def test_an_item_is_edited_by_keyboard(site: Site, page) -> None:  # type: ignore[no-untyped-def]
    """An analyst reaches an item's edit form from the grid by Tab, types a new text, sends it with
    Enter, and the grid shows it; a form with a problem answers in words beside the field. On a copy
    of the demo (the site fixture)."""
    new_text = "Färre elever med problematisk frånvaro (redigerad)"
    with serving(site.app) as server:
        sign_in(page, server, "analytiker", PASSWORDS["analytiker"])
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{server}/effektlogik/lyckad-skolgang?lang=sv")
        page.locator("h1").focus()
        for _ in range(80):
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement.getAttribute('href') || ''")
            if href.endswith("/post/2/redigera"):
                break
        assert href.endswith("/post/2/redigera"), "the item's edit link is not reached by Tab"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert axe_violations(page) == []
        text = page.locator("#f-text")
        text.focus()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        with page.expect_navigation():
            page.keyboard.press("Enter")  # an empty text: refused, named beside the field
        assert text.get_attribute("aria-invalid") == "true"
        assert page.locator("#text-err").inner_text()
        assert axe_violations(page) == []
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "effektlogik-redigera-fel.png"), full_page=True)
        text.focus()
        page.keyboard.type(new_text)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_url("**/effektlogik/lyckad-skolgang**")
        assert new_text in page.locator("main").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "effektlogik-redigerad.png"), full_page=False)
        (event,) = site.events(action="effect_logic.item")
        assert event.actor == "analytiker"


def test_an_item_is_added_by_keyboard(site: Site, page) -> None:  # type: ignore[no-untyped-def]
    """An analyst reaches a cell's "Lägg till post" link by Tab, fills the new item's form by
    keyboard and sends it with Enter; the grid shows the item in that cell. The removal
    confirmations and the new intervention's form are axe-clean too."""
    new_text = "Fler vuxna förebilder på fritiden (ny)"
    cell = "/post/ny?niva=universal&kolumn=long_term"
    with serving(site.app) as server:
        sign_in(page, server, "analytiker", PASSWORDS["analytiker"])
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{server}/effektlogik/lyckad-skolgang?lang=sv")
        page.locator("h1").focus()
        for _ in range(200):
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement.getAttribute('href') || ''")
            if href.endswith(cell):
                break
        assert href.endswith(cell), "the cell's add link is not reached by Tab"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("#f-niva").input_value() == "universell"
        assert axe_violations(page) == []
        page.locator("#f-text").focus()
        page.keyboard.type(new_text)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "effektlogik-ny-post.png"), full_page=True)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_url("**/effektlogik/lyckad-skolgang**")
        last_cell = page.locator("table.effect-grid tbody tr").nth(2).locator("td").nth(2)
        assert new_text in last_cell.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "effektlogik-post-tillagd.png"), full_page=False)
        (event,) = site.events(action="effect_logic.item_add")
        assert event.actor == "analytiker"
        for path in (
            "/effektlogik/lyckad-skolgang/post/2/ta-bort",
            "/insatser/narvaroteam-skogas/ta-bort?lang=en",
            "/insatser/ny",
        ):
            response = page.goto(server + path)
            assert response is not None and response.status == 200, path
            assert axe_violations(page) == [], path
        page.goto(server + "/insatser/narvaroteam-skogas/ta-bort")
        page.screenshot(path=str(SCREENSHOTS / "insats-ta-bort.png"), full_page=True)
