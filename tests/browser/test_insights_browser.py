"""Statistics in the browser: interval on keyboard focus, benchmark choice, insights page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_interval_shows_on_keyboard_focus(page, server: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{server}/omrade/0126R001?ar=2025&doman=F%C3%B6rskola%20och%20skola")
    value = page.locator("li.card[data-comparison] .has-tip").first
    tip_id = value.get_attribute("aria-describedby")
    tip = page.locator(f"#{tip_id}")
    assert not tip.is_visible()
    value.focus()
    assert tip.is_visible() and "konfidensintervall" in tip.inner_text()
    badge = page.locator("li.card[data-comparison] .badge").first.inner_text()
    assert any(word in badge for word in ("Bättre", "Sämre", "Likvärdig", "Högre", "Lägre"))
    page.screenshot(path=str(SCREENSHOTS / "profile-interval-focus.png"), full_page=False)


def test_choose_benchmark_then_open_insights(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/omrade/0126C1010?ar=2025")
    page.select_option("#jamfor", "0126R004")  # auto-submits
    page.wait_for_url("**/omrade/0126C1010?ar=2025&jamfor=0126R004")
    assert "Jämfört med Fullersta norra" in page.locator(".legend").inner_text()
    page.go_back()
    page.wait_for_url("**/omrade/0126C1010?ar=2025")
    page.click("text=Insikter för")
    page.wait_for_url("**/omrade/0126C1010/insikter?ar=2025")
    findings = page.locator("ol.findings > li")
    assert findings.count() > 0
    assert "95" in findings.first.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "insights.png"), full_page=False)


def test_equality_page_on_a_phone(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{server}/jamlikhet?indikator=andel_ledarledd_fritid&ar=2023")
    assert "säkerställda skillnader" in page.locator("main").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, "no horizontal scrolling of the page on a phone"
    page.screenshot(path=str(SCREENSHOTS / "equality-phone.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
