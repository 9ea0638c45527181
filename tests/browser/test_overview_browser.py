"""The overview table and the population pyramid in Chromium (issue 20 items 8 and 9): reached
from the menu, used by keyboard only, axe-clean, screenshots for the eye."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser

TABLE = "/oversiktstabell?niva=regso&doman=Boende&ar=2022"


def _tab_to(page, selector: str, limit: int = 120) -> bool:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return True
    return False


def test_the_overview_table_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    menu = page.locator("#huvudmeny")
    menu.get_by_role("button", name="Områden").press("Enter")  # the menu's group, by keyboard
    menu.get_by_role("link", name="Översiktstabell").click()
    assert page.url.endswith("/oversiktstabell")
    page.goto(server + TABLE)
    # Tab to the sort link of a column, Enter sorts by it
    header = 'th a[href*="sortera=andel_boende_hyresratt"]'
    assert _tab_to(page, header)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    sorted_header = page.locator('th[aria-sort="ascending"]')
    assert "hyresrätt" in sorted_header.inner_text()
    # Enter again on the same header (focus is back at the top: Tab to it) sorts descending
    assert _tab_to(page, header)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator('th[aria-sort="descending"]').count() == 1
    # the scrollable table is a focusable region with a visible focus ring
    assert _tab_to(page, "div.table-wrap")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # every coloured cell has its mark or word beside the colour
    cells = page.locator("td[data-outcome]")
    assert cells.count() > 20
    for k in range(0, cells.count(), 7):
        assert "(" in cells.nth(k).inner_text() or cells.nth(k).locator("span").count() > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "oversiktstabell.png"), full_page=False)
    assert axe_violations(page) == []


def test_the_pyramid_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    menu = page.locator("#huvudmeny")
    menu.get_by_role("button", name="Områden").press("Enter")  # the menu's group, by keyboard
    menu.get_by_role("link", name="Befolkningspyramid").click()
    assert page.url.endswith("/omrade/0126/pyramid")
    page.goto(server + "/omrade/0126R007/pyramid")
    assert _tab_to(page, "select#ar")
    assert _tab_to(page, "div.table-wrap")
    rows = page.locator("table.series tbody tr")
    assert rows.count() == 17
    assert page.locator("svg.chart-pyramid[role=img]").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "pyramid.png"), full_page=True)
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/oversiktstabell",
        "/oversiktstabell?niva=kommun&doman=Boende&ar=2022",
        "/oversiktstabell?lang=en",
        "/omrade/0126/pyramid?lang=en",
        "/omrade/0126?ar=2022&jamfor=0000",
    ],
)
def test_no_serious_accessibility_violations(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(server + path)
    assert response is not None and response.status == 200, path
    assert axe_violations(page) == []
