"""Interventions from a file (issue 18 item 5): validated against the catalogue, the areas and
the loaded effect logic's items; errors by file, line and key; a file replaces by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.effect.interventions import LOAD_ACTION, InterventionRepository
from kommunanalys.effect.logic_export import interventions_toml
from kommunanalys.effect.logic_file import EffectLogicFileError, parse_interventions_text
from kommunanalys.effect.model import InterventionStatus, PreventionLevel, TargetGender
from kommunanalys.errors import ErrorCode
from kommunanalys.store import Store

ITEMS = {"lyckad-skolgang:2", "lyckad-skolgang:7"}
INDICATORS = {"skolnarvaro"}
AREAS = {"skogas"}

GOOD = """\
format = 1

[[insats]]
id = "narvaroteam"
namn = "Närvaroteamet"
omraden = ["skogas"]
niva = "indikerad"
start = 2022-08-15
kostnad = 1200000
poster = ["lyckad-skolgang:2"]
indikatorer = ["skolnarvaro"]
status = "pågår"

[[insats]]
id = "andra"
namn = "En till"
"""


def test_a_good_file() -> None:
    first, second = parse_interventions_text(GOOD, "i.toml", INDICATORS, AREAS, ITEMS)
    assert (first.start, first.level, first.cost) == (
        "2022-08-15",
        PreventionLevel.INDICATED,
        1.2e6,
    )
    assert first.status is InterventionStatus.ONGOING and first.items == ("lyckad-skolgang:2",)
    assert second.status is InterventionStatus.PLANNED and second.areas == ()


def test_every_problem_by_line_and_key() -> None:
    bad = (
        GOOD.replace('"lyckad-skolgang:2"', '"lyckad-skolgang:99"')
        .replace("2022-08-15", '"15 augusti"')
        .replace("1200000", "-5")
        .replace('omraden = ["skogas"]', 'omraden = ["narnia"]')
    )
    with pytest.raises(EffectLogicFileError) as caught:
        parse_interventions_text(bad, "insatser.toml", INDICATORS, AREAS, ITEMS)
    found = {(p.code, p.values["line"], p.values["key"]) for p in caught.value.problems}
    assert found == {
        (ErrorCode.EFFECT_UNKNOWN_AREA, "6", "insats[0].omraden"),
        (ErrorCode.EFFECT_KEY_BAD_DATE, "8", "insats[0].start"),
        (ErrorCode.EFFECT_KEY_NOT_NUMBER, "9", "insats[0].kostnad"),
        (ErrorCode.EFFECT_UNKNOWN_ITEM, "10", "insats[0].poster"),
    }


def test_saving_replaces_by_id_keeps_others_and_is_audited(store: Store) -> None:
    repo = InterventionRepository(store)
    found = parse_interventions_text(GOOD, "i.toml", INDICATORS, AREAS, ITEMS)
    assert repo.save(found, "analytiker", file="i.toml") == 2
    renamed = parse_interventions_text(
        GOOD.replace("Närvaroteamet", "Närvaroteamet i Skogås").split('[[insats]]\nid = "andra"')[
            0
        ],
        "i.toml",
        INDICATORS,
        AREAS,
        ITEMS,
    )
    assert repo.save(renamed, "analytiker") == 0
    assert [(i.id, i.name) for i in repo.all()] == [
        ("narvaroteam", "Närvaroteamet i Skogås"),
        ("andra", "En till"),
    ]
    assert repo.get("narvaroteam").cost == 1.2e6
    assert len(store.audit.events(action=LOAD_ACTION)) == 2


def test_the_demo_file_loads_against_the_demo(demo_store: Store, tmp_path: Path) -> None:
    found = InterventionRepository(demo_store).all()
    assert [i.id for i in found] == [
        "narvaroteam-skogas",
        "foraldrastod-skogas",
        "avgiftsfri-fritid-skogas",
    ]
    assert found[0].start == "2022-08-15" and found[2].end == "2025-06-13"


def test_an_interventions_file_is_named_as_such() -> None:
    """The headline of a refused interventions file says "insatsfilen", not "effektlogikfilen"."""
    with pytest.raises(EffectLogicFileError) as caught:
        parse_interventions_text(GOOD + "okand = 1\n", "insatser.toml", INDICATORS, AREAS, ITEMS)
    assert caught.value.code is ErrorCode.INTERVENTIONS_FILE_INVALID
    assert str(caught.value) == "insatser.toml: 1 fel i insatsfilen; ingenting lästes in."
    with pytest.raises(EffectLogicFileError) as caught:
        parse_interventions_text("[[insats]\n", "insatser.toml", INDICATORS, AREAS, ITEMS)
    assert caught.value.code is ErrorCode.INTERVENTIONS_FILE_INVALID


@pytest.mark.parametrize(
    "ages",
    ["15-6", "sex till femton", "6-", "-3", "6-200", "200+", "15 år 6", "+6", "١٥", "6-１５"],
)
def test_ages_are_a_range_of_years(ages: str) -> None:
    text = GOOD.replace('niva = "indikerad"', f'niva = "indikerad"\nalder = "{ages}"')
    with pytest.raises(EffectLogicFileError) as caught:
        parse_interventions_text(text, "insatser.toml", INDICATORS, AREAS, ITEMS)
    (problem,) = caught.value.problems
    assert problem.code is ErrorCode.EFFECT_KEY_BAD_AGES
    assert (problem.values["line"], problem.values["key"]) == ("8", "insats[0].alder")


@pytest.mark.parametrize(
    "ages", ["6-15", "0-12", "16", "65–100", "13-15 år", "16 år", "65+", "alla", "Alla åldrar"]
)
def test_good_ages(ages: str) -> None:
    text = GOOD.replace('niva = "indikerad"', f'niva = "indikerad"\nalder = "{ages}"')
    (first, _second) = parse_interventions_text(text, "i.toml", INDICATORS, AREAS, ITEMS)
    assert first.ages == ages


@pytest.mark.parametrize(
    ("written", "gender"),
    [
        ("alla", TargetGender.ALL),
        ("Flickor och pojkar", TargetGender.ALL),
        ("flickor", TargetGender.FEMALE),
        ("kvinnor och flickor", TargetGender.FEMALE),
        ("Pojkar", TargetGender.MALE),
        ("män  och pojkar", TargetGender.MALE),
        ("female", TargetGender.FEMALE),
    ],
)
def test_the_gender_of_an_intervention_is_a_code_read_from_its_words(
    written: str, gender: TargetGender
) -> None:
    """``kon`` is one of three (everyone, girls and women, boys and men), written as the
    label, the code or a word interventions were described by before it was a list."""
    text = GOOD.replace('niva = "indikerad"', f'niva = "indikerad"\nkon = "{written}"')
    first, _ = parse_interventions_text(text, "i.toml", INDICATORS, AREAS, ITEMS)
    assert first.gender is gender


def test_a_gender_that_is_none_of_the_three_is_a_problem_on_its_line() -> None:
    text = GOOD.replace('niva = "indikerad"', 'niva = "indikerad"\nkon = "ungdomar"')
    with pytest.raises(EffectLogicFileError) as caught:
        parse_interventions_text(text, "insatser.toml", INDICATORS, AREAS, ITEMS)
    [problem] = caught.value.problems
    assert (problem.code, problem.values["line"], problem.values["key"]) == (
        ErrorCode.EFFECT_KEY_BAD_CHOICE,
        "8",
        "insats[0].kon",
    )
    assert "alla, kvinnor och flickor, män och pojkar" in str(problem)


def test_the_gender_is_written_back_as_its_word_and_reads_the_same(store: Store) -> None:
    """The interventions file the register exports writes the label; read again, it is the
    same code (and an intervention without one writes no ``kon``)."""
    text = GOOD.replace('niva = "indikerad"', 'niva = "indikerad"\nkon = "flickor"')
    found = parse_interventions_text(text, "i.toml", INDICATORS, AREAS, ITEMS)
    written = interventions_toml(found)
    assert 'kon = "kvinnor och flickor"' in written and written.count("kon =") == 1
    again = parse_interventions_text(written, "i.toml", INDICATORS, AREAS, ITEMS)
    assert [i.gender for i in again] == [TargetGender.FEMALE, None]
