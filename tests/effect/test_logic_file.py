"""Reading an effect logic file: the model it gives, and every problem named by file, line
and key, all of them in one run (issue 18 item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.effect.logic_file import EffectLogicFileError, parse_logic_text, read_logic_file
from kommunanalys.effect.model import (
    Delivery,
    Frequency,
    GridColumn,
    OwnerKind,
    PreventionLevel,
    WantedDirection,
)
from kommunanalys.effect.toml_lines import key_lines, line_of
from kommunanalys.errors import ErrorCode

INDICATORS = {"andel_aktualiseringar_kriminalitet", "grundskola_meritvarde"}
AREAS = {"skogas", "0126"}

GOOD = """\
format = 1

[[projekt]]
id = "skogas"
namn = "Datadriven områdesutveckling Skogås"
omrade = "skogas"
mal = [
  "Visualisering av data finns tillgänglig för Skogås.",
  "Önskade sociala utfall har identifierats.",
]

[[utfall]]
id = "lyckad-skolgang"
namn = "Lyckad skolgång"
agare = "skogas"

[[utfall.post]]
niva = "indikerad"
kolumn = "målgrupp: lång sikt"
text = "Färre barn och unga aktualiseras för kriminalitet"
riktning = "minskning"
indikatorer = ["andel_aktualiseringar_kriminalitet"]

[[utfall.post]]
niva = "selektiv"
kolumn = "process/organisation"
text = "Ökad systematisk uppföljning av skolfrånvaro"
riktning = "ökning"
data = "Uppföljning av skolfrånvaro per skola"

[[utfall]]
id = "kommunens"
namn = "Ett utfall för hela kommunen"
agare = "kommun"

[[utfall.post]]
niva = "universell"
kolumn = "målgrupp: kort sikt"
text = "Ökad måluppfyllelse"
riktning = "ökning"
indikatorer = ["grundskola_meritvarde"]

[[kalla]]
indikator = "andel_aktualiseringar_kriminalitet"
system = "Procapita"
frekvens = "årlig"
leverans = "fil"
ansvarig = "Socialförvaltningen"
"""


def test_a_good_file_gives_projects_outcomes_items_and_sources() -> None:
    logic = parse_logic_text(GOOD, "e.toml", INDICATORS, AREAS)
    (project,) = logic.projects
    assert project.area == "skogas" and len(project.goals) == 2
    school, whole = logic.outcomes
    assert school.owner_kind is OwnerKind.PROJECT and school.owner == "skogas"
    assert whole.owner_kind is OwnerKind.KOMMUN
    first, second = school.items
    assert (first.level, first.column) == (PreventionLevel.INDICATED, GridColumn.LONG_TERM)
    assert first.direction is WantedDirection.DECREASE
    assert first.indicators == ("andel_aktualiseringar_kriminalitet",) and not first.data_missing
    assert second.data_missing and second.need == "Uppföljning av skolfrånvaro per skola"
    assert school.cell(PreventionLevel.SELECTIVE, GridColumn.PROCESS) == (second,)
    (source,) = logic.sources
    assert (source.frequency, source.delivery) == (Frequency.YEARLY, Delivery.FILE)


def test_every_problem_names_the_file_the_line_and_the_key() -> None:
    bad = (
        GOOD.replace('riktning = "minskning"', 'riktning = "uppåt"')
        .replace('["grundskola_meritvarde"]', '["meritvarde_typo"]')
        .replace('agare = "kommun"', 'agare = "okant-projekt"')
        .replace('ansvarig = "Socialförvaltningen"', 'ansvarig = "S"\nfarg = "blå"')
        .replace('text = "Ökad måluppfyllelse"\n', "")
    )
    with pytest.raises(EffectLogicFileError) as caught:
        parse_logic_text(bad, "effekt.toml", INDICATORS, AREAS)
    error = caught.value
    found = {(p.code, p.values["line"], p.values["key"]) for p in error.problems}
    assert found == {
        (ErrorCode.EFFECT_KEY_BAD_CHOICE, "21", "utfall[0].post[0].riktning"),
        (ErrorCode.EFFECT_UNKNOWN_PROJECT, "34", "utfall[1].agare"),
        (ErrorCode.EFFECT_KEY_MISSING, "36", "utfall[1].post[0].text"),
        (ErrorCode.EFFECT_UNKNOWN_INDICATOR, "40", "utfall[1].post[0].indikatorer"),
        (ErrorCode.EFFECT_KEY_UNKNOWN, "48", "kalla[0].farg"),
    }
    assert all(p.values["file"] == "effekt.toml" for p in error.problems)
    assert str(error) == "effekt.toml: 5 fel i effektlogikfilen; ingenting lästes in."
    report = error.report()
    assert "effekt.toml rad 21, utfall[0].post[0].riktning: 'uppåt' går inte att använda" in report
    assert "(välj ökning, minskning)" in report


def test_a_file_that_is_not_toml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "trasig.toml"
    path.write_text('format = 1\n[[utfall]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(EffectLogicFileError) as caught:
        read_logic_file(path, INDICATORS, AREAS)
    (problem,) = caught.value.problems
    assert problem.code is ErrorCode.EFFECT_FILE_BAD_TOML
    assert problem.values["line"] == "2" and problem.values["column"] == "9"
    assert str(problem).startswith("trasig.toml rad 2, kolumn 9: ogiltig TOML: ")
    assert "at line" not in str(problem)  # the place once, in the message's own words


def test_a_toml_error_at_the_end_names_the_last_line() -> None:
    with pytest.raises(EffectLogicFileError) as caught:
        parse_logic_text('format = 1\nnamn = "x', "slut.toml", INDICATORS, AREAS)
    (problem,) = caught.value.problems
    assert problem.code is ErrorCode.EFFECT_FILE_BAD_TOML
    assert problem.values["line"] == "2"


def test_an_unknown_project_area_and_a_missing_outcome_list() -> None:
    text = 'format = 1\n[[projekt]]\nid = "p"\nnamn = "P"\nomrade = "ingenstans"\n'
    with pytest.raises(EffectLogicFileError) as caught:
        parse_logic_text(text, "p.toml", INDICATORS, AREAS)
    codes = {(p.code, p.values["line"]) for p in caught.value.problems}
    assert codes == {(ErrorCode.EFFECT_UNKNOWN_AREA, "5"), (ErrorCode.EFFECT_KEY_MISSING, "1")}


def test_key_lines_know_arrays_of_tables_and_skip_multiline_values() -> None:
    lines = key_lines(GOOD)
    assert lines["projekt[0].mal"] == 7
    assert lines["utfall[1].post[0]"] == 36
    assert lines["utfall[0].post[1].data"] == 29
    assert "utfall[0].post[0].indikatorer" in lines
    assert line_of(lines, "utfall[1].post[0].saknas") == 36
    assert line_of(lines, "nothing.at.all") == 1
