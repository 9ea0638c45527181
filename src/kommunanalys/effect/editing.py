"""Editing the effect logic and the interventions in the web: one item, one indicator's source
note, one intervention at a time.

A form gives text; :func:`item_from_form`, :func:`source_from_form` and
:func:`intervention_from_form` read it into the model's objects, checked against the catalogue,
the areas and the loaded items, and return every problem by form field (a coded error each, so
the page says in the reader's language what is wrong beside the field). The editor saves one
object in one transaction with its audit event — who, what, the object before and after — and
the data version moves on, so every reader's snapshot shows the change (as a goal value does).

Each form carries the object's ``version`` as it was read (:func:`version_of`); a save over an
object someone else changed in between is refused (:class:`EditConflict`, a 409) instead of
silently undoing the other change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, TypeVar

from kommunanalys.effect.interventions import (
    InterventionRepository,
    item_ref,
)
from kommunanalys.effect.logic_file import SLUG
from kommunanalys.effect.model import (
    Delivery,
    EffectCode,
    Frequency,
    Intervention,
    InterventionStatus,
    Item,
    PreventionLevel,
    SourceInfo,
    WantedDirection,
)
from kommunanalys.effect.repository import EffectLogicRepository, UnknownOutcome
from kommunanalys.errors import ErrorCode, KommunanalysError, echoed
from kommunanalys.sources.numbers import NotANumber, parse_number
from kommunanalys.store import Store, data_version

ITEM_ACTION = "effect_logic.item"
SOURCE_ACTION = "effect_logic.source"
INTERVENTION_ACTION = "intervention.edit"
#: the longest text a field takes (a description), and a short one (a name, a unit)
LONG_TEXT, SHORT_TEXT = 4000, 300
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPLIT = re.compile(r"[\s,;]+")

Problems = dict[str, KommunanalysError]
_C = TypeVar("_C", bound=EffectCode)


class EditConflict(KommunanalysError):
    """Someone else saved the object since the form was read (answered 409)."""


def version_of(obj: object) -> str:
    """A short fingerprint of an object as stored: the form sends it back with the change."""
    return hashlib.sha256(repr(obj).encode("utf-8")).hexdigest()[:16]


def ids_of(text: str) -> tuple[str, ...]:
    """Identifiers written one a line, or separated by commas, semicolons or spaces; each
    once, in the order written."""
    return tuple(dict.fromkeys(x for x in _SPLIT.split(text.strip()) if x))


@dataclass
class FormText:
    """The text of a form and the problems found reading it."""

    field: Mapping[str, str]
    problems: Problems

    def text(self, key: str, *, required: bool = False, most: int = SHORT_TEXT) -> str:
        value = self.field.get(key, "").strip()
        if required and not value:
            self.problems[key] = KommunanalysError(ErrorCode.EDIT_REQUIRED)
        elif len(value) > most:
            self.problems[key] = KommunanalysError(
                ErrorCode.EDIT_TOO_LONG, n=str(len(value)), limit=str(most)
            )
        return value

    def choice(self, key: str, codes: type[_C], *, required: bool = False) -> _C | None:
        value = self.field.get(key, "").strip()
        if not value:
            if required:
                self.problems[key] = KommunanalysError(ErrorCode.EDIT_REQUIRED)
            return None
        try:
            return codes.parse(value)
        except ValueError:
            self.problems[key] = KommunanalysError(
                ErrorCode.EDIT_BAD_CHOICE, v=echoed(value), choices=codes.words()
            )
            return None

    def known(self, key: str, known: Collection[str], code: ErrorCode) -> tuple[str, ...]:
        found = ids_of(self.field.get(key, ""))
        unknown = [x for x in found if x not in known]
        if unknown:
            self.problems[key] = KommunanalysError(code, v=", ".join(echoed(x) for x in unknown))
        return found

    def date(self, key: str) -> str:
        value = self.field.get(key, "").strip()
        if not value:
            return ""
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            self.problems[key] = KommunanalysError(ErrorCode.EDIT_BAD_DATE, v=echoed(value))
            return ""
        return value

    def amount(self, key: str) -> float | None:
        value = self.field.get(key, "").strip()
        if not value:
            return None
        try:
            number = parse_number(value)
        except NotANumber:
            number = -1.0
        if number < 0 or number > 1e12:
            self.problems[key] = KommunanalysError(ErrorCode.EDIT_NOT_AN_AMOUNT, v=echoed(value))
            return None
        return number


# -- reading a form ----------------------------------------------------------------------------
def item_from_form(
    item: Item, field: Mapping[str, str], indicators: Collection[str]
) -> tuple[Item, Problems]:
    """``item`` with the form's text (``text``), wanted direction (``riktning``), indicators
    (``indikatorer``; none: data saknas) and data need (``data``); its place stays."""
    form = FormText(field, {})
    changed = replace(
        item,
        text=form.text("text", required=True, most=SHORT_TEXT),
        direction=form.choice("riktning", WantedDirection, required=True) or item.direction,
        indicators=form.known("indikatorer", indicators, ErrorCode.EDIT_UNKNOWN_INDICATOR),
        need=form.text("data", most=SHORT_TEXT),
    )
    return changed, form.problems


def source_from_form(indicator: str, field: Mapping[str, str]) -> tuple[SourceInfo, Problems]:
    """What is entered by hand about ``indicator``'s data: source system (``system``),
    frequency (``frekvens``), how it reaches the platform (``leverans``), who is responsible
    (``ansvarig``); every field may be empty."""
    form = FormText(field, {})
    source = SourceInfo(
        indicator,
        form.text("system"),
        form.choice("frekvens", Frequency),
        form.choice("leverans", Delivery),
        form.text("ansvarig"),
    )
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
    start, end = form.date("start"), form.date("slut")
    if start and end and end < start:
        form.problems["slut"] = KommunanalysError(
            ErrorCode.EDIT_END_BEFORE_START, v=end, start=start
        )
    changed = replace(
        old,
        name=form.text("namn", required=True),
        description=form.text("beskrivning", most=LONG_TEXT),
        areas=form.known("omraden", areas, ErrorCode.EDIT_UNKNOWN_AREA),
        target_group=form.text("malgrupp"),
        ages=form.text("alder"),
        gender=form.text("kon"),
        level=form.choice("niva", PreventionLevel),
        start=start,
        end=end,
        responsible=form.text("ansvarig"),
        cost=form.amount("kostnad"),
        items=form.known("poster", items, ErrorCode.EDIT_UNKNOWN_ITEM),
        indicators=form.known("indikatorer", indicators, ErrorCode.EDIT_UNKNOWN_INDICATOR),
        status=form.choice("status", InterventionStatus, required=True) or old.status,
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


def _source_json(source: SourceInfo | None) -> dict[str, Any] | None:
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
            self.store.audit.record(
                actor,
                ITEM_ACTION,
                f"effektlogik/{item_ref(new.outcome, new.position)}",
                old=audit_item(old),
                new=audit_item(new),
                detail=new.text,
            )
            data_version.bump(self.store.backend)

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
            self.store.audit.record(
                actor,
                SOURCE_ACTION,
                f"datatillgang/{new.indicator}",
                old=_source_json(old),
                new=_source_json(kept),
                detail=new.indicator,
            )
            data_version.bump(self.store.backend)

    def save_intervention(self, new: Intervention, actor: str, *, version: str) -> None:
        if not SLUG.match(new.id):  # an id comes from the store; never a new one here
            raise EditConflict(ErrorCode.EDIT_CONFLICT)
        with self.store.transaction():
            old = self.interventions.get(new.id)
            self._check(old, version)
            if old == new:
                return
            self.interventions.write((new,), actor)
            self.store.audit.record(
                actor,
                INTERVENTION_ACTION,
                f"insatser/{new.id}",
                old=audit_intervention(old),
                new=audit_intervention(new),
                detail=new.name,
            )
            data_version.bump(self.store.backend)
