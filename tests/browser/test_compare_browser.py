"""Drive the comparison views in Debian's Chromium: profile → compare → years → export,
back/forward through permalinks, axe-core on every view, phone width, keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations

pytestmark = pytest.mark.browser

VIEWS = [
    "/jamfor?omraden=0126,0126R007,0126C1270&doman=Fritid&ar=2023",
    "/jamfor",
    "/jamfor?omraden=0126R007",  # the 400 page still offers the filters
    "/utveckling?omrade=0126,0126R001,0126C1020&indikator=andel_ledarledd_fritid&kon=alla",
    "/bubblor?niva=deso&ar=2023&farg=andel_i_kulturskola",
]


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_walk_profile_compare_years_export(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/omrade/0126R007?ar=2023")
    assert "Glömsta-Loviseberg" in page.locator("h1").inner_text()
    # from the profile to a comparison of the area with the kommun (the profile's link)
    page.goto(f"{server}/jamfor?omraden=0126,0126R007&ar=2023&doman=Fritid")
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert any("Glömsta-Loviseberg" in h for h in headers)
    # add a DeSO of the area with a checkbox; the form leads to the short permalink
    page.check('input[name="omraden"][value="0126C1270"]')
    page.locator('form.filters button[type="submit"]').first.click()
    page.wait_for_url("**/jamfor?ar=2023&kon=T&doman=Fritid&omraden=0126,0126R007,0126C1270")
    assert page.locator("table.compare thead th").count() == 4
    assert page.locator("table.compare .badge").count() > 0
    _shot(page, "compare-areas")
    compare_url = page.url
    # on to the years of one indicator for the same areas
    row = page.locator("table.compare tbody tr", has_text="Andel ledarledd fritid").first
    row.get_by_role("link", name="över åren").click()
    page.wait_for_url("**/utveckling?**")
    assert "0126C1270" in page.url and "andel_ledarledd_fritid" in page.url
    assert page.locator("table.series tbody tr").count() == 3
    _shot(page, "compare-years")
    years_url = page.url
    # back and forward move between the permalinks
    page.go_back()
    page.wait_for_url(compare_url)
    assert page.locator("table.compare").is_visible()
    page.go_forward()
    page.wait_for_url(years_url)
    # export what is shown: CSV for Swedish Excel
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV för svenskt Excel (;)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[:5] == ["Område", "Områdeskod", "Nivå", "Domän", "Indikator"]
    value = header.index("Värde")
    assert any(
        line.startswith("Glömsta-Loviseberg;") and "," in line.split(";")[value]
        for line in lines[1:]
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    assert info.value.suggested_filename == "utveckling.xlsx"


def test_series_break_is_visible(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/utveckling?omrade=0126C1020&indikator=andel_ledarledd_fritid")
    assert page.locator("#break-note").is_visible()
    cell = page.locator("td.after-break").first
    assert cell.is_visible() and "‖" in cell.inner_text()
    assert "serien bryts" in page.locator("svg.chart-lines").first.inner_html()


def test_bubbles_link_to_profiles(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/bubblor?niva=regso&ar=2023")
    bubble = page.locator("svg.chart-bubbles a").first
    href = bubble.get_attribute("href") or bubble.get_attribute("xlink:href")
    assert href and href.startswith("/omrade/0126R")
    page.locator("table.bubbles tbody th a").first.click()
    page.wait_for_url("**/omrade/0126R*?ar=2023")
    assert page.locator("h1 .year").inner_text() == "2023"


@pytest.mark.parametrize("path", VIEWS)
def test_no_serious_accessibility_violations(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("name", "path"), [("jamfor", VIEWS[0]), ("utveckling", VIEWS[3]), ("bubblor", VIEWS[4])]
)
def test_phone_width_and_screenshots(page, server: str, name: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + path)
    _shot(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, "the page itself never scrolls sideways (wide tables scroll inside)"
    _shot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def _tab_to(page, selector: str, limit: int = 400) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has a visible focus"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_filters(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/jamfor?omraden=0126,0126R007&ar=2023&doman=Fritid")
    page.locator("body").focus()
    _tab_to(page, "#f-ar")
    page.keyboard.press("ArrowUp")  # 2022
    _tab_to(page, ".area-picker summary")  # the first group, the custom areas: open it
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "flemingsberg"
    page.keyboard.press("Space")
    _tab_to(page, 'form.filters button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/jamfor?ar=2022&**")
    assert "flemingsberg" in page.url
    assert "Flemingsberg" in page.locator("table.compare thead").inner_text()
    # the bubble chart's selects, by keyboard
    page.goto(f"{server}/bubblor?niva=regso&ar=2023")
    page.locator("body").focus()
    _tab_to(page, "#f-niva")
    page.keyboard.press("ArrowDown")  # DeSO
    _tab_to(page, 'form.filters button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/bubblor?**niva=deso**")
    assert page.locator("table.bubbles tbody tr").count() > 50
