"""CLI for effect logic and interventions: ``effektlogik load|show``, ``insatser load|show``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, UserOption

# The library (effect/, the store) is imported inside the commands, so that `kommunanalys --help`
# loads neither DuckDB nor numpy (cli/app.py's rule, tests/cli/test_start_imports.py).

effect_app = typer.Typer(
    help="Effektlogik: sociala utfall, deras poster och indikatorer.", no_args_is_help=True
)


interventions_app = typer.Typer(
    help="Insatser: registret över insatser och deras effektlogik.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add this module's command groups to the main CLI."""
    app.add_typer(effect_app, name="effektlogik")
    app.add_typer(interventions_app, name="insatser")


@effect_app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="Effektlogikfilen (TOML)")],
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Läs in en effektlogikfil (TOML): allt eller inget; fel anges med fil, rad och nyckel."""
    from kommunanalys.effect.logic_file import EffectLogicFileError
    from kommunanalys.effect.repository import load_file

    with open_store(db) as store:
        try:
            logic, counts = load_file(store, path, user)
        except EffectLogicFileError as exc:
            raise output.fail(exc.report()) from None
    items = sum(len(o.items) for o in logic.outcomes)
    output.console.print(
        f"[green]Inläst:[/] {len(logic.outcomes)} sociala utfall med {items} poster, "
        f"{len(logic.projects)} projekt. Utfall: {counts['added']} nya, "
        f"{counts['changed']} ändrade, {counts['removed']} borttagna, "
        f"{counts['unchanged']} oförändrade."
    )


@effect_app.command("show")
def show(db: DbOption = None) -> None:
    """Varje socialt utfall som rutnät: nivå, kolumn, post och dess indikatorer."""
    from kommunanalys.effect.model import GridColumn, PreventionLevel
    from kommunanalys.effect.repository import EffectLogicRepository
    from kommunanalys.errors import ErrorCode, KommunanalysError
    from kommunanalys.i18n.labels import msgid

    with open_store(db, read_only=True) as store:
        logic = EffectLogicRepository(store).load()
    if not logic.outcomes:
        raise output.fail(str(KommunanalysError(ErrorCode.NO_EFFECT_LOGIC)))
    for outcome in logic.outcomes:
        table = output.table(title=outcome.name)
        for col in ("Nivå", "Kolumn", "Post", "Riktning", "Indikatorer"):
            table.add_column(col)
        for level in PreventionLevel:
            for column in GridColumn:
                for item in outcome.cell(level, column):
                    table.add_row(
                        msgid(level),
                        msgid(column),
                        item.text,
                        msgid(item.direction),
                        ", ".join(item.indicators) or "data saknas",
                    )
        output.console.print(table)


@interventions_app.command("load")
def load_interventions_file(
    path: Annotated[Path, typer.Argument(help="Insatsfilen (TOML)")],
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Läs in insatser (TOML): allt eller inget; insatser med samma id ersätts."""
    from kommunanalys.effect.interventions import load_interventions
    from kommunanalys.effect.logic_file import EffectLogicFileError

    with open_store(db) as store:
        try:
            found, new = load_interventions(store, path, user)
        except EffectLogicFileError as exc:
            raise output.fail(exc.report()) from None
    output.console.print(
        f"[green]Inläst:[/] {len(found)} insatser ({new} nya, {len(found) - new} ersatta)."
    )


@interventions_app.command("show")
def show_interventions(db: DbOption = None) -> None:
    """Insatsregistret: namn, områden, nivå, start och slut, status."""
    from kommunanalys.effect.interventions import InterventionRepository
    from kommunanalys.i18n.labels import msgid

    with open_store(db, read_only=True) as store:
        found = InterventionRepository(store).all()
    table = output.table(title="Insatser")
    for col in ("Id", "Insats", "Områden", "Nivå", "Start", "Slut", "Status"):
        table.add_column(col)
    for i in found:
        table.add_row(
            i.id,
            i.name,
            ", ".join(i.areas),
            msgid(i.level) if i.level else "–",
            i.start or "–",
            i.end or "–",
            msgid(i.status),
        )
    output.console.print(table)


def _register_project_report() -> None:
    """``kommunanalys report projekt ID``: beside the goal reports in the ``report`` group."""
    from kommunanalys.cli.goals import report_app

    @report_app.command("projekt")
    def project_report(
        project: Annotated[str, typer.Argument(help="Projektets id, t.ex. skogas")],
        out: Annotated[Path, typer.Option("--out", help="Fil att skriva")],
        db: DbOption = None,
        fmt: Annotated[str, typer.Option("--format", help="docx, pdf eller html")] = "docx",
    ) -> None:
        """Projektrapport: nulägesbild, projektmål, effektlogik med data, insatser och deras
        uppföljning."""
        from kommunanalys.query import Dataset, QueryError
        from kommunanalys.report.project_content import build_project_report
        from kommunanalys.report.project_render import FORMATS, render_project_report

        if fmt not in FORMATS:
            raise output.fail(f"okänt format '{fmt}'; välj {', '.join(FORMATS)}")
        with open_store(db, read_only=True) as store:
            try:
                report = build_project_report(Dataset(store), project)
            except QueryError as exc:
                raise output.fail(str(exc)) from None
            with output.console.status(f"Skapar projektrapport ({fmt})"):
                data = render_project_report(report, fmt)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        output.console.print(f"[green]Klart:[/] {report.title} → {out} ({len(data) // 1024} kB)")


_register_project_report()
