"""CLI for disclosure control: ``disclosure-check``."""

from __future__ import annotations

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption
from kommunanalys.cli.output import escape


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command("disclosure-check")(disclosure_check)


def disclosure_check(db: DbOption = None) -> None:
    """Granska röjandekontrollen: kan något skyddat värde räknas fram ur det som publiceras?

    Läser allt som de publika utdata visar (efter röjandekontrollen) och försöker återskapa
    varje skyddat antal ur andelar och ur marginaler (områden, kön), också genom linjära
    kombinationer. Avslutas med kod 1 om något skyddat värde går att räkna fram."""
    from kommunanalys.privacy.audit import audit
    from kommunanalys.query import Dataset

    # a database from before the plan is migrated first, then read read-only
    with open_store(db, read_only=True) as store:
        report = audit(Dataset(store))
    output.console.print(
        f"Granskade {len(report.indicators)} känsliga antal: {report.published_cells} "
        f"publicerade och {report.suppressed_cells} skyddade celler."
    )
    if report.leaks or report.unchecked:
        table = output.table(title="Skyddade celler som går att räkna fram", show_lines=False)
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
        output.console.print(table)
    if report.leaks:
        output.console.print(
            f"[bold red]{len(report.leaks)} skyddade celler går att räkna fram.[/]"
        )
    if report.unchecked:
        output.console.print(
            f"[bold red]{len(report.unchecked)} skyddade celler kunde inte kontrolleras exakt.[/]"
        )
    if not report.ok:
        raise typer.Exit(code=1)
    output.console.print("[green]Inget skyddat värde går att räkna fram ur publicerade utdata.[/]")

