"""migrate-db: a whole installation copied between DuckDB and PostgreSQL (both ways, on the
session's throwaway cluster), proved unchanged by the published checksum; an occupied target,
the same database twice and a checksum that differs are refused (exit 2, Swedish, nothing
written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import kommunanalys.published
from kommunanalys.cli.app import app
from kommunanalys.published import published_checksum
from kommunanalys.store import Store
from kommunanalys.store.transfer import census, unexpected_rows
from tests.postgres_cluster import Cluster

runner = CliRunner()


def _checksum_and_census(db: str | Path) -> tuple[str, dict[str, int]]:
    store = Store.open(db)
    try:
        return published_checksum(store), census(store)
    finally:
        store.close()


def test_the_demo_to_postgresql_and_back_publishes_the_same(
    demo_copy: Path, pg_cluster: Cluster, tmp_path: Path
) -> None:
    expected, rows = _checksum_and_census(demo_copy)
    url = pg_cluster.create_database()
    try:
        out = runner.invoke(app, ["migrate-db", "--from", str(demo_copy), "--to", url])
        assert out.exit_code == 0, out.output
        assert out.stdout.count(expected) == 2  # the source's and the copy's, printed
        assert "stämmer" in out.stdout
        assert _checksum_and_census(url) == (expected, rows)

        back = tmp_path / "tillbaka.duckdb"
        out = runner.invoke(app, ["migrate-db", "--from", url, "--to", str(back)])
        assert out.exit_code == 0, out.output
        assert out.stdout.count(expected) == 2
        assert _checksum_and_census(back) == (expected, rows)

        for copy in (url, back):  # the audit trail numbers on after the copied events
            store = Store.open(copy)
            try:
                before = store.backend.query("SELECT max(id) FROM audit_event")[0][0]
                store.audit.record("test", "migrate", "db")
                after = store.backend.query("SELECT max(id) FROM audit_event")[0][0]
                assert after > before
            finally:
                store.close()

        # a second copy into the same (now occupied) database is refused; nothing changes
        out = runner.invoke(app, ["migrate-db", "--from", str(demo_copy), "--to", url])
        assert out.exit_code == 2
        assert "är inte tom" in out.stderr and "Traceback" not in out.output
        assert _checksum_and_census(url)[0] == expected
    finally:
        pg_cluster.drop_database(url)


def test_a_checksum_that_differs_copies_nothing(
    pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "kalla.duckdb"
    Store.open(source).close()
    calls = iter(["a" * 64, "b" * 64])
    monkeypatch.setattr(kommunanalys.published, "published_checksum", lambda store: next(calls))
    url = pg_cluster.create_database()
    try:
        out = runner.invoke(app, ["migrate-db", "--from", str(source), "--to", url])
        assert out.exit_code == 2
        assert "ger inte samma publicerade värden" in out.stderr
        assert "Traceback" not in out.output
        store = Store.open(url)
        try:
            assert unexpected_rows(store) == {}
            assert store.backend.query("SELECT version FROM data_version")[0][0] == 0
        finally:
            store.close()
    finally:
        pg_cluster.drop_database(url)

    calls = iter(["a" * 64, "b" * 64])
    target = tmp_path / "ny.duckdb"
    out = runner.invoke(app, ["migrate-db", "--from", str(source), "--to", str(target)])
    assert out.exit_code == 2
    assert not target.exists()  # the file the command made is gone again


def test_the_same_database_twice_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "samma.duckdb"
    Store.open(db).close()
    out = runner.invoke(app, ["migrate-db", "--from", str(db), "--to", str(db)])
    assert out.exit_code == 2
    assert "samma databas" in out.stderr
