"""Routes: the map (/karta), its JSON twin and its SVG, PNG, CSV and Excel downloads.

``/karta?indikator=…&ar=…&niva=deso|regso&klasser=kvantiler|fasta&kon=T|K|M&jamfor=kod&farg=
jamforelse|varde`` (colour by the comparison with the benchmark or by value classes): the
URL is the whole state (a GET form), so every map is a permalink and back/forward work. All
logic is in :mod:`kommunanalys.web.views.map_view`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kommunanalys.charts.png import svg_to_png
from kommunanalys.i18n import N_
from kommunanalys.model import Gender
from kommunanalys.web.dependencies import DatasetDep
from kommunanalys.web.json_response import kept_json
from kommunanalys.web.rendering import respond, wants_json
from kommunanalys.web.views import exports
from kommunanalys.web.views.chart_context import level_in_context, page_address
from kommunanalys.web.views.map_page import map_page_view
from kommunanalys.web.views.map_view import (
    MapView,
    build_map,
    map_json,
    parse_params,
)

router = APIRouter(include_in_schema=False)


def _view(
    ds: DatasetDep,
    indicator: Annotated[str | None, Query(alias="indikator")] = None,
    year: Annotated[str | None, Query(alias="ar")] = None,
    level: Annotated[str | None, Query(alias="niva")] = None,
    method: Annotated[str | None, Query(alias="klasser")] = None,
    gender: Annotated[str | None, Query(alias="kon")] = None,
    police: Annotated[str | None, Query(alias="polisen")] = None,
    benchmark: Annotated[str | None, Query(alias="jamfor")] = None,
    colouring: Annotated[str | None, Query(alias="farg")] = None,
) -> MapView:
    """The map the URL asks for: the query parameters of every map route, in one place."""
    return build_map(
        ds, parse_params(ds, indicator, year, level, method, gender, police, benchmark, colouring)
    )


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
    if wants_json(request):  # the view's twin, kept: it needs none of the table and choices
        return kept_json(ds, ("map", view.params, view.year), lambda: map_json(view, query))
    return respond(request, "karta.html", map_page_view(ds, view, query, show_all=show_all))


@router.get("/karta.svg")
@router.get("/karta.png")
def map_image(request: Request, view: ChosenMap) -> Response:
    """The map alone, as SVG or (rendered from the same SVG) PNG."""
    fmt = "png" if request.url.path.endswith(".png") else "svg"
    address = page_address("/karta", request.query_params.multi_items())
    chart = level_in_context(view.svg, view.values, address)
    return Response(
        svg_to_png(chart) if fmt == "png" else chart,
        media_type="image/png" if fmt == "png" else "image/svg+xml",
        headers={"Content-Disposition": f'inline; filename="{_file_name(view)}.{fmt}"'},
    )


@router.get("/karta.csv")
@router.get("/karta.xlsx")
def map_table(
    request: Request,
    view: ChosenMap,
    sep: Annotated[str | None, Query()] = None,
) -> Response:
    """Every area's gated value with its class, as CSV (``sep=semikolon`` for Swedish Excel)
    or Excel: the rows of the JSON twin, through the shared export code."""
    fmt = "xlsx" if request.url.path.endswith(".xlsx") else "csv"
    classes = [k + 1 if k is not None else None for k in view.class_of]
    sheet = exports.level_sheet(
        view.values,
        view.values.rows,
        (N_("Klass"), [exports.Number(k, 0) if k else None for k in classes]),
        view.title,
        f"/karta?{view.params.query(view.year)}",
        _file_name(view),
    )
    return exports.download(sheet, fmt, sep)


def _file_name(view: MapView) -> str:
    p = view.params
    gender = "" if p.gender is Gender.TOTAL else f"-{p.gender.value.lower()}"
    return f"karta-{p.indicator.id}-{view.year}-{p.level.value}{gender}"
