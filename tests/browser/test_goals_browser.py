"""Goal follow-up in a real browser: tree → nämndmål → login → report values → grade → report."""

from __future__ import annotations

import pytest

from kommunanalys.access.accounts import Accounts
from kommunanalys.access.roles import Role
from kommunanalys.store import Store
from tests.browser.conftest import SCREENSHOTS, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "webbläsar-lösen-1"


@pytest.fixture(scope="module", autouse=True)
def users(demo_store: Store) -> None:
    accounts = Accounts(demo_store)
    for name, role, unit in (("browser.hr", Role.EDITOR, "hr"), ("browser.ana", Role.ANALYST, "")):
        if accounts.user(name) is None:
            accounts.add_user(name, PASSWORD, role, committee="socialnamnden", unit=unit)


def logout(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click("header.site button.linklike")


def test_goal_tree_to_objective_and_transition(page, server: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/mal")
    rows = page.locator("table.goal-tree tbody tr")
    assert rows.count() == 7
    assert "avviker från förslaget" in rows.nth(4).inner_text()
    page.screenshot(path=str(SCREENSHOTS / "goals-tree.png"), full_page=True)
    page.click("text=Socialnämnden minskar sina utsläpp av växthusgaser")
    assert page.locator("h1").inner_text() == "Socialnämnden minskar sina utsläpp av växthusgaser"
    assert page.locator(".goal-charts svg").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "goals-objective.png"), full_page=True)
    page.goto(f"{server}/omstallning")
    assert page.locator("table.transition tbody tr").count() == 7
    page.screenshot(path=str(SCREENSHOTS / "goals-transition.png"), full_page=True)


def test_unit_editor_reports_a_value_with_the_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, server, "browser.hr", PASSWORD)
    page.goto(f"{server}/rapportering?ar=2024&period=delår 1")
    legends = page.locator(".entry legend").all_inner_texts()
    assert legends and all(
        "Sjukfrånvaro" in t or "HME" in t or "Personalomsättning" in t for t in legends
    )
    field = page.locator("#value__sjukfranvaro")
    field.focus()
    field.fill("6,9")
    page.screenshot(path=str(SCREENSHOTS / "goals-entry.png"), full_page=True)
    page.locator(".entry button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "värden sparades" in page.locator("p[role=status]").inner_text()
    assert page.locator("#value__sjukfranvaro").input_value() == "6,9"
    logout(page)


def test_analyst_grades_and_downloads_the_report(page, server: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, server, "browser.ana", PASSWORD)
    page.goto(f"{server}/mal/sund-ekonomi")
    page.select_option("#grade", "high")
    page.fill("#motivation", "")
    with page.expect_navigation():
        page.click("text=Spara bedömningen")
    assert "skriv en motivering" in page.content()
    page.goto(f"{server}/mal/sund-ekonomi")
    page.select_option("#grade", "very_high")
    with page.expect_navigation():
        page.click("text=Spara bedömningen")
    assert "Beslutshistorik" in page.content()
    page.goto(f"{server}/mal")
    with page.expect_download() as download:
        page.click("text=Verksamhetsberättelse (Word)")
    assert download.value.suggested_filename == "verksamhetsberattelse_socialnamnden_2024.docx"
    logout(page)
