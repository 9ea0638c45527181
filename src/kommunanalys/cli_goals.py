"""CLI for goal follow-up, reports, users and the audit trail (registered by :mod:`.cli`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kommunanalys.access.accounts import AccountError, Accounts
from kommunanalys.access.roles import Role
from kommunanalys.cli_options import DbOption
from kommunanalys.goals.followup import follow_up
from kommunanalys.goals.goal_file import GoalFileError, read_goal_file
from kommunanalys.goals.repository import GoalError, GoalRepository
from kommunanalys.report import FORMATS, ReportKind, build_report, render_report
from kommunanalys.store import Store

console = Console()
errors = Console(stderr=True, soft_wrap=True)

goals_app = typer.Typer(
    help="Målstyrning: läs in målfiler och visa måluppfyllelse.", no_args_is_help=True
)
report_app = typer.Typer(
    help="Rapporter: verksamhetsberättelse och delårsrapport.", no_args_is_help=True
)
user_app = typer.Typer(help="Användare och roller.", no_args_is_help=True)


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]Fel:[/] {escape(message)}")
    return typer.Exit(code=2)


def _store(db: Path | None) -> Store:
    from kommunanalys.cli import _open

    return _open(db)


CommitteeOption = Annotated[
    str | None, typer.Option("--namnd", help="Nämndens id, t.ex. socialnamnden.")
]
YearOption = Annotated[int | None, typer.Option("--ar", help="Året (standard: senaste).")]


def _committee_year(repo: GoalRepository, namnd: str | None, ar: int | None) -> tuple[str, int]:
    try:
        return repo.resolve(namnd, ar)
    except GoalError as exc:
        raise _fail(str(exc)) from None


@goals_app.command("load")
def load(path: Path, db: DbOption = None, user: str = "cli") -> None:
    """Läs in en målfil (TOML): allt eller inget; fel anges med plats i filen."""
    try:
        book = read_goal_file(path)
    except GoalFileError as exc:
        raise _fail(str(exc)) from None
    counts = GoalRepository(_store(db)).save_book(book, actor=user)
    console.print(
        f"[green]Inläst:[/] {book.committee.name}: {len(book.objectives)} nämndmål, "
        f"{len(book.indicators)} indikatorer, {len(book.assignments)} uppdrag. Värden: "
        f"{counts['added']} nya, {counts['changed']} ändrade, {counts['unchanged']} oförändrade."
    )
    for warning in book.warnings:
        console.print(f"[yellow]Kontrollera:[/] {escape(warning)}")


@goals_app.command("show")
def show(
    db: DbOption = None,
    namnd: CommitteeOption = None,
    ar: YearOption = None,
    period: Annotated[str, typer.Option(help="helår, delår 1, delår 2")] = "helår",
) -> None:
    """Nämndmålen med uppnådda etappmål, föreslagen och beslutad bedömning."""
    repo = GoalRepository(_store(db))
    cid, year = _committee_year(repo, namnd, ar)
    try:
        f = follow_up(repo, cid, year, period)
    except (GoalError, ValueError) as exc:
        raise _fail(str(exc)) from None
    table = Table(title=f"{f.committee.name} {year} ({f.period})")
    for col in ("Nämndmål", "Etappmål uppnådda", "Förslag", "Bedömning"):
        table.add_column(col)
    for o in f.objectives:
        grade = o.grade.value if o.grade else "–"
        table.add_row(
            o.objective.name,
            f"{o.suggestion.met} av {o.suggestion.assessed}",
            o.suggestion.grade.value if o.suggestion.grade else "–",
            grade + (" (avviker)" if o.overridden else ""),
        )
    console.print(table)


def _report(
    kind: ReportKind,
    db: Path | None,
    namnd: str | None,
    ar: int | None,
    fmt: str,
    out: Path,
    period: str | None,
) -> None:
    if fmt not in FORMATS:
        raise _fail(f"okänt format '{fmt}'; välj {', '.join(FORMATS)}")
    repo = GoalRepository(_store(db))
    cid, year = _committee_year(repo, namnd, ar)
    try:
        content = build_report(repo, cid, year, kind, period)
    except (GoalError, ValueError) as exc:
        raise _fail(str(exc)) from None
    with console.status(f"Skapar {kind.title.lower()} ({fmt})"):
        data = render_report(content, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    console.print(f"[green]Klart:[/] {content.title} → {out} ({len(data) // 1024} kB)")


FormatOption = Annotated[str, typer.Option("--format", help="docx, pdf eller html")]
OutOption = Annotated[Path, typer.Option("--out", help="Fil att skriva")]


@report_app.command("verksamhetsberattelse")
def annual_report(
    out: OutOption,
    db: DbOption = None,
    namnd: CommitteeOption = None,
    ar: YearOption = None,
    fmt: FormatOption = "docx",
) -> None:
    """Verksamhetsberättelsens målavsnitt: målbedömning, nämndmål, uppdrag, källförteckning."""
    _report(ReportKind.ANNUAL, db, namnd, ar, fmt, out, None)


@report_app.command("delarsrapport")
def interim_report(
    out: OutOption,
    db: DbOption = None,
    namnd: CommitteeOption = None,
    ar: YearOption = None,
    fmt: FormatOption = "docx",
    period: Annotated[str, typer.Option(help="delår 1 eller delår 2")] = "delår 2",
) -> None:
    """Delårsrapportens målavsnitt med delårets värden."""
    _report(ReportKind.INTERIM, db, namnd, ar, fmt, out, period)


@user_app.command("add")
def add_user(
    username: str,
    role: Annotated[Role, typer.Option(help="editor, analyst eller admin")],
    db: DbOption = None,
    committee: Annotated[str, typer.Option("--namnd")] = "",
    unit: Annotated[str, typer.Option("--enhet", help="Enhetens id (för editor)")] = "",
    name: Annotated[str, typer.Option("--namn")] = "",
) -> None:
    """Lägg till en användare. Lösenordet frågas efter (eller KOMMUNANALYS_PASSWORD)."""
    password = os.environ.get("KOMMUNANALYS_PASSWORD") or typer.prompt(
        "Lösenord", hide_input=True, confirmation_prompt=True
    )
    store = _store(db)
    if role is Role.EDITOR:
        units = {u.id for u in GoalRepository(store).units(committee)}
        if unit not in units:
            raise _fail(
                f"enheten '{unit}' finns inte i nämnden '{committee}' "
                f"(finns: {', '.join(sorted(units)) or 'inga'})"
            )
    try:
        user = Accounts(store).add_user(
            username, password, role, display_name=name, committee=committee, unit=unit
        )
    except AccountError as exc:
        raise _fail(str(exc)) from None
    console.print(f"[green]Användaren {user.username} ({user.role.value}) är tillagd.[/]")


@user_app.command("list")
def list_users(db: DbOption = None) -> None:
    """Alla aktiva användare och deras roller."""
    table = Table()
    for col in ("Användare", "Namn", "Roll", "Nämnd", "Enhet"):
        table.add_column(col)
    for u in Accounts(_store(db)).users():
        table.add_row(u.username, u.display_name, u.role.value, u.committee, u.unit)
    console.print(table)


def audit(
    db: DbOption = None,
    limit: int = 50,
    action: Annotated[str | None, typer.Option(help="t.ex. goals.value")] = None,
) -> None:
    """Granskningsloggen, nyast först (endast läsning)."""
    table = Table()
    for col in ("Tid (UTC)", "Vem", "Händelse", "Vad", "Före", "Efter"):
        table.add_column(col)
    for e in _store(db).audit.events(action=action, limit=limit):
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action,
            e.target,
            (e.old or "")[:60],
            (e.new or "")[:60],
        )
    console.print(table)
