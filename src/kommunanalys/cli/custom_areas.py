"""CLI for custom areas: ``area add|load|remove|list`` (the ingest layer imported inside them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kommunanalys.catalog.custom_areas import (
    CustomArea,
    CustomAreaDefinition,
    CustomAreaError,
    parse_codes,
    read_definitions,
)
from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, UserOption
from kommunanalys.cli.output import escape
from kommunanalys.model import Division, Level

area_app = typer.Typer(help="Egna områden: en mängd DeSO med en egen profil.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's command group to the main CLI."""
    app.add_typer(area_app, name="area")


@area_app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Kod, t.ex. skogas (små bokstäver, siffror, -)")],
    name: Annotated[str, typer.Option("--namn", help="Namn som visas, t.ex. Skogås")],
    deso: Annotated[str, typer.Option("--deso", help="DeSO 2025-koder, kommaseparerade")] = "",
    regso: Annotated[str, typer.Option("--regso", help="RegSO 2025-koder (alla deras DeSO)")] = "",
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Definiera (eller ändra) ett eget område av DeSO och/eller RegSO."""
    definition = CustomAreaDefinition(code, name, parse_codes(deso), parse_codes(regso))
    _define(db, [definition], user)


@area_app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="TOML-fil med [[omrade]] kod, namn, deso, regso")],
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Läs in egna områden från en TOML-fil (alla eller inga)."""
    try:
        definitions = read_definitions(path)
    except CustomAreaError as exc:
        raise output.fail(str(exc)) from None
    _define(db, definitions, user)


@area_app.command("remove")
def remove(
    code: Annotated[str, typer.Argument(help="Det egna områdets kod")],
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Ta bort ett eget område och dess värden."""
    from kommunanalys.ingest.areas import remove_custom_area

    with open_store(db) as store:
        removed = remove_custom_area(store, code, user)
    if not removed:
        raise output.fail(f"det finns inget eget område '{code}'.")
    output.console.print(f"[green]Borttaget:[/] {escape(code)}")


@area_app.command("list")
def list_areas(db: DbOption = None) -> None:
    """Visa de egna områdena och deras DeSO."""
    with open_store(db, read_only=True) as store:
        members = store.custom_members()
        table = output.table(title="Egna områden")
        for column in ("Kod", "Namn", "DeSO 2025", "DeSO 2018"):
            table.add_column(column)
        for area in store.areas(level=Level.CUSTOM, division=Division.DESO2025):
            old = members.get((area.code, Division.DESO2018))
            table.add_row(
                area.code,
                area.name,
                ", ".join(c for c, _ in members.get((area.code, Division.DESO2025), ())),
                ", ".join(c for c, _ in old) if old else "– (serien börjar 2024)",
            )
        output.console.print(table)


def _define(db: str | Path | None, definitions: list[CustomAreaDefinition], user: str) -> None:
    from kommunanalys.ingest.areas import define_custom_areas

    with open_store(db) as store:
        try:
            with output.console.status("Sparar och räknar om värden …"):
                defined = define_custom_areas(store, definitions, user)
        except CustomAreaError as exc:
            raise output.fail(str(exc)) from None
        for custom in defined:
            output.console.print(
                f"[green]Sparat:[/] {escape(custom.code)} ({escape(custom.name)}): {_span(custom)}"
            )


def _span(custom: CustomArea) -> str:
    deso = custom.deso(Division.DESO2025)
    if custom.deso(Division.DESO2018):
        return f"{len(deso)} DeSO; serien går tillbaka före nyindelningen 2025"
    return f"{len(deso)} DeSO; serien börjar 2024 (DeSO 2018 täcker inte exakt samma yta)"
