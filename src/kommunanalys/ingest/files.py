"""``kommunanalys import file``: recognise a file by its content and import it.

* the tidy CSV format (columns ``indicator, area, period, value``…) → DuckDB reads it;
* a Kolada export (flat data export, or ``kommun;year;value``) → the Kolada file adapter;
* the per-DeSO JSON profile file (SCB DeSO 2025 data, as shipped with the demo);
* with a mapping (TOML) → the mapped-file adapter for any Excel/CSV layout;
* anything else is read as an SCB Statistikdatabasen export (Excel or CSV, any number of
  header rows) — a table the catalogue does not know creates indicators to confirm.

Every file first passes :func:`~kommunanalys.sources.file_safety.check_file`.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from kommunanalys.catalog.areas import home_kommun
from kommunanalys.errors import ErrorCode
from kommunanalys.ingest.pipeline import ImportResult, Step, import_extract, import_tidy_csv
from kommunanalys.model import Division
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import Extract, SourceError, run
from kommunanalys.sources.file_safety import MAX_FILE_BYTES, UnsafeFile, check_file
from kommunanalys.sources.grid import decode_text, guess_delimiter
from kommunanalys.sources.kolada.export import (
    KoladaFileAdapter,
    KoladaFileOptions,
    looks_like_kolada_export,
)
from kommunanalys.sources.mapped_file import FileMapping, MappedFileAdapter, MappedFileOptions
from kommunanalys.sources.scb.deso_json import read_deso_json
from kommunanalys.sources.scb.export import ExportError
from kommunanalys.sources.scb.file import ScbFileAdapter, ScbFileOptions
from kommunanalys.sources.scb.mapping import MappingError, RegionResolver
from kommunanalys.store import Store
from kommunanalys.store.staging import TIDY_REQUIRED
from kommunanalys.toml_text import TOO_DEEP

#: A tidy CSV is read by DuckDB without loading it into Python: it may be much larger.
MAX_TIDY_BYTES = 20 * 1024**3


def import_file(
    store: Store,
    path: Path,
    *,
    mapping: Path | None = None,
    actor: str = "system",
    dry_run: bool = False,
    refresh: bool = True,
    step: Step | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    display_name: str | None = None,
    indicator_map: dict[str, str] | None = None,
) -> ImportResult:
    """Import one file; problems come back in the result, nothing is written then.

    ``display_name`` is the name the user knows the file by (an upload is stored under a
    server-chosen name): the file is read through a link with that name, so problems, stored
    provenance and names that carry meaning (``kolada_N00901_….csv``) use it."""
    if display_name and display_name != path.name:
        safe = Path(display_name).name.replace("\x00", "") or "fil"
        with tempfile.TemporaryDirectory(prefix="kommunanalys-namn-") as folder:
            link = Path(folder) / safe
            link.symlink_to(path.resolve())
            return import_file(
                store,
                link,
                mapping=mapping,
                actor=actor,
                dry_run=dry_run,
                refresh=refresh,
                step=step,
                max_bytes=max_bytes,
                indicator_map=indicator_map,
            )
    name = path.name
    try:
        kind = check_file(path, max_bytes=max_bytes, text_max_bytes=MAX_TIDY_BYTES)
        head = _Head.read(path) if kind == "text" else _Head()
        if kind == "text" and mapping is None and set(TIDY_REQUIRED) <= set(head.columns):
            if head.utf16:
                raise UnsafeFile(ErrorCode.CSV_NOT_UTF8, name=path.name)
            return import_tidy_csv(
                store,
                path,
                actor=actor,
                delimiter=head.delimiter,
                # a semicolon-separated file from Swedish Excel writes decimal commas
                decimal="," if head.delimiter == ";" else ".",
                dry_run=dry_run,
                refresh=refresh,
                step=step,
                name=name,
            )
        check_file(path, max_bytes=max_bytes)
        extract = _extract(store, path, kind, head.columns, mapping)
    except (SourceError, ExportError, MappingError) as exc:
        message = str(exc)
        message = message.removeprefix(f"{path.name}: ")
        if getattr(exc, "row", None) is not None:
            message = message.split(": ", 1)[-1]  # row and column are in their own fields
        where = Where(name, row=getattr(exc, "row", None), column=getattr(exc, "column", None))
        return ImportResult(
            source="file",
            description=name,
            problems=(Problem(where, message),),
            needs_mapping=mapping is None
            and (
                isinstance(exc, ExportError)
                or getattr(exc, "code", None) == ErrorCode.FILE_NOT_RECOGNISED
            ),
        )
    if mapping is None and extract.source == "scb-file" and extract.problems:
        # read as an SCB export, the last guess, and not one: an own layout needs a mapping
        return replace(
            import_extract(
                store, extract, actor=actor, dry_run=dry_run, step=step, indicator_map=indicator_map
            ),
            needs_mapping=True,
        )
    return import_extract(
        store,
        extract,
        actor=actor,
        dry_run=dry_run,
        refresh=refresh,
        step=step,
        indicator_map=indicator_map,
    )


def resolver_for(store: Store) -> RegionResolver:
    """Region texts of SCB exports → the store's area codes (the home municipality)."""
    kommun = home_kommun(store.areas())
    if kommun is None:
        raise SourceError(ErrorCode.NO_HOME_KOMMUN)
    regso = store.areas(division=Division.REGSO2020) + store.areas(division=Division.REGSO2025)
    return RegionResolver(
        kommun=kommun.code,
        kommun_name=kommun.name,
        regso_by_name={a.name: a.code for a in regso},
    )


def _extract(
    store: Store, path: Path, kind: str, header: tuple[str, ...], mapping: Path | None
) -> Extract:
    if mapping is not None:
        options = MappedFileOptions(path, FileMapping.read(mapping), kind=kind)
        return run(MappedFileAdapter(), options)
    if kind == "json":
        return _deso_json(path)
    if kind == "text" and looks_like_kolada_export(list(header)):
        return run(KoladaFileAdapter(), KoladaFileOptions(path))
    try:
        return run(ScbFileAdapter(), ScbFileOptions(path, resolver_for(store), kind=kind))
    except ExportError as exc:
        if exc.row is not None:
            raise
        raise UnsafeFile(ErrorCode.FILE_NOT_RECOGNISED, reason=exc) from None


def _deso_json(path: Path) -> Extract:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnsafeFile(ErrorCode.NOT_JSON, name=path.name, reason=exc) from None
    except RecursionError:  # [[[[… nested deeper than the parser's stack
        raise UnsafeFile(ErrorCode.NOT_JSON, name=path.name, reason=TOO_DEEP) from None
    if not (isinstance(document, dict) and "areas" in document and "kommun" in document):
        raise UnsafeFile(ErrorCode.UNKNOWN_JSON, name=path.name)
    observations = read_deso_json(path, source=f"SCB ({path.name})")
    return Extract(
        source="scb-file",
        description=f"DeSO 2025: {path.name}",
        rows=[SourceRow(o, Where(path.name)) for o in observations],
        files=(path.name,),
        checksum=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


@dataclass(frozen=True)
class _Head:
    """The first line of a text file, read once: its columns, delimiter and encoding."""

    columns: tuple[str, ...] = ()
    delimiter: str = ","
    utf16: bool = False

    @classmethod
    def read(cls, path: Path) -> _Head:
        with path.open("rb") as handle:
            raw = handle.read(65536)
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        if utf16:
            text = raw[: len(raw) // 2 * 2].decode("utf-16", errors="replace")
        else:
            text = decode_text(raw[: raw.rfind(b"\n") + 1] or raw)
        line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
        delimiter = guess_delimiter(line)
        columns = tuple(c.strip().strip('"').lower() for c in line.split(delimiter))
        return cls(columns, delimiter, utf16)
