"""CLI for the economy: ``ekonomi import`` (ledger, budget, forecast, volumes) and
``ekonomi visa`` (the resultaträkning and drift per verksamhet)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, UserOption
from kommunanalys.cli.output import escape

if TYPE_CHECKING:
    from rich.table import Table

    from kommunanalys.analysis.economy import FollowUpRow
    from kommunanalys.analysis.economy_model import CostType, SummaryRow
    from kommunanalys.ingest.pipeline import ImportResult

# The library (analysis, ingestion, formatting, Babel) is imported inside the commands, so that
# `kommunanalys --help` loads none of it (cli/app.py's rule, tests/cli/test_start_imports.py).

economy_app = typer.Typer(
    help="Ekonomi: huvudboksuttag, budget, prognoser och placeringsvolymer.", no_args_is_help=True
)

#: the ``--slag`` words and the :class:`AmountKind` each imports (its value: the enum's module
#: is imported inside the command)
KINDS = {
    "utfall": "outcome",
    "budget": "budget",
    "reviderad-budget": "revised_budget",
    "prognos": "forecast",
    "volymer": "outcome",
    "volymbudget": "budget",
}


def register(app: typer.Typer) -> None:
    """Add this module's command group to the main CLI."""
    app.add_typer(economy_app, name="ekonomi")


def _report(result: ImportResult) -> None:
    output.refuse_problems(result)
    output.console.print(f"[green]{escape(result.description)}:[/] {escape(result.summary())}")


@economy_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="Filer (CSV eller Excel)")],
    mappning: Annotated[
        Path, typer.Option("--mappning", help="TOML: verksamheter, ansvarskoder och konton")
    ],
    slag: Annotated[
        str, typer.Option("--slag", help=f"Vad filerna är: {', '.join(KINDS)}")
    ] = "utfall",
    version: Annotated[
        str, typer.Option("--version", help="En prognos: delar1, delar2 eller helar")
    ] = "",
    blad: Annotated[
        str | None, typer.Option("--blad", help="Excelbladet (standard: första)")
    ] = None,
    torrkorning: Annotated[
        bool, typer.Option("--torrkorning", help="Kontrollera bara; skriv inget")
    ] = False,
    db: DbOption = None,
    user: UserOption = "cli",
) -> None:
    """Läs in ett huvudboksuttag (period, ansvar, konto, belopp), en budget, en prognos eller
    månadsvolymer: allt kontrolleras först, ett fel och inget skrivs (fel anges med fil, rad
    och kolumn), samma fil två gånger skriver inget nytt. Layouterna: docs/economy.md."""
    from kommunanalys.analysis.economy_model import AmountKind
    from kommunanalys.ingest.economy import import_amounts, import_volumes

    if slag not in KINDS:
        raise output.fail(f"okänt slag '{slag}'; välj {', '.join(KINDS)}")
    with open_store(db) as store:
        if slag.startswith("volym"):
            result = import_volumes(
                store,
                files,
                mappning,
                kind=AmountKind(KINDS[slag]),
                sheet=blad,
                actor=user,
                dry_run=torrkorning,
            )
        else:
            result = import_amounts(
                store,
                files,
                mappning,
                kind=AmountKind(KINDS[slag]),
                version=version,
                sheet=blad,
                actor=user,
                dry_run=torrkorning,
            )
    _report(result)


def _code(key: str) -> CostType | SummaryRow:
    from kommunanalys.analysis.economy_model import CostType, SummaryRow

    return SummaryRow(key) if key in SummaryRow.__members__.values() else CostType(key)


def _tkr(value: float | None, *, negate: bool = False) -> str:
    from kommunanalys.formatting import format_number

    if value is None:
        return "–"
    return format_number((-value if negate else value) / 1000, 0)


def _table(title: str, first: str, rows: list[tuple[str, FollowUpRow]], *, negate: bool) -> Table:
    from kommunanalys.formatting import format_number

    table = output.table(title=title)
    for column in (first, "Budget", "Utfall", "Avvikelse", "Avvikelse (%)", "Föregående år"):
        table.add_column(column, justify="left" if column == first else "right")
    for name, r in rows:
        table.add_row(
            escape(name),
            _tkr(r.budget, negate=negate),
            _tkr(r.outcome, negate=negate),
            _tkr(r.deviation),
            "–" if r.deviation_pct is None else format_number(r.deviation_pct, 1) + " %",
            _tkr(r.previous, negate=negate),
        )
    return table


@economy_app.command("visa")
def show(
    namnd: Annotated[str | None, typer.Option("--namnd", help="Nämndens kod")] = None,
    ar: Annotated[int | None, typer.Option("--ar", help="Året (standard: senaste)")] = None,
    till: Annotated[
        int | None, typer.Option("--till", help="Till och med månad (standard: senaste)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Resultaträkning och drift per verksamhet (tkr): budget, utfall, avvikelse och
    föregående år, för helåret eller året till och med en månad."""
    from babel.dates import get_month_names

    from kommunanalys.analysis.economy import Ledger, by_cost_type, by_unit
    from kommunanalys.analysis.economy_model import SummaryRow
    from kommunanalys.i18n.labels import msgid

    with open_store(db, read_only=True) as store:
        committees = store.economy.committees()
        if not committees:
            raise output.fail("databasen har ingen ekonomi; kör `kommunanalys ekonomi import`")
        committee = namnd or committees[0]
        if committee not in committees:
            raise output.fail(f"nämnden '{committee}' har ingen ekonomi ({', '.join(committees)})")
        ledger = Ledger.from_rows(store.economy.units(committee), store.economy.amounts(committee))
    last = ledger.last_month()
    if last is None:
        raise output.fail(f"nämnden '{committee}' har inget utfall")
    year = ar or last.year
    through = till or (last.month if year == last.year else 12)
    if not 1 <= through <= 12:
        raise output.fail(f"månad {through} finns inte (1–12)")
    months = get_month_names("abbreviated", locale="sv")
    period = "helår" if through == 12 else f"jan–{str(months[through]).rstrip('.')}"
    names = {u.code: u.name for u in ledger.units}
    types = [(msgid(_code(r.key)), r) for r in by_cost_type(ledger, year, through=through)]
    output.console.print(
        _table(f"Resultaträkning {year} {period}, tkr", "Resultaträkning", types, negate=False)
    )
    units = [
        (names.get(r.key) or msgid(SummaryRow.RESULT), r)
        for r in by_unit(ledger, year, through=through)
    ]
    output.console.print(
        _table(f"Drift per verksamhet {year} {period}, tkr", "Verksamhet", units, negate=True)
    )
    if ledger.synthetic:
        output.console.print("[yellow]Månadsbeloppen är syntetiska (demo).[/]")
