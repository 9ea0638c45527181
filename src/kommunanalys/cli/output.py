"""The CLI's one console for results and one for errors, and the one way a command fails.

Commands print through ``output.console`` / ``output.errors`` (read at call time, so a test can
give them a wider console in one place). A user error prints ``Fel: …`` in Swedish on stderr and
exits with code 2, without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

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
