"""Importing the personnel, internal-control and financing tables (docs/personnel-and-control.md).

A file is CSV (``,`` ``;`` or tab) or an Excel workbook; each CSV file and each sheet holds one
table, recognised by its header row (:data:`LAYOUTS`: the column names, in any order, any
case). Every cell is checked first — a text in an amount, an empty required cell, an unknown
code, a share outside 0–100, a key twice, a total row ("Summa …") that does not add up, an
investment's deviation that is not budget minus outcome — and each problem names the file,
sheet, row and column. Only when there is none are the rows written, all files in one
transaction, each changed row as the next revision of its key (:mod:`kommunanalys.store.
staff_control`), with one audit event per table; the same file twice writes nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kommunanalys.catalog.staff_control import ControlStatus, StaffMeasure, StaffUnit, code_for
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.i18n.labels import CONTROL_STATUS, STAFF_MEASURE
from kommunanalys.ingest.layout_table import (
    LayoutColumn,
    LayoutTable,
    header_text,
    read_grids,
    read_layout,
)
from kommunanalys.ingest.layout_table import text as _text
from kommunanalys.model import Gender
from kommunanalys.rows import Problem, Where
from kommunanalys.sources.adapter import SourceError
from kommunanalys.sources.numbers import NotANumber, NotAYear, parse_number, parse_year
from kommunanalys.store import Store
from kommunanalys.store.staff_control import (
    CONTRACT_FOLLOWUP,
    CONTROL_AUDIT,
    CONTROL_RISK,
    INVESTMENT,
    SPECIAL_INITIATIVE,
    STAFF_FIGURE,
    STATE_GRANT,
    StaffControlRows,
    Table,
)

#: what an amount's cell may hold instead of a number: nothing ("-" as the report prints it;
#: the statistics markers "..", "x" are no amounts and are refused)
NOTHING = frozenset({"", "-", "–"})
#: the start of the name of a total row (checked, not stored)
TOTAL_PREFIX = "summa"


class LayoutKind(StrEnum):
    PERSONNEL = "personal"
    CONTROL_PLAN = "kontrollplan"
    AUDIT = "revision"
    CONTRACTS = "avtalsuppfoljning"
    GRANTS = "statsbidrag"
    INITIATIVES = "satsningar"
    INVESTMENTS = "investeringar"


class Kind(StrEnum):
    """How a cell is read."""

    TEXT = "text"
    OPTIONAL_TEXT = "optional_text"
    AMOUNT = "amount"  # a number; empty or "-" is none
    WHOLE = "whole"  # a whole number ≥ 0; empty is none
    SHARE = "share"  # a number 0–100; empty is none
    MEASURE = "measure"
    GENDER = "gender"
    STATUS = "status"


@dataclass(frozen=True)
class Column(LayoutColumn):
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Layout:
    kind: LayoutKind
    table: Table
    columns: tuple[Column, ...]
    #: the column whose "Summa …" row is a total of the number columns
    total_of: str | None = None
    #: a column that may be left out (its field then is the default)
    optional: frozenset[str] = field(default_factory=frozenset)


def _c(header: str, name: str, kind: Kind = Kind.TEXT) -> Column:
    return Column(header, name, kind=kind)


_HEAD = (_c("nämnd", "committee"), _c("år", "year"))
LAYOUTS = (
    Layout(
        LayoutKind.PERSONNEL,
        STAFF_FIGURE,
        (
            *_HEAD,
            _c("mått", "measure", Kind.MEASURE),
            _c("enhet", "unit_name", Kind.OPTIONAL_TEXT),
            _c("kön", "gender", Kind.GENDER),
            _c("värde", "value", Kind.AMOUNT),
            _c("kommunen", "kommun_value", Kind.AMOUNT),
        ),
        optional=frozenset({"enhet", "kön", "kommunen"}),
    ),
    Layout(
        LayoutKind.CONTROL_PLAN,
        CONTROL_RISK,
        (
            *_HEAD,
            _c("process", "process"),
            _c("risk", "risk"),
            _c("riskåtgärd", "action"),
            _c("status", "status", Kind.STATUS),
            _c("kommentar", "comment", Kind.OPTIONAL_TEXT),
        ),
        optional=frozenset({"kommentar"}),
    ),
    Layout(
        LayoutKind.AUDIT,
        CONTROL_AUDIT,
        (
            *_HEAD,
            _c("granskning", "audit"),
            _c("diarienummer", "reference", Kind.OPTIONAL_TEXT),
            _c("bakgrund", "background", Kind.OPTIONAL_TEXT),
            _c("åtgärd", "action"),
            _c("status", "status", Kind.STATUS),
            _c("kommentar", "comment", Kind.OPTIONAL_TEXT),
        ),
        optional=frozenset({"diarienummer", "bakgrund", "kommentar"}),
    ),
    Layout(
        LayoutKind.CONTRACTS,
        CONTRACT_FOLLOWUP,
        (
            *_HEAD,
            _c("ramavtal", "framework"),
            _c("utförare vid årets början", "providers_start", Kind.WHOLE),
            _c("utförare vid årets slut", "providers_end", Kind.WHOLE),
            _c("uppföljda", "followed_up", Kind.WHOLE),
            _c("andel godkända", "approved_share", Kind.SHARE),
            _c("resultat", "result", Kind.OPTIONAL_TEXT),
        ),
        optional=frozenset({"resultat"}),
    ),
    Layout(
        LayoutKind.GRANTS,
        STATE_GRANT,
        (
            *_HEAD,
            _c("bidrag", "name"),
            _c("sökt", "applied", Kind.AMOUNT),
            _c("erhållet", "received", Kind.AMOUNT),
            _c("budgeterat", "budgeted", Kind.AMOUNT),
            _c("nämndmål", "objective", Kind.OPTIONAL_TEXT),
            _c("not", "note", Kind.OPTIONAL_TEXT),
        ),
        total_of="name",
        optional=frozenset({"nämndmål", "not"}),
    ),
    Layout(
        LayoutKind.INITIATIVES,
        SPECIAL_INITIATIVE,
        (
            *_HEAD,
            _c("satsning", "name"),
            _c("budget", "budget", Kind.AMOUNT),
            _c("utfall", "outcome", Kind.AMOUNT),
        ),
        total_of="name",
    ),
    Layout(
        LayoutKind.INVESTMENTS,
        INVESTMENT,
        (
            *_HEAD,
            _c("investering", "name"),
            _c("budget", "budget", Kind.AMOUNT),
            _c("utfall", "outcome", Kind.AMOUNT),
            _c("avvikelse", "deviation", Kind.AMOUNT),
        ),
        total_of="name",
        optional=frozenset({"avvikelse"}),
    ),
)
BY_KIND = {layout.kind: layout for layout in LAYOUTS}
#: the tables each command imports
PERSONNEL = (LayoutKind.PERSONNEL,)
CONTROL = (LayoutKind.CONTROL_PLAN, LayoutKind.AUDIT, LayoutKind.CONTRACTS)
FINANCING = (LayoutKind.GRANTS, LayoutKind.INITIATIVES, LayoutKind.INVESTMENTS)


@dataclass(frozen=True)
class TableImport:
    """One table of one file (or sheet), read and checked."""

    layout: Layout
    where: Where
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class StaffImportResult:
    problems: tuple[Problem, ...] = ()
    #: per table imported: (layout, file, rows added, revised, unchanged)
    written: tuple[tuple[LayoutKind, str, int, int, int], ...] = ()
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One Swedish sentence for the CLI and the audit trail."""
        if self.problems:
            return f"Importen avvisades: {len(self.problems)} fel, inget skrevs."
        added = sum(w[2] for w in self.written)
        revised = sum(w[3] for w in self.written)
        unchanged = sum(w[4] for w in self.written)
        text = f"{added} nya, {revised} reviderade, {unchanged} oförändrade rader."
        return ("Förhandsgranskning: " + text) if self.dry_run else text


class _Bad(Exception):
    def __init__(self, error: KommunanalysError) -> None:
        self.error = error


def import_tables(
    store: Store,
    paths: Sequence[Path],
    *,
    allowed: Sequence[LayoutKind] = tuple(LayoutKind),
    actor: str = "system",
    dry_run: bool = False,
) -> StaffImportResult:
    """Check every table of ``paths``, then write them all or nothing (see the module)."""
    tables: list[TableImport] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            grids = read_grids(path, every_sheet=True)
        except SourceError as error:  # missing, empty, too large, not a table, damaged
            problems.append(Problem(Where(path.name), str(error)))
            continue
        for sheet, grid in grids:
            table, found = read_table(grid, Where(path.name, sheet), allowed)
            problems.extend(found)
            if table is not None:
                tables.append(table)
    if problems:
        return StaffImportResult(problems=tuple(problems))
    repo = StaffControlRows(store.backend)
    written = []
    with store.transaction():
        for t in tables:
            stored = repo.write(
                t.layout.table,
                [r[: 2 + len(t.layout.table.columns)] for r in t.rows],
                source_file=t.where.file,
                actor=actor,
            )
            written.append(
                (t.layout.kind, str(t.where), stored.added, stored.revised, stored.unchanged)
            )
            if not dry_run and (stored.added or stored.revised):
                store.audit.record(
                    actor,
                    "staff_control.import",
                    f"{t.layout.table.name}:{t.where}",
                    new={"added": stored.added, "revised": stored.revised},
                    detail=f"{stored.unchanged} oförändrade",
                )
        if dry_run:
            raise _DryRun(StaffImportResult(written=tuple(written), dry_run=True))
    return StaffImportResult(written=tuple(written))


class _DryRun(Exception):
    def __init__(self, result: StaffImportResult) -> None:
        self.result = result


def preview_tables(
    store: Store, paths: Sequence[Path], *, allowed: Sequence[LayoutKind] = tuple(LayoutKind)
) -> StaffImportResult:
    """What :func:`import_tables` would do, written and rolled back."""
    try:
        return import_tables(store, paths, allowed=allowed, dry_run=True)
    except _DryRun as done:
        return done.result


def read_table(
    grid: list[list[Any]], where: Where, allowed: Sequence[LayoutKind]
) -> tuple[TableImport | None, list[Problem]]:
    """One table from its ``grid`` (header first): its rows (committee, year, the table's
    columns, and last the row number), or the problems."""
    found = read_layout(grid, where.file, where.sheet, ())
    if found is None:
        return None, [_problem(where, ErrorCode.TABLE_FILE_NO_ROWS)]
    layout = _layout_of([header_text(h) for h in found.header])
    if layout is None:
        names = ", ".join(k.value for k in LayoutKind)
        return None, [
            _problem(found.where(found.header_row), ErrorCode.TABLE_LAYOUT_UNKNOWN, layouts=names)
        ]
    if layout.kind not in allowed:
        return None, [
            _problem(
                found.where(found.header_row),
                ErrorCode.TABLE_LAYOUT_NOT_HERE,
                layout=layout.kind.value,
                layouts=", ".join(allowed),
            )
        ]
    table = found.laid_out(layout.columns)
    problems: list[Problem] = []
    read: list[tuple[int, dict[str, Any]]] = []
    for offset, cells in table.rows:
        values: dict[str, Any] = {}
        for column in layout.columns:
            try:
                values[column.field] = _read(column, table.cell(cells, column.field))
            except _Bad as bad:
                problems.append(Problem(table.where(offset, column.field), str(bad.error)))
        read.append((offset, values))
    if problems:
        return None, problems
    problems.extend(_check(layout, read, table))
    if problems:
        return None, problems
    out = tuple(
        (
            v["committee"],
            v["year"],
            *(v.get(c) for c in layout.table.columns),
            row,
        )
        for row, v in read
        if not _is_total(layout, v)
    )
    return TableImport(layout, where, out), []


def _layout_of(header: list[str]) -> Layout | None:
    present = {h for h in header if h}
    for layout in LAYOUTS:
        names = {c.header for c in layout.columns}
        if names - layout.optional <= present <= names:
            return layout
    return None


def _read(column: Column, raw: Any) -> Any:
    text = _text(raw)
    if column.kind is Kind.TEXT:
        if not text:
            raise _Bad(KommunanalysError(ErrorCode.TABLE_CELL_EMPTY))
        return text if column.field != "year" else _year(text)
    if column.kind is Kind.OPTIONAL_TEXT:
        return text
    if column.kind is Kind.GENDER:
        return _code(text or Gender.TOTAL.value, lambda t: _gender(t), "T, K, M")
    if column.kind is Kind.MEASURE:
        return _code(
            text,
            lambda t: code_for(StaffMeasure, t, STAFF_MEASURE),
            ", ".join(m.value for m in StaffMeasure),
        )
    if column.kind is Kind.STATUS:
        return _code(
            text,
            lambda t: code_for(ControlStatus, t, CONTROL_STATUS),
            ", ".join(CONTROL_STATUS[s.value] for s in ControlStatus),
        )
    if text in NOTHING:
        return None
    try:
        number = parse_number(raw)
    except NotANumber as error:
        raise _Bad(error) from None
    if column.kind is Kind.WHOLE and number is not None:
        if number < 0 or not number.is_integer():
            raise _Bad(KommunanalysError(ErrorCode.TABLE_CELL_NOT_WHOLE, v=text))
        return int(number)
    if column.kind is Kind.SHARE and number is not None and not 0 <= number <= 100:
        raise _Bad(KommunanalysError(ErrorCode.TABLE_SHARE_OUT_OF_RANGE, v=text))
    return number


def _year(text: str) -> int:
    try:
        return parse_year(text)
    except NotAYear as error:
        raise _Bad(error) from None


def _gender(text: str) -> str | None:
    wanted = text.strip().upper()
    return wanted if wanted in {g.value for g in Gender} else None


def _code(text: str, find: Callable[[str], Any], choices: str) -> str:
    if not text:
        raise _Bad(KommunanalysError(ErrorCode.TABLE_CELL_EMPTY))
    found = find(text)
    if found is None:
        raise _Bad(KommunanalysError(ErrorCode.TABLE_CELL_UNKNOWN_CODE, v=text, choices=choices))
    return str(found)


def _check(
    layout: Layout, read: list[tuple[int, dict[str, Any]]], table: LayoutTable
) -> list[Problem]:
    """Keys twice, percentages and indices outside 0–100, totals and deviations."""
    problems: list[Problem] = []
    if layout.kind is LayoutKind.PERSONNEL:
        for row, v in read:
            if StaffMeasure(v["measure"]).unit is StaffUnit.COUNT:
                continue
            for name in ("value", "kommun_value"):
                x = v.get(name)
                if x is not None and not 0 <= x <= 100:
                    problems.append(
                        _problem(
                            table.where(row, name),
                            ErrorCode.TABLE_SHARE_OUT_OF_RANGE,
                            v=_shown(x),
                        )
                    )
    seen: dict[tuple[Any, ...], int] = {}
    numbers = [c for c in layout.columns if c.kind is Kind.AMOUNT and c.field != "deviation"]
    sums: dict[tuple[str, int], dict[str, float]] = {}
    for row, v in read:
        if _is_total(layout, v):
            continue
        key = (v["committee"], v["year"], *(v.get(k) for k in layout.table.key))
        if key in seen:
            key_names = ", ".join(c.header for c in layout.columns if c.field in layout.table.key)
            problems.append(
                _problem(table.where(row), ErrorCode.TABLE_KEY_TWICE, row=seen[key], key=key_names)
            )
        seen.setdefault(key, row)
        group = sums.setdefault((v["committee"], v["year"]), {})
        for c in numbers:
            group[c.field] = group.get(c.field, 0.0) + (v.get(c.field) or 0.0)
        group["deviation"] = group.get("deviation", 0.0) + _deviation(v)
        stated = v.get("deviation")
        if stated is not None and abs(stated - _deviation(v)) > 1e-6:
            problems.append(
                _problem(
                    table.where(row, "deviation"),
                    ErrorCode.TABLE_DEVIATION_MISMATCH,
                    deviation=_shown(stated),
                    expected=_shown(_deviation(v)),
                )
            )
    for row, v in read:
        if not _is_total(layout, v):
            continue
        group = sums.get((v["committee"], v["year"]), {})
        for c in (*numbers, *(x for x in layout.columns if x.field == "deviation")):
            stated = v.get(c.field)
            total = group.get(c.field, 0.0)
            if stated is not None and abs(stated - total) > 1e-6:
                problems.append(
                    _problem(
                        table.where(row, c.field),
                        ErrorCode.TABLE_TOTAL_MISMATCH,
                        total=_shown(stated),
                        sum=_shown(total),
                    )
                )
    return problems


def _deviation(v: dict[str, Any]) -> float:
    """An investment's deviation: budget minus outcome (an outcome of "-" is none spent)."""
    return float(v.get("budget") or 0.0) - float(v.get("outcome") or 0.0)


def _is_total(layout: Layout, values: dict[str, Any]) -> bool:
    name = values.get(layout.total_of or "")
    return isinstance(name, str) and name.casefold().startswith(TOTAL_PREFIX)


def _shown(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _problem(where: Where, code: ErrorCode, **values: Any) -> Problem:
    return Problem(where, str(KommunanalysError(code, **values)))
