"""Command line: a thin Typer layer over the library.

Every command takes ``--db PATH`` (default ``KOMMUNANALYS_DB``, else ./kommunanalys.duckdb).
User errors print a clear Swedish message and exit non-zero, without a traceback.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kommunanalys.cli_options import DbOption
from kommunanalys.config import database_path
from kommunanalys.model import DOMAINS, Gender, Level
from kommunanalys.query import Dataset, QueryError
from kommunanalys.store import Store
from kommunanalys.web.views.presenters import area_json, indicator_json, value_json

app = typer.Typer(
    help="kommunanalys — områdesprofiler för kommun, RegSO och DeSO.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)


def _register_subcommands() -> None:
    from kommunanalys import cli_admin, cli_areas, cli_goals, cli_import, cli_privacy

    app.add_typer(cli_goals.goals_app, name="goals")
    app.add_typer(cli_goals.report_app, name="report")
    app.add_typer(cli_goals.user_app, name="user")
    app.command("audit")(cli_goals.audit)
    app.add_typer(cli_import.import_app, name="import")
    app.add_typer(cli_import.indicator_app, name="indicator")
    app.command("update")(cli_import.update)
    app.command("imports")(cli_import.imports)
    app.command("history")(cli_import.history)
    cli_privacy.register(app)
    cli_admin.register(app)
    cli_areas.register(app)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ValueFormat(StrEnum):
    csv = "csv"
    json = "json"


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except (QueryError, ValueError) as exc:
        errors.print(f"[bold red]Fel:[/] {escape(str(exc))}")
        raise typer.Exit(code=2) from None


def _open(db: Path | None, *, must_exist: bool = True) -> Store:
    path = database_path(db)
    if must_exist and not path.exists():
        errors.print(
            f"[bold red]Fel:[/] databasen {path} finns inte. Kör `kommunanalys demo` "
            "eller `kommunanalys init` först."
        )
        raise typer.Exit(code=2)
    store = Store.open(path)
    _opened.append(store)
    return store


_opened: list[Store] = []


@app.callback()
def _close_stores_after_command(context: typer.Context) -> None:
    """Every store a command opens is closed when the command ends, by success or error: an
    open DuckDB connection holds the file (a second process waits for it) and is reported as
    leaked at exit."""
    context.call_on_close(_close_opened)


def _close_opened() -> None:
    while _opened:
        _opened.pop().close()


@app.command()
def init(db: DbOption = None) -> None:
    """Skapa en tom databas med aktuellt schema och indikatorkatalogen."""
    from kommunanalys.catalog.indicators import load_catalogue
    from kommunanalys.store.disclosure import save_options

    store = _open(db, must_exist=False)
    catalogue = load_catalogue()
    store.save_indicators(catalogue.indicators)
    save_options(store, catalogue.options)  # the disclosure rules beyond the minimum cell
    console.print(f"Databasen {database_path(db)} har schemaversion {store.schema_version()}.")


@app.command()
def demo(
    db: DbOption = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Starta webbappen efteråt.")
    ] = True,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Bygg demodatabasen (Huddinge: SCB-data + syntetiska demodata) och starta webbappen."""
    from kommunanalys.demo.build import build_demo

    store = _open(db, must_exist=False)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("Bygger demodatabasen", total=None)
        summary = build_demo(store, progress=lambda m: progress.update(task, description=m))
        progress.update(task, description="Klart")
    console.print(
        f"[green]Klart:[/] {summary.areas} områden, {summary.indicators} indikatorer, "
        f"{summary.observations} observationer ({summary.synthetic_observations} syntetiska), "
        f"{summary.values} värden i {database_path(db)}."
    )
    if serve_after:
        _serve(store, host, port)


@app.command()
def serve(db: DbOption = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Starta webbappen mot en befintlig databas."""
    _serve(_open(db), host, port)


def _serve(store: Store, host: str, port: int) -> None:
    import uvicorn

    from kommunanalys.analysis.narrative import LanguageModelConfig
    from kommunanalys.web import create_app
    from kommunanalys.web.gc_tuning import tune_for_serving

    console.print(f"Öppna [bold]http://{host}:{port}/[/] i webbläsaren (Ctrl+C avslutar).")
    with _user_errors():  # e.g. production mode without a proper secret key
        app = create_app(store, LanguageModelConfig.from_env(), warm=True)
    tune_for_serving()  # after the data is loaded: full collections were the p95 at scale
    uvicorn.run(app, host=host, port=port, log_level="warning")


@app.command()
def indicators(
    db: DbOption = None,
    domain: Annotated[str | None, typer.Option(help=f"En av: {', '.join(DOMAINS)}")] = None,
    format: Annotated[
        Format, typer.Option("--format", help="table, csv eller json")
    ] = Format.table,
) -> None:
    """Lista indikatorkatalogen."""
    with _user_errors():
        if domain is not None and domain not in DOMAINS:
            raise ValueError(f"okänd domän '{domain}' (välj en av: {', '.join(DOMAINS)})")
        dataset = Dataset(_open(db))
        rows = [indicator_json(i) for i in dataset.catalogue if not domain or i.domain == domain]
        _emit(
            rows,
            format,
            ["id", "name", "domain", "value_type", "unit", "polarity", "sensitive", "source"],
        )


@app.command()
def areas(
    db: DbOption = None,
    level: Annotated[Level | None, typer.Option(help="kommun, regso eller deso")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Lista områden (båda indelningarna: DeSO 2018/2025, RegSO 2020/2025)."""
    with _user_errors():
        dataset = Dataset(_open(db))
        rows = [area_json(a) for a in dataset.areas(level)]
        _emit(rows, format, ["code", "name", "level", "division", "parent"])


@app.command()
def values(
    indicator: Annotated[str, typer.Option("--indicator", "-i", help="Indikator-id")],
    db: DbOption = None,
    area: Annotated[
        list[str] | None, typer.Option("--area", "-a", help="Områdeskod (flera går)")
    ] = None,
    year: Annotated[str | None, typer.Option("--year", "-y", help="År")] = None,
    gender: Annotated[Gender | None, typer.Option("--gender", "-g", help="T, K eller M")] = None,
    format: Annotated[ValueFormat, typer.Option("--format")] = ValueFormat.csv,
) -> None:
    """Värden för en indikator (efter röjandekontroll)."""
    with _user_errors():
        dataset = Dataset(_open(db))
        dataset.indicator(indicator)
        for code in area or []:
            dataset.area(code)
        dataset.check_year(year)
        found = dataset.values(
            [indicator],
            areas=area or None,
            years=[year] if year else None,
            genders=[gender] if gender else None,
        )
        if not found:
            raise QueryError("inga värden för urvalet" + (f" år {year}" if year else "") + ".")
        _emit(
            [value_json(v) for v in found],
            Format(format.value),
            [
                "indicator",
                "area",
                "division",
                "period",
                "gender",
                "value",
                "numerator",
                "denominator",
                "status",
            ],
        )


class TextFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def insights(
    area: Annotated[str, typer.Option("--area", "-a", help="Områdeskod, t.ex. 0126R001")],
    db: DbOption = None,
    year: Annotated[str | None, typer.Option("--year", "-y", help="År")] = None,
    format: Annotated[TextFormat, typer.Option("--format")] = TextFormat.text,
) -> None:
    """Säkerställda fynd för ett område: avvikelser, trender, skillnader, starkast först."""
    from kommunanalys.analysis.insights import area_insights
    from kommunanalys.web.views.presenters import finding_json

    with _user_errors():
        dataset = Dataset(_open(db))
        dataset.check_year(year)
        chosen = dataset.area(area, year)
        findings = area_insights(dataset, chosen.code, year)
        if format is TextFormat.json:
            rows = [finding_json(f) for f in findings]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            return
        if not findings:
            sys.stdout.write(f"Inga statistiskt säkerställda fynd för {chosen.name}.\n")
        for n, f in enumerate(findings, start=1):
            sys.stdout.write(f"{n}. [{f.kind}] {f.text}\n   Metod: {f.method}.\n")


@app.command()
def equality(
    indicator: Annotated[str, typer.Option("--indicator", "-i", help="Indikator-id")],
    db: DbOption = None,
    year: Annotated[str | None, typer.Option("--year", "-y", help="År")] = None,
    format: Annotated[TextFormat, typer.Option("--format")] = TextFormat.text,
    all_tests: Annotated[bool, typer.Option("--all", help="Visa alla tester")] = False,
) -> None:
    """Sök säkerställda skillnader mellan områden, kön och åldrar (Benjamini–Hochberg)."""
    from kommunanalys.analysis.equality import scan
    from kommunanalys.web.views.presenters import scan_json

    with _user_errors():
        dataset = Dataset(_open(db))
        result = scan(dataset, indicator, year)
        if format is TextFormat.json:
            sys.stdout.write(json.dumps(scan_json(result), ensure_ascii=False, indent=2) + "\n")
            return
        out = sys.stdout
        out.write(f"{result.indicator.name_sv} {result.year}: {len(result.gaps)} tester, ")
        out.write(f"{len(result.candidates)} säkerställda skillnader (FDR {result.fdr:.0%}).\n")
        if result.not_tested:
            out.write(result.not_tested + "\n")
        if result.sii:
            sii = result.sii
            out.write(
                f"SII över {result.sii_basis}: {sii.sii:.1f} ({sii.lower:.1f} till "
                f"{sii.upper:.1f}, 95 % KI, p = {sii.p_value:.3g}).\n"
            )
        for gap in result.gaps if all_tests else result.candidates:
            d = gap.difference
            mark = "*" if gap.significant else " "
            out.write(
                f"{mark} {gap.kind:7} {gap.area.code:10} {gap.group} {gap.value:.1f} mot "
                f"{gap.reference} {gap.reference_value:.1f}: {d.estimate:+.1f} "
                f"({d.lower:.1f} till {d.upper:.1f}), q = {gap.q_value:.3g}\n"
            )


def _emit(rows: list[dict[str, Any]], format: Format, columns: list[str]) -> None:
    if format is Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format is Format.csv:
        writer = csv.DictWriter(
            sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        console.print(table)


if __name__ == "__main__":  # pragma: no cover
    app()


_register_subcommands()
