"""``kommunanalys disclosure-check``: audits a database through its public outputs."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.privacy.planning import fingerprint, relations_of
from kommunanalys.privacy.rules import Rules
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.store.disclosure import load_plan, save_plan
from tests.privacy.small import A, small_store

runner = CliRunner()
PRIVACY_DOC = Path(__file__).parents[2] / "docs" / "privacy.md"


def grouped(n: int) -> str:
    """``2123`` as the docs write it: ``2 123``."""
    return f"{n:,}".replace(",", " ")


def test_disclosure_check_finds_no_derivable_cell_in_the_demo_database(
    demo_source: Path,
) -> None:
    result = runner.invoke(app, ["disclosure-check", "--db", str(demo_source)])
    assert result.exit_code == 0, result.output
    assert "Inget skyddat värde går att räkna fram" in result.output
    # docs/privacy.md quotes this run's figures: it must say what the check says today
    figures = re.search(
        r"Granskade\s+(\d+)\s+känsliga\s+antal:\s+(\d+)\s+publicerade\s+och\s+(\d+)\s+"
        r"skyddade\s+celler",
        result.output,
    )
    assert figures, result.output
    counts, published, suppressed = (int(n) for n in figures.groups())
    doc = " ".join(PRIVACY_DOC.read_text(encoding="utf-8").split())
    stated = (
        f"On the demo database: {counts} sensitive counts, {grouped(published)} published and "
        f"{grouped(suppressed)} suppressed cells, none derivable"
    )
    assert stated in doc, f"docs/privacy.md should say: {stated}"


def test_disclosure_check_finds_a_planted_leak(tmp_path: Path) -> None:
    """A database whose stored plan lost its secondary cells (but claims to be current):
    DeSO A's small count is then RegSO minus its siblings, and the check says so."""
    path = tmp_path / "leak.duckdb"
    store = small_store({(A, "2023", "K"): 1.0, (A, "2023", "M"): 2.0}, path=str(path))
    stamp, rows = load_plan(store)
    primary_only = [r for r in rows if r[-1] == "primär"]
    assert len(primary_only) < len(rows)
    catalogue = Dataset(store).catalogue
    assert stamp == fingerprint(store, Rules(catalogue), relations_of(store))
    save_plan(store, primary_only, stamp, 0.0)
    store.close()
    result = runner.invoke(app, ["disclosure-check", "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert A in result.output and "områdeshierarki" in result.output
    assert "går att räkna fram" in result.output


def test_disclosure_check_without_a_database_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["disclosure-check", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2
    assert "finns inte" in result.output


def test_a_restored_plan_check_passes_after_refresh(tmp_path: Path) -> None:
    path = tmp_path / "ok.duckdb"
    small_store({(A, "2023", "K"): 1.0}, path=str(path)).close()
    result = runner.invoke(app, ["disclosure-check", "--db", str(path)])
    assert result.exit_code == 0, result.output
    store = Store.open(path)
    assert load_plan(store)[1]
    store.close()
