"""Area geography: kommun, RegSO and DeSO in both vintages, and the 2025 redraw.

Reads SCB's key files and boundary GeoJSON. The DeSO 2018 division has no shipped polygons:
an unchanged DeSO borrows its 2025 polygon, a split one the union of its successors.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from kommunanalys.model import Area, AreaChange, Division, Level

#: The first year published on the 2025 division (SCB: data up to 2023 on DeSO 2018).
FIRST_YEAR_2025_DIVISION = 2024
#: Change-log kinds for a RegSO across the 2025 redraw.
REGSO_BRIDGED = "Oförändrad gräns; serien bryggs"
REGSO_BROKEN = "Ändrad gräns; serien bryts"


def division_for(level: Level, year: int) -> Division:
    """The vintage in which SCB publishes ``level`` for ``year``."""
    if level is Level.DESO:
        return Division.DESO2025 if year >= FIRST_YEAR_2025_DIVISION else Division.DESO2018
    if level is Level.REGSO:
        return Division.REGSO2025 if year >= FIRST_YEAR_2025_DIVISION else Division.REGSO2020
    if level is Level.CUSTOM:  # a custom area is a set of DeSO: it follows their vintage
        return division_for(Level.DESO, year)
    return Division.KOMMUN


_LEVEL_OF = {
    Division.DESO2018: Level.DESO,
    Division.DESO2025: Level.DESO,
    Division.REGSO2020: Level.REGSO,
    Division.REGSO2025: Level.REGSO,
}


def level_of(division: Division) -> Level:
    """The level whose codes a division holds (DeSO 2018 and 2025 → DeSO, …; else kommun)."""
    return _LEVEL_OF.get(division, Level.KOMMUN)


def in_level(area: Area, division: Division) -> bool:
    """Whether a value in ``division`` is of ``area``'s level, in either vintage. A custom area
    is a set of DeSO: its values are in the DeSO vintages it is stored in."""
    if area.level is Level.CUSTOM:
        return level_of(division) is Level.DESO
    return level_of(division) is area.level


@dataclass(frozen=True)
class GeographyFiles:
    deso2018_regso2020: (
        Path  # SCB key, all Sweden: Kommun,Kommunnamn,DeSO_2018,RegSO_2020,RegSOkod_2020
    )
    deso2025_regso2025: Path  # desokod_2025,regsokod_2025,regsonamn_2025
    changes_2025: Path  # fran,till,typ,datum
    deso2025_geojson: Path
    regso2025_geojson: Path


@dataclass(frozen=True)
class Geography:
    areas: tuple[Area, ...]
    changes: tuple[AreaChange, ...]
    bridged_regso: frozenset[str]


def read_geography(files: GeographyFiles, kommun: str) -> Geography:
    """All areas of ``kommun`` in both vintages, with polygons and the change log."""
    kommun_name = kommun
    deso18: dict[str, str] = {}
    regso20_names: dict[str, str] = {}
    with _open_csv(files.deso2018_regso2020) as rows:
        for row in rows:
            if row["Kommun"].strip() != kommun:
                continue
            kommun_name = row["Kommunnamn"].strip()
            deso18[row["DeSO_2018"].strip()] = row["RegSOkod_2020"].strip()
            regso20_names[row["RegSOkod_2020"].strip()] = row["RegSO_2020"].strip()
    deso25: dict[str, str] = {}
    regso25_names: dict[str, str] = {}
    with _open_csv(files.deso2025_regso2025) as rows:
        for row in rows:
            code = row["desokod_2025"].strip()
            if code.startswith(kommun):
                deso25[code] = row["regsokod_2025"].strip()
                regso25_names[row["regsokod_2025"].strip()] = row["regsonamn_2025"].strip()
    changes: list[AreaChange] = []
    with _open_csv(files.changes_2025) as rows:
        for row in rows:
            if row["fran"].startswith(kommun):
                changes.append(
                    AreaChange(
                        row["fran"].strip(),
                        row["till"].strip(),
                        row["typ"].strip(),
                        row["datum"].strip(),
                    )
                )
    deso_shapes = _polygons(files.deso2025_geojson, "desokod")
    regso_shapes = _polygons(files.regso2025_geojson, "regsokod")
    successors: dict[str, list[str]] = defaultdict(list)
    for change in changes:
        successors[change.from_code].append(change.to_code)
    bridged = bridged_regso(deso18, deso25, changes)
    for code in sorted(regso20_names.keys() & regso25_names.keys()):
        kind = REGSO_BRIDGED if code in bridged else REGSO_BROKEN
        changes.append(
            AreaChange(code, code, kind, "2025-01-01", Division.REGSO2020, Division.REGSO2025)
        )

    areas: list[Area] = [
        Area(
            kommun,
            kommun_name,
            Level.KOMMUN,
            Division.KOMMUN,
            None,
            kommun,
            _multipolygon([regso_shapes[r] for r in sorted(regso_shapes)]),
        )
    ]
    for code, name in sorted(regso20_names.items()):
        parts = (
            [regso_shapes[code]]
            if code in bridged and code in regso_shapes
            else [deso_shapes[d] for d in _forward(code, deso18, successors) if d in deso_shapes]
        )
        shape = _multipolygon(parts)
        areas.append(Area(code, name, Level.REGSO, Division.REGSO2020, kommun, kommun, shape))
    for code, name in sorted(regso25_names.items()):
        areas.append(
            Area(
                code,
                name,
                Level.REGSO,
                Division.REGSO2025,
                kommun,
                kommun,
                _multipolygon([regso_shapes.get(code, [])]),
            )
        )
    for code, parent in sorted(deso18.items()):
        members = [code] if code in deso_shapes and code not in successors else successors[code]
        shape = _multipolygon([deso_shapes[d] for d in members if d in deso_shapes])
        areas.append(Area(code, code, Level.DESO, Division.DESO2018, parent, kommun, shape))
    for code, parent in sorted(deso25.items()):
        areas.append(
            Area(
                code,
                code,
                Level.DESO,
                Division.DESO2025,
                parent,
                kommun,
                _multipolygon([deso_shapes.get(code, [])]),
            )
        )
    return Geography(tuple(areas), tuple(changes), frozenset(bridged))


def bridged_regso(
    deso18: dict[str, str], deso25: dict[str, str], changes: list[AreaChange]
) -> set[str]:
    """RegSO codes whose outer boundary did not change at the 2025 redraw.

    A RegSO is bridged when its DeSO 2018 map exactly onto its DeSO 2025 through the change
    log in both directions (splits inside the RegSO are fine; a DeSO that gives land to, or
    takes land from, another RegSO breaks both).
    """
    forward: dict[str, set[str]] = defaultdict(set)
    backward: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        forward[change.from_code].add(change.to_code)
        backward[change.to_code].add(change.from_code)
    members18: dict[str, set[str]] = defaultdict(set)
    members25: dict[str, set[str]] = defaultdict(set)
    for deso, regso in deso18.items():
        members18[regso].add(deso)
    for deso, regso in deso25.items():
        members25[regso].add(deso)
    bridged = set()
    for regso in members18.keys() & members25.keys():
        old, new = members18[regso], members25[regso]
        image = set().union(*(forward.get(d, {d}) for d in old))
        preimage = set().union(*(backward.get(d, {d}) for d in new))
        if image == new and preimage == old:
            bridged.add(regso)
    return bridged


def _forward(regso: str, deso18: dict[str, str], successors: dict[str, list[str]]) -> list[str]:
    return sorted(d2 for d, r in deso18.items() if r == regso for d2 in (successors.get(d) or [d]))


def _polygons(path: Path, key: str) -> dict[str, list]:
    """Polygon coordinate arrays (lon/lat) per code; MultiPolygons flattened to parts."""
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    shapes: dict[str, list] = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        code = feature["properties"][key]
        if geometry["type"] == "Polygon":
            shapes[code] = [geometry["coordinates"]]
        else:
            shapes[code] = list(geometry["coordinates"])
    return shapes


def _multipolygon(parts: list[list]) -> str | None:
    polygons = [polygon for shape in parts for polygon in shape]
    if not polygons:
        return None
    if len(polygons) == 1:
        return json.dumps({"type": "Polygon", "coordinates": polygons[0]})
    return json.dumps({"type": "MultiPolygon", "coordinates": polygons})


class _open_csv:
    """Read a CSV with a header (UTF-8, with or without BOM) as dicts."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open(encoding="utf-8-sig", newline="")

    def __enter__(self) -> csv.DictReader:
        return csv.DictReader(self.handle)

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def exact_splits(changes: list[AreaChange]) -> dict[str, tuple[str, ...]]:
    """DeSO 2018 codes that SCB's change log splits exactly: old code → its 2025 parts.

    A split is exact when the old area ended ("Upphör") and every part it went to took land
    from it alone: the old area is then the sum of its parts, so an additive series (counts,
    and shares from their counts) continues across the redraw by summing the parts. A part
    that also took land from a neighbour (0126C1081 from 0126C1020 and 0126C1080) makes the
    split inexact: that series stays broken."""
    parts: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        if change.from_division is not Division.DESO2018:
            continue
        parts[change.from_code].add(change.to_code)
        sources[change.to_code].add(change.from_code)
    return {
        old: tuple(sorted(new))
        for old, new in parts.items()
        if old not in new  # the old code lives on: not a split but a change of boundary
        and len(new) > 1
        and all(sources[part] == {old} for part in new)
    }


def home_kommun(areas: Iterable[Area]) -> Area | None:
    """The municipality whose RegSO and DeSO are loaded: the profiles' "kommunen".

    Other kommun areas are comparison municipalities (Kolada values of neighbours, say): they
    have no RegSO of their own. With no RegSO loaded yet, the first kommun."""
    areas = list(areas)
    parents = {a.parent for a in areas if a.level is Level.REGSO}
    kommuner = [a for a in areas if a.level is Level.KOMMUN]
    return next((a for a in kommuner if a.code in parents), kommuner[0] if kommuner else None)


def swedish_kommuner(path: Path | None = None) -> dict[str, str]:
    """Every Swedish municipality's code → name, from SCB's DeSO key that ships with the
    package (used to name comparison municipalities an import brings)."""
    if path is None:
        path = Path(str(resources.files("kommunanalys.demo") / "data" / "keys"))
        path = path / "koppling-deso2018-regso2020.csv"
    names: dict[str, str] = {}
    with _open_csv(path) as rows:
        for row in rows:
            names.setdefault(row["Kommun"].strip(), row["Kommunnamn"].strip())
    return names


def comparison_kommuner(codes: Iterable[str]) -> list[Area]:
    """Kommun areas for ``codes`` that are Swedish municipalities (others are left out)."""
    names = _kommun_names()
    return [
        Area(code, names[code], Level.KOMMUN, Division.KOMMUN, kommun=code)
        for code in dict.fromkeys(c.zfill(4) for c in codes)
        if code in names
    ]


@cache
def _kommun_names() -> dict[str, str]:
    return swedish_kommuner()
