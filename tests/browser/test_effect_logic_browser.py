"""The effect logic pages in a browser (issue 18 item 3): axe-clean in Swedish and English, and
the grid operable by keyboard alone — choose an area and a year, then reach an item's indicator
from the grid and follow it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

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
