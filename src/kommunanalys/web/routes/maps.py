"""Routes: the map (/karta), its JSON twin and its SVG and PNG downloads.

``/karta?indikator=…&ar=…&niva=deso|regso&klasser=kvantiler|fasta&kon=T|K|M``: the URL is the
whole state (a GET form), so every map is a permalink and back/forward work. All logic is in
:mod:`kommunanalys.web.views.map_view`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.police_areas import YEAR as POLICE_YEAR
from kommunanalys.charts.classify import METHODS
from kommunanalys.charts.png import svg_to_png
from kommunanalys.formatting import value_formatter
from kommunanalys.model import DOMAINS, Gender
from kommunanalys.web.dependencies import DatasetDep
from kommunanalys.web.json_response import kept_json
from kommunanalys.web.rendering import respond, wants_json
from kommunanalys.web.views.indicator_values import AreaValue
from kommunanalys.web.views.level_json import Formatter, area_row, level_json
from kommunanalys.web.views.map_view import (
    GENDER_NAMES,
    MAP_LEVELS,
    MapView,
    build_map,
    class_rows,
    parent_names,
    parse_params,
    years_with_data,
)
from kommunanalys.web.views.ranking_view import table_rows

router = APIRouter(include_in_schema=False)


def _view(
    ds: DatasetDep,
    indicator: Annotated[str | None, Query(alias="indikator")] = None,
    year: Annotated[str | None, Query(alias="ar")] = None,
    level: Annotated[str | None, Query(alias="niva")] = None,
    method: Annotated[str | None, Query(alias="klasser")] = None,
    gender: Annotated[str | None, Query(alias="kon")] = None,
    police: Annotated[str | None, Query(alias="polisen")] = None,
) -> MapView:
    """The map the URL asks for: the query parameters of every map route, in one place."""
    return build_map(ds, parse_params(ds, indicator, year, level, method, gender, police))


ChosenMap = Annotated[MapView, Depends(_view)]


@router.get("/karta")
@router.get("/karta.json")
def map_page(
    request: Request,
    ds: DatasetDep,
    view: ChosenMap,
    show_all: Annotated[bool, Query(alias="alla")] = False,
) -> Response:
    query = view.params.query(view.year)
    if wants_json(request):  # the twin needs none of the page's table and choices
        return kept_json(ds, ("map", view.params, view.year), lambda: map_json(view, query))
    rows = table_rows(view.values, view.values.rows, show_all)
    division = division_for(view.params.level, int(view.year)) if view.year else None
    indicators = [i for i in ds.catalogue]
    empty = all(r.number is None for r in view.values.rows)
    context = {
        "view": view,
        "svg": Markup(view.svg),  # built from escaped text only (charts.svg.esc)
        "query": query,
        "classes": class_rows(view),
        "rows": sorted(rows, key=lambda r: (r.area.parent or "", r.area.code)),
        "all_count": len(view.values.rows),
        "indicators_by_domain": [(d, [i for i in indicators if i.domain == d]) for d in DOMAINS],
        "years": ds.years,
        "levels": MAP_LEVELS,
        "methods": METHODS,
        "genders": GENDER_NAMES,
        "division": division,
        "parents": parent_names(ds, view.params.level, division) if division else {},
        "empty": empty,
        "police_year": POLICE_YEAR,
        # Offered only when the chosen year has no values.
        "years_with_data": years_with_data(ds, view.params.indicator, view.params.level)
        if empty
        else [],
    }
    return respond(request, "karta.html", context, lambda: map_json(view, query))


@router.get("/karta.svg")
@router.get("/karta.png")
def map_image(request: Request, view: ChosenMap) -> Response:
    """The map alone, as SVG or (rendered from the same SVG) PNG."""
    fmt = "png" if request.url.path.endswith(".png") else "svg"
    return Response(
        svg_to_png(view.svg) if fmt == "png" else view.svg,
        media_type="image/png" if fmt == "png" else "image/svg+xml",
        headers={"Content-Disposition": f'inline; filename="{_file_name(view)}.{fmt}"'},
    )


def _file_name(view: MapView) -> str:
    p = view.params
    gender = "" if p.gender is Gender.TOTAL else f"-{p.gender.value.lower()}"
    return f"karta-{p.indicator.id}-{view.year}-{p.level.value}{gender}"


def map_json(view: MapView, query: str) -> dict[str, Any]:
    """The JSON twin: :func:`level_json`'s shared fields, the classes, and every area's row
    with its class, colour and profile link."""
    p = view.params
    formatted = value_formatter(p.indicator)
    return {
        **level_json(view.values),
        "classification": {
            "method": p.method,
            "method_name": METHODS[p.method],
            "edges": list(view.classes.edges),
            "classes": class_rows(view),
        },
        "areas": [
            _area_row(view, r, k, formatted)
            for r, k in zip(view.values.rows, view.class_of, strict=True)
        ],
        "police_areas": [
            {"name": a.name, "category": a.category, "place": a.place} for a in view.police
        ]
        if p.police
        else None,
        "svg": f"/karta.svg?{query}",
        "png": f"/karta.png?{query}",
    }


def _area_row(view: MapView, r: AreaValue, k: int | None, formatted: Formatter) -> dict[str, Any]:
    row = area_row(r, formatted)
    row["class"] = (k + 1) if k is not None else None
    row["colour"] = view.colours[k] if k is not None else None
    row["profile"] = f"/omrade/{r.area.code}?ar={view.year}"
    return row
