"""``kommunanalys ekonomi import|visa``: a good file imports, a bad one exits 2 naming file,
row and column with nothing written; ``visa`` prints the seed's resultaträkning."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.demo.economy import economy_dir
from kommunanalys.store import Store

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_import_the_demo_files_and_show_them(new_target: Path) -> None:
    db = new_target
    Store.open(db).close()
    folder = economy_dir()
    mapping = str(folder / "ekonomi.toml")
    code, out = _run(
        "ekonomi",
        "import",
        *map(str, sorted(folder.glob("huvudbok_*.csv"))),
        "--mappning",
        mapping,
        "--db",
        str(db),
    )
    assert code == 0, out
    code, out = _run(
        "ekonomi",
        "import",
        str(folder / "budget_2024.csv"),
        "--mappning",
        mapping,
        "--slag",
        "budget",
        "--db",
        str(db),
    )
    assert code == 0, out
    code, out = _run("ekonomi", "visa", "--db", str(db))
    assert code == 0, out
    assert "-501" in out and "534" in out and "4 487".replace(" ", "\u00a0") in out


def test_a_bad_ledger_exits_2_and_writes_nothing(tmp_path: Path, new_target: Path) -> None:
    db = new_target
    Store.open(db).close()
    bad = tmp_path / "huvudbok.csv"
    bad.write_text("period;ansvar;konto;belopp\n2024-13;7100;5010;100\n", encoding="utf-8")
    code, out = _run(
        "ekonomi",
        "import",
        str(bad),
        "--mappning",
        str(economy_dir() / "ekonomi.toml"),
        "--db",
        str(db),
    )
    assert code == 2
    assert "huvudbok.csv" in out and "månad 13" in out and "Inget skrevs" in out
    assert "Traceback" not in out
    store = Store.open(db)
    try:
        assert store.backend.query("SELECT count(*) FROM econ_amount") == [(0,)]
        assert store.economy.committees() == []
    finally:
        store.close()
