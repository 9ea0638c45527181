"""CLI for users, the audit trail and the server's key: ``user add|list``, ``audit``,
``secret``. Accounts (argon2, the store) are imported inside the commands that use them."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from kommunanalys.access.roles import USER_ROLES, Role
from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption
from kommunanalys.config import new_secret_key

user_app = typer.Typer(help="Användare och roller.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.add_typer(user_app, name="user")
    app.command()(audit)
    app.command()(secret)


def _user_role(role: Role) -> Role:
    """Only the roles of :data:`USER_ROLES`: the public is everyone without a login."""
    if role not in USER_ROLES:
        raise typer.BadParameter(f"'{role}' är ingen användarroll")
    return role


@user_app.command("add")
def add_user(
    username: str,
    role: Annotated[
        Role,
        typer.Option(
            callback=_user_role,
            help="editor, analyst eller admin (allmänheten är ingen användare)",
        ),
    ],
    db: DbOption = None,
    committee: Annotated[str, typer.Option("--namnd")] = "",
    unit: Annotated[str, typer.Option("--enhet", help="Enhetens id (för editor)")] = "",
    name: Annotated[str, typer.Option("--namn")] = "",
) -> None:
    """Lägg till en användare. Lösenordet frågas efter (eller KOMMUNANALYS_PASSWORD)."""
    from kommunanalys.access.accounts import AccountError, Accounts
    from kommunanalys.goals.repository import GoalRepository

    password = os.environ.get("KOMMUNANALYS_PASSWORD") or typer.prompt(
        "Lösenord", hide_input=True, confirmation_prompt=True
    )
    with open_store(db) as store:
        if role is Role.EDITOR:
            units = {u.id for u in GoalRepository(store).units(committee)}
            if unit not in units:
                raise output.fail(
                    f"enheten '{unit}' finns inte i nämnden '{committee}' "
                    f"(finns: {', '.join(sorted(units)) or 'inga'})"
                )
        try:
            user = Accounts(store).add_user(
                username, password, role, display_name=name, committee=committee, unit=unit
            )
        except AccountError as exc:
            raise output.fail(str(exc)) from None
    output.console.print(f"[green]Användaren {user.username} ({user.role.value}) är tillagd.[/]")


@user_app.command("list")
def list_users(db: DbOption = None) -> None:
    """Alla aktiva användare och deras roller."""
    from kommunanalys.access.accounts import Accounts

    table = output.table()
    for col in ("Användare", "Namn", "Roll", "Nämnd", "Enhet"):
        table.add_column(col)
    with open_store(db, read_only=True) as store:
        for u in Accounts(store).users():
            table.add_row(u.username, u.display_name, u.role.value, u.committee, u.unit)
    output.console.print(table)


def audit(
    db: DbOption = None,
    limit: int = 50,
    action: Annotated[str | None, typer.Option(help="t.ex. goals.value")] = None,
) -> None:
    """Granskningsloggen, nyast först (endast läsning)."""
    table = output.table()
    for col in ("Tid (UTC)", "Vem", "Händelse", "Vad", "Före", "Efter"):
        table.add_column(col)
    with open_store(db, read_only=True) as store:
        found = store.audit.events(action=action, limit=limit)
    for e in found:
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action,
            e.target,
            (e.old or "")[:60],
            (e.new or "")[:60],
        )
    output.console.print(table)


def secret() -> None:
    """Skriv ut en ny slumpmässig nyckel för KOMMUNANALYS_SECRET_KEY (krävs i produktion)."""
    typer.echo(new_secret_key())
