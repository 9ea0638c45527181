"""backup and restore with a postgresql:// --db: the same archive format, manifest and published
checksum as a DuckDB file's; a restore into PostgreSQL commits only a verified copy, refuses an
occupied database without --force, and a backup restores into either engine."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.published import published_checksum
from kommunanalys.store import Store
from kommunanalys.store.backup import FORMAT, read_manifest
from kommunanalys.store.transfer import census, copy_database, unexpected_rows
from tests.postgres_cluster import Cluster
from tests.site import copy_db

runner = CliRunner()


@pytest.fixture(scope="module")
def pg_demo(
    demo_db: Path, pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, Path]]:
    """The demo copied into a PostgreSQL database, its published checksum and its backup."""
    url = pg_cluster.create_database()
    # a copy of the file as built: the shared store's write-ahead log is no part of the demo
    pristine = copy_db(demo_db, tmp_path_factory.mktemp("pg-demo") / "demo.duckdb")
    source, target = Store.open(pristine, read_only=True), Store.open(url)
    try:
        checksum = published_checksum(source)
        copy_database(source.snapshot(), target)
    finally:
        source.close()
        target.close()
    archive = tmp_path_factory.mktemp("pg-backup") / "kopia.tar"
    out = runner.invoke(app, ["backup", str(archive), "--db", url])
    assert out.exit_code == 0, out.output
    yield url, checksum, archive
    pg_cluster.drop_database(url)


def _state(db: str | Path) -> tuple[str, dict[str, int]]:
    store = Store.open(db)
    try:
        return published_checksum(store), census(store)
    finally:
        store.close()


def test_a_postgresql_backup_has_the_same_manifest_and_checksum(
    pg_demo: tuple[str, str, Path],
) -> None:
    url, checksum, archive = pg_demo
    manifest = read_manifest(archive)
    assert manifest.format == FORMAT
    assert manifest.published_checksum == checksum
    assert manifest.rows["observation"] == _state(url)[1]["observation_row"]


def test_restore_into_postgresql_and_into_a_file(
    pg_demo: tuple[str, str, Path], pg_cluster: Cluster, tmp_path: Path
) -> None:
    url, checksum, archive = pg_demo
    expected = _state(url)
    fresh = pg_cluster.create_database()
    try:
        out = runner.invoke(app, ["restore", str(archive), "--db", fresh])
        assert out.exit_code == 0, out.output
        assert "stämmer" in out.stdout
        assert _state(fresh) == expected

        # occupied now: refused without --force, replaced with it
        out = runner.invoke(app, ["restore", str(archive), "--db", fresh])
        assert out.exit_code == 2
        assert "finns redan" in out.stderr and "Traceback" not in out.output
        out = runner.invoke(app, ["restore", str(archive), "--db", fresh, "--force"])
        assert out.exit_code == 0, out.output
        assert _state(fresh) == expected
    finally:
        pg_cluster.drop_database(fresh)

    file = tmp_path / "fran-postgresql.duckdb"  # a PostgreSQL backup restores into DuckDB
    out = runner.invoke(app, ["restore", str(archive), "--db", str(file)])
    assert out.exit_code == 0, out.output
    assert _state(file)[0] == checksum


def test_a_tampered_backup_never_reaches_the_database(
    pg_demo: tuple[str, str, Path], pg_cluster: Cluster, tmp_path: Path
) -> None:
    _, _, archive = pg_demo
    tampered = tmp_path / "andrad.tar"
    with tarfile.open(archive) as original, tarfile.open(tampered, "w") as out:
        for member in original.getmembers():
            data = original.extractfile(member)
            assert data is not None
            body = data.read()
            if member.name == "manifest.json":
                manifest = json.loads(body)
                manifest["published_checksum"] = "0" * 64
                body = json.dumps(manifest).encode()
                member.size = len(body)
            out.addfile(member, io.BytesIO(body))
    fresh = pg_cluster.create_database()
    try:
        result = runner.invoke(app, ["restore", str(tampered), "--db", fresh])
        assert result.exit_code == 2
        assert "kontrollsumman skiljer sig" in result.stderr
        store = Store.open(fresh)
        try:
            assert unexpected_rows(store) == {}
        finally:
            store.close()
    finally:
        pg_cluster.drop_database(fresh)
