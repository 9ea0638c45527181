"""CLI for goal follow-up: ``goals load|show`` and the reports
(``report verksamhetsberattelse|delarsrapport``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, UserOption
from kommunanalys.cli.output import escape
from kommunanalys.i18n.labels import msgid

if TYPE_CHECKING:  # imported inside the commands: the CLI starts without the store and reports
    from kommunanalys.goals.repository import GoalRepository
    from kommunanalys.report.content import ReportKind

goals_app = typer.Typer(
    help="Målstyrning: läs in målfiler och visa måluppfyllelse.", no_args_is_help=True
)
report_app = typer.Typer(
    help="Rapporter: verksamhetsberättelse och delårsrapport.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add this module's command groups to the main CLI."""
    app.add_typer(goals_app, name="goals")
    app.add_typer(report_app, name="report")


CommitteeOption = Annotated[
    str | None, typer.Option("--namnd", help="Nämndens id, t.ex. socialnamnden.")
]
YearOption = Annotated[int | None, typer.Option("--ar", help="Året (standard: senaste).")]


def _committee_year(repo: GoalRepository, namnd: str | None, ar: int | None) -> tuple[str, int]:
    from kommunanalys.goals.repository import GoalError

    try:
        return repo.resolve(namnd, ar)
    except GoalError as exc:
        raise output.fail(str(exc)) from None


@goals_app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="Målfilen (TOML)")],
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Läs in en målfil (TOML): allt eller inget; fel anges med plats i filen."""
    from kommunanalys.goals.goal_file import GoalFileError, read_goal_file
    from kommunanalys.goals.repository import GoalRepository

    try:
        book = read_goal_file(path)
    except GoalFileError as exc:
        raise output.fail(str(exc)) from None
    with open_store(db) as store:
        counts = GoalRepository(store).save_book(book, actor=user)
    output.console.print(
        f"[green]Inläst:[/] {book.committee.name}: {len(book.objectives)} nämndmål, "
        f"{len(book.indicators)} indikatorer, {len(book.assignments)} uppdrag. Värden: "
        f"{counts['added']} nya, {counts['changed']} ändrade, {counts['unchanged']} oförändrade."
    )
    for warning in book.warnings:
        output.console.print(f"[yellow]Kontrollera:[/] {escape(warning)}")


@goals_app.command("show")
def show(
    db: DbOption = None,
    namnd: CommitteeOption = None,
    ar: YearOption = None,
    period: Annotated[str, typer.Option(help="helår, delår 1, delår 2")] = "helår",
) -> None:
    """Nämndmålen med uppnådda etappmål, föreslagen och beslutad bedömning."""
    from kommunanalys.goals.followup import follow_up
    from kommunanalys.goals.repository import GoalError, GoalRepository

    with open_store(db, read_only=True) as store:
        repo = GoalRepository(store)
        cid, year = _committee_year(repo, namnd, ar)
        try:
            f = follow_up(repo, cid, year, period)
        except (GoalError, ValueError) as exc:
            raise output.fail(str(exc)) from None
        table = output.table(title=f"{f.committee.name} {year} ({f.period})")
        for col in ("Nämndmål", "Etappmål uppnådda", "Förslag", "Bedömning"):
            table.add_column(col)
        for o in f.objectives:
            grade = msgid(o.grade) if o.grade else "–"
            table.add_row(
                o.objective.name,
                f"{o.suggestion.met} av {o.suggestion.assessed}",
                msgid(o.suggestion.grade) if o.suggestion.grade else "–",
                grade + (" (avviker)" if o.overridden else ""),
            )
        output.console.print(table)


def _report(
    kind: ReportKind,
    db: str | Path | None,
    namnd: str | None,
    ar: int | None,
    fmt: str,
    out: Path,
    period: str | None,
) -> None:
    from kommunanalys.goals.repository import GoalError, GoalRepository
    from kommunanalys.report.content import build_report
    from kommunanalys.report.render import FORMATS, render_report

    if fmt not in FORMATS:
        raise output.fail(f"okänt format '{fmt}'; välj {', '.join(FORMATS)}")
    with open_store(db, read_only=True) as store:
        repo = GoalRepository(store)
        cid, year = _committee_year(repo, namnd, ar)
        try:
            content = build_report(repo, cid, year, kind, period)
        except (GoalError, ValueError) as exc:
            raise output.fail(str(exc)) from None
        with output.console.status(f"Skapar {kind.label.lower()} ({fmt})"):
            data = render_report(content, fmt)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        output.console.print(f"[green]Klart:[/] {content.title} → {out} ({len(data) // 1024} kB)")


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
    """Hela verksamhetsberättelsen: mål, ekonomi, personal, intern kontroll, texter, källor."""
    from kommunanalys.report.content import ReportKind

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
    """Hela delårsrapporten: delårets värden, helårsprognos och delårets bedömningar."""
    from kommunanalys.report.content import ReportKind

    _report(ReportKind.INTERIM, db, namnd, ar, fmt, out, period)


@report_app.command("texter")
def import_report_texts(
    path: Annotated[Path, typer.Argument(help="Textfilen (TOML), se docs/reports.md")],
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Läs in rapportens texter (sammanfattning, årets händelser, genomfört arbete …) för en
    nämnd, ett år och en period: allt eller inget, varje ändring granskningsloggas."""
    from kommunanalys.errors import KommunanalysError
    from kommunanalys.report.narrative import import_texts

    if not path.is_file():
        raise output.fail(f"Filen {path} finns inte.")
    with open_store(db) as store:
        try:
            written = import_texts(store, path, actor=user)
        except KommunanalysError as exc:
            raise output.fail(str(exc)) from None
    output.console.print(f"[green]Inläst:[/] {written} texter nya eller ändrade ({path.name}).")
