"""Rows as a source read them: an observation with where it came from, and what is wrong.

Low in the layers (only :mod:`kommunanalys.model` below it): the source adapters
(:mod:`kommunanalys.sources`) produce these, and the store's staging area
(:mod:`kommunanalys.store.staging`) takes them and reports its checks with them, without the
store knowing anything about sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from kommunanalys.model import Observation


@dataclass(frozen=True, slots=True)
class Where:
    """Where a value came from: a file (and sheet), or a request, and the row and column."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"blad {self.sheet}")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolumn {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input; ``where`` names file, sheet, row and column."""

    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One observation as read, with where it came from."""

    observation: Observation
    where: Where
