"""CLI for the personnel, internal-control and financing tables of the verksamhetsberättelse:
``personal import``, ``intern-kontroll import`` and ``finansiering import`` (the layouts are in
docs/personnel-and-control.md). Every file is checked before anything is written; a problem
names file, sheet, row and column, writes nothing and exits with code 2. The ingest layer and
the store are imported inside the command: the CLI starts without them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, UserOption
from kommunanalys.cli.output import escape

if TYPE_CHECKING:
    from kommunanalys.ingest.staff_control import LayoutKind

personnel_app = typer.Typer(
    help="Personal: anställda, sjukfrånvaro, personalomsättning och HME.", no_args_is_help=True
)
control_app = typer.Typer(
    help="Intern kontroll: kontrollplan, revisionens rekommendationer och avtalsuppföljning.",
    no_args_is_help=True,
)
financing_app = typer.Typer(
    help="Finansiering: statsbidrag, särskilda satsningar och investeringar.",
    no_args_is_help=True,
)

Files = Annotated[list[Path], typer.Argument(help="CSV- eller Excelfiler (en tabell per blad).")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Visa vad som skulle hända, skriv ingenting.")
]


def register(app: typer.Typer) -> None:
    """Add this module's command groups to the main CLI."""
    app.add_typer(personnel_app, name="personal")
    app.add_typer(control_app, name="intern-kontroll")
    app.add_typer(financing_app, name="finansiering")


@personnel_app.command("import")
def import_personnel(
    files: Files, db: DbOption = None, user: UserOption = "cli", dry_run: DryRun = False
) -> None:
    """Läs in personaltabellen (mått per nämnd, år, enhet och kön; HME mot kommunen)."""
    from kommunanalys.ingest.staff_control import PERSONNEL

    _import(files, PERSONNEL, db, user, dry_run)


@control_app.command("import")
def import_control(
    files: Files, db: DbOption = None, user: UserOption = "cli", dry_run: DryRun = False
) -> None:
    """Läs in kontrollplan, revisionsåtgärder och avtalsuppföljning."""
    from kommunanalys.ingest.staff_control import CONTROL

    _import(files, CONTROL, db, user, dry_run)


@financing_app.command("import")
def import_financing(
    files: Files, db: DbOption = None, user: UserOption = "cli", dry_run: DryRun = False
) -> None:
    """Läs in statsbidrag, särskilda satsningar och investeringar (tkr)."""
    from kommunanalys.ingest.staff_control import FINANCING

    _import(files, FINANCING, db, user, dry_run)


def _import(
    files: list[Path],
    allowed: tuple[LayoutKind, ...],
    db: str | Path | None,
    user: str,
    dry_run: bool,
) -> None:
    from kommunanalys.ingest.staff_control import import_tables, preview_tables

    with open_store(db) as store:
        if dry_run:
            result = preview_tables(store, files, allowed=allowed)
        else:
            result = import_tables(store, files, allowed=allowed, actor=user)
    if not result.ok:
        for problem in result.problems:
            output.errors.print(escape(str(problem)))
        raise output.fail(result.summary())
    for kind, where, added, revised, unchanged in result.written:
        output.console.print(
            f"{escape(where)}: {kind.value} — {added} nya, {revised} reviderade, "
            f"{unchanged} oförändrade"
        )
    output.console.print(result.summary())
