"""Adding and removing effect logic items and interventions in the web.

The same machinery as editing one (:mod:`kommunanalys.effect.editing`): a form is read into the
model's objects with every problem by field, and each change is one transaction with one
audit event (before and after) that moves the data version on.

An outcome's items are numbered 1, 2, … in order, as its file numbers them (an intervention
names an item ``outcome:number``). A new item takes the next number; when an item is removed
the outcome's later items move up one number and the interventions' links follow them, so the
stored model is still the file ``/effektlogik.toml`` writes; an intervention linked to the
removed item loses that link (the confirmation page names it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from kommunanalys.effect.editing import (
    EditConflict,
    EffectEditor,
    audit_intervention,
    audit_item,
    intervention_from_form,
)
from kommunanalys.effect.form import CELL_FIELDS, ITEM_FIELDS, FormText, Problems
from kommunanalys.effect.interventions import ITEM, item_ref
from kommunanalys.effect.logic_file import SLUG
from kommunanalys.effect.model import (
    GridColumn,
    Intervention,
    InterventionStatus,
    Item,
    Outcome,
    PreventionLevel,
    WantedDirection,
)
from kommunanalys.errors import ErrorCode, KommunanalysError

ITEM_ADD_ACTION = "effect_logic.item_add"
ITEM_REMOVE_ACTION = "effect_logic.item_remove"
INTERVENTION_ADD_ACTION = "intervention.add"
INTERVENTION_REMOVE_ACTION = "intervention.remove"
#: ids a new intervention may not take: the pages beside ``/insatser/{id}``
RESERVED_IDS = frozenset({"ny", "utkast"})
#: the longest id of a new intervention
ID_LENGTH = 60


def next_number(outcome: Outcome) -> int:
    """The number a new item of ``outcome`` takes."""
    return max((i.position for i in outcome.items), default=0) + 1


def new_item_from_form(
    outcome: Outcome, field: Mapping[str, str], indicators: Collection[str]
) -> tuple[Item, Problems]:
    """A new item of ``outcome`` from a form: its cell (``niva``, ``kolumn``) and the fields of
    the edit form (text, wanted direction, indicators, data need)."""
    form = FormText(field, {})
    blank = Item(
        outcome.id,
        next_number(outcome),
        PreventionLevel.UNIVERSAL,
        GridColumn.PROCESS,
        "",
        WantedDirection.INCREASE,
    )
    known = {"indicators": indicators}
    return replace(blank, **form.read(CELL_FIELDS + ITEM_FIELDS, blank, known)), form.problems


def new_intervention_from_form(
    field: Mapping[str, str],
    actor: str,
    *,
    taken: Collection[str],
    indicators: Collection[str],
    areas: Collection[str],
    items: Collection[str],
) -> tuple[Intervention, Problems]:
    """A new intervention from a form: its ``id`` (a slug not taken) and every field of the
    edit form."""
    form = FormText(field, {})
    iid = form.text("id", required=True, most=ID_LENGTH)
    if iid and "id" not in form.problems:
        if not SLUG.match(iid) or iid in RESERVED_IDS:
            form.problems["id"] = KommunanalysError(ErrorCode.EDIT_BAD_ID, v=iid)
        elif iid in taken:
            form.problems["id"] = KommunanalysError(ErrorCode.EDIT_ID_TAKEN, v=iid)
    blank = Intervention.blank(iid, InterventionStatus.PLANNED, actor)
    new, problems = intervention_from_form(
        blank, field, indicators=indicators, areas=areas, items=items
    )
    return new, {**form.problems, **problems}


@dataclass(frozen=True, slots=True)
class ItemRemoval:
    """What removing an item changes: the interventions that lose their link to it, and the
    items after it that move up one number."""

    item: Item
    unlinked: tuple[Intervention, ...]
    moved: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class InterventionRemoval:
    """What disappears with an intervention: its links and its follow-up (computed from the
    indicators' values, which stay)."""

    intervention: Intervention
    followed_up: bool  # it has indicators and areas: its page follows them up


def placed_item(item: Item) -> dict[str, Any]:
    """An item's cell and what its form edits (the audit's and the form's JSON shape)."""
    return {"level": item.level.value, "column": item.column.value, **audit_item(item)}


class EffectAdder(EffectEditor):
    """The writes that add or remove an item or an intervention, each audited."""

    def item_removal(self, outcome_id: str, number: int) -> ItemRemoval:
        item = self.item(outcome_id, number)
        ref = item_ref(outcome_id, number)
        outcome = self.logic.outcome(outcome_id)
        return ItemRemoval(
            item,
            tuple(i for i in self.interventions.all() if ref in i.items),
            tuple(i for i in outcome.items if i.position > number),
        )

    def intervention_removal(self, intervention_id: str) -> InterventionRemoval:
        found = self.interventions.get(intervention_id)
        return InterventionRemoval(found, bool(found.indicators and found.areas))

    def add_item(self, new: Item, actor: str, *, version: str) -> None:
        """Add ``new`` to its outcome (``version``: the outcome's as the form read it)."""
        with self.store.transaction():
            outcome = self.logic.outcome(new.outcome)
            self._check(outcome, version)
            if new.position != next_number(outcome):
                raise EditConflict(ErrorCode.EDIT_CONFLICT)
            self.store.effect_logic.add_item(
                (
                    new.outcome,
                    new.position,
                    new.level.value,
                    new.column.value,
                    new.text,
                    new.direction.value,
                    new.need,
                ),
                new.indicators,
            )
            self._changed(
                actor,
                ITEM_ADD_ACTION,
                f"effektlogik/{item_ref(new.outcome, new.position)}",
                new=placed_item(new),
                detail=new.text,
            )

    def remove_item(self, outcome_id: str, number: int, actor: str, *, version: str) -> None:
        """Remove an item (``version``: the item's as the confirmation read it); the later
        items move up one number and the interventions' links follow."""
        with self.store.transaction():
            removal = self.item_removal(outcome_id, number)
            self._check(removal.item, version)
            renamed: dict[str, str | None] = {item_ref(outcome_id, number): None}
            for later in removal.moved:
                renamed[item_ref(outcome_id, later.position)] = item_ref(
                    outcome_id, later.position - 1
                )
            self.store.effect_logic.remove_item(outcome_id, number)
            self.store.effect_logic.rewrite_item_links(ITEM, renamed)
            unlinked = ", ".join(i.id for i in removal.unlinked)
            self._changed(
                actor,
                ITEM_REMOVE_ACTION,
                f"effektlogik/{item_ref(outcome_id, number)}",
                old={
                    **placed_item(removal.item),
                    "interventions": [i.id for i in removal.unlinked],
                },
                detail="; ".join(x for x in (removal.item.text, unlinked) if x),
            )

    def add_intervention(self, new: Intervention, actor: str) -> None:
        """Register ``new`` (its id checked free again inside the transaction)."""
        if not SLUG.match(new.id) or new.id in RESERVED_IDS:
            raise EditConflict(ErrorCode.EDIT_CONFLICT)
        with self.store.transaction():
            if new.id in self.store.effect_logic.intervention_ids():
                raise EditConflict(ErrorCode.EDIT_CONFLICT)
            self.interventions.write((new,), actor)
            self._changed(
                actor,
                INTERVENTION_ADD_ACTION,
                f"insatser/{new.id}",
                new=audit_intervention(new),
                detail=new.name,
            )

    def remove_intervention(self, intervention_id: str, actor: str, *, version: str) -> None:
        """Remove an intervention and its links (``version``: as the confirmation read it)."""
        with self.store.transaction():
            old = self.interventions.get(intervention_id)
            self._check(old, version)
            self.store.effect_logic.remove_intervention(intervention_id)
            self._changed(
                actor,
                INTERVENTION_REMOVE_ACTION,
                f"insatser/{intervention_id}",
                old=audit_intervention(old),
                detail=old.name,
            )
