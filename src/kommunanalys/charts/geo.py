"""GeoJSON polygons (lon/lat) → SVG paths: projection, simplification and rounding.

The projection is equirectangular with longitudes scaled by the cosine of the map's middle
latitude: at the scale of one municipality (tens of kilometres) that is as good as a proper
map projection, and it needs no library. Coordinates are rounded to 0.1 px and simplified
with Ramer–Douglas–Peucker at a tolerance below a pixel, which keeps a municipality's map
well under 200 kB without a visible change.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kommunanalys.charts.svg import num

Ring = list[tuple[float, float]]
Geometry = Mapping[str, Any]

#: Simplification tolerance in pixels: smaller than a pixel, so shapes look the same.
TOLERANCE = 0.6


def parse(geometry: Geometry | str | None) -> Geometry | None:
    if geometry is None or geometry == "":
        return None
    return json.loads(geometry) if isinstance(geometry, str) else geometry


def polygons(geometry: Geometry) -> list[list[Ring]]:
    """A Polygon or MultiPolygon as a list of polygons, each a list of rings."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [[[(float(p[0]), float(p[1])) for p in ring] for ring in coordinates]]
    if kind == "MultiPolygon":
        return [
            [[(float(p[0]), float(p[1])) for p in ring] for ring in polygon]
            for polygon in coordinates
        ]
    return []


@dataclass(frozen=True, slots=True)
class Projection:
    """lon/lat → pixels in a ``width`` × ``height`` frame with ``pad`` pixels round it."""

    lon0: float
    lat1: float  # the northern edge
    kx: float  # cos(middle latitude)
    scale: float  # pixels per degree of latitude
    pad: float
    width: float
    height: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.pad + (lon - self.lon0) * self.kx * self.scale
        y = self.pad + (self.lat1 - lat) * self.scale
        return x, y


def fit(geometries: Iterable[Geometry], width: float, pad: float = 8.0) -> Projection:
    """The projection that fits every geometry into ``width`` pixels (height follows)."""
    lons: list[float] = []
    lats: list[float] = []
    for geometry in geometries:
        for polygon in polygons(geometry):
            for lon, lat in polygon[0] if polygon else []:
                lons.append(lon)
                lats.append(lat)
    if not lons:
        return Projection(0.0, 0.0, 1.0, 1.0, pad, width, width * 0.75)
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    span = max((lon1 - lon0) * kx, 1e-9)
    scale = (width - 2 * pad) / span
    height = (lat1 - lat0) * scale + 2 * pad
    return Projection(lon0, lat1, kx, scale, pad, width, math.ceil(height))


def simplify(points: Sequence[tuple[float, float]], tolerance: float) -> Ring:
    """Ramer–Douglas–Peucker (iterative, so that long rings cannot overflow the stack)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = -1.0, -1
        for k in range(first + 1, last):
            px, py = points[k]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if distance > worst:
                worst, index = distance, k
        if worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def path(geometry: Geometry, projection: Projection, tolerance: float = TOLERANCE) -> str:
    """The geometry as SVG path data (holes as inner rings: draw with ``fill-rule=evenodd``)."""
    out: list[str] = []
    for polygon in polygons(geometry):
        for ring_number, ring in enumerate(polygon):
            projected = [projection(lon, lat) for lon, lat in ring]
            rounded = [(round(x, 1), round(y, 1)) for x, y in projected]
            simple = simplify(rounded, tolerance)
            if len(simple) < 4 and ring_number > 0:
                continue  # a hole smaller than a pixel
            if len(simple) < 3:
                simple = rounded
            out.append(_ring(simple))
    return "".join(out)


def _ring(points: Ring) -> str:
    """``M x y`` then relative ``l`` steps: shorter than absolute coordinates."""
    if points[0] == points[-1]:
        points = points[:-1]
    x, y = points[0]
    parts = [f"M{num(x)} {num(y)}l"]
    steps = []
    for px, py in points[1:]:
        steps.append(f"{num(px - x)} {num(py - y)}")
        x, y = px, py
    return parts[0] + " ".join(steps) + "z"


@dataclass(frozen=True, slots=True)
class MapFrame:
    """Projected paths of a set of areas, keyed by code, in one ``width`` × ``height`` frame.

    Built once per set of areas (the web layer keeps it per division): projecting is the only
    costly part of drawing a map."""

    width: float
    height: float
    paths: Mapping[str, str]
    outline: str | None = None
    #: Extra shapes drawn over the areas (e.g. the Police's list), by name; they do not
    #: change the frame, so parts outside it are cut off by the drawing's edge.
    overlays: Mapping[str, str] = field(default_factory=dict)
    #: Where each overlay's name is written (the projected ``labels``).
    overlay_points: Mapping[str, tuple[float, float]] = field(default_factory=dict)


def frame(
    geometries: Mapping[str, Geometry | str | None],
    width: float = 640,
    outline: Geometry | str | None = None,
    overlays: Mapping[str, Geometry] | None = None,
    labels: Mapping[str, tuple[float, float]] | None = None,
) -> MapFrame:
    """Project every geometry (and the optional ``outline``, ``overlays`` and the lon/lat
    points of their ``labels``) into one frame fitted to the geometries and the outline."""
    parsed = {code: parse(g) for code, g in geometries.items()}
    shapes = {code: g for code, g in parsed.items() if g is not None}
    border = parse(outline)
    projection = fit([*shapes.values(), *([border] if border else [])], width)
    paths = {code: path(g, projection) for code, g in shapes.items()}
    return MapFrame(
        projection.width,
        projection.height,
        paths,
        path(border, projection, TOLERANCE * 1.5) if border else None,
        {name: path(g, projection) for name, g in (overlays or {}).items()},
        {name: projection(lon, lat) for name, (lon, lat) in (labels or {}).items()},
    )
