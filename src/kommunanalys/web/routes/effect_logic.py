"""Effect logic pages: ``/effektlogik`` (the outcomes), ``/effektlogik/{id}?omrade=&ar=`` (an
outcome's grid for an area and year) and ``/datatillgang`` (what data there is, and the data
development agenda); each with its JSON twin at the same address + ``.json``.

Thin: the views are :mod:`kommunanalys.web.views.effect_views`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kommunanalys.web.dependencies import DatasetDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond, split_suffix
from kommunanalys.web.views.effect_views import (
    availability_view,
    effect_grid_view,
    effect_list_view,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])

AreaQuery = Annotated[str | None, Query(alias="omrade")]
YearQuery = Annotated[str | None, Query(alias="ar")]


@router.get("/effektlogik")
@router.get("/effektlogik.json")
def effect_logic_list(request: Request, ds: DatasetDep) -> Response:
    """The social outcomes, their projects and how many of their items have data."""
    return respond(request, "effektlogik.html", lambda: effect_list_view(ds))


@router.get("/effektlogik/{outcome_id}")
def effect_logic_grid(
    request: Request,
    ds: DatasetDep,
    outcome_id: str,
    area: AreaQuery = None,
    year: YearQuery = None,
) -> Response:
    """An outcome's grid for an area and year: every item with its indicators' values."""
    outcome_id, json_suffix = split_suffix(outcome_id)
    return respond(
        request,
        "effektlogik_grid.html",
        lambda: effect_grid_view(ds, outcome_id, area, year),
        json_suffix=json_suffix,
    )


@router.get("/datatillgang")
@router.get("/datatillgang.json")
def data_availability_page(request: Request, ds: DatasetDep) -> Response:
    """Vad av detta har vi? Per item and indicator, and the data development agenda."""
    return respond(request, "datatillgang.html", lambda: availability_view(ds))
