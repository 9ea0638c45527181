"""The economy's pages: ``/ekonomi`` (resultaträkning, drift per verksamhet, three years,
forecast and backtest) and ``/ekonomi/volymer`` (placements per insats, forecast, cost per
vårddygn, volume/price split). Each with its JSON twin and CSV/Excel exports (``.json``,
``.csv``, ``.xlsx``). Thin: the views are :mod:`..views.economy_view` and
:mod:`..views.economy_volumes_view`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kommunanalys.errors import ErrorCode
from kommunanalys.i18n import current_language
from kommunanalys.query import Dataset
from kommunanalys.sources.numbers import NotAYear, parse_year
from kommunanalys.web.dependencies import DatasetDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond
from kommunanalys.web.views import exports
from kommunanalys.web.views.compare_params import BadParameter
from kommunanalys.web.views.economy_view import economy_data, economy_sheet, economy_view
from kommunanalys.web.views.economy_volumes_view import volumes_sheet, volumes_view

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])

CommitteeQuery = Annotated[str | None, Query(alias="namnd")]
YearQuery = Annotated[str | None, Query(alias="ar")]
MonthQuery = Annotated[str | None, Query(alias="till")]
SepQuery = Annotated[str | None, Query()]


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return parse_year(raw)
    except NotAYear:
        raise BadParameter(ErrorCode.NOT_A_YEAR, v=raw) from None


def _month(raw: str | None) -> int | None:
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 12):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"  # as sources.numbers echoes
        raise BadParameter(ErrorCode.NOT_A_MONTH, v=shown)
    return int(raw)


def _kept(ds: Dataset, key: tuple[Any, ...], make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The view made once per dataset and reading language (the data never change under a
    dataset); a copy, so that a request's own keys stay its own."""
    return dict(ds.memo(("economy-view", current_language(), *key), make))


def _answer(
    request: Request,
    fmt: str | None,
    template: str,
    view: dict[str, Any],
    sheet: Any,
    sep: str | None,
) -> Response:
    if fmt in ("csv", "xlsx"):
        return exports.download(sheet(view), fmt, sep)
    query = request.url.query
    base = request.url.path.rsplit(".", 1)[0] if fmt else request.url.path
    view["_links"] = exports.links(base, query)
    return respond(request, template, view)


@router.get("/ekonomi")
@router.get("/ekonomi.{fmt}")
def economy(
    request: Request,
    ds: DatasetDep,
    fmt: str | None = None,
    committee: CommitteeQuery = None,
    year: YearQuery = None,
    through: MonthQuery = None,
    sep: SepQuery = None,
) -> Response:
    """Budget against outcome for the year (or the year to ``till``), three years, the
    year-end forecast with its band and the backtest of earlier forecasts."""
    if fmt not in (None, "json", "csv", "xlsx"):
        return Response(status_code=404)
    chosen = (committee, _year(year), _month(through))
    if chosen[1] is None or chosen[1] in economy_data(ds, committee).ledger.years():
        view = _kept(ds, ("ekonomi", *chosen), lambda: economy_view(ds, *chosen))
    else:  # a year without data is not kept: the keys stay as few as the data's years
        view = economy_view(ds, *chosen)
    return _answer(request, fmt, "economy.html", view, economy_sheet, sep)


@router.get("/ekonomi/volymer")
@router.get("/ekonomi/volymer.{fmt}")
def economy_volumes(
    request: Request,
    ds: DatasetDep,
    fmt: str | None = None,
    committee: CommitteeQuery = None,
    insats: Annotated[str | None, Query()] = None,
    sep: SepQuery = None,
) -> Response:
    """Placements per insats month by month, the volume forecast with its intervals, cost per
    vårddygn and the volume/price split of köp av verksamhet."""
    if fmt not in (None, "json", "csv", "xlsx"):
        return Response(status_code=404)
    if insats not in economy_data(ds, committee).volumes.units():
        insats = None  # the first insats: an unknown one keeps no view of its own
    view = _kept(ds, ("volymer", committee, insats), lambda: volumes_view(ds, committee, insats))
    return _answer(request, fmt, "economy_volumes.html", view, volumes_sheet, sep)
