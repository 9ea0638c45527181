"""A small reader of ESRI shapefiles with polygons (``.shp`` + ``.dbf``), no library needed.

Only what the Police's list of "utsatta områden" uses: polygons (shape type 5, and 15 and 25,
the same with heights or measures, which are ignored) or null shapes, and dBASE attribute
columns read as text in the encoding the ``.cpg`` file names (UTF-8 when there is none).
Coordinates are returned as stored (for the Police's file, SWEREF 99 TM metres);
:mod:`kommunanalys.catalog.sweref` turns them into longitude and latitude. A damaged file
raises :class:`ShapefileError` naming the file."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

Ring = list[tuple[float, float]]

NULL_SHAPE = 0
POLYGONS = (5, 15, 25)  # Polygon, PolygonZ, PolygonM: the x/y part is laid out alike


class ShapefileError(ValueError):
    """The files cannot be read as a polygon shapefile; the message names the file."""


@dataclass(frozen=True)
class Feature:
    rings: list[Ring]  # every ring as stored (outer rings clockwise, holes anticlockwise)
    attributes: dict[str, str]


def read_shapefile(shp: Path) -> list[Feature]:
    """Every record of ``shp`` (and the ``.dbf`` beside it), in file order."""
    shp = Path(shp)
    dbf = shp.with_suffix(".dbf")
    cpg = shp.with_suffix(".cpg")
    encoding = cpg.read_text(encoding="ascii").strip() if cpg.exists() else "utf-8"
    shapes = _shapes(shp)
    records = _records(dbf, encoding or "utf-8")
    if len(shapes) != len(records):
        raise ShapefileError(
            f"{shp.name} har {len(shapes)} former men {dbf.name} {len(records)} rader"
        )
    return [Feature(rings, attrs) for rings, attrs in zip(shapes, records, strict=True)]


def _shapes(path: Path) -> list[list[Ring]]:
    data = path.read_bytes()
    if len(data) < 100 or struct.unpack(">i", data[:4])[0] != 9994:
        raise ShapefileError(f"{path.name} är ingen shapefil (fel filhuvud)")
    shapes: list[list[Ring]] = []
    offset = 100
    while offset < len(data):
        if offset + 12 > len(data):
            raise ShapefileError(f"{path.name} slutar mitt i en post (byte {offset})")
        length = struct.unpack(">i", data[offset + 4 : offset + 8])[0] * 2
        body = data[offset + 8 : offset + 8 + length]
        if len(body) != length:
            raise ShapefileError(f"{path.name} slutar mitt i en post (byte {offset})")
        kind = struct.unpack("<i", body[:4])[0]
        if kind == NULL_SHAPE:
            shapes.append([])
        elif kind in POLYGONS:
            shapes.append(_polygon(body, path, offset))
        else:
            raise ShapefileError(f"{path.name}: formtyp {kind} stöds inte (bara polygoner)")
        offset += 8 + length
    return shapes


def _polygon(body: bytes, path: Path, offset: int) -> list[Ring]:
    try:
        parts, points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts}i", body[44 : 44 + 4 * parts]))
        base = 44 + 4 * parts
        coords = struct.unpack(f"<{2 * points}d", body[base : base + 16 * points])
    except struct.error as exc:
        raise ShapefileError(f"{path.name}: trasig polygon vid byte {offset}") from exc
    xy = list(zip(coords[0::2], coords[1::2], strict=True))
    ends = [*starts[1:], points]
    return [xy[start:end] for start, end in zip(starts, ends, strict=True)]


def _records(path: Path, encoding: str) -> list[dict[str, str]]:
    data = path.read_bytes()
    if len(data) < 32:
        raise ShapefileError(f"{path.name} är ingen dBASE-fil (för kort)")
    count, header, size = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    at = 32
    while at < header - 1 and data[at] != 0x0D:
        name = data[at : at + 11].split(b"\0", 1)[0].decode("ascii", errors="replace")
        fields.append((name, data[at + 16]))
        at += 32
    records = []
    for k in range(count):
        start = header + k * size
        row = data[start : start + size]
        if len(row) != size:
            raise ShapefileError(f"{path.name} slutar mitt i rad {k + 1}")
        values, pos = {}, 1  # the first byte marks a deleted record
        for name, width in fields:
            raw = row[pos : pos + width]
            try:
                values[name] = raw.decode(encoding).strip()
            except UnicodeDecodeError as exc:
                raise ShapefileError(
                    f"{path.name}: rad {k + 1}, kolumn {name} är inte {encoding}"
                ) from exc
            pos += width
        if row[:1] != b"*":
            records.append(values)
    return records
