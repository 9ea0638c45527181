"""The data commands (init, indicators, areas, values): scriptable output, clear errors without
tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app

runner = CliRunner()


def test_indicators_json_has_the_documented_fields(demo_source: Path) -> None:
    result = runner.invoke(
        app, ["indicators", "--db", str(demo_source), "--domain", "Fritid", "--format", "json"]
    )
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows and all(r["domain"] == "Fritid" for r in rows)
    assert {
        "id",
        "name",
        "domain",
        "value_type",
        "unit",
        "polarity",
        "sensitive",
        "source",
    } <= rows[0].keys()


def test_areas_csv(demo_source: Path) -> None:
    result = runner.invoke(
        app, ["areas", "--db", str(demo_source), "--level", "regso", "--format", "csv"]
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 44  # 22 RegSO in each of RegSO 2020 and RegSO 2025


def test_csv_output_never_carries_a_formula(demo_target: Path) -> None:
    """A custom area's name is typed by a user: the CLI's CSV escapes it as the web's exports
    do (``safe_cell``), and a negative number stays a number."""
    name = '=HYPERLINK("http://example.org/x","Skogås")'
    added = runner.invoke(
        app,
        ["area", "add", "formel", "--namn", name, "--regso", "0126R007", "--db", str(demo_target)],
    )
    assert added.exit_code == 0, added.output
    result = runner.invoke(app, ["areas", "--db", str(demo_target), "--format", "csv"])
    assert result.exit_code == 0
    rows = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["code"] == "formel"]
    assert rows and {r["name"] for r in rows} == {"'" + name}  # one row per vintage
    assert not any(line.startswith("formel,=") for line in result.stdout.splitlines())


def test_values_of_a_sensitive_indicator_are_gated(demo_source: Path) -> None:
    result = runner.invoke(
        app,
        [
            "values",
            "--db",
            str(demo_source),
            "-i",
            "antal_aktualiseringar_kriminalitet",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert any(r["status"] == "skyddad" and r["value"] == "" for r in rows)
    assert all(r["value"] == "" or float(r["value"]) == 0 or float(r["value"]) >= 5 for r in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-i", "finns_inte"], "Indikatorn 'finns_inte' finns inte"),
        (["-i", "antal_invanare", "--area", "0126X"], "Området '0126X' finns inte"),
        (["-i", "antal_invanare", "--year", "1999"], "inga data för år 1999"),
    ],
)
def test_user_errors_are_clear_and_nonzero(
    demo_source: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["values", "--db", str(demo_source), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["areas", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2 and "finns inte" in result.stderr


def test_init_creates_an_empty_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "--db", str(tmp_path / "new.duckdb")])
    assert result.exit_code == 0 and "schemaversion" in result.stdout
