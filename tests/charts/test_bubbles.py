"""Bubble chart: links per area, size by area, colour classes, missing size/colour explained."""

from __future__ import annotations

import math

from kommunanalys.charts import Bubble, bubble_chart
from tests.charts.helpers import NS, accessible_name, links, parse, texts


def _chart() -> str:
    points = [
        Bubble(f"Område {k}", k * 1.5, 100 - k * 3.0, 100.0 * (k + 1), float(k), f"/omrade/{k}")
        for k in range(10)
    ]
    points.append(Bubble("Utan storlek", 3.0, 50.0, None, None, "/omrade/x"))
    points.append(Bubble("Utan y", 3.0, None, 10.0, 1.0))
    return bubble_chart(
        points,
        title="Bubblor & <test>",
        x_label="Utrikes födda",
        y_label="Inkomst",
        size_label="Invånare",
        colour_label="Arbetslöshet",
        x_unit="%",
        colour_polarity="low_good",
    )


def test_valid_and_named() -> None:
    root = parse(_chart())
    title, desc = accessible_name(root)
    assert title == "Bubblor & <test>"
    assert "1 områden saknar x- eller y-värde" in desc
    named = {a.get("href"): a.get("aria-label") for a in links(root)}
    assert len(named) == 11
    assert named["/omrade/0"].startswith("Område 0: Utrikes födda 0,0\u00a0%, Inkomst 100,0")


def test_area_proportional_to_size() -> None:
    root = parse(_chart())
    radii = {}
    for a in links(root):
        circle = a.find(f"{NS}circle")
        assert circle is not None
        radii[a.get("href")] = float(circle.get("r", "0"))
    assert math.isclose(radii["/omrade/9"] / radii["/omrade/0"], math.sqrt(10), rel_tol=0.05)


def test_missing_size_and_colour_in_legend() -> None:
    words = texts(parse(_chart()))
    assert "storlek saknas" in words and "uppgift saknas" in words


def test_without_a_colour_indicator_no_colour_legend() -> None:
    points = [Bubble(f"Område {k}", k, 10.0 - k, 50.0 + k, None, f"/o/{k}") for k in range(6)]
    root = parse(
        bubble_chart(
            points, title="Utan färg", x_label="X", y_label="Y", size_label="S", colour_label=None
        )
    )
    shown = texts(root)
    assert not any(t.startswith("Färg") for t in shown)
    assert "uppgift saknas" not in shown and any(t.startswith("Storlek: S") for t in shown)
    fills = {a.find(f"{NS}circle").get("fill") for a in links(root)}  # type: ignore[union-attr]
    assert len(fills) == 1 and not next(iter(fills)).startswith("url(")
    named = [a.get("aria-label") or "" for a in links(root)]
    assert all(n.rsplit(", ", 1)[-1].startswith("S ") for n in named), named
    _, desc = accessible_name(root)
    assert "färg" not in desc
