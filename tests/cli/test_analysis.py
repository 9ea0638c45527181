"""The statistics commands (insights, equality): text and JSON output, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app

runner = CliRunner()


def test_insights_for_an_area(demo_source: Path) -> None:
    result = runner.invoke(app, ["insights", "--db", str(demo_source), "--area", "0126R001"])
    assert result.exit_code == 0
    assert result.stdout.startswith("1. [") and "Metod:" in result.stdout
    as_json = runner.invoke(
        app,
        ["insights", "--db", str(demo_source), "-a", "0126R001", "-y", "2025", "--format", "json"],
    )
    findings = json.loads(as_json.stdout)
    assert findings and all(f["area"] == "0126R001" and f["year"] for f in findings)


def test_equality_scan(demo_source: Path) -> None:
    args = ["equality", "--db", str(demo_source), "-i", "andel_ledarledd_fritid", "-y", "2023"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "säkerställda skillnader" in result.stdout and "SII över" in result.stdout
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert data["tests"] > len(data["candidates"]) > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["insights", "--area", "0126X"], "Området '0126X' finns inte"),
        (["insights", "--area", "0126", "--year", "1999"], "inga data för år 1999"),
        (["equality", "--indicator", "nope"], "Indikatorn 'nope' finns inte"),
    ],
)
def test_statistics_commands_fail_clearly(demo_source: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(demo_source)])
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.stderr
