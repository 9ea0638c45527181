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
