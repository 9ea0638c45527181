from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.goals.goal_file import GoalFileError, read_goal_file
from kommunanalys.goals.model import Direction, GoalBook, Grade
from kommunanalys.store import Store

MINIMAL = """
format = 1
[committee]
id = "sn"
name = "Socialnämnden"
kommun = "0126"
[[units]]
id = "hr"
name = "HR"
[[indicators]]
id = "sjuk"
name = "Sjukfrånvaro, totalt (%)"
unit = "procent"
decimals = 1
direction = "minskning"
responsible_unit = "hr"
values = [
  { year = 2023, period = "helår", value = "7,2" },
  { year = 2024, period = "Helår", value = 6.6 },
]
targets = [{ year = 2024, value = 7 }]
baseline = { year = 2023, value = 7.2 }
[[plans]]
year = 2024
title = "VB 2024"
[[goal_areas]]
year = 2024
name = "Ekonomi"
[[objectives]]
year = 2024
id = "arb"
goal_area = "Ekonomi"
council_goal = "Attraktiv arbetsgivare"
name = "Chefer och medarbetare"
grade = "Delvis uppfyllt"
indicators = ["sjuk"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mal.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_a_minimal_file_with_swedish_numbers(tmp_path: Path) -> None:
    book = read_goal_file(write(tmp_path, MINIMAL))
    assert book.indicators[0].direction is Direction.DECREASE
    assert [v.value for v in book.values] == [7.2, 6.6]
    assert book.values[1].period == "helår"
    assert book.objectives[0].grade is Grade.PARTLY
    assert [(t.kind, t.year, t.value) for t in book.targets if t.kind == "baslinje"] == [
        ("baslinje", 2023, 7.2)
    ]


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ('direction = "minskning"', 'direction = "nedåt"', "indicators[0].direction"),
        ('indicators = ["sjuk"]', 'indicators = ["okand"]', "objectives[0].indicators[0]"),
        (
            'responsible_unit = "hr"',
            'responsible_unit = "ekonomi"',
            "indicators[0].responsible_unit",
        ),
        ('value = "7,2"', 'value = "sju"', "indicators[0].values[0].value"),
        ('period = "Helår"', 'period = "kvartal"', "indicators[0].values[1].period"),
        ('grade = "Delvis uppfyllt"', 'grade = "Ganska bra"', "objectives[0].grade"),
        ('goal_area = "Ekonomi"', 'goal_area = "Okänt"', "objectives[0].goal_area"),
        ('year = 2024\nid = "arb"', 'year = 1800\nid = "arb"', "objectives[0].year"),
        ('id = "sjuk"', 'id = "Sjuk Frånvaro"', "indicators[0].id"),
        ("format = 1", "format = 2", "format"),
    ],
)
def test_every_problem_names_file_and_place(tmp_path: Path, old: str, new: str, place: str) -> None:
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(GoalFileError) as caught:
        read_goal_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert place in message


def test_all_problems_are_listed_at_once(tmp_path: Path) -> None:
    text = MINIMAL.replace('"minskning"', '"nedåt"').replace('["sjuk"]', '["okand"]')
    with pytest.raises(GoalFileError) as caught:
        read_goal_file(write(tmp_path, text))
    assert len(caught.value.problems) == 2


def test_duplicate_values_and_syntax_and_encoding_errors(tmp_path: Path) -> None:
    twice = MINIMAL.replace('period = "Helår"', 'period = "helår", year = 2023', 1)
    twice = twice.replace(
        '{ year = 2024, period = "helår", year = 2023', '{ period = "helår", year = 2023'
    )
    with pytest.raises(GoalFileError, match=r"values\[1\]: helår 2023 finns redan"):
        read_goal_file(write(tmp_path, twice))
    with pytest.raises(GoalFileError, match="inte giltig TOML"):
        read_goal_file(write(tmp_path, MINIMAL + "\n[[oops"))
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(MINIMAL.encode("cp1252"))
    with pytest.raises(GoalFileError, match="UTF-8"):
        read_goal_file(latin1)
    with pytest.raises(GoalFileError, match="kan inte läsas"):
        read_goal_file(tmp_path / "finns-inte.toml")


def test_a_target_contradicting_its_direction_is_loaded_with_a_warning(tmp_path: Path) -> None:
    # The seed's "Andel barn 0-20 år … aktuella för utredning": 4,20 % in 2023,
    # börläge 4,50 % for 2025, riktning minskning.
    text = MINIMAL.replace(
        "targets = [{ year = 2024, value = 7 }]",
        "targets = [{ year = 2024, value = 7 }, { year = 2025, value = 7.5 }]",
    )
    book = read_goal_file(write(tmp_path, text))
    assert len(book.warnings) == 1
    warning = book.warnings[0]
    assert "etappmålet 2025 (7,5) ligger över värdet 2024 (6,6)" in warning
    assert "minskning" in warning


def test_the_demo_file_is_the_2024_report(book: GoalBook) -> None:
    assert len(book.objectives) == 7
    assert {o.year for o in book.objectives} == {2024}
    assert len(book.transition) == 7
    assert all(i.responsible_unit for i in book.indicators)
    barn = next(i for i in book.indicators if i.id == "barn-aktuella-utredning")
    assert barn.direction is Direction.DECREASE
    assert any("Andel barn 0-20 år" in w and "4,50" in w for w in book.warnings)


def test_a_grading_rule_in_the_file_is_used(tmp_path: Path, store: Store) -> None:
    from kommunanalys.goals.followup import follow_up
    from kommunanalys.goals.repository import GoalRepository

    rule = '\n[[grading]]\nshare = 1.0\ninclusive = false\ngrade = "I mycket hög grad uppfyllt"\n'
    rule += '[[grading]]\nshare = 1.0\ngrade = "I hög grad uppfyllt"\n'
    repo = GoalRepository(store)
    repo.save_book(read_goal_file(write(tmp_path, MINIMAL + rule)), actor="test")
    assert follow_up(repo, "sn", 2024).objectives[0].suggestion.grade is Grade.HIGH
    bad = MINIMAL + '\n[[grading]]\nshare = 1.0\ngrade = "Toppen"\n'
    with pytest.raises(GoalFileError, match=r"grading\[0\]\.grade"):
        read_goal_file(write(tmp_path, bad))
