"""Drive the area profile in Debian's Chromium (Playwright, never `playwright install`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, SCREENSHOTS

pytestmark = pytest.mark.browser


def _card_value(page, indicator: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f'li.card[data-indicator="{indicator}"] p.value').inner_text()


def test_profile_switch_to_deso_choose_area_and_year(page, server: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{server}/omrade/0126R007?ar=2023")
    assert "Glömsta-Loviseberg" in page.locator("h1").inner_text()
    assert _card_value(page, "antal_invanare").replace("\u00a0", " ") == "5 023"
    page.screenshot(path=str(SCREENSHOTS / "profile-regso.png"), full_page=False)

    page.click("#to-deso")
    page.wait_for_url("**/omrade/0126C1270?ar=2023")
    assert "demografiskt statistikområde" in page.locator(".level-name").inner_text().lower()
    first_deso = int(_card_value(page, "antal_invanare").replace("\u00a0", ""))

    page.select_option("#omrade", "0126C1310")  # auto-submits through app.js
    page.wait_for_url("**/omrade/0126C1310?ar=2023")
    population_2023 = int(_card_value(page, "antal_invanare").replace("\u00a0", ""))

    page.select_option("#ar", "2022")
    page.wait_for_url("**/omrade/0126C1310?ar=2022")
    population_2022 = int(_card_value(page, "antal_invanare").replace("\u00a0", ""))
    assert first_deso + population_2023 == 5023  # Glömsta-Loviseberg = 0126C1270 + 0126C1310
    assert population_2022 > 0 and page.locator("h1 .year").inner_text() == "2022"
    page.screenshot(path=str(SCREENSHOTS / "profile-deso.png"), full_page=False)


def test_source_shows_on_keyboard_focus(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/omrade/0126?ar=2023")
    info = page.locator('li.card[data-indicator="antal_invanare"] .info')
    info.focus()
    tip = page.locator("#t-antal_invanare")  # the source tip (the value has its own)
    assert tip.is_visible() and "SCB" in tip.inner_text()


def test_overview_and_phone_width(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{server}/")
    assert page.locator("table.areas tbody tr").count() == 22
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, "no horizontal scrolling on a phone"
    page.screenshot(path=str(SCREENSHOTS / "overview-phone.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_chromium_is_debians() -> None:
    assert shutil.which("chromium") or Path(CHROMIUM).exists()


def test_profile_key_figures_first_rest_folded_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 11: a domain's key figures first, the rest folded and opened by keyboard."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/omrade/0126R007?ar=2023")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, height  # was about 10 000 px with every card open
    more = page.locator("details.more-cards").first
    hidden = more.locator("li.card").first
    assert not hidden.is_visible()
    more.locator("summary").focus()
    page.keyboard.press("Enter")
    assert hidden.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "profile-key-figures.png"), full_page=True)


def test_profile_shows_the_chosen_benchmark(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 7: the chosen benchmark's value on the card, the spine compared with it."""
    page.goto(f"{server}/omrade/0126R007?ar=2023&jamfor=0126R015")
    card = page.locator('li.card[data-indicator="andel_behoriga_hogskola"]')
    assert "Skogås östra:" in card.locator("p.benchmark").inner_text()
    spine = page.locator("details.spine-section").first
    spine.locator("summary").click()
    assert "Skogås östra" in spine.inner_text()
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "profile-benchmark.png"), full_page=False)
    spine.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "profile-benchmark-spine.png"), full_page=False)
