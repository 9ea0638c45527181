"""On a phone (375 px) the text in every chart stays at least 12 px, and choosing a year with
the arrow keys loads one page, on Enter, not one per step (issue 21, item 14)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

#: the smallest text in a chart, in CSS pixels as drawn
MIN_TEXT_PX = 12

#: the rendered size of each text in each chart: its computed font size in the chart's own units
#: times the chart's scale (drawn width / viewBox width)
SIZES = """() => [...document.querySelectorAll("main svg[viewBox]")].flatMap((svg) => {
  const box = svg.viewBox.baseVal;
  if (!box || !box.width) return [];
  const scale = svg.getBoundingClientRect().width / box.width;
  return [...svg.querySelectorAll("text")]
    .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map((t) => ({
      text: t.textContent.trim().slice(0, 30),
      px: parseFloat(getComputedStyle(t).fontSize) * scale,
    }));
})"""

PAGES = [
    "/omrade/0126R001?ar=2024",
    "/indikator/andel_apn_aktivitet",
    "/utveckling",
    "/bubblor",
    "/karta",
    "/mal/forebyggande",
]


@pytest.mark.parametrize("path", PAGES)
def test_chart_text_is_legible_on_a_phone(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        page.goto(f"{server}{path}")
        sizes = page.evaluate(SIZES)
        assert sizes, f"{path}: no chart text found"
        small = [s for s in sizes if s["px"] < MIN_TEXT_PX - 0.05]
        SCREENSHOTS.mkdir(exist_ok=True)
        name = path.strip("/").split("?")[0].replace("/", "-") or "index"
        page.screenshot(path=str(SCREENSHOTS / f"chart-375-{name}.png"), full_page=False)
        assert small == [], f"{path}: {len(small)} texts below {MIN_TEXT_PX} px: {small[:3]}"
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_arrow_keys_choose_a_year_and_enter_loads_it_once(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/omrade/0126R001?ar=2020")
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    year = page.locator("select#ar")
    year.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)
    assert loads == [], f"an arrow key loaded {loads}"
    assert "ar=2020" in page.url
    chosen = year.input_value()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert len(loads) == 1 and f"ar={chosen}" in page.url


def test_a_pointer_choice_still_loads_at_once(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/omrade/0126R001?ar=2020")
    with page.expect_navigation():
        page.locator("select#ar").select_option("2023")
    assert "ar=2023" in page.url
