"""The analysts' data page in a real browser: upload → validation report → preview; axe on
the page, the report and an indicator's revision history. Nothing is confirmed here: the
demo database is shared by the whole session, so the test that confirms an import has a server
of its own on a copy."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kommunanalys.access.accounts import Accounts
from kommunanalys.access.roles import Role
from kommunanalys.store import Store
from kommunanalys.web.app import create_app
from tests.browser.conftest import SCREENSHOTS, axe_violations, serving, sign_in

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


@pytest.fixture(scope="module")
def own_server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own on a copy of the demo: this module confirms an import."""
    path = tmp_path_factory.mktemp("import-browser") / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    store = Store.open(path)
    Accounts(store).add_user(ANALYST, PASSWORD, Role.ANALYST, committee="socialnamnden")
    with serving(create_app(store)) as url:
        yield url
    store.close()


def _profile_value(page, server: str) -> float:  # type: ignore[no-untyped-def]
    data = page.request.get(f"{server}/omrade/0126C1010.json?ar=2022").json()
    cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
    return float(cards["antal_invanare"]["value"]["value"])


def test_a_confirmed_import_is_published_while_the_site_serves(  # type: ignore[no-untyped-def]
    page, own_server: str, tmp_path: Path
) -> None:
    """Issue 21 item 1: confirming answers at once, the public keeps being served (the old
    values) while the import is published, and the new value shows without a restart."""
    public = page.context.browser.new_context().new_page()
    assert _profile_value(public, own_server) == 2810
    sign_in(page, own_server, ANALYST, PASSWORD)
    page.goto(f"{own_server}/import")
    one_row = tmp_path / "befolkning-2022.csv"
    one_row.write_text(
        "indicator,area,period,gender,value\nantal_invanare,0126C1010,2022,T,2799\n",
        encoding="utf-8",
    )
    _upload(page, one_row)
    started = time.monotonic()
    with page.expect_navigation():
        page.click("form.confirm button")
    assert time.monotonic() - started < 10  # the answer does not wait for the refresh
    assert "publiceras om en stund" in page.locator("p.publishing").inner_text()
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-confirmed.png"), full_page=True)
    # the public is served throughout, and sees the new value once it is published
    public.goto(f"{own_server}/omrade/0126C1010?ar=2022")
    assert public.locator("h1").first.inner_text()
    deadline = time.monotonic() + 120
    while _profile_value(public, own_server) != 2799:
        assert time.monotonic() < deadline, "the import was never published"
        time.sleep(0.2)
    page.goto(f"{own_server}/import")
    assert "Publicerat" in page.locator("#publicering").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "import-published.png"), full_page=True)
    public.context.close()
