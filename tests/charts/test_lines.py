"""Line chart: series breaks are gaps with a marker and legend text; series differ without
colour; missing points are gaps."""

from __future__ import annotations

from kommunanalys.charts import Point, Series, line_chart
from tests.charts.helpers import NS, accessible_name, parse, texts

YEARS = list(range(2020, 2026))


def _series() -> list[Series]:
    return [
        Series("Huddinge", [Point(y, 40.0 + k, 38.0 + k, 42.0 + k) for k, y in enumerate(YEARS)]),
        Series(
            "Flemingsberg <DeSO>",
            [Point(y, 30.0 + k) for k, y in enumerate(YEARS)],
            breaks={2024},
        ),
    ]


def test_break_is_a_gap_with_marker_and_legend() -> None:
    root = parse(line_chart(_series(), title="Utveckling", unit="%", years=YEARS))
    lines = root.findall(f".//{NS}polyline")
    # Huddinge: one line over all six years; Flemingsberg: 2020–2023 and 2024–2025.
    counts = sorted(len(p.get("points", "").split()) for p in lines)
    assert counts == [2, 4, 6]
    words = " ".join(texts(root))
    assert "serien bryts: Flemingsberg <DeSO>" in words
    assert "Serien bryts: ny områdesindelning" in words and "(2024)" in words
    _, desc = accessible_name(root)
    assert "Serien bryts före 2024" in desc


def test_missing_values_are_gaps_and_notes_are_marked() -> None:
    series = [
        Series(
            "A",
            [
                Point(2020, 1.0),
                Point(2021, None, note="skyddad"),
                Point(2022, 3.0),
                Point(2023, 4.0),
            ],
        )
    ]
    svg = line_chart(series, title="T", unit="%", years=[2020, 2021, 2022, 2023], focusable=True)
    root = parse(svg)
    counts = sorted(len(p.get("points", "").split()) for p in root.findall(f".//{NS}polyline"))
    assert counts == [2]
    labels = [g.get("aria-label") for g in root.iter(f"{NS}g") if g.get("tabindex") == "0"]
    assert "A, 2021: skyddad" in labels
    assert any(label and label.startswith("A, 2020: 1,0") for label in labels)


def test_series_differ_by_dash_and_marker_too() -> None:
    root = parse(line_chart(_series(), title="T", unit="%", years=YEARS))
    dashes = {p.get("stroke-dasharray") for p in root.findall(f".//{NS}polyline")}
    assert len(dashes) == 2
    assert root.findall(f".//{NS}circle") and root.findall(f".//{NS}rect")


def test_interval_whiskers_and_focusable_points() -> None:
    svg = line_chart(_series(), title="T", unit="%", years=YEARS, focusable=True)
    root = parse(svg)
    assert root.get("role") == "group"
    names = [g.get("aria-label") for g in root.iter(f"{NS}g") if g.get("tabindex") == "0"]
    assert "Huddinge, 2020: 40,0\u00a0% (95 % KI 38,0–42,0\u00a0%)" in names
    assert any("ny serie efter brott" in (n or "") for n in names)
