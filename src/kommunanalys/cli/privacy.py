"""CLI commands for disclosure control (``disclosure-check``) (registered by :mod:`.app`)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kommunanalys.cli.options import DbOption
from kommunanalys.config import database_path

console = Console()
errors = Console(stderr=True, soft_wrap=True)


def disclosure_check(db: DbOption = None) -> None:
    """Granska röjandekontrollen: kan något skyddat värde räknas fram ur det som publiceras?

    Läser allt som de publika utdata visar (efter röjandekontrollen) och försöker återskapa
    varje skyddat antal ur andelar och ur marginaler (områden, kön), också genom linjära
    kombinationer. Avslutas med kod 1 om något skyddat värde går att räkna fram."""
    from kommunanalys.privacy.audit import audit
    from kommunanalys.query import Dataset
    from kommunanalys.store import Store

    path = database_path(db)
    if not path.exists():
        errors.print(f"[bold red]Fel:[/] databasen {escape(str(path))} finns inte.")
        raise typer.Exit(code=2)
    store = Store.open(path)  # migrates a database from before the plan existed
    try:
        report = audit(Dataset(store))
    finally:
        store.close()
    console.print(
        f"Granskade {len(report.indicators)} känsliga antal: {report.published_cells} "
        f"publicerade och {report.suppressed_cells} skyddade celler."
    )
    if report.leaks or report.unchecked:
        table = Table(title="Skyddade celler som går att räkna fram", show_lines=False)
        for column in ("indikator", "område", "indelning", "år", "kön", "ålder", "hur"):
            table.add_column(column)
        for leak in [*report.leaks, *report.unchecked]:
            table.add_row(
                escape(leak.indicator),
                escape(leak.area),
                escape(leak.division),
                escape(leak.period),
                escape(leak.gender),
                escape(leak.age_group),
                escape(leak.how),
            )
        console.print(table)
    if report.leaks:
        console.print(f"[bold red]{len(report.leaks)} skyddade celler går att räkna fram.[/]")
    if report.unchecked:
        console.print(
            f"[bold red]{len(report.unchecked)} skyddade celler kunde inte kontrolleras exakt.[/]"
        )
    if not report.ok:
        raise typer.Exit(code=1)
    console.print("[green]Inget skyddat värde går att räkna fram ur publicerade utdata.[/]")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command("disclosure-check")(disclosure_check)
