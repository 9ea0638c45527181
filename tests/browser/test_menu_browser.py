"""The main menu: three groups, each a disclosure button over its list, on one row at 1280 px;
folded behind a "Meny" button on a phone; every link shown without JavaScript; operable by
keyboard (Tab, Enter/Space, Escape), the current page marked, checked by axe."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser


def _menu(page):  # type: ignore[no-untyped-def]
    return page.locator("#huvudmeny")


def _group(page, name: str):  # type: ignore[no-untyped-def]
    return _menu(page).get_by_role("button", name=name, exact=True)


def test_wide_screen_one_row_of_groups_and_no_menu_button(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/")
    assert page.locator("header.site .menu-toggle").is_hidden()
    tops = page.evaluate(
        "[...document.querySelectorAll('#huvudmeny > li')]"
        ".map(li => li.getBoundingClientRect().top)"
    )
    assert max(tops) - min(tops) < 4, "the menu wraps onto a second row"
    header = page.evaluate("document.querySelector('header.site').getBoundingClientRect().height")
    assert header < 70
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "menu-1280-closed.png"), full_page=False)
    areas = _group(page, "Områden")
    assert areas.get_attribute("aria-expanded") == "false"
    assert _menu(page).get_by_role("link", name="Karta").is_hidden()
    areas.click()
    assert areas.get_attribute("aria-expanded") == "true"
    assert _menu(page).get_by_role("link", name="Karta").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "menu-1280-open.png"), full_page=False)
    assert axe_violations(page) == []
    _group(page, "Mål och uppföljning").click()  # opening one closes the other
    assert areas.get_attribute("aria-expanded") == "false"
    page.mouse.click(640, 600)  # a click outside closes it
    assert _group(page, "Mål och uppföljning").get_attribute("aria-expanded") == "false"


def test_groups_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/")
    page.locator("a.brand").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Områden"
    page.keyboard.press("Enter")
    assert _group(page, "Områden").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Översikt"
    page.keyboard.press("Escape")  # closes and returns to the button
    assert _group(page, "Områden").get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent") == "Områden"
    page.keyboard.press("Tab")  # the closed list is skipped
    assert page.evaluate("document.activeElement.textContent") == "Mål och uppföljning"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Omställning"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/omstallning")
    group = page.locator("#huvudmeny .menu-group.current > .group-toggle")
    assert group.inner_text().startswith("Mål och uppföljning")
    _group(page, "Mål och uppföljning").click()
    current = _menu(page).get_by_role("link", name="Omställning")
    assert current.get_attribute("aria-current") == "page"


def test_phone_folds_the_menu_behind_a_button(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 800})
    try:
        page.goto(f"{server}/")
        toggle = page.get_by_role("button", name="Meny")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert _menu(page).is_hidden()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "menu-390-folded.png"), full_page=False)
        toggle.focus()
        page.keyboard.press("Enter")  # the keyboard opens it
        assert toggle.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Tab")  # the first group follows the button
        assert page.evaluate("document.activeElement.textContent") == "Områden"
        page.keyboard.press("Enter")
        link = _menu(page).get_by_role("link", name="Karta")
        assert link.is_visible()
        page.screenshot(path=str(SCREENSHOTS / "menu-390-open.png"), full_page=False)
        assert axe_violations(page) == []
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Översikt"
        link.click()
        page.wait_for_url("**/karta**")
        assert page.get_by_role("button", name="Meny").get_attribute("aria-expanded") == "false"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1
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
        assert bare.locator("#huvudmeny .group-toggle").first.is_hidden()
        for name in ("Karta", "Omställning", "Personal och kontroll", "API"):
            assert _menu(bare).get_by_role("link", name=name).is_visible()
    finally:
        context.close()
