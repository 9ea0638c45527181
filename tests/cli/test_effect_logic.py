"""``kommunanalys effektlogik load|show`` (issue 18 item 1): a bad file is refused with its
file, line and key and exit code 2, the database as it was."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.store import Store

runner = CliRunner()

FILE = """\
format = 1

[[utfall]]
id = "hela-kommunen"
namn = "Lyckad skolgång"
agare = "kommun"

[[utfall.post]]
niva = "indikerad"
kolumn = "målgrupp: lång sikt"
text = "Färre barn och unga aktualiseras för kriminalitet"
riktning = "minskning"
indikatorer = ["andel_aktualiseringar_kriminalitet"]
"""


def _db(db: Path) -> Path:
    result = runner.invoke(app, ["init", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_load_and_show(tmp_path: Path, new_target: Path) -> None:
    db = _db(new_target)
    path = tmp_path / "effekt.toml"
    path.write_text(FILE, encoding="utf-8")
    result = runner.invoke(app, ["effektlogik", "load", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 sociala utfall med 1 poster" in " ".join(result.output.split())
    shown = runner.invoke(app, ["effektlogik", "show", "--db", str(db)])
    assert shown.exit_code == 0 and "Lyckad skolgång" in shown.output
    assert "minskning" in shown.output


def test_a_bad_file_exits_2_naming_line_and_key(tmp_path: Path, new_target: Path) -> None:
    db = _db(new_target)
    path = tmp_path / "effekt.toml"
    path.write_text(FILE.replace('"indikerad"', '"mellan"'), encoding="utf-8")
    result = runner.invoke(app, ["effektlogik", "load", str(path), "--db", str(db)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "effekt.toml: 1 fel i effektlogikfilen; ingenting lästes in." in text
    assert "effekt.toml rad 9, utfall[0].post[0].niva: 'mellan'" in text
    assert "Traceback" not in result.output
    store = Store.open(db, read_only=True)
    try:
        assert EffectLogicRepository(store).load().outcomes == ()
    finally:
        store.close()


def test_show_without_logic_says_how_to_load(new_target: Path) -> None:
    result = runner.invoke(app, ["effektlogik", "show", "--db", str(_db(new_target))])
    assert result.exit_code == 2 and "effektlogik load" in result.output


INTERVENTIONS = """\
format = 1

[[insats]]
id = "narvaroteam"
namn = "Närvaroteamet"
poster = ["hela-kommunen:1"]
status = "pågår"
"""


def test_interventions_load_and_show(tmp_path: Path, new_target: Path) -> None:
    db = _db(new_target)
    logic = tmp_path / "effekt.toml"
    logic.write_text(FILE, encoding="utf-8")
    assert runner.invoke(app, ["effektlogik", "load", str(logic), "--db", str(db)]).exit_code == 0
    path = tmp_path / "insatser.toml"
    path.write_text(INTERVENTIONS.replace(":1", ":2"), encoding="utf-8")
    refused = runner.invoke(app, ["insatser", "load", str(path), "--db", str(db)])
    assert refused.exit_code == 2
    assert "insatser.toml rad 6, insats[0].poster: posten 'hela-kommunen:2'" in " ".join(
        refused.output.split()
    )
    path.write_text(INTERVENTIONS, encoding="utf-8")
    result = runner.invoke(app, ["insatser", "load", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 insatser (1 nya, 0 ersatta)" in result.output
    shown = runner.invoke(app, ["insatser", "show", "--db", str(db)])
    assert shown.exit_code == 0 and "narvaroteam" in shown.output
