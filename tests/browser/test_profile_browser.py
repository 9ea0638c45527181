"""Drive the area profile in Debian's Chromium (Playwright, never `playwright install`)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from kommunanalys.store import Store
from kommunanalys.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SCREENSHOTS = Path(os.environ.get("KOMMUNANALYS_SCREENSHOTS", "screenshots"))


@pytest.fixture(scope="module")
def server(demo_store: Store) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(demo_store), host="127.0.0.1", port=port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} saknas: installera Debians chromium (make test gör det)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


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
    tip = page.locator('li.card[data-indicator="antal_invanare"] .tip')
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
