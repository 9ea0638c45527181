"""The ``kommunanalys`` command: one Typer app over the library, one module per command group.

Every command takes ``--db PATH`` (default ``KOMMUNANALYS_DB``, else ./kommunanalys.duckdb) and
opens it through :func:`kommunanalys.cli.database.open_store`. User errors print a clear Swedish
message and exit non-zero, without a traceback (:mod:`kommunanalys.cli.output`).

To add a command (group): copy a small module such as :mod:`.privacy`, give it a
``register(app)`` and add it to the list below.
"""

from __future__ import annotations

import typer

from kommunanalys.cli import (
    access,
    admin,
    analysis,
    custom_areas,
    data,
    goals,
    imports,
    migrate,
    privacy,
    serve,
)

app = typer.Typer(
    help="kommunanalys — områdesprofiler för kommun, RegSO och DeSO.",
    no_args_is_help=True,
    add_completion=False,
)

for group in (data, serve, analysis, goals, imports, access, custom_areas, privacy, admin, migrate):
    group.register(app)
