"""CLI: ``migrate-db`` — copy a whole installation from one database to another (a DuckDB
file to PostgreSQL, or back), proved unchanged by the published checksum. The store and the
checksum are imported inside the command (``kommunanalys --help`` loads no database engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kommunanalys.cli import output
from kommunanalys.cli.output import escape
from kommunanalys.config import database_location
from kommunanalys.errors import ErrorCode, KommunanalysError


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command("migrate-db")(migrate_db)


def _shown(location: str | Path) -> str:
    """A database as messages show it (a URL without its password)."""
    if isinstance(location, Path):
        return str(location)
    from kommunanalys.store.backend import redact

    return redact(location)


def migrate_db(
    source: Annotated[
        str,
        typer.Option("--from", help="Databasen att kopiera från (DuckDB-fil eller postgresql://)"),
    ],
    target: Annotated[
        str,
        typer.Option(
            "--to", help="En tom databas att kopiera till (DuckDB-fil eller postgresql://)"
        ),
    ],
) -> None:
    """Kopiera en hel installation till en annan databas (t.ex. DuckDB → PostgreSQL) och visa
    med den publicerade kontrollsumman att ingenting ändrades."""
    origin, destination = database_location(source), database_location(target)
    if origin == destination or (
        isinstance(origin, Path)
        and isinstance(destination, Path)
        and destination.exists()
        and origin.resolve() == destination.resolve()
    ):
        same = KommunanalysError(ErrorCode.TRANSFER_SAME_DATABASE, target=_shown(destination))
        raise output.fail(str(same))
    created = isinstance(destination, Path) and not destination.exists()
    try:
        copied, expected, got = _copy(source, target, origin, destination)
    except BaseException:
        if created and isinstance(destination, Path):  # the file this command made, gone again
            for leftover in (destination, destination.with_name(destination.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise
    rows = sum(copied.values())
    output.console.print(
        f"[green]{escape(_shown(origin))} är kopierad till {escape(_shown(destination))}:[/] "
        f"{len(copied)} tabeller, {rows} rader."
    )
    output.console.print(f"Publicerad kontrollsumma i källan: {expected}")
    output.console.print(f"Publicerad kontrollsumma i målet:  {got} (stämmer)")


def _copy(
    source: str, target: str, origin: str | Path, destination: str | Path
) -> tuple[dict[str, int], str, str]:
    """Copy; the rows per table and the published checksums of the source and the copy."""
    from kommunanalys.cli.database import open_store
    from kommunanalys.published import published_checksum
    from kommunanalys.store import Store
    from kommunanalys.store.transfer import TransferError, copy_database

    with (
        open_store(source, read_only=True) as store,
        open_store(target, must_exist=False) as into,
    ):
        snapshot = store.snapshot()
        checked: list[str] = []
        try:
            expected = published_checksum(snapshot)

            def verify(copy: Store) -> None:
                got = published_checksum(copy)
                checked.append(got)
                if got != expected:
                    raise TransferError(
                        ErrorCode.TRANSFER_VALUES_DIFFER,
                        source=_shown(origin),
                        target=_shown(destination),
                        got=got,
                        expected=expected,
                    )

            try:
                copied = copy_database(snapshot, into, verify=verify)
            except TransferError as exc:
                raise output.fail(str(exc)) from None
        finally:
            snapshot.close()
    return copied.rows, expected, checked[-1]
