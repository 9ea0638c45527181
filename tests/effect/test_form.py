"""The edit forms' field tables (effect/form.py): one table read by the edit and the add forms,
and the stored object written back as its form's text reads as the same object."""

from __future__ import annotations

from kommunanalys.effect.adding import new_intervention_from_form, new_item_from_form
from kommunanalys.effect.editing import (
    intervention_from_form,
    item_from_form,
    source_from_form,
)
from kommunanalys.effect.form import (
    INTERVENTION_FIELDS,
    ITEM_FIELDS,
    SOURCE_FIELDS,
    FormText,
    Kind,
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
    OwnerKind,
    PreventionLevel,
    SourceInfo,
    TargetGender,
    WantedDirection,
)
from kommunanalys.errors import ErrorCode

ITEM = Item(
    "o1",
    1,
    PreventionLevel.SELECTIVE,
    GridColumn.SHORT_TERM,
    "Ökad skolnärvaro",
    WantedDirection.DECREASE,
    ("a", "b"),
    "Antal ansökningar",
)
INTERVENTION = Intervention.blank(
    "mentor",
    InterventionStatus.ONGOING,
    "anna",
    name="Mentorer",
    description="Vuxna i skolan",
    areas=("0180",),
    target_group="elever",
    ages="13-15",
    gender=TargetGender.ALL,
    level=PreventionLevel.INDICATED,
    start="2024-01-01",
    end="2025-06-30",
    responsible="Skolan",
    cost=250000.0,
    items=("o1:1",),
    indicators=("a",),
)
KNOWN = {"indicators": {"a", "b"}, "areas": {"0180"}, "items": {"o1:1"}}


def test_a_stored_object_as_its_form_reads_back_unchanged() -> None:
    item, problems = item_from_form(ITEM, form_text(ITEM, ITEM_FIELDS), KNOWN["indicators"])
    assert (item, problems) == (ITEM, {})
    found, problems = intervention_from_form(
        INTERVENTION, form_text(INTERVENTION, INTERVENTION_FIELDS), **KNOWN
    )
    assert (found, problems) == (INTERVENTION, {})
    source = SourceInfo("a", "Procapita", Frequency.MONTHLY, Delivery.FILE, "IFO")
    assert source_from_form("a", form_text(source, SOURCE_FIELDS)) == (source, {})
    assert form_text(None, SOURCE_FIELDS) == dict.fromkeys(
        ("system", "frekvens", "leverans", "ansvarig"), ""
    )


def test_every_field_of_the_tables_is_an_attribute_with_what_its_kind_needs() -> None:
    for fields, obj in ((ITEM_FIELDS, ITEM), (INTERVENTION_FIELDS, INTERVENTION)):
        for f in fields:
            assert hasattr(obj, f.attr), f
            assert (f.codes is not None) == (f.kind is Kind.CHOICE), f
            assert (f.unknown is not None) == (f.kind is Kind.IDS), f


def test_the_add_forms_check_a_field_as_the_edit_forms_do() -> None:
    """The same text typed into an edit form and an add form: the same problem by field."""
    bad = {"text": "", "riktning": "uppåt?", "indikatorer": "a x", "data": "d" * 301}
    _, edited = item_from_form(ITEM, bad, KNOWN["indicators"])
    outcome = Outcome("o1", "Utfall", OwnerKind.KOMMUN, "0180", "", 0, (ITEM,))
    added_item, added = new_item_from_form(
        outcome, {**bad, "niva": "selektiv", "kolumn": "?"}, KNOWN["indicators"]
    )
    assert {k: v.code for k, v in added.items()} == {
        "kolumn": ErrorCode.EDIT_BAD_CHOICE,
        **{k: v.code for k, v in edited.items()},
    }
    assert added_item.level is PreventionLevel.SELECTIVE
    assert added_item.column is GridColumn.PROCESS  # the default kept for a bad choice
    wrong = {"namn": "", "start": "2025-13-01", "kostnad": "-4", "omraden": "9999", "status": ""}
    _, edited = intervention_from_form(INTERVENTION, wrong, **KNOWN)
    _, added = new_intervention_from_form({**wrong, "id": "ny-insats"}, "anna", taken=(), **KNOWN)
    assert {k: v.code for k, v in added.items()} == {k: v.code for k, v in edited.items()}
    assert set(edited) == {"namn", "start", "kostnad", "omraden", "status"}


def test_a_required_choice_with_a_problem_keeps_the_old_value() -> None:
    form = FormText({"riktning": "sidledes"}, {})
    values = form.read(ITEM_FIELDS, ITEM, {"indicators": ()})
    assert values["direction"] is WantedDirection.DECREASE
    assert form.problems["riktning"].code is ErrorCode.EDIT_BAD_CHOICE


def test_the_ages_of_an_intervention_are_checked_as_the_file_checks_them() -> None:
    form = form_text(INTERVENTION, INTERVENTION_FIELDS)
    found, problems = intervention_from_form(INTERVENTION, {**form, "alder": "15-13"}, **KNOWN)
    assert problems["alder"].code is ErrorCode.EDIT_BAD_AGES
    assert str(problems["alder"]) == (
        "'15-13' är ingen ålder eller inget åldersintervall; skriv t.ex. 6-15."
    )
    found, problems = intervention_from_form(INTERVENTION, {**form, "alder": "16"}, **KNOWN)
    assert problems == {} and found.ages == "16"
