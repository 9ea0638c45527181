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
:mod:`kommunanalys.effect.editing`), and the readers' snapshot is renewed at once; the steps
every form takes are one function (:func:`kommunanalys.web.routes.effect_form.handle_form`).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kommunanalys.access.roles import require_role
from kommunanalys.effect.editing import (
    EffectEditor,
    intervention_from_form,
    item_from_form,
    source_from_form,
)
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.logic_export import interventions_toml, logic_toml
from kommunanalys.effect.model import Intervention, Item, SourceInfo
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.query import Dataset
from kommunanalys.web.dependencies import DatasetDep, PublisherDep, StoreDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond
from kommunanalys.web.routes.effect_form import (
    EDITORS,
    Form,
    Invalid,
    checked,
    handle_form,
    item_number,
)
from kommunanalys.web.sessions import CurrentUser
from kommunanalys.web.views.effect_edit_views import (
    intervention_form_view,
    item_form_view,
    source_form_view,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])

TOML = "application/toml; charset=utf-8"


def _indicator_name(ds: Dataset, indicator: str) -> str:
    return ds.indicator(indicator).name_sv  # an unknown id: 404


def _catalogue(ds: Dataset) -> set[str]:
    return {i.id for i in ds.catalogue}


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
    editor = EffectEditor(store)

    def read(field: Form) -> Item | Invalid:
        old = editor.item(outcome_id, item_number(outcome_id, number))
        name = editor.logic.outcome(outcome_id).name
        return checked(
            item_from_form(old, field, _catalogue(ds)),
            "effect_item_edit.html",
            lambda problems: item_form_view(old, name, field=field, problems=problems),
        )

    def save(new: Item, version: str) -> str:
        editor.save_item(new, user.username, version=version)
        return f"/effektlogik/{outcome_id}?sparat=1"

    return await handle_form(request, user, publisher, save, read)


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
    editor = EffectEditor(store)

    def read(field: Form) -> SourceInfo | Invalid:
        name = _indicator_name(ds, indicator)
        return checked(
            source_from_form(indicator, field),
            "effect_source_edit.html",
            lambda problems: source_form_view(
                indicator, name, editor.source(indicator), field=field, problems=problems
            ),
        )

    def save(new: SourceInfo, version: str) -> str:
        editor.save_source(new, user.username, version=version)
        return "/datatillgang?sparat=1"

    return await handle_form(request, user, publisher, save, read)


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
    def read(field: Form) -> Intervention | Invalid:
        repo = InterventionRepository(store)
        old = repo.get(intervention_id)
        return checked(
            intervention_from_form(
                old,
                field,
                indicators=_catalogue(ds),
                areas={a.code for a in store.areas()},
                items=set(repo.item_refs()),
            ),
            "insats_edit.html",
            lambda problems: intervention_form_view(old, field=field, problems=problems),
        )

    def save(new: Intervention, version: str) -> str:
        EffectEditor(store).save_intervention(new, user.username, version=version)
        return f"/insatser/{intervention_id}"

    return await handle_form(request, user, publisher, save, read)


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
