"""Import of the economy: ledger extracts, budgets and forecasts, monthly placement volumes.

The ingestion's rules hold (``docs/economy.md`` has the layouts): every row is checked first
and every problem names the file, sheet, row and column; one problem and nothing is written;
the rows that pass are merged in one transaction as new revisions (:mod:`.store.economy`), so
the same file imported twice writes nothing new; the import is recorded and audited.

A ledger file (``period, ansvar, konto, belopp``) is summed per month × verksamhet × cost
type with the TOML mapping (:mod:`.economy_mapping`); amounts are added in öre, so sums are
exact. A file is complete for each verksamhet and month it names: a cost type it no longer
books there becomes zero (a revision), so a corrected extract replaces the one before. A row
whose period says ``Summa``/``Totalt`` is a total: it must equal the sum of the file's amounts
to the öre. The same layout with ``kostnadsslag`` instead of ``konto`` is read too (a budget
is seldom per account).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kommunanalys.analysis.economy_model import AmountKind, CostType, Month, Regi, VolumeMeasure
from kommunanalys.ingest.economy_mapping import EconomyMapping, read_mapping
from kommunanalys.ingest.pipeline import ImportResult
from kommunanalys.rows import Problem, Where
from kommunanalys.sources.adapter import SourceError
from kommunanalys.sources.file_safety import check_file
from kommunanalys.sources.grid import csv_rows, sheet_rows, text_lines
from kommunanalys.sources.numbers import NotANumber, parse_number
from kommunanalys.store import Store
from kommunanalys.store.economy import SOURCE

#: a column's accepted headers (lower case) → its role
_HEADERS = {
    "period": "period",
    "månad": "period",
    "manad": "period",
    "ansvar": "unit",
    "verksamhet": "unit",
    "insats": "unit",
    "konto": "account",
    "kostnadsslag": "cost_type",
    "belopp": "amount",
    "placerade": "placed",
    "antal placerade": "placed",
    "vårddygn": "care_days",
    "varddygn": "care_days",
    "regi": "regi",
}
_TOTALS = {"summa", "totalt", "total"}
_REGI = {"extern": Regi.EXTERNAL, "external": Regi.EXTERNAL, "egen": Regi.OWN, "own": Regi.OWN}
_KIND_VERSIONS = {AmountKind.FORECAST: ("delar1", "delar2", "helar")}


@dataclass(frozen=True)
class _Table:
    file: str
    sheet: str | None
    header: dict[str, int]  # role → column index
    names: dict[str, str]  # role → the header as written
    rows: list[tuple[int, list[Any]]]  # (1-based row number, cells)


def _read(path: Path, sheet: str | None) -> list[list[Any]] | tuple[str, list[list[Any]]]:
    kind = check_file(path)
    if kind == "xlsx":
        return sheet_rows(path, sheet)
    return [list(r) for r in csv_rows(text_lines(path.read_bytes()))]


def _table(
    path: Path, sheet: str | None, needed: Sequence[str]
) -> tuple[_Table | None, list[Problem]]:
    try:
        read = _read(path, sheet)
    except SourceError as exc:
        return None, [Problem(Where(path.name, sheet), str(exc))]
    sheet_name, rows = read if isinstance(read, tuple) else (None, read)
    if not rows:
        return None, [Problem(Where(path.name, sheet_name, 1), "filen har ingen rubrikrad")]
    header: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, cell in enumerate(rows[0]):
        role = _HEADERS.get(str(cell or "").strip().lower())
        if role and role not in header:
            header[role], names[role] = i, str(cell).strip()
    missing = [n for n in needed if not any(r in header for r in n.split("|"))]
    if missing:
        written = ", ".join(str(c) for c in rows[0] if c is not None)
        return None, [
            Problem(
                Where(path.name, sheet_name, 1),
                f"kolumnen {' och '.join(repr(m.replace('|', ' eller ')) for m in missing)} "
                f"saknas i rubrikraden (kolumner: {written})",
            )
        ]
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c not in (None, "") for c in r)]
    return _Table(path.name, sheet_name, header, names, body), []


def _cell(table: _Table, row: list[Any], role: str) -> Any:
    index = table.header.get(role)
    return None if index is None or index >= len(row) else row[index]


def _ore(raw: Any) -> int:
    """An amount in whole öre (exact sums); :class:`NotANumber` for text."""
    return round(parse_number(raw) * 100)


def _checksum(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _rejected(description: str, problems: Sequence[Problem], files: Sequence[str]) -> ImportResult:
    return ImportResult(SOURCE, description, problems=tuple(problems), files=tuple(files))


# -- amounts ---------------------------------------------------------------------------------
def read_amounts(
    path: Path,
    mapping: EconomyMapping,
    *,
    kind: AmountKind,
    version: str = "",
    sheet: str | None = None,
) -> tuple[dict[tuple[str, str, str], int], int, list[Problem]]:
    """The file's amounts summed per ``(unit, month, cost_type)`` in öre (signed as the
    resultaträkning), the number of rows read, and the problems."""
    table, problems = _table(path, sheet, ("period", "unit", "account|cost_type", "amount"))
    if table is None:
        return {}, 0, problems
    flip = -1 if mapping.sign == "debet" else 1
    sums: dict[tuple[str, str, str], int] = {}
    total_rows: list[tuple[int, int]] = []
    file_sum = 0
    for number, row in table.rows:

        def where(role: str, number: int = number) -> Where:
            return Where(table.file, table.sheet, number, table.names.get(role))

        period = _cell(table, row, "period")
        try:
            amount = _ore(_cell(table, row, "amount"))
        except NotANumber as exc:
            problems.append(Problem(where("amount"), f"'{exc.text}' är inget belopp"))
            continue
        if str(period or "").strip().lower() in _TOTALS:
            total_rows.append((number, amount))
            continue
        file_sum += amount
        try:
            month = Month.parse(_cell(table, row, "period"))
        except ValueError as exc:
            problems.append(Problem(where("period"), str(exc)))
            continue
        code = str(_cell(table, row, "unit") or "").strip()
        unit = mapping.unit_of(code)
        if unit is None:
            problems.append(
                Problem(
                    where("unit"), f"'{code}' är ingen verksamhet eller ansvarskod i mappningen"
                )
            )
            continue
        if "account" in table.header:
            account = str(_cell(table, row, "account") or "").strip()
            cost_type = mapping.cost_type_of(account)
            if cost_type is None:
                problems.append(
                    Problem(where("account"), f"kontot '{account}' finns inte i mappningen")
                )
                continue
        else:
            raw_type = str(_cell(table, row, "cost_type") or "").strip()
            try:
                cost_type = CostType(raw_type)
            except ValueError:
                known = ", ".join(c.value for c in CostType)
                problems.append(
                    Problem(where("cost_type"), f"'{raw_type}' är inget kostnadsslag ({known})")
                )
                continue
        key = (unit, str(month), cost_type.value)
        sums[key] = sums.get(key, 0) + flip * amount
    for number, total in total_rows:
        if total != file_sum:
            problems.append(
                Problem(
                    Where(table.file, table.sheet, number, table.names["amount"]),
                    f"summaraden {total / 100:.2f} stämmer inte med summan av raderna "
                    f"{file_sum / 100:.2f}",
                )
            )
    if kind not in _KIND_VERSIONS and version:
        problems.append(Problem(Where(table.file), f"{kind.value} har ingen version ('{version}')"))
    elif kind in _KIND_VERSIONS and version not in _KIND_VERSIONS[kind]:
        problems.append(
            Problem(
                Where(table.file),
                f"en prognos behöver en version: {', '.join(_KIND_VERSIONS[kind])}",
            )
        )
    return sums, len(table.rows), problems


def import_amounts(
    store: Store,
    paths: Sequence[Path],
    mapping_path: Path,
    *,
    kind: AmountKind = AmountKind.OUTCOME,
    version: str = "",
    sheet: str | None = None,
    actor: str = "system",
    synthetic: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Import ledger or budget files with their mapping: all checked first, all or nothing."""
    files = tuple(p.name for p in paths)
    description = f"ekonomi {kind.value}{' ' + version if version else ''}: {', '.join(files)}"
    mapping, problems = read_mapping(mapping_path)
    if mapping is None:
        return _rejected(description, problems, files)
    sums: dict[tuple[str, str, str], int] = {}
    read = 0
    for path in paths:
        part, rows, part_problems = read_amounts(
            path, mapping, kind=kind, version=version, sheet=sheet
        )
        problems.extend(part_problems)
        read += rows
        for key, ore in part.items():
            sums[key] = sums.get(key, 0) + ore
    if problems:
        return _rejected(description, problems, files)
    # a file is complete for every verksamhet and month it names: what it no longer books
    # there (an amount moved to another account) becomes zero, as a new revision
    named = {(unit, month) for unit, month, _ in sums}
    for unit, month, cost_type, stored_kind, stored_version, amount, _ in store.economy.amounts(
        mapping.committee
    ):
        key = (unit, month, cost_type)
        if (
            (unit, month) in named
            and key not in sums
            and (stored_kind, stored_version) == (kind.value, version)
            and amount != 0
        ):
            sums[key] = 0
    rows_out = [
        (mapping.committee, unit, month, cost_type, kind.value, version, ore / 100)
        for (unit, month, cost_type), ore in sorted(sums.items())
    ]
    return _merge(
        store, mapping, description, paths, read, actor, synthetic, dry_run, amounts=rows_out
    )


# -- volumes ---------------------------------------------------------------------------------
def read_volumes(
    path: Path, mapping: EconomyMapping, *, kind: AmountKind, sheet: str | None = None
) -> tuple[list[tuple[str, str, str, str, str, float]], int, list[Problem]]:
    """``(unit, month, measure, regi, kind, value)`` of a volume file, the rows read, the
    problems."""
    table, problems = _table(path, sheet, ("period", "unit", "placed"))
    if table is None:
        return [], 0, problems
    out: list[tuple[str, str, str, str, str, float]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in table.rows:

        def where(role: str, number: int = number) -> Where:
            return Where(table.file, table.sheet, number, table.names.get(role))

        try:
            month = Month.parse(_cell(table, row, "period"))
        except ValueError as exc:
            problems.append(Problem(where("period"), str(exc)))
            continue
        code = str(_cell(table, row, "unit") or "").strip()
        unit = mapping.unit_of(code)
        if unit is None:
            problems.append(Problem(where("unit"), f"'{code}' är ingen insats i mappningen"))
            continue
        raw_regi = str(_cell(table, row, "regi") or "extern").strip().lower()
        regi = _REGI.get(raw_regi)
        if regi is None:
            problems.append(
                Problem(where("regi"), f"'{raw_regi}' är ingen regi (extern eller egen)")
            )
            continue
        key = (unit, str(month), regi.value)
        if key in seen:
            problems.append(
                Problem(where("unit"), f"{code} {month} {raw_regi} står redan på rad {seen[key]}")
            )
            continue
        seen[key] = number
        for role, measure in (
            ("placed", VolumeMeasure.PLACED),
            ("care_days", VolumeMeasure.CARE_DAYS),
        ):
            raw = _cell(table, row, role)
            if raw is None or raw == "":
                continue
            try:
                value = parse_number(raw)
            except NotANumber as exc:
                problems.append(Problem(where(role), f"'{exc.text}' är inget antal"))
                continue
            if value < 0:
                problems.append(Problem(where(role), f"{raw} är negativt"))
                continue
            out.append((unit, str(month), measure.value, regi.value, kind.value, value))
    return out, len(table.rows), problems


def import_volumes(
    store: Store,
    paths: Sequence[Path],
    mapping_path: Path,
    *,
    kind: AmountKind = AmountKind.OUTCOME,
    sheet: str | None = None,
    actor: str = "system",
    synthetic: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Import monthly volume files (the outcome, or the volume budget) with their mapping:
    all checked first, all or nothing."""
    files = tuple(p.name for p in paths)
    description = f"ekonomi volymer {kind.value}: {', '.join(files)}"
    if kind not in (AmountKind.OUTCOME, AmountKind.BUDGET):
        problem = Problem(Where(", ".join(files)), "volymer finns bara som utfall och budget")
        return _rejected(description, [problem], files)
    mapping, problems = read_mapping(mapping_path)
    if mapping is None:
        return _rejected(description, problems, files)
    rows: list[tuple[str, str, str, str, str, float]] = []
    read = 0
    for path in paths:
        part, count, part_problems = read_volumes(path, mapping, kind=kind, sheet=sheet)
        rows.extend(part)
        read += count
        problems.extend(part_problems)
    keys = [r[:5] for r in rows]
    if len(set(keys)) != len(keys):
        problems.append(
            Problem(Where(", ".join(files)), "samma insats och månad står i flera filer")
        )
    if problems:
        return _rejected(description, problems, files)
    volumes = [(mapping.committee, *r) for r in rows]
    return _merge(
        store, mapping, description, paths, read, actor, synthetic, dry_run, volumes=volumes
    )


def _merge(
    store: Store,
    mapping: EconomyMapping,
    description: str,
    paths: Sequence[Path],
    read: int,
    actor: str,
    synthetic: bool,
    dry_run: bool,
    *,
    amounts: Sequence[tuple[Any, ...]] = (),
    volumes: Sequence[tuple[Any, ...]] = (),
) -> ImportResult:
    files = tuple(p.name for p in paths)
    units = [(u.code, u.name, u.level.value, u.parent) for u in mapping.units]
    ledger = [(c, u.code) for u in mapping.units for c in u.ledger_codes]

    class _DryRun(Exception):
        pass

    economy = store.economy
    result: ImportResult | None = None
    try:
        with store.transaction():
            import_id = economy.next_import_id()
            economy.replace_units(mapping.committee, units, ledger)
            if amounts:
                counts = economy.merge_amounts(amounts, import_id=import_id, synthetic=synthetic)
            else:
                counts = economy.merge_volumes(volumes, import_id=import_id, synthetic=synthetic)
            economy.record_import(
                description=description,
                checksum=_checksum(paths),
                files=files,
                counts=counts,
                rows_read=read,
                synthetic=synthetic,
                actor=actor,
            )
            result = ImportResult(
                SOURCE,
                description,
                staged=counts.staged,
                added=counts.added,
                revised=counts.revised,
                unchanged=counts.unchanged,
                files=files,
                dry_run=dry_run,
            )
            store.audit.record(
                actor,
                "economy.import",
                f"economy/{mapping.committee}",
                new={"import": import_id, "added": counts.added, "revised": counts.revised},
                detail=description,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    return result
