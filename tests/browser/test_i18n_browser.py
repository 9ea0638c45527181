"""The language switch in Debian's Chromium: English on the profile, kept while navigating."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser


def _lang(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.lang")


def test_switch_to_english_and_keep_it(page, server: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{server}/omrade/0126R007?ar=2023")
    assert _lang(page) == "sv"
    page.click("li.lang-switch a")
    page.wait_for_url("**/omrade/0126R007?ar=2023&lang=en")
    assert _lang(page) == "en"
    assert "regional statistical area" in page.locator(".level-name").inner_text().lower()
    value = page.locator('li.card[data-indicator="antal_invanare"] p.value').inner_text()
    assert value == "5,023"
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "profile-english.png"), full_page=False)

    page.click("#huvudmeny button[aria-controls='meny-omraden']")  # the menu group
    page.click("nav a[href='/jamfor']")  # a plain link: the cookie carries the language
    page.wait_for_url("**/jamfor")
    assert _lang(page) == "en"
    assert page.locator("h1").inner_text().startswith("Compare areas")
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "compare-english.png"), full_page=False)

    page.click("li.lang-switch a")
    page.wait_for_url("**/jamfor?lang=sv")
    assert _lang(page) == "sv"
    page.goto(f"{server}/indikatorer")
    assert _lang(page) == "sv" and page.locator("h1").inner_text() == "Indikatorer"


def test_english_insights_and_goal_pages(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Pages translated later: English text, lang="sv" only on Swedish content, axe clean."""
    page.goto(f"{server}/omrade/0126R007/insikter?ar=2023&lang=en")
    assert _lang(page) == "en"
    assert page.locator("#findings-h").inner_text().startswith("Findings")
    assert axe_violations(page) == []
    page.goto(f"{server}/mal?lang=en")
    page.locator("table.goal-tree a").first.click()
    page.wait_for_load_state()
    assert _lang(page) == "en"
    assert "Interim target" in page.locator("table.goal-indicators thead").inner_text()
    assert axe_violations(page) == []
