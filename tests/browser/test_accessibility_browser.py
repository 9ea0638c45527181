"""axe-core on every main view: no serious or critical WCAG 2.1 AA violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PUBLIC_VIEWS = [
    "/",
    "/omrade/0126",
    "/omrade/0126C1310",
    "/omrade/skogas",
    "/indikatorer",
    "/indikator/antal_invanare",
    "/indikator/medianinkomst?niva=deso",
    "/jamfor",
    "/utveckling?omrade=0126C1310,skogas&indikator=antal_invanare",
    "/karta",
    "/bubblor",
    "/jamlikhet",
    "/mal",
    "/omstallning",
    "/login",
    "/omrade/0126C1310?lang=en",
    "/karta?lang=en",
]


@pytest.mark.parametrize("path", PUBLIC_VIEWS)
def test_no_serious_accessibility_violations(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(server + path)
    assert response is not None and response.status == 200, path
    assert axe_violations(page) == []
