"""Effect logic pages: ``/effektlogik`` (the outcomes), ``/effektlogik/{id}?omrade=&ar=`` (an
outcome's grid for an area and year), ``/datatillgang`` (what data there is, and the data
development agenda), ``/insatser`` and ``/insatser/{id}`` (the interventions register); each
with its JSON twin at the same address + ``.json``. ``POST /insatser/utkast`` makes a draft
intervention from a finding (analysts; CSRF-checked; audited by the repository).

Thin: the views are :mod:`kommunanalys.web.views.effect_views`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access.roles import Role, require_role
from kommunanalys.effect.followup import COMPARISONS, MAX_COMPARISONS
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.web.dependencies import DatasetDep, StoreDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond, split_suffix
from kommunanalys.web.sessions import CurrentUser, check_csrf
from kommunanalys.web.views.effect_views import (
    availability_view,
    effect_grid_view,
    effect_list_view,
    project_view,
)
from kommunanalys.web.views.intervention_views import (
    follow_up_sheet,
    intervention_view,
    interventions_view,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])

AreaQuery = Annotated[str | None, Query(alias="omrade")]
ComparisonsQuery = Annotated[int, Query(alias="jamforelser", ge=1, le=MAX_COMPARISONS)]
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


@router.get("/projekt/{project_id}")
def project_page(request: Request, ds: DatasetDep, store: StoreDep, project_id: str) -> Response:
    """An area development project: area, goals, outcomes, interventions."""
    project_id, json_suffix = split_suffix(project_id)
    return respond(
        request,
        "projekt.html",
        lambda: project_view(ds, store, project_id),
        json_suffix=json_suffix,
    )


# -- the interventions register ----------------------------------------------------------------


@router.get("/insatser")
@router.get("/insatser.json")
def interventions_page(request: Request, ds: DatasetDep, store: StoreDep) -> Response:
    """The interventions register."""
    return respond(request, "insatser.html", lambda: interventions_view(ds, store))


@router.get("/insatser/{intervention_id}")
def intervention_page(
    request: Request,
    ds: DatasetDep,
    store: StoreDep,
    intervention_id: str,
    comparisons: ComparisonsQuery = COMPARISONS,
) -> Response:
    """One intervention: where, for whom, what it should move, and its follow-up."""
    intervention_id, json_suffix = split_suffix(intervention_id)
    return respond(
        request,
        "insats.html",
        lambda: intervention_view(ds, store, intervention_id, comparisons),
        json_suffix=json_suffix,
    )


@router.post("/insatser/utkast")
def draft_intervention(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    ds: DatasetDep,
    area: Annotated[str, Form(alias="omrade")],
    indicator: Annotated[str, Form(alias="indikator")],
    csrf: str = Form(""),
) -> Response:
    """ "Omvandla insikter till insatser": an analyst makes a draft intervention from a
    finding, linked to its area, its indicator and the effect logic items it follows."""
    check_csrf(request, csrf)
    require_role(user, Role.ANALYST, Role.ADMIN)
    found_area = ds.area(area)
    found_indicator = ds.indicator(indicator)
    draft = InterventionRepository(store).draft_from_finding(
        found_area.code,
        found_area.name,
        found_indicator.id,
        found_indicator.name_sv,
        user.username,
    )
    return RedirectResponse(f"/insatser/{draft.id}", status_code=303)


# -- an intervention's follow-up as a file (issue 18 item 6) ----------------------------------


@router.get("/insatser/{intervention_id}/uppfoljning.{fmt}")
def intervention_follow_up_export(
    request: Request,
    ds: DatasetDep,
    store: StoreDep,
    intervention_id: str,
    fmt: str,
    comparisons: ComparisonsQuery = COMPARISONS,
    sep: Annotated[str | None, Query()] = None,
) -> Response:
    """The follow-up as CSV or Excel: the page's series, baselines and estimates."""
    from kommunanalys.web.views.exports import download

    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404)
    view = intervention_view(ds, store, intervention_id, comparisons)
    return download(follow_up_sheet(ds, intervention_id, view["follow_up"]), fmt, sep)


# -- the project report (issue 18 item 4) ------------------------------------------------------

_REPORT_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@router.get("/projekt/{project_id}/rapport.{fmt}")
def project_report(ds: DatasetDep, project_id: str, fmt: str) -> Response:
    """The project report: nulägesbild, goals, effect logic with data, interventions and
    their follow-up, as Word, PDF or HTML."""
    from kommunanalys.report.project_content import build_project_report
    from kommunanalys.report.project_render import render_project_report

    if fmt not in _REPORT_MEDIA:
        raise HTTPException(404)
    body = render_project_report(build_project_report(ds, project_id), fmt)
    headers = {}
    if fmt != "html":
        headers["Content-Disposition"] = f'attachment; filename="projekt-{project_id}.{fmt}"'
    return Response(body, media_type=_REPORT_MEDIA[fmt], headers=headers)
