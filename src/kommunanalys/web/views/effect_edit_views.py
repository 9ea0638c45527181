"""The edit forms of the effect logic and the interventions: one dict per form, whose keys
are the JSON twin (the object as stored, its version, the problems by field) and whose ``_``
keys are for the template (the form's text as typed, the choices)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kommunanalys.effect.editing import Problems, version_of
from kommunanalys.effect.model import (
    Delivery,
    Frequency,
    Intervention,
    InterventionStatus,
    Item,
    PreventionLevel,
    SourceInfo,
    WantedDirection,
)
from kommunanalys.i18n.labels import label, msgid
from kommunanalys.i18n.messages import error_text
from kommunanalys.web.views.intervention_views import intervention_json


def _errors(problems: Problems) -> dict[str, str]:
    return {k: error_text(v) for k, v in problems.items()}


def _amount_text(cost: float | None) -> str:
    if cost is None:
        return ""
    return f"{cost:.0f}" if cost == round(cost) else str(cost)


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
    typed = (
        dict(field)
        if field is not None
        else {
            "text": item.text,
            "riktning": msgid(item.direction),
            "indikatorer": "\n".join(item.indicators),
            "data": item.need,
            "version": version_of(item),
        }
    )
    return {
        "item": {
            "outcome": item.outcome,
            "number": item.position,
            "level": item.level.value,
            "column": item.column.value,
            "text": item.text,
            "direction": item.direction.value,
            "indicators": list(item.indicators),
            "need": item.need,
        },
        "version": version_of(item),
        "errors": _errors(problems or {}),
        "_outcome_name": outcome_name,
        "_it": item,
        "_form": typed,
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
    typed = (
        dict(field)
        if field is not None
        else {
            "system": source.source_system if source else "",
            "frekvens": msgid(source.frequency) if source and source.frequency else "",
            "leverans": msgid(source.delivery) if source and source.delivery else "",
            "ansvarig": source.responsible if source else "",
            "version": version_of(source),
        }
    )
    return {
        "indicator": indicator,
        "source": None
        if source is None
        else {
            "system": source.source_system,
            "frequency": source.frequency.value if source.frequency else None,
            "delivery": source.delivery.value if source.delivery else None,
            "responsible": source.responsible,
        },
        "version": version_of(source),
        "errors": _errors(problems or {}),
        "_indicator_name": indicator_name,
        "_form": typed,
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
    typed = (
        dict(field)
        if field is not None
        else {
            "namn": found.name,
            "beskrivning": found.description,
            "omraden": "\n".join(found.areas),
            "malgrupp": found.target_group,
            "alder": found.ages,
            "kon": found.gender,
            "niva": msgid(found.level) if found.level else "",
            "start": found.start,
            "slut": found.end,
            "ansvarig": found.responsible,
            "kostnad": _amount_text(found.cost),
            "poster": "\n".join(found.items),
            "indikatorer": "\n".join(found.indicators),
            "status": msgid(found.status),
            "version": version_of(found),
        }
    )
    return {
        "intervention": intervention_json(found),
        "version": version_of(found),
        "errors": _errors(problems or {}),
        "_i": found,
        "_form": typed,
        "_levels": _choices(PreventionLevel),
        "_statuses": _choices(InterventionStatus),
    }
