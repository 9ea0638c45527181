"""CLI for running the web app: ``demo`` (build the demo database, then serve) and ``serve``.

The only place the CLI reaches into :mod:`kommunanalys.web`: the app is imported inside
:func:`run_server`, when a command starts it, so the other commands never load the web layer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kommunanalys.cli import output
from kommunanalys.cli.database import open_store
from kommunanalys.cli.gc_tuning import tune_for_serving
from kommunanalys.cli.options import DbOption
from kommunanalys.config import ENV_DB, database_location

if TYPE_CHECKING:
    from kommunanalys.store import Store

HostOption = Annotated[str, typer.Option(help="Adress att lyssna på.")]
PortOption = Annotated[int, typer.Option(help="Port att lyssna på.")]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        help="Antal serverprocesser (fler än 1 kräver PostgreSQL: --db postgresql://…).",
    ),
]
#: Why a DuckDB file cannot be served by several processes, and what to do instead.
DUCKDB_ONE_PROCESS = (
    "--workers {n} kräver PostgreSQL: en DuckDB-fil kan bara en process skriva i, så flera "
    "serverprocesser kan inte dela den. Kör med --workers 1, eller använd PostgreSQL "
    "(--db postgresql://…, se docs/deployment.md)."
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
    app.command()(demo)
    app.command()(serve)


def demo(
    db: DbOption = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Starta webbappen efteråt.")
    ] = True,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
) -> None:
    """Bygg demodatabasen (Huddinge: SCB-data + syntetiska demodata) och starta webbappen."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kommunanalys.demo.build import build_demo

    with open_store(db, must_exist=False) as store:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=output.console,
            transient=False,
        ) as progress:
            task = progress.add_task("Bygger demodatabasen", total=None)
            summary = build_demo(store, progress=lambda m: progress.update(task, description=m))
            progress.update(task, description="Klart")
        output.console.print(
            f"[green]Klart:[/] {summary.areas} områden, {summary.indicators} indikatorer, "
            f"{summary.observations} observationer ({summary.synthetic_observations} syntetiska), "
            f"{summary.values} värden i {database_location(db)}."
        )
        if serve_after:
            run_server(store, host, port)


def serve(
    db: DbOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: WorkersOption = 1,
) -> None:
    """Starta webbappen mot en befintlig databas."""
    if workers > 1:
        location = database_location(db)
        if not isinstance(location, str):
            raise output.fail(DUCKDB_ONE_PROCESS.format(n=workers))
        with open_store(db):  # reachable and migrated, before any worker starts
            pass
        run_workers(location, host, port, workers)
        return
    with open_store(db) as store:
        run_server(store, host, port)


def run_workers(url: str, host: str, port: int, workers: int) -> None:
    """Serve the PostgreSQL database ``url`` with ``workers`` processes (uvicorn's, each
    building its app with :func:`worker_app`); they share the data, the sessions and the
    audit trail through the database, and each sees the others' writes (the data version)."""
    import uvicorn

    os.environ[ENV_DB] = url
    output.console.print(
        f"Öppna [bold]http://{host}:{port}/[/] i webbläsaren ({workers} serverprocesser, "
        "Ctrl+C avslutar)."
    )
    uvicorn.run(
        "kommunanalys.cli.serve:worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )


def worker_app() -> Any:
    """The web app of one server process of ``serve --workers N`` (uvicorn's factory): the
    database ``KOMMUNANALYS_DB`` names, opened by this process."""
    from kommunanalys.analysis.narrative import LanguageModelConfig
    from kommunanalys.store import Store
    from kommunanalys.web import create_app

    store = Store.open(database_location())
    app = create_app(store, LanguageModelConfig.from_env(), warm=True, response_cache=True)
    tune_for_serving()
    return app


def run_server(store: Store, host: str, port: int) -> None:
    """Build the web app on ``store`` and serve it until Ctrl+C."""
    import uvicorn

    from kommunanalys.analysis.narrative import LanguageModelConfig
    from kommunanalys.web import create_app

    output.console.print(f"Öppna [bold]http://{host}:{port}/[/] i webbläsaren (Ctrl+C avslutar).")
    with output.user_errors():  # e.g. production mode without a proper secret key
        app = create_app(store, LanguageModelConfig.from_env(), warm=True, response_cache=True)
    tune_for_serving()  # after the data is loaded: full collections were the p95 at scale
    # proxy headers are read by the app from configured proxies only (KOMMUNANALYS_TRUSTED_PROXIES,
    # web/sessions.client_address), never by uvicorn's default trust of 127.0.0.1
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
