"""Every reader of a user's TOML file refuses a file nested deeper than the parser's stack as
invalid TOML, with its line and column (it raised a RecursionError: a 500 on the web)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kommunanalys import toml_text
from kommunanalys.catalog.custom_areas import read_definitions
from kommunanalys.effect.logic_file import EffectLogicFileError, parse_interventions_text
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.ingest.economy_mapping import read_mapping
from kommunanalys.report.narrative import read_text_file

#: a bomb on line 3, column 5
BOMB = "format = 1\n\nx = " + "[" * 100_000 + "]" * 100_000 + "\n"


def test_a_bomb_is_invalid_toml_with_its_place() -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        toml_text.loads(BOMB)
    assert str(caught.value) == "för djupt nästlad (at line 3, column 5)"
    deep_table = "a = " + "{b = " * 100_000 + "1" + "}" * 100_000
    with pytest.raises(tomllib.TOMLDecodeError, match="för djupt nästlad"):
        toml_text.loads(deep_table)
    assert toml_text.loads('[[insats]]\nid = "a"\n') == {"insats": [{"id": "a"}]}


def test_the_interventions_file_names_the_bombs_line_and_column() -> None:
    with pytest.raises(EffectLogicFileError) as caught:
        parse_interventions_text(BOMB, "insatser.toml", set(), set(), set())
    [problem] = caught.value.problems
    assert (problem.values["line"], problem.values["column"]) == ("3", "5")
    assert "för djupt nästlad" in str(problem)


def _refused(read: Callable[[Path], Any], path: Path) -> str:
    """The message a reader gives the bomb (raised, or among the problems it returns)."""
    try:
        result = read(path)
    except Exception as exc:  # each reader's own error type
        assert not isinstance(exc, RecursionError)
        return str(exc)
    _, problems = result
    return " ".join(str(p) for p in problems)


@pytest.mark.parametrize(
    "read",
    [read_goal_file, read_definitions, read_text_file, read_mapping],
    ids=["goals", "custom-areas", "report-texts", "economy-mapping"],
)
def test_every_toml_reader_refuses_the_bomb_clearly(
    tmp_path: Path, read: Callable[[Path], Any]
) -> None:
    path = tmp_path / "fil.toml"
    path.write_text(BOMB, encoding="utf-8")
    assert "för djupt nästlad" in _refused(read, path)


def test_a_long_word_in_an_interventions_file_is_shown_by_its_beginning() -> None:
    text = 'format = 1\n[[insats]]\nid = "a"\nnamn = "A"\nkon = "' + "x" * 5000 + '"\n'
    with pytest.raises(EffectLogicFileError) as caught:
        parse_interventions_text(text, "insatser.toml", set(), set(), set())
    [problem] = caught.value.problems
    assert "x" * 40 + "…" in str(problem) and len(str(problem)) < 200
