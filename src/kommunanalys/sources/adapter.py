"""The one shape every source adapter has.

An adapter is a small class with

* ``name``: the source kind recorded on the import (``kolada``, ``scb-api``, ``file`` …);
* ``Options``: a frozen dataclass, the adapter's options schema (what the CLI and the web
  form ask for);
* ``check(options)``: is the source reachable / readable? Never raises; says why not;
* ``fetch(options, progress)``: read the raw material (HTTP responses, a file's cells);
* ``to_extract(raw, options)``: map the raw material to observations with provenance.

The import pipeline (:mod:`kommunanalys.ingest`) takes an :class:`Extract` from any adapter,
validates it and writes it all or nothing. Adapters never touch the database. The rows they
read and the problems they find are :mod:`kommunanalys.rows` (the store takes those too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

from kommunanalys.errors import KommunanalysError
from kommunanalys.model import Area, Indicator
from kommunanalys.rows import Problem, SourceRow

#: Reports progress: ``(done, total, message)``; ``total`` is None when unknown.
Progress = Callable[[int, int | None, str], None]


def no_progress(done: int, total: int | None, message: str) -> None:
    """A :data:`Progress` that ignores everything."""


class SourceError(KommunanalysError):
    """A source that cannot be read: a code and the values (file, table, key) of its message,
    worded where it is shown."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    message: str


@dataclass
class Extract:
    """What an adapter hands to the import pipeline.

    ``indicators`` are indicators the source defines that the catalogue may not have yet
    (Kolada KPIs, the content columns of an SCB table); the pipeline adds the missing ones
    as unconfirmed for an analyst to confirm. ``areas`` are units (``Level.UNIT``) the source
    defines, e.g. Kolada's OU; the pipeline adds the missing ones. ``problems`` are errors
    found while reading; any problem stops the import before anything is written.
    """

    source: str
    description: str
    rows: list[SourceRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: tuple[str, ...] = ()
    checksum: str = ""
    rows_read: int | None = None
    #: Raw cells the adapter skipped on purpose (other municipalities, unmapped columns).
    skipped: int = 0


OptionsT = TypeVar("OptionsT")
RawT = TypeVar("RawT")


class Adapter(Protocol[OptionsT, RawT]):
    name: ClassVar[str]
    Options: type[OptionsT]

    def check(self, options: OptionsT) -> CheckResult: ...

    def fetch(self, options: OptionsT, progress: Progress = no_progress) -> RawT: ...

    def to_extract(self, raw: RawT, options: OptionsT) -> Extract: ...


def run(adapter: Any, options: Any, progress: Progress = no_progress) -> Extract:
    """``fetch`` then ``to_extract``: the usual way to use an adapter."""
    return adapter.to_extract(adapter.fetch(options, progress), options)
