"""The HTML report (/mal/rapport.html) in Debian's Chromium: its own inline styles apply
under the site's content security policy (allowed by their hash), with no CSP error."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_the_html_report_is_styled(page, server: str) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(f"{server}/mal/rapport.html")
    assert response is not None and response.ok
    h1 = page.locator("h1").first
    assert h1.evaluate("e => getComputedStyle(e).fontSize") == "24px"  # 18pt
    cell = page.locator("table.assessment th").first
    assert cell.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert cell.evaluate("e => getComputedStyle(e).borderTopWidth") == "1px"
    assert (
        page.locator("body")
        .evaluate("e => getComputedStyle(e).fontFamily")
        .startswith('"DejaVu Sans"')
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "goals-report-html.png"), full_page=False)
