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


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "k.duckdb"
    result = runner.invoke(app, ["init", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_load_and_show(tmp_path: Path) -> None:
    db = _db(tmp_path)
    path = tmp_path / "effekt.toml"
    path.write_text(FILE, encoding="utf-8")
    result = runner.invoke(app, ["effektlogik", "load", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 sociala utfall med 1 poster" in " ".join(result.output.split())
    shown = runner.invoke(app, ["effektlogik", "show", "--db", str(db)])
    assert shown.exit_code == 0 and "Lyckad skolgång" in shown.output
    assert "minskning" in shown.output


def test_a_bad_file_exits_2_naming_line_and_key(tmp_path: Path) -> None:
    db = _db(tmp_path)
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


def test_show_without_logic_says_how_to_load(tmp_path: Path) -> None:
    result = runner.invoke(app, ["effektlogik", "show", "--db", str(_db(tmp_path))])
    assert result.exit_code == 2 and "effektlogik load" in result.output
