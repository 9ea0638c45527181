"""The economy in a browser: /ekonomi → a period → the volumes → an insats, axe-clean in
Swedish and English, with screenshots."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser


def test_walk_the_economy(page, server: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/")
    page.locator("#huvudmeny").get_by_role("button", name="Ekonomi och personal").click()
    page.locator("#huvudmeny").get_by_role("link", name="Ekonomi").click()
    page.wait_for_url("**/ekonomi")
    assert page.get_by_role("heading", name="Resultaträkning").is_visible()
    assert page.get_by_text("-501\u00a0534").first.is_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "ekonomi.png"), full_page=True)
    page.get_by_label("Till och med").select_option("8")  # autosubmits: delår 2
    page.wait_for_url("**till=8**")
    assert "jan–aug" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Placeringsvolymer").click()
    page.wait_for_url("**/ekonomi/volymer**")
    page.get_by_label("Insats").select_option("skyddat_boende")
    page.wait_for_url("**insats=skyddat_boende**")
    assert page.locator("svg.chart-lines").count() == 1
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "ekonomi-volymer.png"), full_page=True)


@pytest.mark.parametrize("path", ["/ekonomi?lang=en", "/ekonomi/volymer?lang=en"])
def test_english_is_axe_clean(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    assert axe_violations(page) == []
