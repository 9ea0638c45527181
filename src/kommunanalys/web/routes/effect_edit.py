"""Editing the effect logic and the interventions in the web (issue 18 items 1, 2 and 5).

``/effektlogik/{id}/post/{nummer}/redigera`` (an item's text, wanted direction, indicators or
"data saknas", data need), ``/datatillgang/kalla/{indikator}/redigera`` (what is entered by
hand about an indicator's data: source system, frequency, how it reaches the platform, who is
responsible) and ``/insatser/{id}/redigera`` (every field of an intervention); each form with
its JSON twin (``.json``). ``/effektlogik.toml`` and ``/insatser.toml`` give the stored model
back as the files it loads from.

Analysts and administrators edit; everyone else is refused (403). A POST carries the session's
CSRF token and the version of the object it was read at (a 409 when someone saved in
between); a form with problems is answered 422 with a message beside each field and nothing
saved. Every save is one transaction with its audit event (who, what, before and after:
:mod:`kommunanalys.effect.editing`), and the readers' snapshot is renewed at once.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access.roles import Role, User, require_role
from kommunanalys.effect.editing import (
    EditConflict,
    EffectEditor,
    intervention_from_form,
    item_from_form,
    source_from_form,
)
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.logic_export import interventions_toml, logic_toml
from kommunanalys.effect.repository import EffectLogicRepository, UnknownOutcome
from kommunanalys.errors import ErrorCode
from kommunanalys.query import Dataset
from kommunanalys.web.dependencies import DatasetDep, PublisherDep, StoreDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond
from kommunanalys.web.sessions import CurrentUser, check_csrf
from kommunanalys.web.views.compare_params import BadParameter
from kommunanalys.web.views.effect_edit_views import (
    intervention_form_view,
    item_form_view,
    source_form_view,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])

#: who may edit the effect logic and the interventions
EDITORS = (Role.ANALYST, Role.ADMIN)
TOML = "application/toml; charset=utf-8"


class Conflict(BadParameter):
    """Someone else saved the object since the form was read."""

    status_code = 409


async def read_form(request: Request, user: User) -> dict[str, str]:
    """The POSTed form as text, after the CSRF token and the user's role are checked."""
    field = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, field.get("csrf", ""))
    require_role(user, *EDITORS)
    return field


def item_number(outcome_id: str, number: str) -> int:
    """The item's number in the URL; anything else is an unknown item, named without the text
    typed (a cut piece of it would echo part of whatever was sent: a probe's SQL, a script)."""
    if not (number.isascii() and number.isdigit() and len(number) <= 6):
        raise UnknownOutcome(ErrorCode.UNKNOWN_EFFECT_ITEM, item=f"{outcome_id}:…")
    return int(number)


def _indicator_name(ds: Dataset, indicator: str) -> str:
    return ds.indicator(indicator).name_sv  # an unknown id: 404


# -- an effect logic item ----------------------------------------------------------------------
@router.get("/effektlogik/{outcome_id}/post/{number}/redigera")
@router.get("/effektlogik/{outcome_id}/post/{number}/redigera.json")
def item_form(
    request: Request, user: CurrentUser, store: StoreDep, outcome_id: str, number: str
) -> Response:
    require_role(user, *EDITORS)
    editor = EffectEditor(store)
    item = editor.item(outcome_id, item_number(outcome_id, number))
    name = editor.logic.outcome(outcome_id).name
    return respond(request, "effect_item_edit.html", item_form_view(item, name))


@router.post("/effektlogik/{outcome_id}/post/{number}/redigera")
async def save_item(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    ds: DatasetDep,
    publisher: PublisherDep,
    outcome_id: str,
    number: str,
) -> Response:
    field = await read_form(request, user)
    editor = EffectEditor(store)
    old = editor.item(outcome_id, item_number(outcome_id, number))
    new, problems = item_from_form(old, field, {i.id for i in ds.catalogue})
    if problems:
        name = editor.logic.outcome(outcome_id).name
        view = item_form_view(old, name, field=field, problems=problems)
        return respond(request, "effect_item_edit.html", view, status_code=422)
    try:
        editor.save_item(new, user.username, version=field.get("version", ""))
    except EditConflict as exc:
        raise Conflict(exc.code) from None
    publisher.publish_now()
    return RedirectResponse(f"/effektlogik/{outcome_id}?sparat=1", status_code=303)


# -- an indicator's source note ----------------------------------------------------------------
@router.get("/datatillgang/kalla/{indicator}/redigera")
@router.get("/datatillgang/kalla/{indicator}/redigera.json")
def source_form(
    request: Request, user: CurrentUser, store: StoreDep, ds: DatasetDep, indicator: str
) -> Response:
    require_role(user, *EDITORS)
    name = _indicator_name(ds, indicator)
    source = EffectEditor(store).source(indicator)
    return respond(request, "effect_source_edit.html", source_form_view(indicator, name, source))


@router.post("/datatillgang/kalla/{indicator}/redigera")
async def save_source(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    ds: DatasetDep,
    publisher: PublisherDep,
    indicator: str,
) -> Response:
    field = await read_form(request, user)
    name = _indicator_name(ds, indicator)
    editor = EffectEditor(store)
    new, problems = source_from_form(indicator, field)
    if problems:
        view = source_form_view(
            indicator, name, editor.source(indicator), field=field, problems=problems
        )
        return respond(request, "effect_source_edit.html", view, status_code=422)
    try:
        editor.save_source(new, user.username, version=field.get("version", ""))
    except EditConflict as exc:
        raise Conflict(exc.code) from None
    publisher.publish_now()
    return RedirectResponse("/datatillgang?sparat=1", status_code=303)


# -- an intervention ---------------------------------------------------------------------------
@router.get("/insatser/{intervention_id}/redigera")
@router.get("/insatser/{intervention_id}/redigera.json")
def intervention_form(
    request: Request, user: CurrentUser, store: StoreDep, intervention_id: str
) -> Response:
    require_role(user, *EDITORS)
    found = InterventionRepository(store).get(intervention_id)
    return respond(request, "insats_edit.html", intervention_form_view(found))


@router.post("/insatser/{intervention_id}/redigera")
async def save_intervention(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    ds: DatasetDep,
    publisher: PublisherDep,
    intervention_id: str,
) -> Response:
    field = await read_form(request, user)
    repo = InterventionRepository(store)
    old = repo.get(intervention_id)
    new, problems = intervention_from_form(
        old,
        field,
        indicators={i.id for i in ds.catalogue},
        areas={a.code for a in store.areas()},
        items=set(repo.item_refs()),
    )
    if problems:
        view = intervention_form_view(old, field=field, problems=problems)
        return respond(request, "insats_edit.html", view, status_code=422)
    try:
        EffectEditor(store).save_intervention(new, user.username, version=field.get("version", ""))
    except EditConflict as exc:
        raise Conflict(exc.code) from None
    publisher.publish_now()
    return RedirectResponse(f"/insatser/{intervention_id}", status_code=303)


# -- the model back as its files ---------------------------------------------------------------
def _toml(body: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body.encode("utf-8"), media_type=TOML, headers=headers)


@router.get("/effektlogik.toml")
def effect_logic_file(store: StoreDep) -> Response:
    """The stored effect logic as the file it loads from (edits included)."""
    return _toml(logic_toml(EffectLogicRepository(store).load()), "effektlogik.toml")


@router.get("/insatser.toml")
def interventions_file(store: StoreDep) -> Response:
    """The interventions register as the file it loads from (edits included)."""
    return _toml(interventions_toml(InterventionRepository(store).all()), "insatser.toml")
