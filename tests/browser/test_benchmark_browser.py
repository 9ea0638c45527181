"""The ranking's and the map's benchmark chooser in Chromium (issue 20 item 7): reached and
changed by keyboard alone, the page then compares with the chosen län or riket; axe-core
clean; screenshots saved under SCREENSHOTS."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser

SHARE = "andel_utlandsk_bakgrund"
RANKING = f"/indikator/{SHARE}?niva=kommun"
MAP = f"/karta?indikator={SHARE}&niva=regso&jamfor=0000"


def _tab_to(page, ident: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == ident:
            return
    raise AssertionError(f"Tab never reached #{ident}")


def test_the_rankings_benchmark_is_chosen_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + RANKING)
    # the kommun level compares with riket by default
    assert page.locator("#jamfor").input_value() == "0000"
    assert "Jämfört med Riket" in page.locator("table.ranking thead").inner_text()
    assert axe_violations(page) == []
    _tab_to(page, "jamfor")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("ArrowUp")  # Riket → Stockholms län
    page.keyboard.press("Enter")  # confirms: the form submits itself
    page.wait_for_url("**jamfor=01**")
    assert page.locator("#jamfor").input_value() == "01"
    assert "Jämfört med Stockholms län" in page.locator("table.ranking thead").inner_text()
    assert page.locator("table.ranking tbody .badge").count() == 1  # Huddinge's outcome
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "rangordning-jamfor-lan.png"), full_page=True)


def test_the_maps_benchmark_is_chosen_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + MAP)
    assert "Jämfört med Riket" in page.locator("table.map-table thead").inner_text()
    assert page.locator("table.map-table tbody .badge").count() > 0
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "karta-jamfor-riket.png"), full_page=True)
    _tab_to(page, "jamfor")
    page.keyboard.press("Home")  # the kommun, the map's default
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "jamfor=0000" not in url)
    assert "Jämfört med Huddinge" in page.locator("table.map-table thead").inner_text()
    assert axe_violations(page) == []
