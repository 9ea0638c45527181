"""Bar chart: valid XML, accessible name, escaping, intervals, suppressed rows not drawn as 0."""

from __future__ import annotations

from kommunanalys.charts import Bar, bar_chart
from tests.charts.helpers import NS, accessible_name, links, parse, texts

ROWS = [
    Bar("Glömsta-Loviseberg", 45.2, 40.1, 50.3, "/omrade/0126R007", highlight=True),
    Bar('Vårby <&> "Haga"', 30.0, 25.0, 35.5, "/omrade/0126R001?ar=2023&niva=x"),
    Bar("Skyddat", None, note="skyddad", href="/omrade/0126R002"),
    Bar("Saknas", None),
]


def test_valid_svg_with_title_and_description() -> None:
    root = parse(bar_chart(ROWS, title="Andel <behöriga> & fler", unit="%"))
    title, desc = accessible_name(root)
    assert title == "Andel <behöriga> & fler"
    assert "Högst Glömsta-Loviseberg 45,2\u00a0%" in desc
    assert "1 skyddade" in desc and "1 utan uppgift" in desc
    assert root.get("role") == "group"  # it has links: a screen reader must reach them


def test_text_is_escaped_and_links_are_named() -> None:
    svg = bar_chart(ROWS, title="T", unit="%")
    assert "Vårby &lt;&amp;&gt; &quot;Haga&quot;" in svg
    root = parse(svg)
    found = {a.get("href"): a.get("aria-label") for a in links(root)}
    assert found["/omrade/0126R007"] == "Glömsta-Loviseberg: 45,2\u00a0% (95 % KI 40,1–50,3\u00a0%)"
    assert found["/omrade/0126R001?ar=2023&niva=x"].startswith('Vårby <&> "Haga": 30,0')
    assert found["/omrade/0126R002"] == "Skyddat: skyddad"
    for a in links(root):
        assert a.find(f"{NS}title") is not None  # the tooltip


def test_suppressed_and_missing_rows_are_patterned_not_zero_bars() -> None:
    root = parse(bar_chart(ROWS, title="T", unit="%"))
    fills = [r.get("fill") for r in root.iter(f"{NS}rect")]
    hatch = [f for f in fills if f and f.endswith("-hatch)")]
    dots = [f for f in fills if f and f.endswith("-dots)")]
    assert len(hatch) == 1 and len(dots) == 1
    assert all(float(r.get("width", "1")) > 0 for r in root.iter(f"{NS}rect"))
    words = texts(root)
    assert "skyddad" in words and "uppgift saknas" in words
    assert "0,0\u00a0%" not in words


def test_whiskers_span_the_interval() -> None:
    root = parse(bar_chart([Bar("A", 50.0, 40.0, 60.0)], title="T", unit="%"))
    horizontal = [
        line
        for line in root.iter(f"{NS}line")
        if line.get("y1") == line.get("y2") and line.get("stroke") == "#1b1f24"
    ]
    assert len(horizontal) == 1
    x1, x2 = float(horizontal[0].get("x1", 0)), float(horizontal[0].get("x2", 0))
    assert x2 > x1


def test_static_chart_is_one_image_and_benchmark_is_labelled() -> None:
    root = parse(
        bar_chart(
            [Bar("A", 1234.0), Bar("B", -5.0)],
            title="T",
            unit="antal",
            decimals=0,
            benchmark=100.0,
            benchmark_label="Huddinge",
        )
    )
    assert root.get("role") == "img"
    words = texts(root)
    assert "1\u00a0234" in words and "Huddinge 100" in words


def test_two_charts_on_one_page_have_different_ids() -> None:
    a = parse(bar_chart(ROWS, title="Ett", unit="%"))
    b = parse(bar_chart(ROWS, title="Två", unit="%"))
    assert a.get("aria-labelledby") != b.get("aria-labelledby")


def test_empty_chart_still_renders() -> None:
    root = parse(bar_chart([], title="Tom", unit="%"))
    assert accessible_name(root)[0] == "Tom"
