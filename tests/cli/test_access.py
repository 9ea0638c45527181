"""The users and audit CLI: ``user add|list`` and ``audit``, on a database with the demo goal
file loaded (its units are what an editor belongs to)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.config import check_secret_key
from tests.cli.test_goals import init_db, load

runner = CliRunner()
PASSWORD = "ett-langt-losenord"


@pytest.fixture
def fresh_db(new_target: Path) -> Path:
    db = init_db(new_target)
    assert load(db).exit_code == 0
    return db


def unit(name: str) -> list[str]:
    return ["--namnd", "socialnamnden", "--enhet", name]


def test_user_add_list_and_audit(fresh_db: Path) -> None:
    db = ["--db", str(fresh_db)]
    added = runner.invoke(
        app,
        ["user", "add", "anna", "--role", "analyst", "--namnd", "socialnamnden", *db],
        env={"KOMMUNANALYS_PASSWORD": PASSWORD},
    )
    assert added.exit_code == 0, added.output
    assert "Användaren anna (analyst) är tillagd." in added.stdout
    editor = runner.invoke(
        app,
        ["user", "add", "bertil", "--role", "editor", *unit("hr"), *db],
        env={"KOMMUNANALYS_PASSWORD": PASSWORD},
    )
    assert editor.exit_code == 0, editor.output

    short = runner.invoke(
        app,
        ["user", "add", "cecilia", "--role", "analyst", *db],
        env={"KOMMUNANALYS_PASSWORD": "kort"},
    )
    assert short.exit_code == 2 and "minst 10 tecken" in short.stderr
    no_unit = runner.invoke(
        app,
        ["user", "add", "david", "--role", "editor", *unit("finns-inte"), *db],
        env={"KOMMUNANALYS_PASSWORD": PASSWORD},
    )
    assert no_unit.exit_code == 2 and "enheten 'finns-inte' finns inte" in no_unit.stderr
    public = runner.invoke(
        app,
        ["user", "add", "erik", "--role", "public", *db],
        env={"KOMMUNANALYS_PASSWORD": PASSWORD},
    )
    assert public.exit_code == 2 and "'public' är ingen användarroll" in public.stderr
    duplicate = runner.invoke(
        app,
        ["user", "add", "anna", "--role", "analyst", *db],
        env={"KOMMUNANALYS_PASSWORD": PASSWORD},
    )
    assert duplicate.exit_code == 2 and "finns redan" in duplicate.stderr

    listed = runner.invoke(app, ["user", "list", *db])
    assert listed.exit_code == 0
    assert "anna" in listed.stdout and "analyst" in listed.stdout
    assert "bertil" in listed.stdout and "editor" in listed.stdout
    assert "cecilia" not in listed.stdout and "david" not in listed.stdout
    assert "erik" not in listed.stdout

    audit = runner.invoke(app, ["audit", *db])
    assert audit.exit_code == 0
    assert "user.add" in audit.stdout and "goals.load" in audit.stdout
    only = runner.invoke(app, ["audit", *db, "--action", "user.add"])
    assert only.exit_code == 0
    assert only.stdout.count("user.add") == 2 and "goals.load" not in only.stdout
    assert "user/anna" in only.stdout and "user/bertil" in only.stdout


def test_secret_prints_a_new_key_that_production_accepts() -> None:
    first, second = runner.invoke(app, ["secret"]), runner.invoke(app, ["secret"])
    assert first.exit_code == 0 and second.exit_code == 0
    key = first.stdout.strip()
    assert len(key) == 43 and key != second.stdout.strip()
    check_secret_key(key)
