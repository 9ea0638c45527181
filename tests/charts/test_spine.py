"""Spine chart: better always to the right, the rows readable as text."""

from __future__ import annotations

from kommunanalys.charts import SpineRow, spine_chart
from kommunanalys.charts.spine import row_text
from tests.charts.helpers import NS, accessible_name, links, parse


def _marker_x(svg: str) -> list[float]:
    root = parse(svg)
    return [float(c.get("cx", "0")) for c in root.iter(f"{NS}circle") if c.get("r") == "6"]


def test_high_good_above_kommun_is_right_low_good_above_is_left() -> None:
    high = SpineRow("Behörighet", 60.0, 20, 35, 45, 55, 70, 50, "high_good", "better", "%")
    low = SpineRow("Arbetslöshet", 8.0, 2, 3, 5, 7, 12, 5, "low_good", "worse", "%")
    svg = spine_chart([high, low], title="Profil")
    xs = _marker_x(svg)
    kommun_line = next(
        float(line.get("x1", "0"))
        for line in parse(svg).iter(f"{NS}line")
        if line.get("x1") == line.get("x2") and line.get("y1") == "26"
    )
    assert xs[0] > kommun_line > xs[1]  # better is right, worse is left, whatever the polarity


def test_row_text_and_links() -> None:
    row = SpineRow(
        "Medianinkomst <tkr>",
        300.0,
        200,
        250,
        320,
        380,
        450,
        330,
        "neutral",
        "lower",
        "tkr",
        0,
        href="/indikator/x?a=1&b=2",
    )
    text = row_text(row)
    assert text.startswith("Medianinkomst <tkr>: 300\u00a0tkr, lägre än kommunen.")
    assert "median 320\u00a0tkr" in text and "kommunen 330\u00a0tkr" in text
    root = parse(spine_chart([row], title="T"))
    assert accessible_name(root)[0] == "T"
    assert [a.get("href") for a in links(root)] == ["/indikator/x?a=1&b=2"]


def test_missing_value_has_no_marker() -> None:
    row = SpineRow("A", None, 1, 2, 3, 4, 5, 3, note="skyddad")
    svg = spine_chart([row], title="T")
    assert len(_marker_x(svg)) == 5  # only the legend's five circles
    assert "A: skyddad" in svg
