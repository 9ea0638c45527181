"""The custom-area commands: ``area load|list|add|remove`` on a copy of the demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app


@pytest.fixture
def db(demo_target: Path) -> Path:
    """These tests change areas: a copy of the demo database of their own."""
    return demo_target


def test_cli_area_commands(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "omraden.toml"
    path.write_text(
        '[[omrade]]\nkod = "sodra"\nnamn = "Södra"\nregso = ["0126R006", "0126R010"]\n',
        encoding="utf-8",
    )
    loaded = runner.invoke(app, ["area", "load", str(path), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    assert "sodra (Södra)" in loaded.stdout
    listed = runner.invoke(app, ["area", "list", "--db", str(db)])
    assert "sodra" in listed.stdout and "skogas" in listed.stdout
    bad = runner.invoke(
        app, ["area", "add", "x1", "--namn", "X", "--deso", "0126C9", "--db", str(db)]
    )
    assert bad.exit_code == 2 and "DeSO '0126C9' finns inte" in bad.stderr
    gone = runner.invoke(app, ["area", "remove", "sodra", "--db", str(db)])
    assert gone.exit_code == 0
    again = runner.invoke(app, ["area", "remove", "sodra", "--db", str(db)])
    assert again.exit_code == 2 and "inget eget område" in again.stderr
