"""CLI commands for disclosure control (``disclosure-check``) (registered by :mod:`.cli`)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main CLI."""
