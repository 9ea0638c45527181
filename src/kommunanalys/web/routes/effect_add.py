"""Adding and removing effect logic items and interventions in the web (issue 18 items 1, 5).

``/effektlogik/{id}/post/ny?niva=&kolumn=`` (a new item in a cell of the grid),
``/effektlogik/{id}/post/{nummer}/ta-bort`` (remove an item, after a confirmation that names the
interventions that lose their link), ``/insatser/ny`` (a new intervention, every field of the
edit form and its id) and ``/insatser/{id}/ta-bort`` (remove one, after a confirmation that
says what disappears); each page with its JSON twin (``.json``).

The rules of the edit forms, one function every POST of them goes through
(:func:`kommunanalys.web.routes.effect_form.handle_form`): analysts and
administrators only (403), the session's CSRF token, problems by field (422, nothing saved), a
stale form refused (409), one audit event per change and the readers' snapshot renewed at once.
This router is included before the pages' own, so ``/insatser/ny`` is this form, never an
intervention's page (``ny`` is no id a form may give).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kommunanalys.access.roles import User, require_role
from kommunanalys.effect.adding import (
    EffectAdder,
    new_intervention_from_form,
    new_item_from_form,
)
from kommunanalys.effect.model import Intervention, Item
from kommunanalys.store import Store
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
    intervention_removal_view,
    item_removal_view,
    new_intervention_form_view,
    new_item_form_view,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])


def _editor(user: User, store: Store) -> EffectAdder:
    require_role(user, *EDITORS)
    return EffectAdder(store)


# -- a new item --------------------------------------------------------------------------------
@router.get("/effektlogik/{outcome_id}/post/ny")
@router.get("/effektlogik/{outcome_id}/post/ny.json")
def new_item_form(
    request: Request, user: CurrentUser, store: StoreDep, outcome_id: str
) -> Response:
    outcome = _editor(user, store).logic.outcome(outcome_id)
    cell = {k: request.query_params.get(k, "") for k in ("niva", "kolumn")}
    return respond(request, "effect_item_edit.html", new_item_form_view(outcome, field=cell))


@router.post("/effektlogik/{outcome_id}/post/ny")
async def add_item(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    ds: DatasetDep,
    publisher: PublisherDep,
    outcome_id: str,
) -> Response:
    adder = EffectAdder(store)

    def read(field: Form) -> Item | Invalid:
        outcome = adder.logic.outcome(outcome_id)
        return checked(
            new_item_from_form(outcome, field, {i.id for i in ds.catalogue}),
            "effect_item_edit.html",
            lambda problems: new_item_form_view(outcome, field=field, problems=problems),
        )

    def save(new: Item, version: str) -> str:
        adder.add_item(new, user.username, version=version)
        return f"/effektlogik/{outcome_id}?sparat=1"

    return await handle_form(request, user, publisher, save, read)


# -- removing an item --------------------------------------------------------------------------
@router.get("/effektlogik/{outcome_id}/post/{number}/ta-bort")
@router.get("/effektlogik/{outcome_id}/post/{number}/ta-bort.json")
def item_removal(
    request: Request, user: CurrentUser, store: StoreDep, outcome_id: str, number: str
) -> Response:
    adder = _editor(user, store)
    removal = adder.item_removal(outcome_id, item_number(outcome_id, number))
    name = adder.logic.outcome(outcome_id).name
    return respond(request, "effect_remove.html", item_removal_view(removal, name))


@router.post("/effektlogik/{outcome_id}/post/{number}/ta-bort")
async def remove_item(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    publisher: PublisherDep,
    outcome_id: str,
    number: str,
) -> Response:
    def save(_: None, version: str) -> str:
        at = item_number(outcome_id, number)
        EffectAdder(store).remove_item(outcome_id, at, user.username, version=version)
        return f"/effektlogik/{outcome_id}?sparat=1"

    return await handle_form(request, user, publisher, save)


# -- a new intervention ------------------------------------------------------------------------
@router.get("/insatser/ny")
@router.get("/insatser/ny.json")
def new_intervention_form(request: Request, user: CurrentUser) -> Response:
    require_role(user, *EDITORS)
    return respond(request, "insats_edit.html", new_intervention_form_view())


@router.post("/insatser/ny")
async def add_intervention(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    ds: DatasetDep,
    publisher: PublisherDep,
) -> Response:
    adder = EffectAdder(store)

    def read(field: Form) -> Intervention | Invalid:
        return checked(
            new_intervention_from_form(
                field,
                user.username,
                taken=store.effect_logic.intervention_ids(),
                indicators={i.id for i in ds.catalogue},
                areas={a.code for a in store.areas()},
                items=set(adder.interventions.item_refs()),
            ),
            "insats_edit.html",
            lambda problems: new_intervention_form_view(field=field, problems=problems),
        )

    def save(new: Intervention, _: str) -> str:
        adder.add_intervention(new, user.username)
        return f"/insatser/{new.id}"

    return await handle_form(request, user, publisher, save, read)


# -- removing an intervention ------------------------------------------------------------------
@router.get("/insatser/{intervention_id}/ta-bort")
@router.get("/insatser/{intervention_id}/ta-bort.json")
def intervention_removal(
    request: Request, user: CurrentUser, store: StoreDep, intervention_id: str
) -> Response:
    removal = _editor(user, store).intervention_removal(intervention_id)
    return respond(request, "effect_remove.html", intervention_removal_view(removal))


@router.post("/insatser/{intervention_id}/ta-bort")
async def remove_intervention(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    publisher: PublisherDep,
    intervention_id: str,
) -> Response:
    def save(_: None, version: str) -> str:
        EffectAdder(store).remove_intervention(intervention_id, user.username, version=version)
        return "/insatser?sparat=1"

    return await handle_form(request, user, publisher, save)
