"""The edit forms' fields, one declarative table per object (:data:`ITEM_FIELDS`,
:data:`SOURCE_FIELDS`, :data:`INTERVENTION_FIELDS`, :data:`CELL_FIELDS`): the name a form
(and the file) gives a field, the model's attribute it fills, how its text is read and checked.

One table serves both ways: :meth:`FormText.read` reads a form's text into the attributes with
every problem by field (a coded error each), and :func:`form_text` writes a stored object back
as the text its form shows. The forms that edit an object and those that add one read the
same table, so a field is checked the same way wherever it is typed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kommunanalys.effect.model import (
    Delivery,
    EffectCode,
    Frequency,
    GridColumn,
    InterventionStatus,
    PreventionLevel,
    TargetGender,
    WantedDirection,
    valid_ages,
)
from kommunanalys.errors import ErrorCode, KommunanalysError, echoed
from kommunanalys.i18n.labels import msgid
from kommunanalys.sources.numbers import NotANumber, parse_number

#: the longest text a field takes (a description), and a short one (a name, a unit)
LONG_TEXT, SHORT_TEXT = 4000, 300
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPLIT = re.compile(r"[\s,;]+")

Problems = dict[str, KommunanalysError]


class Kind(StrEnum):
    """How a field's text is read."""

    TEXT = "text"
    CHOICE = "choice"  # one word of an EffectCode's (its Swedish word or its code)
    IDS = "ids"  # identifiers one a line (or separated by , ; or spaces), each known
    DATE = "date"  # ÅÅÅÅ-MM-DD, or empty
    AMOUNT = "amount"  # a number 0 – 10¹², or empty
    AGES = "ages"  # an age or an age range in whole years (model.valid_ages), or empty


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a form."""

    key: str  # the form's (and the file's) name
    attr: str  # the model's attribute
    kind: Kind = Kind.TEXT
    required: bool = False
    most: int = SHORT_TEXT  # TEXT: the longest text
    codes: type[EffectCode] | None = None  # CHOICE: its codes
    unknown: ErrorCode | None = None  # IDS: the problem of an id not known


ITEM_FIELDS = (
    Field("text", "text", required=True),
    Field("riktning", "direction", Kind.CHOICE, required=True, codes=WantedDirection),
    Field("indikatorer", "indicators", Kind.IDS, unknown=ErrorCode.EDIT_UNKNOWN_INDICATOR),
    Field("data", "need"),
)
#: a new item's cell
CELL_FIELDS = (
    Field("niva", "level", Kind.CHOICE, required=True, codes=PreventionLevel),
    Field("kolumn", "column", Kind.CHOICE, required=True, codes=GridColumn),
)
SOURCE_FIELDS = (
    Field("system", "source_system"),
    Field("frekvens", "frequency", Kind.CHOICE, codes=Frequency),
    Field("leverans", "delivery", Kind.CHOICE, codes=Delivery),
    Field("ansvarig", "responsible"),
)
INTERVENTION_FIELDS = (
    Field("start", "start", Kind.DATE),  # the dates first: the end is checked against the start
    Field("slut", "end", Kind.DATE),
    Field("namn", "name", required=True),
    Field("beskrivning", "description", most=LONG_TEXT),
    Field("omraden", "areas", Kind.IDS, unknown=ErrorCode.EDIT_UNKNOWN_AREA),
    Field("malgrupp", "target_group"),
    Field("alder", "ages", Kind.AGES),
    Field("kon", "gender", Kind.CHOICE, codes=TargetGender),
    Field("niva", "level", Kind.CHOICE, codes=PreventionLevel),
    Field("ansvarig", "responsible"),
    Field("kostnad", "cost", Kind.AMOUNT),
    Field("poster", "items", Kind.IDS, unknown=ErrorCode.EDIT_UNKNOWN_ITEM),
    Field("indikatorer", "indicators", Kind.IDS, unknown=ErrorCode.EDIT_UNKNOWN_INDICATOR),
    Field("status", "status", Kind.CHOICE, required=True, codes=InterventionStatus),
)


def ids_of(text: str) -> tuple[str, ...]:
    """Identifiers written one a line, or separated by commas, semicolons or spaces; each
    once, in the order written."""
    return tuple(dict.fromkeys(x for x in _SPLIT.split(text.strip()) if x))


def amount_text(cost: float | None) -> str:
    """An amount as its field shows it: whole kronor without decimals."""
    if cost is None:
        return ""
    return f"{cost:.0f}" if cost == round(cost) else str(cost)


def form_text(obj: object | None, fields: tuple[Field, ...]) -> dict[str, str]:
    """``obj``'s fields as the text its form shows (every field empty without one)."""
    out: dict[str, str] = {}
    for f in fields:
        value = getattr(obj, f.attr) if obj is not None else None
        if value is None:
            out[f.key] = ""
        elif f.kind is Kind.CHOICE:
            out[f.key] = msgid(value)
        elif f.kind is Kind.IDS:
            out[f.key] = "\n".join(value)
        elif f.kind is Kind.AMOUNT:
            out[f.key] = amount_text(value)
        else:
            out[f.key] = value
    return out


@dataclass
class FormText:
    """The text of a form and the problems found reading it."""

    field: Mapping[str, str]
    problems: Problems

    def read(
        self,
        fields: tuple[Field, ...],
        old: object,
        known: Mapping[str, Collection[str]] | None = None,
    ) -> dict[str, Any]:
        """The attributes of ``fields`` read from the form, by attribute; a required choice
        with a problem keeps ``old``'s value. ``known``: by attribute, the ids an IDS field
        may name."""
        out: dict[str, Any] = {}
        for f in fields:
            value = self.value(f, (known or {}).get(f.attr, ()))
            if value is None and f.required:
                value = getattr(old, f.attr)
            out[f.attr] = value
        return out

    def value(self, f: Field, known: Collection[str] = ()) -> Any:
        """One field's value (``None`` for an empty choice or amount, or one with a problem)."""
        if f.kind is Kind.CHOICE:
            assert f.codes is not None
            return self.choice(f.key, f.codes, required=f.required)
        if f.kind is Kind.IDS:
            assert f.unknown is not None
            return self.known(f.key, known, f.unknown)
        if f.kind is Kind.DATE:
            return self.date(f.key)
        if f.kind is Kind.AMOUNT:
            return self.amount(f.key)
        if f.kind is Kind.AGES:
            return self.ages(f.key)
        return self.text(f.key, required=f.required, most=f.most)

    def text(self, key: str, *, required: bool = False, most: int = SHORT_TEXT) -> str:
        value = self.field.get(key, "").strip()
        if required and not value:
            self.problems[key] = KommunanalysError(ErrorCode.EDIT_REQUIRED)
        elif len(value) > most:
            self.problems[key] = KommunanalysError(
                ErrorCode.EDIT_TOO_LONG, n=str(len(value)), limit=str(most)
            )
        return value

    def choice(
        self, key: str, codes: type[EffectCode], *, required: bool = False
    ) -> EffectCode | None:
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

    def ages(self, key: str) -> str:
        value = self.text(key)
        if key not in self.problems and not valid_ages(value):
            self.problems[key] = KommunanalysError(ErrorCode.EDIT_BAD_AGES, v=echoed(value))
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
