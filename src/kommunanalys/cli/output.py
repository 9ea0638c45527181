"""The CLI's one console for results and one for errors, and the one way a command fails.

Commands print through ``output.console`` / ``output.errors`` (read at call time, so a test can
give them a wider console in one place). A user error prints ``Fel: …`` in Swedish on stderr and
exits with code 2, without a traceback.

Rich is loaded when a console is first used (or a text escaped for it), not at import: every
command module is imported for every command, and ``values`` writing CSV prints nothing
through rich (issue 22 goal 4; ``tests/cli/test_start_imports.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from kommunanalys.ingest.pipeline import ImportResult

    console: Console  # made at first use (module ``__getattr__``)
    errors: Console


def __getattr__(name: str) -> Any:
    """``console`` (results) and ``errors`` (stderr), each made at its first use."""
    if name not in ("console", "errors"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    made = Console() if name == "console" else Console(stderr=True, soft_wrap=True)
    globals()[name] = made
    return made


def table(*columns: str, **options: Any) -> Table:
    """A :class:`rich.table.Table` of ``columns`` (rich loaded here)."""
    from rich.table import Table

    return Table(*columns, **options)


def escape(text: str) -> str:
    """``text`` with rich's markup escaped (:func:`rich.markup.escape`, loaded here)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def fail(message: str) -> typer.Exit:
    """Print ``Fel: message`` on stderr and return the exit (code 2) for the caller to raise."""
    _errors().print(f"[bold red]Fel:[/] {escape(message)}")
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
    _errors().print(table)
    _errors().print("[bold red]Inget skrevs.[/] Rätta felen och importera igen.")
    raise typer.Exit(code=2)


def _errors() -> Console:
    """The errors console as it is now (made at first use; a test may have replaced it)."""
    found = globals().get("errors")
    return found if found is not None else __getattr__("errors")
