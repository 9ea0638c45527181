"""CLI for the database and what is in it: ``init``, ``indicators``, ``areas``, ``values``.

Lists print as a table, CSV or JSON; the JSON rows are the web's too
(:mod:`kommunanalys.report.json_rows`). The query layer is imported inside the commands: the
CLI starts without DuckDB and numpy.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.options import DbOption, IndicatorOption, YearOption
from kommunanalys.config import database_location
from kommunanalys.errors import ErrorCode
from kommunanalys.model import DOMAINS, Gender, Level


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ValueFormat(StrEnum):
    csv = "csv"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command()(init)
    app.command()(indicators)
    app.command()(areas)
    app.command()(values)


def init(db: DbOption = None) -> None:
    """Skapa en tom databas med aktuellt schema och indikatorkatalogen."""
    from kommunanalys.catalog.indicators import load_catalogue
    from kommunanalys.store.disclosure import save_options

    with open_store(db, must_exist=False) as store:
        catalogue = load_catalogue()
        store.save_indicators(catalogue.indicators)
        save_options(store, catalogue.options)  # the disclosure rules beyond the minimum cell
        version = store.schema_version()
    output.console.print(f"Databasen {database_location(db)} har schemaversion {version}.")


def indicators(
    db: DbOption = None,
    domain: Annotated[str | None, typer.Option(help=f"En av: {', '.join(DOMAINS)}")] = None,
    format: Annotated[
        Format, typer.Option("--format", help="table, csv eller json")
    ] = Format.table,
) -> None:
    """Lista indikatorkatalogen."""
    from kommunanalys.query import Dataset
    from kommunanalys.report.json_rows import indicator_json

    with output.user_errors():
        if domain is not None and domain not in DOMAINS:
            raise ValueError(f"okänd domän '{domain}' (välj en av: {', '.join(DOMAINS)})")
        with open_store(db, read_only=True) as store:
            catalogue = Dataset(store).catalogue
        rows = [indicator_json(i) for i in catalogue if not domain or i.domain == domain]
        emit(
            rows,
            format,
            ["id", "name", "domain", "value_type", "unit", "polarity", "sensitive", "source"],
        )


def areas(
    db: DbOption = None,
    level: Annotated[Level | None, typer.Option(help="kommun, regso eller deso")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Lista områden (båda indelningarna: DeSO 2018/2025, RegSO 2020/2025)."""
    from kommunanalys.query import Dataset
    from kommunanalys.report.json_rows import area_json

    with output.user_errors(), open_store(db, read_only=True) as store:
        rows = [area_json(a) for a in Dataset(store).areas(level)]
        emit(rows, format, ["code", "name", "level", "division", "parent"])


def values(
    indicator: IndicatorOption,
    db: DbOption = None,
    area: Annotated[
        list[str] | None, typer.Option("--area", "-a", help="Områdeskod (flera går)")
    ] = None,
    year: YearOption = None,
    gender: Annotated[Gender | None, typer.Option("--gender", "-g", help="T, K eller M")] = None,
    format: Annotated[ValueFormat, typer.Option("--format")] = ValueFormat.csv,
) -> None:
    """Värden för en indikator (efter röjandekontroll)."""
    from kommunanalys.query import Dataset, QueryError
    from kommunanalys.report.json_rows import value_json

    with output.user_errors(), open_store(db, read_only=True) as store:
        dataset = Dataset(store)
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
            if year:
                raise QueryError(ErrorCode.NO_VALUES_FOR_SELECTION_IN_YEAR, year=year)
            raise QueryError(ErrorCode.NO_VALUES_FOR_SELECTION)
        emit(
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


def emit(rows: list[dict[str, Any]], format: Format, columns: list[str]) -> None:
    """Print ``rows`` as JSON, as CSV (``columns``, in order) or as a table of ``columns``.

    CSV cells pass :func:`~kommunanalys.report.cells.safe_cell`, as in the web's exports: a
    name such as ``=HYPERLINK(…)`` is written as text, never as a formula."""
    if format is Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format is Format.csv:
        from kommunanalys.report.cells import safe_cell

        writer = csv.DictWriter(
            sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    else:
        table = output.table(*columns)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
        output.console.print(table)
