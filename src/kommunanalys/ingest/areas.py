"""Analysts define and remove custom areas: checked, stored, audited, values recomputed."""

from __future__ import annotations

import json
from collections.abc import Sequence

from kommunanalys.catalog.custom_areas import CustomArea, CustomAreaDefinition, resolve
from kommunanalys.model import Area, Division
from kommunanalys.refresh import refresh_derived
from kommunanalys.store import Store


def define_custom_areas(
    store: Store,
    definitions: Sequence[CustomAreaDefinition],
    actor: str,
    *,
    refresh: bool = True,
) -> list[CustomArea]:
    """Add or replace custom areas, all or none: every definition is checked first (a
    :class:`~kommunanalys.catalog.custom_areas.CustomAreaError` leaves the database as it
    was); then the areas are stored with their outline, and (``refresh``) the derived values
    and the disclosure plan are recomputed so the areas have values at once."""
    areas = store.areas(with_geometry=True)
    changes = store.area_changes()
    resolved = [resolve(d, areas, changes) for d in definitions]
    geometry = {(a.code, a.division): a.geometry for a in areas}
    with store.transaction():
        for custom in resolved:
            outlined = tuple(_with_outline(a, custom, geometry) for a in custom.areas)
            store.save_custom_area(CustomArea(outlined, custom.members))
            store.audit.record(
                actor,
                "area.custom",
                f"area:{custom.code}",
                new={
                    "namn": custom.name,
                    "deso": list(custom.deso(Division.DESO2025)),
                    "deso_2018": list(custom.deso(Division.DESO2018)),
                },
            )
        if refresh:
            refresh_derived(store)
    return resolved


def remove_custom_area(store: Store, code: str, actor: str) -> bool:
    """Remove a custom area and its values; False when there is none with ``code``."""
    with store.transaction():
        removed = store.remove_custom_area(code)
        if removed:
            store.audit.record(actor, "area.custom.removed", f"area:{code}")
            refresh_derived(store)
    return removed


def _with_outline(
    area: Area, custom: CustomArea, geometry: dict[tuple[str, Division], str | None]
) -> Area:
    """The area with its members' polygons as one MultiPolygon (for the map)."""
    polygons: list[object] = []
    for member in custom.members.get((area.code, area.division), ()):
        shape = geometry.get(member)
        if not shape:
            continue
        parsed = json.loads(shape)
        if parsed["type"] == "Polygon":
            polygons.append(parsed["coordinates"])
        else:
            polygons.extend(parsed["coordinates"])
    if not polygons:
        return area
    outline = json.dumps({"type": "MultiPolygon", "coordinates": polygons})
    return Area(area.code, area.name, area.level, area.division, None, area.kommun, outline)
