"""The CLI's one console for results and one for errors, and the one way a command fails.

Commands print through ``output.console`` / ``output.errors`` (read at call time, so a test can
give them a wider console in one place). A user error prints ``Fel: …`` in Swedish on stderr and
exits with code 2, without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from kommunanalys.ingest.pipeline import ImportResult

console = Console()
errors = Console(stderr=True, soft_wrap=True)


def fail(message: str) -> typer.Exit:
    """Print ``Fel: message`` on stderr and return the exit (code 2) for the caller to raise."""
    errors.print(f"[bold red]Fel:[/] {escape(message)}")
    return typer.Exit(code=2)


@contextmanager
def user_errors() -> Iterator[None]:
    """A query's user errors (unknown indicator, area or year; a bad value) become :func:`fail`.

    :class:`~kommunanalys.query.QueryError` (a ``LookupError``) is imported only when a lookup
    error arrives: the query layer (DuckDB, numpy) is not loaded at the CLI's start."""
    try:
        yield
    except ValueError as exc:
        raise fail(str(exc)) from None
    except LookupError as exc:
        from kommunanalys.query import QueryError

        if not isinstance(exc, QueryError):
            raise
        raise fail(str(exc)) from None


def refuse_problems(result: ImportResult) -> None:
    """An import with problems: its table (file, sheet, row, column, error) on stderr, and
    exit code 2 — nothing was written. Without problems, nothing happens."""
    if not result.problems:
        return
    from rich.table import Table

    table = Table(title=f"Importen avvisades: {escape(result.description)}")
    for column in ("Fil", "Blad", "Rad", "Kolumn", "Fel"):
        table.add_column(column)
    for p in result.problems:
        w = p.where
        table.add_row(
            escape(w.file),
            escape(w.sheet or ""),
            "" if w.row is None else str(w.row),
            escape(w.column or ""),
            escape(p.message),
        )
    errors.print(table)
    errors.print("[bold red]Inget skrevs.[/] Rätta felen och importera igen.")
    raise typer.Exit(code=2)
