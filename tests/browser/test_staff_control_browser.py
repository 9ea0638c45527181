"""``/personal``, ``/intern-kontroll`` and ``/ekonomi/finansiering`` in Chromium: reached from
the menu by keyboard, the year chooser operable by keyboard, no serious axe violation, in
Swedish and English; screenshots in ``SCREENSHOTS``."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "/personal": "personal",
    "/intern-kontroll": "intern-kontroll",
    "/ekonomi/finansiering": "finansiering",
}


@pytest.mark.parametrize("path", [*PAGES, *(p + "?lang=en" for p in PAGES)])
def test_no_serious_accessibility_violations(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(server + path)
    assert response is not None and response.status == 200, path
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(exist_ok=True)
    name = PAGES[path.split("?")[0]] + ("-en" if "lang=en" in path else "")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_one_menu_entry_and_the_pages_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/mal?lang=sv")
    page.locator("#huvudmeny").get_by_role("button", name="Ekonomi och personal").click()
    page.locator("#huvudmeny").get_by_role("link", name="Personal och kontroll").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/personal")
    subnav = page.get_by_role("navigation", name="Personal, kontroll och finansiering")
    assert subnav.get_by_role("link", name="Personal").get_attribute("aria-current") == "page"
    for link, path in (
        ("Intern kontroll", "/intern-kontroll"),
        ("Satsningar, extern finansiering och investeringar", "/ekonomi/finansiering"),
    ):
        subnav.get_by_role("link", name=link).focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(path)
        assert page.locator("h1").is_visible()


def test_the_year_is_chosen_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/personal?ar=2024")
    page.get_by_label("År").focus()
    page.keyboard.press("ArrowUp")  # 2023
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ar=2023" in page.url
    assert page.locator("h1 .year").inner_text() == "2023"
