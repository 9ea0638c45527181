"""The Police's list of "utsatta områden" (2023), as an optional layer on the map.

Read once from the shipped GeoJSON (``demo/data/police/uso_2023.geojson``, Källa: Polisen), in
longitude and latitude like the DeSO geometry: the Police publish a shapefile in SWEREF 99 TM,
converted once to WGS 84 (coordinates to 6 decimals, about 0.1 m; ``demo/data/SOURCES.md``).
:func:`near` picks those whose bounding box meets a given one, :func:`within` those whose
centre lies in one of the given areas, so a municipality's map shows only its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

#: The list's year and its source, as the map names them.
YEAR = "2023"
SOURCE = "Källa: Polisen"
#: The Police's categories, from the mildest.
CATEGORIES = ("Utsatt område", "Riskområde", "Särskilt utsatt område")

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


@dataclass(frozen=True)
class PoliceArea:
    name: str
    category: str
    place: str
    geometry: dict[str, Any]  # a GeoJSON Polygon in longitude and latitude
    box: Box


def geojson() -> Path:
    return Path(str(resources.files("kommunanalys.demo") / "data" / "police" / "uso_2023.geojson"))


@cache
def police_areas(path: Path | None = None) -> tuple[PoliceArea, ...]:
    """Every area of the list, in the file's order."""
    collection = json.loads((path or geojson()).read_text(encoding="utf-8"))
    out = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        box = bounding_box([geometry]) if geometry else None
        if box is None:  # an area without a polygon cannot be drawn
            continue
        a = feature.get("properties") or {}
        out.append(
            PoliceArea(a.get("NAMN", ""), a.get("KATEGORI", ""), a.get("ORT", ""), geometry, box)
        )
    return tuple(out)


def bounding_box(geometries: Iterable[dict[str, Any]]) -> Box | None:
    """The box round every point of ``geometries`` (GeoJSON Polygon or MultiPolygon)."""
    points = [p for geometry in geometries for ring in _rings(geometry) for p in ring]
    if not points:
        return None
    lons, lats = [float(p[0]) for p in points], [float(p[1]) for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _rings(geometry: dict[str, Any]) -> list[list[Any]]:
    """Every ring of a GeoJSON Polygon or MultiPolygon."""
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    return [ring for polygon in polygons for ring in polygon]


def near(box: Box, areas: Iterable[PoliceArea] | None = None) -> list[PoliceArea]:
    """The areas whose bounding box meets ``box``."""
    west, south, east, north = box
    return [
        a
        for a in (police_areas() if areas is None else areas)
        if a.box[0] <= east and a.box[2] >= west and a.box[1] <= north and a.box[3] >= south
    ]


def centre(area: PoliceArea) -> tuple[float, float]:
    """The mean of the outer ring's corners: inside for the list's compact shapes."""
    ring = area.geometry["coordinates"][0]
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def within(
    geometries: list[dict[str, Any]], areas: Iterable[PoliceArea] | None = None
) -> list[PoliceArea]:
    """The areas whose centre lies inside one of ``geometries`` (GeoJSON, lon/lat)."""
    box = bounding_box(geometries)
    if box is None:
        return []
    return [a for a in near(box, areas) if any(_inside(centre(a), g) for g in geometries)]


def _inside(point: tuple[float, float], geometry: dict[str, Any]) -> bool:
    """Even–odd rule over every ring (holes count as outside)."""
    x, y = point
    crossings = 0
    for ring in _rings(geometry):
        for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1
