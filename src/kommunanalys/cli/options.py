"""Options every CLI command module shares (one definition, one help text)."""

from __future__ import annotations

from typing import Annotated

import typer

from kommunanalys.config import ENV_DB

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=ENV_DB,
        help="Databasfil (DuckDB) eller postgresql://-adress. Standard: ./kommunanalys.duckdb",
    ),
]

UserOption = Annotated[str, typer.Option("--user", help="Vem som gör ändringen (loggas).")]

IndicatorOption = Annotated[str, typer.Option("--indicator", "-i", help="Indikator-id")]

YearOption = Annotated[str | None, typer.Option("--year", "-y", help="År")]
