"""CLI commands for administration (``backup``, ``restore``) (registered by :mod:`.cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from kommunanalys.cli_options import DbOption
from kommunanalys.config import database_path
from kommunanalys.published import published_checksum
from kommunanalys.store import Store
from kommunanalys.store.backup import BackupError
from kommunanalys.store.backup import backup as make_backup
from kommunanalys.store.backup import restore as restore_backup

console = Console()
errors = Console(stderr=True, soft_wrap=True)


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]Fel:[/] {escape(message)}")
    return typer.Exit(code=2)


def backup(
    path: Annotated[Path, typer.Argument(help="Säkerhetskopians fil (skapas; får inte finnas)")],
    db: DbOption = None,
) -> None:
    """Säkerhetskopiera databasen till en fil (ögonblicksbild, manifest och kontrollsummor)."""
    source = database_path(db)
    if not source.exists():
        raise _fail(f"databasen {source} finns inte.")
    store = Store.open(source)
    try:
        manifest = make_backup(store, path, checksum=published_checksum)
    except BackupError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    rows = sum(manifest.rows.values())
    console.print(
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
    target = database_path(db)
    try:
        restored = restore_backup(path, target, checksum=published_checksum, force=force)
    except BackupError as exc:
        raise _fail(str(exc)) from None
    console.print(
        f"[green]Databasen {escape(str(target))} är återställd[/] från "
        f"{escape(str(path))} (skapad {restored.manifest.created_at}); publicerad kontrollsumma "
        f"{restored.published_checksum[:16]}… stämmer."
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command("backup")(backup)
    app.command("restore")(restore)
