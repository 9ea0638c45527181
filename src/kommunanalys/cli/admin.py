"""CLI for administration: ``backup`` and ``restore`` (the store imported inside them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import ensure_not_held, open_store
from kommunanalys.cli.options import DbOption
from kommunanalys.cli.output import escape
from kommunanalys.config import database_location


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command()(backup)
    app.command()(restore)


def backup(
    path: Annotated[Path, typer.Argument(help="Säkerhetskopians fil (skapas; får inte finnas)")],
    db: DbOption = None,
) -> None:
    """Säkerhetskopiera databasen till en fil (ögonblicksbild, manifest och kontrollsummor)."""
    from kommunanalys.published import published_checksum
    from kommunanalys.store.backup import BackupError
    from kommunanalys.store.backup import backup as make_backup

    with open_store(db, read_only=True) as store:
        try:
            manifest = make_backup(store, path, checksum=published_checksum)
        except BackupError as exc:
            raise output.fail(str(exc)) from None
        rows = sum(manifest.rows.values())
        output.console.print(
            f"[green]Säkerhetskopian {escape(str(path))} är skriven:[/] schemaversion "
            f"{manifest.schema_version}, {len(manifest.rows)} tabeller, {rows} rader, publicerad "
            f"kontrollsumma {manifest.published_checksum[:16]}…"
        )


def restore(
    path: Annotated[Path, typer.Argument(help="Säkerhetskopian att återställa från")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Ersätt en befintlig databas")] = False,
) -> None:
    """Återställ en säkerhetskopia (kontrollerar kontrollsummorna innan något ersätts)."""
    from kommunanalys.published import published_checksum
    from kommunanalys.store.backend import DatabaseUnavailable, DatabaseUnreachable
    from kommunanalys.store.backup import BackupError
    from kommunanalys.store.backup import restore as restore_backup

    target = database_location(db)  # a file, or a PostgreSQL database's URL
    ensure_not_held(db)  # a running server would go on writing to the file this replaces
    try:
        restored = restore_backup(path, target, checksum=published_checksum, force=force)
    except (BackupError, DatabaseUnreachable, DatabaseUnavailable) as exc:
        raise output.fail(str(exc)) from None
    output.console.print(
        f"[green]Databasen {escape(_shown(target))} är återställd[/] från "
        f"{escape(str(path))} (skapad {restored.manifest.created_at}); publicerad kontrollsumma "
        f"{restored.published_checksum[:16]}… stämmer."
    )


def _shown(target: str | Path) -> str:
    """A database as messages show it (a URL without its password)."""
    from kommunanalys.store.backend import redact

    return redact(target) if isinstance(target, str) else str(target)
