"""The map and the ranking in Chromium: keyboard only (Tab to an area, Enter opens its
profile), the live region, axe-core, and screenshots of /karta, /indikator/{id} and a profile
with its spine charts (saved under SCREENSHOTS)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser

MAP = "/karta?indikator=medianinkomst&ar=2022&niva=deso&klasser=kvantiler&kon=T"
RANKING = "/indikator/andel_ledarledd_fritid?niva=deso&ar=2023&omrade=0126C1080"


def _focused_in_map(page) -> str | None:  # type: ignore[no-untyped-def]
    """The aria-label of the focused map area, or None when focus is elsewhere."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el && el.closest && el.closest('svg.chart-map') ? el.getAttribute('aria-label')
                                                                   : null;
        }"""
    )


def test_keyboard_reaches_an_area_and_enter_opens_its_profile(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + MAP)
    label = None
    for _ in range(80):
        page.keyboard.press("Tab")
        label = _focused_in_map(page)
        if label:
            break
    assert label, "Tab never reached a map area"
    # the enhancement writes the focused area's value beside the map
    assert page.locator("#map-focus").inner_text() == label
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "karta-fokus.png"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/omrade/**")
    assert "/omrade/0126" in page.url and "ar=2022" in page.url


#: an indicator with values at both levels (medianinkomst is offered at DeSO only, issue 21 item 8)
BOTH_LEVELS = "/karta?indikator=andel_ledarledd_fritid&ar=2023&niva=deso&klasser=kvantiler&kon=T"


def test_map_filters_are_the_url(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + BOTH_LEVELS)
    page.select_option("#niva", "regso")
    page.wait_for_url("**niva=regso**")
    assert page.locator("svg.chart-map a.mark").count() == 22
    page.go_back()
    page.wait_for_url("**niva=deso**")
    assert page.locator("svg.chart-map a.mark").count() == 60


def test_map_works_without_javascript(server: str, page) -> None:  # type: ignore[no-untyped-def]
    context = page.context.browser.new_context(java_script_enabled=False)
    bare = context.new_page()
    bare.goto(server + MAP)
    assert bare.locator("svg.chart-map a.mark").count() == 60
    assert bare.locator("table.map-table tbody tr").count() == 60
    context.close()


@pytest.mark.parametrize("path", [MAP, RANKING, "/karta?niva=regso&ar=2025"])
def test_no_serious_accessibility_violations(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + path)
    assert axe_violations(page) == []


def test_screenshots(page, server: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + MAP)
    page.screenshot(path=str(SCREENSHOTS / "karta.png"), full_page=True)
    page.goto(server + RANKING)
    page.screenshot(path=str(SCREENSHOTS / "indikator-rangordning.png"), full_page=True)
    page.goto(server + "/omrade/0126R007?ar=2023")
    page.locator("details.spine-section summary").first.click()
    page.locator("details.spine-section").first.scroll_into_view_if_needed()
    assert page.locator("details.spine-section svg.chart-spine").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "omrade-spine.png"))
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server + MAP)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "no horizontal scrolling of the page at 375 px"
    page.screenshot(path=str(SCREENSHOTS / "karta-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_police_layer_checkbox(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/karta?indikator=antal_invanare&niva=deso&ar=2025")
    assert page.locator("svg.chart-map g.overlay").count() == 0
    page.get_by_label("Polisens utsatta områden 2023").check()  # submits the form by itself
    page.wait_for_url("**polisen=1**")
    assert page.locator("svg.chart-map g.overlay path").count() == 3
    assert "Skogås" in page.locator(".police-list").inner_text()
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "karta-polisen.png"), full_page=False)


#: coloured by comparison by default: the synthetic shares have intervals (bättre/likvärdig/sämre)
BY_COMPARISON = "/karta?indikator=andel_ledarledd_fritid&ar=2023&niva={niva}"


def test_the_colouring_switches_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: the map coloured by comparison, switched to value classes and back with the
    keyboard only (Tab to "Färg", arrow keys: the form follows the choice)."""
    page.goto(server + BY_COMPARISON.format(niva="deso"))
    assert page.locator("#farg").input_value() == "jamforelse"
    assert page.locator("svg.chart-map path[data-outcome]").count() == 60
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "farg":
            break
    assert page.evaluate("document.activeElement.id") == "farg", "Tab never reached Färg"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # confirms: the form submits itself
    page.wait_for_url("**farg=varde**")
    assert page.locator("svg.chart-map path[data-outcome]").count() == 0
    assert page.locator("#farg").input_value() == "varde"
    page.locator("#farg").focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url("**farg=jamforelse**")
    assert page.locator("svg.chart-map path[data-outcome]").count() == 60


@pytest.mark.parametrize("niva", ["deso", "regso"])
def test_the_comparison_map_is_accessible_and_shot(page, server: str, niva: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + BY_COMPARISON.format(niva=niva))
    assert axe_violations(page) == []
    # every drawn area says its comparison in words, in its accessible name
    names = page.locator("svg.chart-map a.mark").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert names and all(" – " in n or ": uppgift saknas" in n or "skyddad" in n for n in names)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"karta-jamforelse-{niva}.png"), full_page=True)
