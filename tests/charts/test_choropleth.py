"""Map: every area a named link, classes by polarity, suppressed hatched and missing dotted
with their explanation, a small payload for Huddinge's real polygons."""

from __future__ import annotations

import json
from importlib import resources

from kommunanalys.charts import MapArea, choropleth, classify
from kommunanalys.charts.geo import fit, frame, path, simplify
from kommunanalys.charts.palettes import sequential
from tests.charts.helpers import NS, accessible_name, links, parse, texts

GEO = resources.files("kommunanalys.demo") / "data" / "geo"


def _huddinge(level: str) -> list[dict]:
    text = (GEO / f"huddinge_{level}2025.geojson").read_text(encoding="utf-8")
    return json.loads(text)["features"]


def _areas() -> list[MapArea]:
    out = []
    for k, feature in enumerate(_huddinge("deso")):
        code = feature["properties"]["desokod"]
        value = feature["properties"]["income_med"]
        note = "skyddad" if k == 0 else None
        out.append(
            MapArea(
                code,
                f"{code} <x&y>",
                None if k in (0, 1) else value,
                None if k in (0, 1) else value - 5,
                None if k in (0, 1) else value + 5,
                note,
                f"/omrade/{code}",
                feature["geometry"],
            )
        )
    return out


def test_every_area_is_a_named_link_with_a_tooltip() -> None:
    areas = _areas()
    svg = choropleth(
        areas, title="Medianinkomst", unit="tkr", classes=classify([a.value for a in areas])
    )
    root = parse(svg)
    assert accessible_name(root)[0] == "Medianinkomst"
    found = links(root)
    assert len(found) == len(areas) == 63
    third = areas[2]
    named = {a.get("href"): a for a in found}
    label = named[f"/omrade/{third.code}"].get("aria-label")
    assert label is not None and label.startswith(f"{third.code} <x&y>: ")
    assert "(95 % KI" in label
    assert (
        named[f"/omrade/{areas[0].code}"]
        .get("aria-label", "")
        .endswith("skyddad: visas inte för att skydda enskilda")
    )
    assert all(a.find(f"{NS}title") is not None and a.find(f"{NS}path") is not None for a in found)


def test_suppressed_hatched_missing_dotted_and_explained() -> None:
    areas = _areas()
    root = parse(
        choropleth(areas, title="T", unit="tkr", classes=classify([a.value for a in areas]))
    )
    fills = [p.get("fill", "") for p in root.iter(f"{NS}path")]
    assert sum(f.endswith("-hatch)") for f in fills) == 1
    assert sum(f.endswith("-dots)") for f in fills) == 1
    words = texts(root)
    assert "Skyddad: visas inte för att skydda enskilda (1 st)" in words
    assert "Uppgift saknas (1 st)" in words


def test_colours_follow_polarity() -> None:
    areas = [
        MapArea(
            "a",
            "A",
            1.0,
            geometry={
                "type": "Polygon",
                "coordinates": [[[18, 59], [18.1, 59], [18.1, 59.1], [18, 59]]],
            },
        ),
        MapArea(
            "b",
            "B",
            9.0,
            geometry={
                "type": "Polygon",
                "coordinates": [[[18.2, 59], [18.3, 59], [18.3, 59.1], [18.2, 59]]],
            },
        ),
    ]
    classes = classify([1.0, 9.0], "fasta", 5)
    for polarity in ("high_good", "low_good", "neutral"):
        root = parse(choropleth(areas, title="T", unit="%", classes=classes, polarity=polarity))
        fills = [p.get("fill") for p in root.iter(f"{NS}path")]
        palette = sequential(classes.count, polarity)
        assert fills[0] == palette[0] and fills[1] == palette[-1]
    assert sequential(5, "high_good")[-1] == sequential(5, "low_good")[0]  # blue = better


def test_huddinge_payload_is_small() -> None:
    areas = _areas()
    svg = choropleth(areas, title="T", unit="tkr", classes=classify([a.value for a in areas]))
    assert len(svg.encode()) < 200_000


def test_projection_keeps_shape_and_simplifies() -> None:
    square = {
        "type": "Polygon",
        "coordinates": [[[18, 59], [18.1, 59], [18.1, 59.1], [18, 59.1], [18, 59]]],
    }
    projection = fit([square], 200)
    # Longitudes shrink by cos(59°): the square in degrees is taller than wide on the map.
    assert projection.height > projection.width
    assert path(square, projection).startswith("M")
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 5.0)]
    assert simplify(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]
    framed = frame({"a": json.dumps(square), "b": None}, 300)
    assert set(framed.paths) == {"a"}
