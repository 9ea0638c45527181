"""The main menu: folded behind a button on a phone, every link shown on a wide screen and
without JavaScript; operable by keyboard, checked by axe."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser


def _menu(page):  # type: ignore[no-untyped-def]
    return page.locator("#huvudmeny")


def test_wide_screen_shows_every_link_and_no_button(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/")
    assert page.locator("header.site .menu-toggle").is_hidden()
    assert _menu(page).get_by_role("link", name="Karta").is_visible()


def test_phone_folds_the_menu_behind_a_button(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        page.goto(f"{server}/")
        toggle = page.get_by_role("button", name="Meny")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert _menu(page).is_hidden()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "menu-375-folded.png"), full_page=False)
        toggle.focus()
        page.keyboard.press("Enter")  # the keyboard opens it
        assert toggle.get_attribute("aria-expanded") == "true"
        link = _menu(page).get_by_role("link", name="Karta")
        assert link.is_visible()
        page.screenshot(path=str(SCREENSHOTS / "menu-375-open.png"), full_page=False)
        assert axe_violations(page) == []
        page.keyboard.press("Tab")  # the first link follows the button
        assert page.evaluate("document.activeElement.textContent") == "Översikt"
        link.click()
        page.wait_for_url("**/karta**")
        assert page.get_by_role("button", name="Meny").get_attribute("aria-expanded") == "false"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1
        page.get_by_role("button", name="Meny").click()
        page.get_by_role("button", name="Meny").click()  # and closes again
        assert _menu(page).is_hidden()
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_without_javascript_every_link_is_shown(page, server: str) -> None:  # type: ignore[no-untyped-def]
    context = page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    try:
        bare = context.new_page()
        bare.goto(f"{server}/")
        assert bare.locator("header.site .menu-toggle").is_hidden()
        assert _menu(bare).get_by_role("link", name="Karta").is_visible()
    finally:
        context.close()
