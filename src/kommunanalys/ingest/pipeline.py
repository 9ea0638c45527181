"""The import pipeline: stage → validate → merge, all or nothing.

Any adapter's :class:`~kommunanalys.sources.adapter.Extract` (and the tidy CSV format, which
DuckDB reads directly) goes through :func:`import_extract` / :func:`import_tidy_csv`:

* problems found while reading, or by validation, reject the whole import: nothing is
  written, and the result lists the problems with file, sheet, row and column;
* otherwise, in one transaction: the indicators and units the source defines are added
  (indicators unconfirmed), new keys and changed values are written as revisions, the import
  is recorded (who, when, source, checksum, rows added / revised / unchanged / skipped), the
  audit trail gets an entry, and the derived values are recomputed;
* ``dry_run`` does all of that and rolls back, so the counts shown before confirming are
  exactly what confirming will do.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from kommunanalys.catalog.regions import regional_areas
from kommunanalys.ingest.indicators import Proposal, propose
from kommunanalys.model import Division, ImportRecord, Indicator, Level
from kommunanalys.refresh import refresh_derived
from kommunanalys.rows import Problem, Where
from kommunanalys.sources.adapter import Extract
from kommunanalys.store import Store
from kommunanalys.store.staging import Staging

Step = Callable[[str], None]


@dataclass(frozen=True)
class ImportResult:
    """What an import did, or would do (``dry_run``), or why it was rejected."""

    source: str
    description: str
    problems: tuple[Problem, ...] = ()
    record: ImportRecord | None = None
    staged: int = 0
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    skipped: int = 0
    new_indicators: tuple[str, ...] = ()
    new_areas: tuple[str, ...] = ()
    dry_run: bool = False
    files: tuple[str, ...] = field(default_factory=tuple)
    #: the file is no format known by its content: read it with a mapping (TOML)
    needs_mapping: bool = False
    #: per new indicator, the catalogue indicators it may be the same as (best first)
    proposals: tuple[tuple[str, tuple[Proposal, ...]], ...] = ()
    #: new indicators whose values were put in a catalogue indicator instead (new → known)
    mapped: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One Swedish sentence for the CLI, the web page and the audit trail."""
        if self.problems:
            return f"Importen avvisades: {len(self.problems)} fel, inget skrevs."
        if not self.added and not self.revised:
            text = f"Inget nytt: alla {self.unchanged} värden finns redan med samma värde."
        else:
            text = (
                f"{self.added} nya, {self.revised} reviderade, {self.unchanged} oförändrade värden"
            )
            if self.skipped:
                text += f", {self.skipped} celler utanför kommunen eller utan indikator"
            text += "."
        if self.new_indicators:
            text += f" {len(self.new_indicators)} nya indikatorer att bekräfta."
        if self.dry_run:
            text = "Förhandsgranskning: " + text
        return text


class _Rollback(Exception):
    """Raised inside the transaction to undo it (dry runs and rejected imports)."""


def import_extract(
    store: Store,
    extract: Extract,
    *,
    actor: str = "system",
    dry_run: bool = False,
    refresh: bool = True,
    step: Step | None = None,
    indicator_map: Mapping[str, str] | None = None,
) -> ImportResult:
    """Validate and write one adapter's extract; see the module docstring.

    ``indicator_map`` puts the values of an indicator the source defines (new → known) in a
    catalogue indicator instead, which is then not created; the result proposes, for each
    indicator still new, the catalogue indicators it may be the same as."""
    base = ImportResult(
        source=extract.source,
        description=extract.description,
        files=extract.files,
        skipped=extract.skipped,
        dry_run=dry_run,
    )
    if extract.problems:
        return replace(base, problems=tuple(extract.problems))
    known = {i.id: i for i in store.indicators()}
    if indicator_map:
        extract, problems = _map_indicators(extract, dict(indicator_map), known)
        if problems:
            return replace(base, problems=tuple(problems))
        base = replace(base, mapped=tuple(sorted(indicator_map.items())))
    base = replace(
        base,
        proposals=tuple(
            (i.id, found)
            for i in extract.indicators
            if i.id not in known and (found := propose(i, known.values()))
        ),
    )
    say = step or (lambda message: None)

    def stage(staging: Staging, import_id: int) -> list[Problem]:
        say(f"Mellanlagrar {len(extract.rows)} värden")
        staging.add_rows(extract.rows)
        return []

    def define() -> tuple[list[str], list[str]]:
        indicators = store.add_indicators([_unconfirmed(i) for i in extract.indicators])
        # A source may add its units and comparison municipalities (areas outside the
        # statistical hierarchy); RegSO and DeSO come only from the geography.
        areas = store.add_areas(a for a in extract.areas if a.level in (Level.UNIT, Level.KOMMUN))
        return indicators, areas

    rows_read = extract.rows_read if extract.rows_read is not None else len(extract.rows)
    label = extract.files[0] if extract.files else extract.description
    return _run(
        store,
        base,
        stage,
        label=label,
        rows_read=lambda s: rows_read,
        checksum=lambda: extract.checksum,
        actor=actor,
        refresh=refresh,
        say=say,
        define=define,
    )


def import_tidy_csv(
    store: Store,
    path: Path,
    *,
    actor: str = "system",
    source: str = "file",
    delimiter: str = ",",
    decimal: str = ".",
    dry_run: bool = False,
    refresh: bool = True,
    step: Step | None = None,
    name: str | None = None,
) -> ImportResult:
    """Import a file in the tidy CSV format (``indicator, area, period, value`` and optional
    ``division, gender, age_group, numerator, denominator, status``; UTF-8)."""
    say = step or (lambda message: None)
    name = name or path.name
    base = ImportResult(source=source, description=name, files=(name,), dry_run=dry_run)
    digest = _Checksum(path)

    def stage(staging: Staging, import_id: int) -> list[Problem]:
        say(f"Läser {path.name}")
        return staging.add_tidy_csv(
            path,
            source=f"Fil {name}",
            delimiter=delimiter,
            decimal=decimal,
            import_id=import_id,
        )

    return _run(
        store,
        base,
        stage,
        label=name,
        rows_read=lambda s: s.count(),
        checksum=digest.result,
        actor=actor,
        refresh=refresh,
        say=say,
        locate=lambda s: s.locate_tidy_rows(path, delimiter=delimiter, decimal=decimal),
    )


def _run(
    store: Store,
    base: ImportResult,
    stage: Callable[[Staging, int], list[Problem]],
    *,
    label: str,
    rows_read: Callable[[Staging], int],
    checksum: Callable[[], str],
    actor: str,
    refresh: bool,
    say: Step,
    define: Callable[[], tuple[list[str], list[str]]] | None = None,
    locate: Callable[[Staging], None] | None = None,
) -> ImportResult:
    """Stage, validate and merge in one transaction; roll back on problems or a dry run."""
    outcome = base
    with store.staging(file_label=label) as staging:
        try:
            with store.transaction():
                import_id = store.next_import_id()
                problems = stage(staging, import_id)
                if problems:
                    outcome = replace(base, problems=tuple(problems))
                    raise _Rollback
                new_indicators, new_areas = define() if define else ([], [])
                # Riket and the län of any import are known without a geography file.
                brought = regional_areas(staging.unknown_areas(Division.KOMMUN))
                new_areas = [*new_areas, *store.add_areas(brought)]
                say("Kontrollerar värden mot katalogen")
                problems = staging.problems()
                if problems and locate is not None:
                    locate(staging)  # line numbers are only worth their cost when needed
                    problems = staging.problems()
                if problems:
                    outcome = replace(base, problems=tuple(problems))
                    raise _Rollback
                say("Skriver nya och ändrade värden")
                record = store.merge_staged(
                    staging,
                    import_id=import_id,
                    source=base.source,
                    description=base.description,
                    checksum=checksum(),
                    files=base.files,
                    rows_read=rows_read(staging),
                    rows_skipped=base.skipped,
                    actor=actor,
                )
                outcome = replace(
                    base,
                    record=None if base.dry_run else record,
                    staged=record.rows_added + record.rows_revised + record.rows_unchanged,
                    added=record.rows_added,
                    revised=record.rows_revised,
                    unchanged=record.rows_unchanged,
                    new_indicators=tuple(new_indicators),
                    new_areas=tuple(new_areas),
                )
                if base.dry_run:
                    raise _Rollback
                store.audit.record(
                    actor,
                    "import",
                    f"import:{record.id}",
                    new={
                        "source": base.source,
                        "files": list(base.files),
                        "checksum": record.checksum,
                        "added": record.rows_added,
                        "revised": record.rows_revised,
                        "unchanged": record.rows_unchanged,
                    },
                    detail=outcome.summary(),
                )
                if refresh and (record.rows_added or record.rows_revised):
                    say("Räknar om härledda värden")
                    refresh_derived(store)
        except _Rollback:
            pass
    return outcome


def _map_indicators(
    extract: Extract, mapping: dict[str, str], known: dict[str, Indicator]
) -> tuple[Extract, list[Problem]]:
    """The extract with the values of each mapped indicator under its catalogue indicator."""
    defined = {i.id for i in extract.indicators}
    where = Where(extract.files[0] if extract.files else extract.description)
    problems = [
        Problem(where, f"indikatorn {new} finns inte i filen")
        for new in mapping
        if new not in defined
    ] + [
        Problem(where, f"indikatorn {target} finns inte i katalogen")
        for target in mapping.values()
        if target not in known or not known[target].confirmed
    ]
    if problems:
        return extract, problems
    rows = [
        replace(r, observation=replace(r.observation, indicator=mapping[r.observation.indicator]))
        if r.observation.indicator in mapping
        else r
        for r in extract.rows
    ]
    indicators = [i for i in extract.indicators if i.id not in mapping]
    return replace(extract, rows=rows, indicators=indicators), []


def _unconfirmed(indicator: Indicator) -> Indicator:
    return replace(indicator, confirmed=False, in_seed=False)


class _Checksum:
    """SHA-256 of a file, computed in a thread while DuckDB reads the same file.

    The file is opened here, before the thread starts: an upload refused early has its folder
    deleted at once, and a thread that opened the file only then would die logging a
    FileNotFoundError (issue 23). An open file is read to its end even after it is deleted."""

    def __init__(self, path: Path) -> None:
        self._digest = hashlib.sha256()
        self._handle = path.open("rb")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with self._handle as handle:
            while chunk := handle.read(4 << 20):
                self._digest.update(chunk)

    def result(self) -> str:
        self._thread.join()
        return self._digest.hexdigest()


def rejected(where: Where, message: str, *, source: str = "file") -> ImportResult:
    """A result for input that could not even be read (e.g. an unsafe file)."""
    return ImportResult(source=source, description=where.file, problems=(Problem(where, message),))
