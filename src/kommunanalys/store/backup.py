"""Backup and restore: one archive file with a consistent snapshot and a manifest.

A backup is a tar file holding ``manifest.json`` and ``data/`` — the engine's export of the
whole database (:meth:`.backend.Backend.export_database`; DuckDB's ``EXPORT DATABASE``:
schema.sql, load.sql, one Parquet file per table). The export is one statement, so it is one
consistent snapshot; Parquet and SQL outlive DuckDB's file-format versions, which a copied
database file does not. The manifest names the schema version, every file's SHA-256 and the
**published checksum**: a hash of everything the public can see, computed by the function the
caller passes (:func:`kommunanalys.published.published_checksum`: it reads through the
disclosure gate and the goal follow-up, which live above the store). A restore verifies the
files, imports into a new file next to the target, recomputes the published checksum and only
then moves the new database into place — a corrupt or tampered backup never replaces a
working database.

A PostgreSQL database is backed up in the same format: its snapshot is copied into a temporary
DuckDB file (:mod:`.transfer`, proved by the published checksum) and that file exported, so a
backup restores into either engine. A restore into PostgreSQL imports into a temporary DuckDB
file as above, then copies it into the database in one transaction that commits only when the
published checksum matches (an occupied database only with ``force``: its rows are replaced in
that transaction).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kommunanalys import __version__
from kommunanalys.config import is_database_url as is_url
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.i18n.catalogue import N_
from kommunanalys.i18n.text import Text
from kommunanalys.store.backend import DuckDBBackend, EngineError, redact
from kommunanalys.store.schema import LATEST_VERSION
from kommunanalys.store.store import Store
from kommunanalys.store.transfer import copy_database, unexpected_rows

FORMAT = "kommunanalys-backup/1"
MANIFEST = "manifest.json"
#: the only member names an archive may hold (no paths, no links: nothing escapes the folder)
_MEMBER = re.compile(r"^(manifest\.json|data/[A-Za-z0-9_.-]+)$")
#: Computes the published checksum of a store (SHA-256 hex of everything it publishes).
Checksum = Callable[[Store], str]


class BackupError(KommunanalysError, ValueError):
    """A backup cannot be made or restored: a code and the values of its message."""


@dataclass(frozen=True)
class Manifest:
    format: str
    created_at: str
    app_version: str
    duckdb_version: str
    schema_version: int
    files: dict[str, str]
    rows: dict[str, int]
    published_checksum: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tables(store: Store) -> dict[str, int]:
    names = store.backend.table_names()
    # table names come from the catalogue, not from a user; quoted all the same
    return {n: int(store.backend.query(f'SELECT count(*) FROM "{n}"')[0][0]) for n in names}


def backup(store: Store, target: Path, *, checksum: Checksum) -> Manifest:
    """Write a backup of ``store`` to the file ``target`` (refuses to overwrite one);
    ``checksum`` computes the published checksum the manifest records."""
    target = Path(target)
    if target.exists():
        raise BackupError(ErrorCode.BACKUP_EXISTS, path=target)
    if store.backend.dialect.name != "duckdb":
        return _backup_through_copy(store, target, checksum)
    with tempfile.TemporaryDirectory(prefix="kommunanalys-backup-") as tmp:
        folder = Path(tmp) / "data"
        store.backend.export_database(folder)
        files = {f"data/{p.name}": _sha256(p.read_bytes()) for p in sorted(folder.iterdir())}
        manifest = Manifest(
            format=FORMAT,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            app_version=__version__,
            duckdb_version=store.backend.dialect.version,
            schema_version=store.schema_version(),
            files=files,
            rows=_tables(store),
            published_checksum=checksum(store),
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".skrivs")
        with tarfile.open(partial, "w") as tar:
            body = json.dumps(asdict(manifest), indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
            for name in files:
                tar.add(folder / name.removeprefix("data/"), arcname=name, recursive=False)
        os.replace(partial, target)
    return manifest


def _backup_through_copy(store: Store, target: Path, checksum: Checksum) -> Manifest:
    """A backup of a database no engine export of ours reads back (PostgreSQL): its snapshot
    copied into a temporary DuckDB file, checked by the published checksum, and backed up."""
    with tempfile.TemporaryDirectory(prefix="kommunanalys-backup-") as tmp:
        snapshot = store.snapshot()
        copy = Store.open(Path(tmp) / "kopia.duckdb")
        try:
            expected = checksum(snapshot)

            def verify(copied: Store) -> None:
                if checksum(copied) != expected:
                    raise BackupError(ErrorCode.BACKUP_VALUES_DIFFER, path=target)

            copy_database(snapshot, copy, verify=verify)
            return backup(copy, target, checksum=checksum)
        finally:
            copy.close()
            snapshot.close()


def read_manifest(source: Path) -> Manifest:
    with _open_archive(source) as tar:
        return _manifest(tar, source)


def _open_archive(source: Path) -> tarfile.TarFile:
    if not Path(source).is_file():
        raise BackupError(ErrorCode.BACKUP_MISSING, path=source)
    try:
        return tarfile.open(source, "r:")
    except tarfile.TarError as exc:
        raise BackupError(ErrorCode.NOT_A_BACKUP, path=source) from exc


def _manifest(tar: tarfile.TarFile, source: Path) -> Manifest:
    try:
        member = tar.extractfile(MANIFEST)
        data: dict[str, Any] = json.loads(member.read()) if member else {}
        manifest = Manifest(**data)
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(ErrorCode.BACKUP_NO_MANIFEST, path=source) from exc
    if manifest.format != FORMAT:
        raise BackupError(ErrorCode.BACKUP_FORMAT, path=source, v=manifest.format, expected=FORMAT)
    return manifest


def _extract_verified(tar: tarfile.TarFile, manifest: Manifest, folder: Path, source: Path) -> None:
    """Extract only the manifest's files, each checked against its SHA-256."""
    members = {m.name: m for m in tar.getmembers()}
    for name in members:
        if not _MEMBER.match(name) or not members[name].isfile():
            raise BackupError(ErrorCode.BACKUP_FOREIGN_FILE, path=source, name=name)
    expected = set(manifest.files) | {MANIFEST}
    if set(members) != expected:
        missing = sorted(expected - set(members))
        extra = sorted(set(members) - expected)
        raise BackupError(
            ErrorCode.BACKUP_MANIFEST_MISMATCH,
            path=source,
            missing=Text.of(N_("; saknas: %(names)s"), names=", ".join(missing)) if missing else "",
            extra=Text.of(N_("; okända: %(names)s"), names=", ".join(extra)) if extra else "",
        )
    folder.mkdir(parents=True)
    for name, checksum in manifest.files.items():
        handle = tar.extractfile(members[name])
        content = handle.read() if handle else b""
        if _sha256(content) != checksum:
            raise BackupError(ErrorCode.BACKUP_CHECKSUM, name=name, path=source)
        (folder / name.removeprefix("data/")).write_bytes(content)


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    published_checksum: str


def restore(
    source: Path, target: str | Path, *, checksum: Checksum, force: bool = False
) -> Restored:
    """Restore the backup ``source`` to the database file ``target`` (or the PostgreSQL
    database a ``postgresql://`` URL names).

    Refuses an existing ``target`` (a database holding data) unless ``force``; verifies every
    file's checksum and the published checksum (recomputed by ``checksum``) before the restored
    database takes ``target``'s place."""
    if is_url(target):
        return _restore_into_server(Path(source), str(target), checksum, force)
    source, target = Path(source), Path(target)
    if target.exists() and not force:
        raise BackupError(ErrorCode.DATABASE_EXISTS, path=target)
    with _open_archive(source) as tar:
        manifest = _manifest(tar, source)
        if manifest.schema_version > LATEST_VERSION:
            raise BackupError(
                ErrorCode.BACKUP_SCHEMA_NEWER,
                version=manifest.schema_version,
                latest=LATEST_VERSION,
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="kommunanalys-restore-") as tmp:
            folder = Path(tmp) / "data"
            _extract_verified(tar, manifest, folder, source)
            fresh = target.with_name(f".{target.name}.aterstalls")
            for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
                leftover.unlink(missing_ok=True)
            try:
                published = _import(folder, fresh, manifest, source, checksum)
            except BaseException:
                fresh.unlink(missing_ok=True)
                fresh.with_name(fresh.name + ".wal").unlink(missing_ok=True)
                raise
    target.with_name(target.name + ".wal").unlink(missing_ok=True)
    os.replace(fresh, target)
    return Restored(manifest, published)


def _import(folder: Path, fresh: Path, manifest: Manifest, source: Path, checksum: Checksum) -> str:
    try:
        DuckDBBackend.import_database(folder, fresh)
    except EngineError as exc:
        raise BackupError(ErrorCode.BACKUP_UNREADABLE, path=source, reason=exc) from exc
    store = Store.open(fresh)  # migrates a backup from an older schema
    try:
        published = checksum(store)
        rows = _tables(store)
    finally:
        store.close()
    if manifest.schema_version == LATEST_VERSION:
        if published != manifest.published_checksum:
            raise BackupError(ErrorCode.BACKUP_VALUES_DIFFER, path=source)
        if any(rows.get(table) != n for table, n in manifest.rows.items()):
            raise BackupError(ErrorCode.BACKUP_ROWS_DIFFER, path=source)
    return published


def _restore_into_server(source: Path, url: str, checksum: Checksum, force: bool) -> Restored:
    """Restore into a PostgreSQL database: verified and imported into a temporary DuckDB file
    (as a restore to a file is), then copied in one transaction that commits only when the
    published checksum matches."""
    with tempfile.TemporaryDirectory(prefix="kommunanalys-restore-") as tmp:
        fresh = Path(tmp) / "aterstalls.duckdb"
        restored = restore(source, fresh, checksum=checksum)
        into = Store.open(url)
        copy = Store.open(fresh, read_only=True)
        try:
            if unexpected_rows(into) and not force:
                raise BackupError(ErrorCode.DATABASE_EXISTS, path=redact(url))

            def verify(copied: Store) -> None:
                if checksum(copied) != restored.published_checksum:
                    raise BackupError(ErrorCode.BACKUP_VALUES_DIFFER, path=source)

            copy_database(copy, into, replace=force, verify=verify)
        finally:
            copy.close()
            into.close()
    return restored
