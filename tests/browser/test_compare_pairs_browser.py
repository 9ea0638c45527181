"""/jamfor from the form in Debian's Chromium, as a new user does it: the default view ticks
nothing, ticking two DeSO compares exactly those two, each against the other (the seed's view
0126C1310 against 0126C1420), and "Rensa alla" empties the choice. Desktop and 375 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser

FIRST, SECOND = "0126C1310", "0126C1420"


def _tick(page, code: str) -> None:  # type: ignore[no-untyped-def]
    box = page.locator(f'input[name="omraden"][value="{code}"]')
    group = page.locator("details.pick-group", has=box)
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    box.check()


def test_tick_two_deso_and_compare_them_with_each_other(page, server: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/jamfor?ar=2023&doman=Fritid")
    assert page.locator('input[name="omraden"]:checked').count() == 0
    _tick(page, FIRST)
    _tick(page, SECOND)
    page.locator('form.filters button[type="submit"]').first.click()
    page.wait_for_url(f"**/jamfor?*omraden={FIRST},{SECOND}*")
    assert page.locator('input[name="omraden"]:checked').count() == 2
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert len(headers) == 3 and FIRST in headers[1] and SECOND in headers[2]
    pairs = page.locator("table.pairs")
    assert pairs.is_visible()
    assert pairs.locator("thead th").nth(1).inner_text() == f"{FIRST} − {SECOND}"
    row = pairs.locator("tbody tr", has_text="Andel ledarledd fritid").first
    assert "procentenheter" in row.inner_text() and row.locator(".badge").count() == 1
    assert axe_violations(page) == []
    page.evaluate("document.getElementById('pairs-h').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / "compare-pairs.png"), full_page=False)
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, "the page itself never scrolls sideways (wide tables scroll inside)"
    page.evaluate("document.getElementById('pairs-h').scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / "compare-pairs-375.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    # "Rensa alla": nothing ticked, the year and domain kept
    page.get_by_role("link", name="Rensa alla").click()
    page.wait_for_url("**/jamfor?ar=2023&kon=T&doman=Fritid")
    assert page.locator('input[name="omraden"]:checked').count() == 0
    page.locator("form.filters").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "compare-cleared.png"), full_page=False)
