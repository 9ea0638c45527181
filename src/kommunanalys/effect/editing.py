"""Editing the effect logic and the interventions in the web: one item, one indicator's source
note, one intervention at a time.

A form gives text; :func:`item_from_form`, :func:`source_from_form` and
:func:`intervention_from_form` read it into the model's objects through the field tables of
:mod:`kommunanalys.effect.form`, checked against the catalogue, the areas and the loaded items,
and return every problem by form field (a coded error each, so
the page says in the reader's language what is wrong beside the field). The editor saves one
object in one transaction with its audit event — who, what, the object before and after — and
the data version moves on, so every reader's snapshot shows the change (as a goal value does).

Each form carries the object's ``version`` as it was read (:func:`version_of`); a save over an
object someone else changed in between is refused (:class:`EditConflict`, a 409) instead of
silently undoing the other change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import asdict, replace
from typing import Any

from kommunanalys.effect.form import (
    INTERVENTION_FIELDS,
    ITEM_FIELDS,
    SOURCE_FIELDS,
    FormText,
    Problems,
)
from kommunanalys.effect.interventions import InterventionRepository, item_ref
from kommunanalys.effect.logic_file import SLUG
from kommunanalys.effect.model import Intervention, Item, SourceInfo
from kommunanalys.effect.repository import EffectLogicRepository, UnknownOutcome
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.store import Store, data_version

ITEM_ACTION = "effect_logic.item"
SOURCE_ACTION = "effect_logic.source"
INTERVENTION_ACTION = "intervention.edit"


class EditConflict(KommunanalysError):
    """Someone else saved the object since the form was read (answered 409)."""


def version_of(obj: object) -> str:
    """A short fingerprint of an object as stored: the form sends it back with the change."""
    return hashlib.sha256(repr(obj).encode("utf-8")).hexdigest()[:16]


# -- reading a form ----------------------------------------------------------------------------
def item_from_form(
    item: Item, field: Mapping[str, str], indicators: Collection[str]
) -> tuple[Item, Problems]:
    """``item`` with the form's text (``text``), wanted direction (``riktning``), indicators
    (``indikatorer``; none: data saknas) and data need (``data``); its place stays."""
    form = FormText(field, {})
    changed = replace(item, **form.read(ITEM_FIELDS, item, {"indicators": indicators}))
    return changed, form.problems


def source_from_form(indicator: str, field: Mapping[str, str]) -> tuple[SourceInfo, Problems]:
    """What is entered by hand about ``indicator``'s data: source system (``system``),
    frequency (``frekvens``), how it reaches the platform (``leverans``), who is responsible
    (``ansvarig``); every field may be empty."""
    form = FormText(field, {})
    source = SourceInfo(indicator, **form.read(SOURCE_FIELDS, None))
    return source, form.problems


def intervention_from_form(
    old: Intervention,
    field: Mapping[str, str],
    *,
    indicators: Collection[str],
    areas: Collection[str],
    items: Collection[str],
) -> tuple[Intervention, Problems]:
    """``old`` with every field of the form (the names of the interventions file)."""
    form = FormText(field, {})
    known = {"indicators": indicators, "areas": areas, "items": items}
    changed = replace(old, **form.read(INTERVENTION_FIELDS, old, known))
    if changed.start and changed.end and changed.end < changed.start:
        form.problems["slut"] = KommunanalysError(
            ErrorCode.EDIT_END_BEFORE_START, v=changed.end, start=changed.start
        )
    return changed, form.problems


# -- saving ----------------------------------------------------------------------------------
def audit_item(item: Item) -> dict[str, Any]:
    return {
        "text": item.text,
        "direction": item.direction.value,
        "indicators": list(item.indicators),
        "need": item.need,
    }


def source_json(source: SourceInfo | None) -> dict[str, Any] | None:
    """A source note as the audit log and the form's JSON twin show it."""
    if source is None:
        return None
    return {
        "system": source.source_system,
        "frequency": source.frequency.value if source.frequency else None,
        "delivery": source.delivery.value if source.delivery else None,
        "responsible": source.responsible,
    }


def audit_intervention(i: Intervention) -> dict[str, Any]:
    out = asdict(i)
    out["level"] = i.level.value if i.level else None
    out["status"] = i.status.value
    for key in ("areas", "items", "indicators"):
        out[key] = list(out[key])
    out.pop("created_by")
    return out


class EffectEditor:
    """The writes of the effect logic's edit forms, each audited with its before and after."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.logic = EffectLogicRepository(store)
        self.interventions = InterventionRepository(store)

    def item(self, outcome_id: str, number: int) -> Item:
        outcome = self.logic.outcome(outcome_id)
        for item in outcome.items:
            if item.position == number:
                return item
        raise UnknownOutcome(ErrorCode.UNKNOWN_EFFECT_ITEM, item=item_ref(outcome_id, number))

    def source(self, indicator: str) -> SourceInfo | None:
        return next((s for s in self.logic.load().sources if s.indicator == indicator), None)

    def _check(self, current: object, version: str) -> None:
        if version != version_of(current):
            raise EditConflict(ErrorCode.EDIT_CONFLICT)

    def _changed(
        self, actor: str, action: str, target: str, *, detail: str, old: Any = None, new: Any = None
    ) -> None:
        """The change's audit event, and the data version moved on (inside its transaction)."""
        self.store.audit.record(actor, action, target, old=old, new=new, detail=detail)
        data_version.bump(self.store.backend)

    def save_item(self, new: Item, actor: str, *, version: str) -> None:
        with self.store.transaction():
            old = self.item(new.outcome, new.position)
            self._check(old, version)
            if old == new:
                return
            self.store.effect_logic.update_item(
                new.outcome,
                new.position,
                new.text,
                new.direction.value,
                new.need,
                new.indicators,
            )
            self._changed(
                actor,
                ITEM_ACTION,
                f"effektlogik/{item_ref(new.outcome, new.position)}",
                old=audit_item(old),
                new=audit_item(new),
                detail=new.text,
            )

    def save_source(self, new: SourceInfo, actor: str, *, version: str) -> None:
        with self.store.transaction():
            old = self.source(new.indicator)
            self._check(old, version)
            kept = (
                new
                if (new.source_system or new.frequency or new.delivery or new.responsible)
                else None
            )
            if old == kept:
                return
            self.store.effect_logic.replace_source(
                (
                    new.indicator,
                    new.source_system,
                    new.frequency.value if new.frequency else None,
                    new.delivery.value if new.delivery else None,
                    new.responsible,
                )
            )
            self._changed(
                actor,
                SOURCE_ACTION,
                f"datatillgang/{new.indicator}",
                old=source_json(old),
                new=source_json(kept),
                detail=new.indicator,
            )

    def save_intervention(self, new: Intervention, actor: str, *, version: str) -> None:
        if not SLUG.match(new.id):  # an id comes from the store; never a new one here
            raise EditConflict(ErrorCode.EDIT_CONFLICT)
        with self.store.transaction():
            old = self.interventions.get(new.id)
            self._check(old, version)
            if old == new:
                return
            self.interventions.write((new,), actor)
            self._changed(
                actor,
                INTERVENTION_ACTION,
                f"insatser/{new.id}",
                old=audit_intervention(old),
                new=audit_intervention(new),
                detail=new.name,
            )
