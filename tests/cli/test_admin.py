"""backup and restore: a consistent snapshot with a manifest; the restored database publishes
exactly the same output (checksummed); a damaged backup never replaces a database."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kommunanalys.cli.app import app
from kommunanalys.published import published_checksum
from kommunanalys.store import Store
from kommunanalys.store.backup import FORMAT, BackupError, read_manifest
from kommunanalys.store.backup import restore as restore_backup
from tests.site import copy_db

runner = CliRunner()


@pytest.fixture(scope="module")
def backed_up(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the demo database (with goals and an audit trail), its backup file and the
    published checksum of the original."""
    folder = tmp_path_factory.mktemp("backup")
    db = copy_db(demo_db, folder / "kommun.duckdb")
    store = Store.open(db)
    checksum = published_checksum(store)
    store.close()
    out = runner.invoke(app, ["backup", str(folder / "kopia.tar"), "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "Säkerhetskopian" in out.stdout
    return folder / "kopia.tar", checksum


def test_backup_restore_identical_published_checksums(
    backed_up: tuple[Path, str], tmp_path: Path
) -> None:
    archive, original = backed_up
    target = tmp_path / "aterstalld.duckdb"
    out = runner.invoke(app, ["restore", str(archive), "--db", str(target)])
    assert out.exit_code == 0, out.output
    assert "stämmer" in out.stdout
    store = Store.open(target)
    assert published_checksum(store) == original
    # and everything else came back: users, audit trail, imports, schema version
    manifest = read_manifest(archive)
    for table, rows in manifest.rows.items():
        assert store.backend.query(f'SELECT count(*) FROM "{table}"')[0][0] == rows, table
    assert store.schema_version() == manifest.schema_version
    store.backend.execute(  # the audit sequence continues after the restored events
        "INSERT INTO audit_event (happened_at, actor, action, target, detail) "
        "VALUES (now(), 'test', 'restore', 'db', '')"
    )
    store.close()


def test_the_manifest_names_schema_files_and_checksums(backed_up: tuple[Path, str]) -> None:
    archive, original = backed_up
    manifest = read_manifest(archive)
    assert manifest.format == FORMAT and manifest.published_checksum == original
    assert "data/schema.sql" in manifest.files and "data/load.sql" in manifest.files
    assert all(len(digest) == 64 for digest in manifest.files.values())
    assert manifest.rows["observation"] > 0 and "audit_event" in manifest.rows


def test_restore_refuses_an_existing_database_without_force(
    backed_up: tuple[Path, str], tmp_path: Path
) -> None:
    archive, original = backed_up
    target = tmp_path / "finns.duckdb"
    Store.open(target).close()
    out = runner.invoke(app, ["restore", str(archive), "--db", str(target)])
    assert out.exit_code == 2 and "--force" in out.output
    forced = runner.invoke(app, ["restore", str(archive), "--db", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    store = Store.open(target)
    assert published_checksum(store) == original
    store.close()


def _rewrite(archive: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of ``archive`` with members replaced (bytes), removed (None) or added."""
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        names = [m.name for m in src.getmembers()]
        for name in names + [n for n in change if n not in names]:
            if name in change:
                if change[name] is None:
                    continue
                data = change[name]
            else:
                handle = src.extractfile(name)
                data = handle.read() if handle else b""
            info = tarfile.TarInfo(name)
            info.size = len(data)  # type: ignore[arg-type]
            import io

            dst.addfile(info, io.BytesIO(data))  # type: ignore[arg-type]
    return out


def test_a_damaged_backup_is_refused_with_a_clear_error_and_replaces_nothing(
    backed_up: tuple[Path, str], tmp_path: Path
) -> None:
    archive, _ = backed_up
    manifest = read_manifest(archive)
    parquet = next(n for n in manifest.files if n.endswith("observation_row.parquet"))
    damaged = _rewrite(archive, tmp_path / "skadad.tar", {parquet: b"PAR1 not really"})
    target = tmp_path / "orord.duckdb"
    Store.open(target).close()
    before = target.read_bytes()
    out = runner.invoke(app, ["restore", str(damaged), "--db", str(target), "--force"])
    assert out.exit_code == 2
    assert "Kontrollsumman" in out.output and "observation_row.parquet" in out.output
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "aterstalls" in p.name] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"manifest.json": None}, "manifestfil"),
        ({"manifest.json": b"{not json"}, "manifestfil"),
        ({"data/extra.parquet": b"x"}, "okända"),
        ({"../../etc/passwd": b"x"}, "inte hör till"),
        ({"data/schema.sql": None}, "saknas"),
    ],
)
def test_a_tampered_archive_is_refused(
    backed_up: tuple[Path, str], tmp_path: Path, change: dict[str, bytes | None], message: str
) -> None:
    archive, _ = backed_up
    bad = _rewrite(archive, tmp_path / "fel.tar", change)
    with pytest.raises(BackupError, match=message):
        restore_backup(bad, tmp_path / "ny.duckdb", checksum=published_checksum)
    assert not (tmp_path / "ny.duckdb").exists()
    assert not (tmp_path.parent / "etc").exists()


def test_a_manifest_claiming_other_published_values_is_refused(
    backed_up: tuple[Path, str], tmp_path: Path
) -> None:
    archive, _ = backed_up
    with tarfile.open(archive) as tar:
        handle = tar.extractfile("manifest.json")
        data = json.loads(handle.read() if handle else b"{}")
    data["published_checksum"] = "0" * 64
    bad = _rewrite(archive, tmp_path / "annan.tar", {"manifest.json": json.dumps(data).encode()})
    with pytest.raises(BackupError, match="publicerade värden"):
        restore_backup(bad, tmp_path / "ny.duckdb", checksum=published_checksum)
    assert not (tmp_path / "ny.duckdb").exists()


def test_backup_and_restore_fail_clearly(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["backup", str(tmp_path / "k.tar"), "--db", str(tmp_path / "x")])
    assert missing.exit_code == 2 and "finns inte" in missing.output
    db = tmp_path / "db.duckdb"
    Store.open(db).close()
    (tmp_path / "finns.tar").write_text("x")
    exists = runner.invoke(app, ["backup", str(tmp_path / "finns.tar"), "--db", str(db)])
    assert exists.exit_code == 2 and "finns redan" in exists.output
    junk = runner.invoke(app, ["restore", str(tmp_path / "finns.tar"), "--db", str(tmp_path / "n")])
    assert junk.exit_code == 2 and "ingen säkerhetskopia" in junk.output
    none = runner.invoke(app, ["restore", str(tmp_path / "nej.tar"), "--db", str(tmp_path / "n")])
    assert none.exit_code == 2 and "finns inte" in none.output
