"""The edit forms of the effect logic and the interventions: one dict per form, whose keys
are the JSON twin (the object as stored, its version, the problems by field) and whose ``_``
keys are for the template (the form's text as typed, the choices)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from kommunanalys.effect.adding import InterventionRemoval, ItemRemoval, next_number, placed_item
from kommunanalys.effect.editing import source_json, version_of
from kommunanalys.effect.form import (
    INTERVENTION_FIELDS,
    ITEM_FIELDS,
    SOURCE_FIELDS,
    Field,
    Problems,
    form_text,
)
from kommunanalys.effect.model import (
    Delivery,
    Frequency,
    GridColumn,
    Intervention,
    InterventionStatus,
    Item,
    Outcome,
    PreventionLevel,
    SourceInfo,
    TargetGender,
    WantedDirection,
)
from kommunanalys.i18n.labels import label, msgid
from kommunanalys.i18n.messages import error_text
from kommunanalys.web.views.intervention_views import intervention_json


def _errors(problems: Problems) -> dict[str, str]:
    return {k: error_text(v) for k, v in problems.items()}


def _typed(
    obj: object, fields: tuple[Field, ...], field: Mapping[str, str] | None
) -> dict[str, str]:
    """A form's text: as typed (``field``), or ``obj`` as stored with its version."""
    if field is not None:
        return dict(field)
    return {**form_text(obj, fields), "version": version_of(obj)}


def _item_json(item: Item, *, whole: bool = True) -> dict[str, Any]:
    """An item in a form's JSON twin: its place, and (``whole``) what the form edits."""
    place = {"outcome": item.outcome, "number": item.position}
    if not whole:
        return {**place, "level": item.level.value, "column": item.column.value, "text": item.text}
    return {**place, **placed_item(item)}


def _choices(codes: type[Any]) -> list[tuple[str, str]]:
    """``(the word a form sends, its label)`` of every code: the Swedish word, as in a file."""
    return [(msgid(c), label(c)) for c in codes]


def item_form_view(
    item: Item,
    outcome_name: str,
    *,
    field: Mapping[str, str] | None = None,
    problems: Problems | None = None,
) -> dict[str, Any]:
    """An item's form: as stored, or as typed with its problems."""
    return {
        "item": _item_json(item),
        "version": version_of(item),
        "errors": _errors(problems or {}),
        "_outcome_name": outcome_name,
        "_it": item,
        "_form": _typed(item, ITEM_FIELDS, field),
        "_directions": _choices(WantedDirection),
    }


def source_form_view(
    indicator: str,
    indicator_name: str,
    source: SourceInfo | None,
    *,
    field: Mapping[str, str] | None = None,
    problems: Problems | None = None,
) -> dict[str, Any]:
    """The form of what is entered by hand about an indicator's data."""
    return {
        "indicator": indicator,
        "source": source_json(source),
        "version": version_of(source),
        "errors": _errors(problems or {}),
        "_indicator_name": indicator_name,
        "_form": _typed(source, SOURCE_FIELDS, field),
        "_frequencies": _choices(Frequency),
        "_deliveries": _choices(Delivery),
    }


def intervention_form_view(
    found: Intervention,
    *,
    field: Mapping[str, str] | None = None,
    problems: Problems | None = None,
) -> dict[str, Any]:
    """An intervention's form, every field as the interventions file names it."""
    return {
        "intervention": intervention_json(found),
        "version": version_of(found),
        "errors": _errors(problems or {}),
        "_i": found,
        "_form": _typed(found, INTERVENTION_FIELDS, field),
        "_levels": _choices(PreventionLevel),
        "_genders": _choices(TargetGender),
        "_statuses": _choices(InterventionStatus),
    }


# -- adding and removing ------------------------------------------------------------------------
def new_item_form_view(
    outcome: Outcome,
    *,
    field: Mapping[str, str] | None = None,
    problems: Problems | None = None,
) -> dict[str, Any]:
    """The form of a new item of ``outcome``: its cell (``niva``, ``kolumn``, chosen by the
    link of the grid's cell and changeable) and the fields of the edit form."""
    typed = dict(field or {})
    for key, codes in (("niva", PreventionLevel), ("kolumn", GridColumn)):
        with suppress(ValueError):  # the cell of the link, as the word a form sends
            typed[key] = msgid(codes.parse(typed.get(key, "")))
    typed.setdefault("riktning", msgid(WantedDirection.INCREASE))
    typed.setdefault("version", version_of(outcome))
    return {
        "outcome": outcome.id,
        "number": next_number(outcome),
        "version": version_of(outcome),
        "errors": _errors(problems or {}),
        "_outcome_name": outcome.name,
        "_new": True,
        "_it": None,
        "_form": typed,
        "_directions": _choices(WantedDirection),
        "_levels": _choices(PreventionLevel),
        "_columns": _choices(GridColumn),
    }


def item_removal_view(removal: ItemRemoval, outcome_name: str) -> dict[str, Any]:
    """The confirmation of removing an item: what changes with it."""
    item = removal.item
    return {
        "item": _item_json(item, whole=False),
        "interventions_unlinked": [i.id for i in removal.unlinked],
        "items_renumbered": len(removal.moved),
        "version": version_of(item),
        "_outcome_name": outcome_name,
        "_removal": removal,
    }


def new_intervention_form_view(
    *,
    field: Mapping[str, str] | None = None,
    problems: Problems | None = None,
) -> dict[str, Any]:
    """The form of a new intervention: its id and every field of the edit form."""
    typed = dict(field) if field is not None else {"status": msgid(InterventionStatus.PLANNED)}
    return {
        "errors": _errors(problems or {}),
        "_new": True,
        "_i": None,
        "_form": typed,
        "_levels": _choices(PreventionLevel),
        "_genders": _choices(TargetGender),
        "_statuses": _choices(InterventionStatus),
    }


def intervention_removal_view(removal: InterventionRemoval) -> dict[str, Any]:
    """The confirmation of removing an intervention: what disappears with it."""
    found = removal.intervention
    return {
        "intervention": intervention_json(found),
        "followed_up": removal.followed_up,
        "version": version_of(found),
        "_i": found,
        "_removal": removal,
    }
