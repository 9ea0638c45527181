"""CLI for custom areas: ``area add|load|remove|list`` (registered by :mod:`.app`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kommunanalys.catalog.custom_areas import (
    CustomArea,
    CustomAreaDefinition,
    CustomAreaError,
    parse_codes,
    read_definitions,
)
from kommunanalys.cli.options import DbOption
from kommunanalys.ingest.areas import define_custom_areas, remove_custom_area
from kommunanalys.model import Division, Level
from kommunanalys.store import Store

console = Console()
errors = Console(stderr=True, soft_wrap=True)

area_app = typer.Typer(help="Egna områden: en mängd DeSO med en egen profil.", no_args_is_help=True)

UserOption = Annotated[str, typer.Option("--user", help="Vem som gör ändringen (loggas).")]


def register(app: typer.Typer) -> None:
    app.add_typer(area_app, name="area")


def _store(db: Path | None) -> Store:
    from kommunanalys.cli.app import _open

    return _open(db)


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
        errors.print(f"[bold red]Fel:[/] {escape(str(exc))}")
        raise typer.Exit(code=2) from None
    _define(db, definitions, user)


@area_app.command("remove")
def remove(code: str, db: DbOption = None, user: UserOption = "cli") -> None:
    """Ta bort ett eget område och dess värden."""
    if not remove_custom_area(_store(db), code, user):
        errors.print(f"[bold red]Fel:[/] det finns inget eget område '{escape(code)}'.")
        raise typer.Exit(code=2)
    console.print(f"[green]Borttaget:[/] {escape(code)}")


@area_app.command("list")
def list_areas(db: DbOption = None) -> None:
    """Visa de egna områdena och deras DeSO."""
    store = _store(db)
    members = store.custom_members()
    table = Table(title="Egna områden")
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
    console.print(table)


def _define(db: Path | None, definitions: list[CustomAreaDefinition], user: str) -> None:
    store = _store(db)
    try:
        with console.status("Sparar och räknar om värden …"):
            defined = define_custom_areas(store, definitions, user)
    except CustomAreaError as exc:
        errors.print(f"[bold red]Fel:[/] {escape(str(exc))}")
        raise typer.Exit(code=2) from None
    for custom in defined:
        console.print(
            f"[green]Sparat:[/] {escape(custom.code)} ({escape(custom.name)}): {_span(custom)}"
        )


def _span(custom: CustomArea) -> str:
    deso = custom.deso(Division.DESO2025)
    if custom.deso(Division.DESO2018):
        return f"{len(deso)} DeSO; serien går tillbaka före nyindelningen 2025"
    return f"{len(deso)} DeSO; serien börjar 2024 (DeSO 2018 täcker inte exakt samma yta)"
