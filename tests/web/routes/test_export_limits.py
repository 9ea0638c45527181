"""Bounded exports (issue 23 item 3) and exported charts that carry their context (issue 21
item 10): an export over a limit is refused at once with a 400 naming the limit, heavy renders
take a slot (one more is a 503 with Retry-After), and every downloaded chart is one chart
under a header with its title, year, level, source and the synthetic-data mark."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from kommunanalys.catalog.areas import division_for
from kommunanalys.charts.limits import ExportTooLarge, check_image
from kommunanalys.charts.png import svg_to_png
from kommunanalys.config import LIMITS, Limits
from kommunanalys.model import Level
from kommunanalys.query import Dataset
from kommunanalys.web.views import exports

KOMMUN, REGSO = "0126", "0126R007"


def _many(ds: Dataset, n: int) -> tuple[str, str]:
    deso = [a.code for a in ds.areas(Level.DESO, division_for(Level.DESO, 2023))][:n]
    ids = [i.id for i in ds.catalogue.indicators if not i.is_view][:n]
    assert len(deso) == n and len(ids) == n
    return ",".join(deso), ",".join(ids)


@pytest.mark.parametrize("suffix", ["png", "svg", "csv", "xlsx"])
def test_a_60_by_60_compare_export_is_refused_fast_naming_the_limit(
    client: TestClient, dataset: Dataset, suffix: str
) -> None:
    areas, ids = _many(dataset, 60)
    started = time.perf_counter()
    answer = client.get(f"/jamfor.{suffix}", params={"omraden": areas, "indikatorer": ids})
    elapsed = time.perf_counter() - started
    assert answer.status_code == 400, answer.text[:300]
    assert "3600 värden" in answer.text and f"högst {LIMITS.export_cells}" in answer.text
    assert elapsed < 5, f"refused only after {elapsed:.1f} s"
    english = client.get(
        f"/jamfor.{suffix}", params={"omraden": areas, "indikatorer": ids, "lang": "en"}
    )
    assert "at most" in english.text


def test_a_large_years_export_is_refused_fast(client: TestClient, dataset: Dataset) -> None:
    areas, ids = _many(dataset, 60)
    started = time.perf_counter()
    answer = client.get("/utveckling.png", params={"omrade": areas, "indikator": ids})
    assert answer.status_code == 400 and "högst" in answer.text
    assert time.perf_counter() - started < 5


def test_the_page_itself_is_not_bounded_by_the_export_limit(client: TestClient) -> None:
    answer = client.get("/jamfor.json", params={"omraden": f"{KOMMUN},{REGSO}", "ar": "2023"})
    assert answer.status_code == 200


def test_a_render_beyond_the_bound_is_503_with_retry_after(client: TestClient) -> None:
    gate = client.app.state.render_gate  # type: ignore[attr-defined]
    for _ in range(gate.size):
        gate.take()
    try:
        busy = client.get("/bubblor.svg")
        assert busy.status_code == 503, busy.text[:200]
        assert busy.headers["Retry-After"] == str(LIMITS.render_retry_after)
        assert "Försök igen" in busy.text
        page = client.get("/bubblor")  # the pages themselves are not held back
        assert page.status_code == 200
    finally:
        for _ in range(gate.size):
            gate.give()
    assert gate.taken == 0
    assert client.get("/bubblor.svg").status_code == 200
    assert gate.taken == 0, "a finished export gives its slot back"


def test_an_image_over_the_pixel_or_byte_limit_is_refused_before_rendering() -> None:
    tall = '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="90000"></svg>'
    with pytest.raises(ExportTooLarge) as refused:
        svg_to_png(tall)
    assert refused.value.values["max_height"] == LIMITS.image_height
    small = Limits(svg_bytes=100)
    with pytest.raises(ExportTooLarge):
        check_image('<svg width="1" height="1">' + " " * 200 + "</svg>", small)


def test_a_sheet_over_the_row_limit_is_refused() -> None:
    sheet = exports.Sheet("t", ("a",), [("x",)] * 11)
    with pytest.raises(ExportTooLarge):
        exports.download(sheet, "csv", None, Limits(export_rows=10))
    assert exports.download(sheet, "csv", None, Limits(export_rows=11)).status_code == 200


# -- the context of an exported chart ----------------------------------------------------------


def test_an_exported_compare_chart_is_one_chart_with_its_context(client: TestClient) -> None:
    query = {"omraden": f"{KOMMUN},{REGSO}", "doman": "Fritid", "ar": "2023"}
    first = client.get("/jamfor.svg", params=query)
    assert first.status_code == 200
    count = int(first.headers["X-Diagram"].split("/")[1])
    assert first.headers["X-Diagram"] == f"1/{count}" and count > 1
    svg = first.text
    assert svg.count("<svg") == 2, "the header's document and one chart, never a stack"
    assert "Jämförelse av områden 2023" in svg
    assert "Nivå: Kommun, RegSO" in svg and "Källa: " in svg
    assert "/jamfor?omraden=" in svg  # the address, so the image can be traced to its view
    assert "Syntetiska demodata: inte verklig statistik" in svg
    second = client.get("/jamfor.svg", params={**query, "sida": "2"})
    assert second.headers["X-Diagram"] == f"2/{count}" and second.text != svg
    assert client.get("/jamfor.svg", params={**query, "sida": str(count + 1)}).status_code == 400
    assert client.get("/jamfor.svg", params={**query, "sida": "x"}).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/utveckling.svg?omrade=0126R007&indikator=andel_ledarledd_fritid,antal_invanare",
        "/bubblor.svg",
        "/karta.svg?indikator=andel_ledarledd_fritid&niva=regso",
        "/indikator/andel_ledarledd_fritid.svg?niva=regso",
    ],
)
def test_every_exported_chart_names_level_source_and_synthetic_data(
    client: TestClient, path: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text[:300]
    svg = answer.text
    assert "Källa: " in svg and "Syntetiska demodata: inte verklig statistik" in svg
    if not path.startswith("/bubblor"):  # the bubble chart's own title names level and year
        assert "Nivå: " in svg
    assert path.split(".")[0] in svg, "the address of the view it came from"


def test_an_exported_compare_png_is_never_a_tall_stack(client: TestClient) -> None:
    query = {"omraden": f"{KOMMUN},{REGSO}", "doman": "Fritid", "ar": "2023"}
    png = client.get("/jamfor.png", params=query)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    height = int.from_bytes(png.content[20:24], "big")
    assert height < 1000 * 2, f"{height} px"
