"""The ``kommunanalys`` command: one Typer app over the library, one module per command group.

Every command takes ``--db PATH`` (default ``KOMMUNANALYS_DB``, else ./kommunanalys.duckdb) and
opens it through :func:`kommunanalys.cli.database.open_store`. User errors print a clear Swedish
message and exit non-zero, without a traceback (:mod:`kommunanalys.cli.output`).

To add a command (group): copy a small module such as :mod:`.privacy`, give it a
``register(app)`` and add it to the list below. Import the library (store, query, ingest,
sources, reports) inside the command function, not at the module's top: every module here is
imported for every command, ``--help`` included, and must stay as light as its signatures
(``tests/cli/test_start_imports.py`` fails when DuckDB or numpy loads at start).
"""

from __future__ import annotations

import typer

from kommunanalys.cli import (
    access,
    admin,
    analysis,
    custom_areas,
    data,
    economy,
    effect_logic,
    goals,
    imports,
    migrate,
    privacy,
    serve,
    staff_control,
)

app = typer.Typer(
    help="kommunanalys — områdesprofiler för kommun, RegSO och DeSO.",
    no_args_is_help=True,
    add_completion=False,
)

for group in (
    data,
    serve,
    analysis,
    goals,
    effect_logic,
    imports,
    access,
    custom_areas,
    privacy,
    admin,
    economy,
    staff_control,
    migrate,
):
    group.register(app)
