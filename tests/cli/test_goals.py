"""The goal commands: goals load/show and report (users and audit: test_access.py), on both
engines.

Each database is created with ``kommunanalys init`` (``goals load`` needs an existing one) and
loaded with the demo's goal file through the CLI, as a user would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.demo.build import demo_goal_file
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.store import Store
from tests.postgres_cluster import Cluster

runner = CliRunner()


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def init_db(path: Path | str) -> Path | str:
    result = runner.invoke(app, ["init", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def load(db: Path | str, goal_file: Path | None = None) -> Result:
    return runner.invoke(
        app, ["goals", "load", str(goal_file or demo_goal_file()), "--db", str(db)]
    )


def committees(db: Path | str) -> list[str]:
    store = Store.open(db)
    try:
        return [c.id for c in GoalRepository(store).committees()]
    finally:
        store.close()


@pytest.fixture(scope="module")
def loaded_dbs(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Path | str]]:
    """A database per engine with the demo's goal file loaded, made at its first use and shared
    by the module's tests: a DuckDB file, or a PostgreSQL database (dropped at the end)."""
    made: dict[str, Path | str] = {}

    def loaded(engine: str) -> Path | str:
        if engine not in made:
            if engine == "postgresql":
                cluster: Cluster = request.getfixturevalue("pg_cluster")
                target: Path | str = cluster.create_database()
            else:
                target = tmp_path_factory.mktemp("cli-goals") / "goals.duckdb"
            made[engine] = init_db(target)
            assert load(made[engine]).exit_code == 0
        return made[engine]

    yield loaded
    if "postgresql" in made:
        request.getfixturevalue("pg_cluster").drop_database(str(made["postgresql"]))


@pytest.fixture
def loaded_db(engine: str, loaded_dbs: Callable[[str], Path | str]) -> Path | str:
    """The module's goal database on this test's engine."""
    return loaded_dbs(engine)


# -- goals load / show -------------------------------------------------------------------------
def test_goals_load_prints_counts_and_warnings_and_a_reload_changes_nothing(
    new_target: Path | str,
) -> None:
    db = init_db(new_target)
    book = read_goal_file(demo_goal_file())
    first = load(db)
    assert first.exit_code == 0, first.output
    out = flat(first.stdout)
    assert "Inläst: Socialnämnden: 7 nämndmål, 30 indikatorer, 5 uppdrag." in out
    assert f"Värden: {len(book.values)} nya, 0 ändrade, 0 oförändrade." in out
    assert out.count("Kontrollera:") == len(book.warnings) > 0
    assert "Andel barn 0-20 år i befolkningen aktuella för utredning: etappmålet 2025" in out
    again = load(db)
    assert again.exit_code == 0
    assert f"Värden: 0 nya, 0 ändrade, {len(book.values)} oförändrade." in flat(again.stdout)
    assert committees(db) == ["socialnamnden"]


def test_goals_load_needs_an_existing_database(tmp_path: Path) -> None:
    db = tmp_path / "saknas.duckdb"
    result = load(db)
    assert result.exit_code == 2
    assert "finns inte" in result.stderr
    assert not db.exists()


def test_goals_show_lists_suggested_and_decided_grades(loaded_db: Path | str) -> None:
    result = runner.invoke(app, ["goals", "show", "--db", str(loaded_db)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Socialnämnden 2024 (helår)" in out
    for met in ("3 av 3", "3 av 5", "2 av 6", "2 av 4", "0 av 1", "1 av 1", "1 av 3"):
        assert met in out, met
    assert out.count("(avviker)") == 1  # växthusgaser: förslag Ej uppfyllt, bedömt Delvis


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--namnd", "x"], "Nämnden 'x' finns inte"),
        (["--ar", "1999"], "ingen målplan för 1999"),
        (["--period", "kvartal"], "okänd period 'kvartal'"),
    ],
)
def test_goals_show_fails_clearly(loaded_db: Path | str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["goals", "show", "--db", str(loaded_db), *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


# -- broken goal files -------------------------------------------------------------------------
DEMO_TEXT = demo_goal_file().read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "place", "message"),
    [
        (
            'direction = "ökning"',
            'direction = "uppåt"',
            "indicators[0].direction",
            "'uppåt' är ingen riktning",
        ),
        (
            'indicators = ["forebyggande-volym", ',
            'indicators = ["finns-inte", ',
            "objectives[0].indicators[0]",
            "'finns-inte' finns inte bland indicators",
        ),
        ("format = 1", "format = = 1", "line 4", "är inte giltig TOML"),
    ],
    ids=["bad-direction", "unknown-indicator", "toml-syntax"],
)
def test_a_broken_goal_file_is_refused_naming_file_and_place_and_nothing_is_written(
    tmp_path: Path, new_target: Path | str, old: str, new: str, place: str, message: str
) -> None:
    assert old in DEMO_TEXT
    broken = tmp_path / "trasig.toml"
    broken.write_text(DEMO_TEXT.replace(old, new, 1), encoding="utf-8")
    db = init_db(new_target)
    result = load(db, broken)
    assert result.exit_code == 2
    err = result.stderr
    assert str(broken) in err and place in err and message in err
    assert "Traceback" not in result.output
    assert committees(db) == []


def test_a_missing_committee_table_is_named_as_written_in_the_file(
    tmp_path: Path, new_target: Path | str
) -> None:
    broken = tmp_path / "utan_namnd.toml"
    broken.write_text(DEMO_TEXT.replace("[committee]\n", "[kommitte]\n", 1), encoding="utf-8")
    db = init_db(new_target)
    result = load(db, broken)
    assert result.exit_code == 2
    # the message tells the user to add a "[committee]" table; the CLI must print it verbatim
    assert "committee: saknas ([committee] med id, name, kommun)" in result.stderr
    assert committees(db) == []


# -- reports -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!do")])
def test_report_verksamhetsberattelse_writes_the_file(
    loaded_db: Path | str, tmp_path: Path, fmt: str, magic: bytes
) -> None:
    out = tmp_path / "rapporter" / f"vb.{fmt}"
    result = runner.invoke(
        app,
        [
            "report",
            "verksamhetsberattelse",
            "--db",
            str(loaded_db),
            "--format",
            fmt,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert "Klart:" in result.stdout and "Verksamhetsberättelse 2024" in flat(result.stdout)
    if fmt == "html":
        text = out.read_text(encoding="utf-8")
        assert "<h2>Målbedömning</h2>" in text and "<h2>Källförteckning</h2>" in text


def test_report_delarsrapport_shows_the_delars_grades_and_a_reload_keeps_them(
    tmp_path: Path, new_target: Path | str
) -> None:
    from kommunanalys.goals.model import Grade

    db = init_db(new_target)
    assert load(db).exit_code == 0
    store = Store.open(db)
    repo = GoalRepository(store)
    oid = repo.objectives("socialnamnden", 2024)[0].id
    motivation = "Delår 2: arbetet har kommit längre än väntat."
    repo.set_grade(
        "socialnamnden",
        2024,
        oid,
        Grade.VERY_HIGH,
        motivation,
        "analytiker",
        suggested=None,
        period="delår 2",
    )
    store.close()
    assert load(db).exit_code == 0  # a goal file replaces the helår's grades, not a delår's
    interim, annual = tmp_path / "delar2.html", tmp_path / "vb.html"
    base = ["--db", str(db), "--format", "html"]
    ok = runner.invoke(
        app, ["report", "delarsrapport", *base, "--period", "delår 2", "--out", str(interim)]
    )
    assert ok.exit_code == 0, ok.output
    ok = runner.invoke(app, ["report", "verksamhetsberattelse", *base, "--out", str(annual)])
    assert ok.exit_code == 0, ok.output
    assert motivation in interim.read_text(encoding="utf-8")
    assert "Ej bedömd för perioden" in interim.read_text(encoding="utf-8")
    assert motivation not in annual.read_text(encoding="utf-8")


def test_report_delarsrapport_and_its_errors(loaded_db: Path | str, tmp_path: Path) -> None:
    out = tmp_path / "delar2.html"
    base = ["report", "delarsrapport", "--db", str(loaded_db), "--format", "html"]
    ok = runner.invoke(app, [*base, "--period", "delår 2", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "Delårsrapport 2024 (delår 2)" in out.read_text(encoding="utf-8")
    full_year = runner.invoke(app, [*base, "--period", "helår", "--out", str(tmp_path / "x")])
    assert full_year.exit_code == 2 and "inte helår" in full_year.stderr
    assert not (tmp_path / "x").exists()
    report = ["report", "verksamhetsberattelse", "--db", str(loaded_db)]
    odt = runner.invoke(
        app,
        [*report, "--format", "odt", "--out", str(tmp_path / "vb.odt")],
    )
    assert odt.exit_code == 2 and "okänt format 'odt'" in odt.stderr


# -- report texts ------------------------------------------------------------------------------
def test_report_texter_imports_the_texts_once_and_the_report_carries_them(
    loaded_db: Path | str, tmp_path: Path
) -> None:
    from kommunanalys.demo.report_texts import report_text_file

    base = ["report", "texter", str(report_text_file()), "--db", str(loaded_db)]
    first = runner.invoke(app, [*base, "--user", "anna"])
    assert first.exit_code == 0, first.output
    assert "17 texter nya eller ändrade" in flat(first.stdout)
    again = runner.invoke(app, base)
    assert again.exit_code == 0 and "0 texter" in flat(again.stdout)
    out = tmp_path / "vb.html"
    made = runner.invoke(
        app,
        [
            "report",
            "verksamhetsberattelse",
            "--db",
            str(loaded_db),
            "--format",
            "html",
            "--out",
            str(out),
        ],
    )
    assert made.exit_code == 0, made.output
    assert "Lagen om placering av barn i skyddat boende trädde i kraft 1 april" in out.read_text(
        encoding="utf-8"
    )
    store = Store.open(loaded_db, read_only=True)
    try:
        assert {e.actor for e in store.audit.events(action="report.text")} == {"anna"}
    finally:
        store.close()


def test_report_texter_refuses_a_bad_file_with_exit_2_and_writes_nothing(
    loaded_db: Path | str, tmp_path: Path
) -> None:
    path = tmp_path / "texter.toml"
    path.write_text(
        'committee = "socialnamnden"\nyear = 2024\n[texts]\narets_handelser = "x"\n'
        '[texts.genomfort_arbete]\nokant = "y"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["report", "texter", str(path), "--db", str(loaded_db)])
    assert result.exit_code == 2
    assert "texter.toml" in flat(result.stderr) and "'okant' finns inte" in flat(result.stderr)
    assert "Traceback" not in result.output
    store = Store.open(loaded_db, read_only=True)
    try:
        assert store.audit.events(action="report.text", actor="cli") == []
    finally:
        store.close()
