"""axe-core on every main view: no serious or critical WCAG 2.1 AA violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PUBLIC_VIEWS = [
    "/",
    "/omrade/0126",
    "/omrade/0126C1310",
    "/indikatorer",
    "/indikator/befolkning",
    "/jamlikhet",
    "/mal",
    "/omstallning",
    "/login",
]


@pytest.mark.parametrize("path", PUBLIC_VIEWS)
def test_no_serious_accessibility_violations(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + path)
    assert axe_violations(page) == []
