"""Routes: the overview table (/oversiktstabell), its JSON twin and its CSV and Excel downloads;
the population pyramid of an area (/omrade/{code}/pyramid) and its twin.

Thin: the URL's state is read by :mod:`kommunanalys.web.views.overview_table_view` and
:mod:`kommunanalys.web.views.pyramid_view`, the tables by :mod:`kommunanalys.analysis`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kommunanalys.web.dependencies import DatasetDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond
from kommunanalys.web.views import exports
from kommunanalys.web.views.overview_table_view import (
    OverviewParams,
    overview_page_view,
    overview_sheet,
    parse_params,
)
from kommunanalys.web.views.pyramid_view import pyramid_view

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])


def _params(
    ds: DatasetDep,
    level: Annotated[str | None, Query(alias="niva")] = None,
    domain: Annotated[str | None, Query(alias="doman")] = None,
    year: Annotated[str | None, Query(alias="ar")] = None,
    benchmark: Annotated[str | None, Query(alias="jamfor")] = None,
    sort: Annotated[str | None, Query(alias="sortera")] = None,
    order: Annotated[str | None, Query(alias="ordning")] = None,
    page: Annotated[str | None, Query(alias="sida")] = None,
) -> OverviewParams:
    return parse_params(ds, level, domain, year, benchmark, sort, order, page)


ChosenTable = Annotated[OverviewParams, Depends(_params)]


@router.get("/oversiktstabell")
@router.get("/oversiktstabell.json")
def overview_table_page(request: Request, ds: DatasetDep, params: ChosenTable) -> Response:
    """Every area of a level × the indicators of a domain, coloured by the comparison."""
    return respond(request, "oversiktstabell.html", overview_page_view(ds, params))


@router.get("/oversiktstabell.csv")
@router.get("/oversiktstabell.xlsx")
def overview_table_download(
    request: Request,
    ds: DatasetDep,
    params: ChosenTable,
    sep: Annotated[str | None, Query()] = None,
) -> Response:
    """Every area of the table (not one page), one row each: value and comparison per
    indicator, as CSV (``sep=semikolon`` for Swedish Excel) or Excel."""
    fmt = "xlsx" if request.url.path.endswith(".xlsx") else "csv"
    return exports.download(overview_sheet(ds, params), fmt, sep)


@router.get("/omrade/{code}/pyramid")
@router.get("/omrade/{code}/pyramid.json")
def population_pyramid_page(
    request: Request,
    ds: DatasetDep,
    code: str,
    year: Annotated[str | None, Query(alias="ar")] = None,
) -> Response:
    """The area's population by five-year age band and sex, the kommun as an outline."""
    return respond(request, "pyramid.html", pyramid_view(ds, ds.place(code, year)))
