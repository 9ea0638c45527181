"""``/personal``, ``/intern-kontroll`` and ``/ekonomi/finansiering``: the personnel figures
(three years, HME against the kommun), the control plan with its statuses, the audit
recommendations and the contract follow-up, and the grants, särskilda satsningar and
investments. Each has its JSON twin (``.json``) and CSV/Excel downloads (``.csv``, ``.xlsx``);
``?namnd=`` and ``?ar=`` choose the committee and year (default: the first, its latest)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from kommunanalys.i18n import N_, gettext
from kommunanalys.store import Store
from kommunanalys.store.staff_control import Table
from kommunanalys.web.dependencies import StoreDep
from kommunanalys.web.rendering import page_only, respond
from kommunanalys.web.views import exports
from kommunanalys.web.views.exports import Sheet
from kommunanalys.web.views.staff_control_views import (
    CONTROL_TABLES,
    FINANCING_TABLES,
    PERSONNEL_TABLES,
    Choice,
    NoStaffData,
    choose,
    control_sheet,
    control_view,
    financing_sheet,
    financing_view,
    personnel_sheet,
    personnel_view,
)

router = APIRouter(include_in_schema=False)

CommitteeQuery = Annotated[str | None, Query(alias="namnd")]
YearQuery = Annotated[int | None, Query(alias="ar")]
SepQuery = Annotated[str | None, Query(alias="sep")]
SUFFIXES = ("json", "csv", "xlsx")

View = Callable[[Store, Choice], dict[str, Any]]
MakeSheet = Callable[[dict[str, Any], str, str], Sheet]


def _page(
    request: Request,
    store: Store,
    *,
    path: str,
    template: str,
    title: str,
    tables: Sequence[Table],
    view: View,
    sheet: MakeSheet,
    suffix: str | None,
    committee: str | None,
    year: int | None,
    sep: str | None,
) -> Response:
    if suffix is not None and suffix not in SUFFIXES:
        raise HTTPException(404, gettext("Sidan finns inte."))
    try:
        choice = choose(store, tables, committee, year)
    except NoStaffData:
        raise HTTPException(404, gettext("Sidan finns inte.")) from None
    made = view(store, choice)
    heading = f"{gettext(title)} {choice.year} – {choice.name}"
    if suffix in ("csv", "xlsx"):
        return exports.download(sheet(made, heading, str(request.url)), suffix, sep)
    query = f"namnd={choice.committee}&ar={choice.year}"
    return respond(
        request,
        template,
        {
            **made,
            **page_only({"choice": choice, "links": exports.links(path, query), "path": path}),
        },
        json_suffix=suffix == "json",
    )


@router.get("/personal")
@router.get("/personal.{suffix}")
def personnel(
    request: Request,
    store: StoreDep,
    suffix: str | None = None,
    committee: CommitteeQuery = None,
    year: YearQuery = None,
    sep: SepQuery = None,
) -> Response:
    return _page(
        request,
        store,
        path="/personal",
        template="personal.html",
        title=N_("Väsentliga personalförhållanden"),
        tables=PERSONNEL_TABLES,
        view=personnel_view,
        sheet=personnel_sheet,
        suffix=suffix,
        committee=committee,
        year=year,
        sep=sep,
    )


@router.get("/intern-kontroll")
@router.get("/intern-kontroll.{suffix}")
def internal_control(
    request: Request,
    store: StoreDep,
    suffix: str | None = None,
    committee: CommitteeQuery = None,
    year: YearQuery = None,
    sep: SepQuery = None,
) -> Response:
    return _page(
        request,
        store,
        path="/intern-kontroll",
        template="intern_kontroll.html",
        title=N_("Intern kontroll"),
        tables=CONTROL_TABLES,
        view=control_view,
        sheet=control_sheet,
        suffix=suffix,
        committee=committee,
        year=year,
        sep=sep,
    )


@router.get("/ekonomi/finansiering")
@router.get("/ekonomi/finansiering.{suffix}")
def financing(
    request: Request,
    store: StoreDep,
    suffix: str | None = None,
    committee: CommitteeQuery = None,
    year: YearQuery = None,
    sep: SepQuery = None,
) -> Response:
    return _page(
        request,
        store,
        path="/ekonomi/finansiering",
        template="finansiering.html",
        title=N_("Särskilda satsningar, extern finansiering och investeringar"),
        tables=FINANCING_TABLES,
        view=financing_view,
        sheet=financing_sheet,
        suffix=suffix,
        committee=committee,
        year=year,
        sep=sep,
    )
