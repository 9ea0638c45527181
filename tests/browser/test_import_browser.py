"""The analysts' data page in a real browser: upload → validation report → preview; axe on
the page, the report and an indicator's revision history. Nothing is confirmed here: the
demo database is shared by the whole session (confirming is tested in-process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.access.accounts import Accounts
from kommunanalys.access.roles import Role
from kommunanalys.store import Store
from tests.browser.conftest import SCREENSHOTS, axe_violations, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "webbläsar-lösen-2"
ANALYST = "browser.import"


@pytest.fixture(scope="module", autouse=True)
def analyst(demo_store: Store) -> None:
    accounts = Accounts(demo_store)
    if accounts.user(ANALYST) is None:
        accounts.add_user(ANALYST, PASSWORD, Role.ANALYST, committee="socialnamnden")


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_input_files("#fil", str(path))
    with page.expect_navigation():
        page.click("form.upload button[type=submit]")


def test_upload_report_and_preview_are_accessible(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, server, ANALYST, PASSWORD)
    page.goto(f"{server}/import")
    assert page.locator("h1").first.inner_text()
    assert axe_violations(page) == []

    bad = tmp_path / "befolkning.csv"
    bad.write_text(
        "indicator,area,period,gender,value\n"
        "antal_invanare,0126C1310,2022,T,3277\n"
        "antal_invanare,0126X9999,2022,T,12\n",
        encoding="utf-8",
    )
    _upload(page, bad)
    problems = page.locator("table.problems")
    assert "0126X9999" in problems.inner_text()
    assert problems.locator("tbody tr").first.locator("td").nth(2).inner_text() == "3"
    assert page.locator("form.confirm").count() == 0  # nothing to confirm in a bad file
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-report.png"), full_page=True)

    good = tmp_path / "befolkning-2022.csv"
    good.write_text(
        "indicator,area,period,gender,value\nantal_invanare,0126C1310,2022,T,3277\n",
        encoding="utf-8",
    )
    _upload(page, good)
    assert page.locator("form.confirm button").count() == 1
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "import-preview.png"), full_page=True)


def test_revision_history_is_accessible(page, server: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, server, ANALYST, PASSWORD)
    page.goto(f"{server}/indikator/antal_invanare/historik?omrade=0126C1310")
    assert "3" in page.content()
    assert axe_violations(page) == []
