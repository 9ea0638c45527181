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

import codecs
import hashlib
import mmap
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kommunanalys.analysis.economy_model import AmountKind, CostType, Month, Regi, VolumeMeasure
from kommunanalys.ingest.economy_mapping import EconomyMapping, read_mapping
from kommunanalys.ingest.layout_table import (
    LayoutColumn,
    LayoutTable,
    Naming,
    match_header,
    read_grids,
    read_layout,
)
from kommunanalys.ingest.pipeline import ImportResult
from kommunanalys.rows import Problem, Where
from kommunanalys.sources.adapter import SourceError
from kommunanalys.sources.file_safety import MAX_FILE_BYTES, check_file
from kommunanalys.sources.grid import guess_delimiter
from kommunanalys.sources.numbers import NotANumber, parse_number
from kommunanalys.store import Store
from kommunanalys.store.economy import SOURCE
from kommunanalys.store.ledger_stage import LedgerFile, LedgerGroup, LedgerStage

#: The largest ledger, budget or volume file: the import's file limit (100 MB), not the tidy
#: import's 20 GB. A kommun's ledger extract is a few MB a year, and a file with anything to
#: report is read row by row, held in memory, to word its problems; a larger ledger is
#: imported as several files (one per quarter, say) in one call (docs/economy.md).
MAX_LEDGER_BYTES = MAX_FILE_BYTES

#: the layouts (docs/economy.md): a column's name, its field and its other accepted names
_PERIOD = LayoutColumn("period", "period", ("månad", "manad"))
_UNIT = LayoutColumn("ansvar", "unit", ("verksamhet", "insats"))
LEDGER = (
    _PERIOD,
    _UNIT,
    LayoutColumn("konto", "account"),
    LayoutColumn("kostnadsslag", "cost_type"),
    LayoutColumn("belopp", "amount"),
)
VOLUMES = (
    _PERIOD,
    _UNIT,
    LayoutColumn("placerade", "placed", ("antal placerade",)),
    LayoutColumn("vårddygn", "care_days", ("varddygn",)),
    LayoutColumn("regi", "regi"),
)
_TOTALS = {"summa", "totalt", "total"}
_REGI = {"extern": Regi.EXTERNAL, "external": Regi.EXTERNAL, "egen": Regi.OWN, "own": Regi.OWN}
#: a carriage return that ends no line as ``\\r\\n`` (the row-by-row reading makes it a line end)
_LONE_CR = re.compile(rb"\r(?!\n)")
_KIND_VERSIONS = {AmountKind.FORECAST: ("delar1", "delar2", "helar")}


def _table(
    path: Path, sheet: str | None, columns: Sequence[LayoutColumn], needed: Sequence[str]
) -> tuple[LayoutTable | None, list[Problem]]:
    """The file's table in the layout of ``columns``, with every ``needed`` field (``a|b``:
    either), or the problems. A problem names a column by its header as written."""
    try:
        [(sheet_name, grid)] = read_grids(path, sheet, max_bytes=MAX_LEDGER_BYTES)
    except SourceError as exc:
        return None, [Problem(Where(path.name, sheet), str(exc))]
    table = read_layout(grid, path.name, sheet_name, columns, Naming.WRITTEN)
    if table is None:
        return None, [Problem(Where(path.name, sheet_name, 1), "filen har ingen rubrikrad")]
    missing = [n for n in needed if not any(table.has(r) for r in n.split("|"))]
    if missing:
        written = ", ".join(c for c in table.header if c)
        return None, [
            Problem(
                table.where(table.header_row),
                f"kolumnen {' och '.join(repr(m.replace('|', ' eller ')) for m in missing)} "
                f"saknas i rubrikraden (kolumner: {written})",
            )
        ]
    return table, []


def _ore(raw: Any) -> int:
    """An amount in whole öre (exact sums); :class:`NotANumber` for text."""
    return round(parse_number(raw) * 100)


def _checksum(paths: Sequence[Path]) -> str:
    """The SHA-256 of the files' bytes one after the other, read a block at a time into one
    buffer (a whole file read at once cost three times the hashing: 12 × 52 MB, 2.1 s)."""
    digest = hashlib.sha256()
    block = bytearray(1 << 20)
    view = memoryview(block)
    for path in paths:
        with path.open("rb") as handle:
            while size := handle.readinto(block):
                digest.update(view[:size])
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
    table, problems = _table(path, sheet, LEDGER, ("period", "unit", "account|cost_type", "amount"))
    if table is None:
        return {}, 0, problems
    flip = -1 if mapping.sign == "debet" else 1
    sums: dict[tuple[str, str, str], int] = {}
    total_rows: list[tuple[int, int]] = []
    file_sum = 0
    for number, row in table.rows:

        def where(role: str, number: int = number) -> Where:
            return table.where(number, role)

        period = table.cell(row, "period")
        try:
            amount = _ore(table.cell(row, "amount"))
        except NotANumber as exc:
            problems.append(Problem(where("amount"), f"'{exc.text}' är inget belopp"))
            continue
        if str(period or "").strip().lower() in _TOTALS:
            total_rows.append((number, amount))
            continue
        file_sum += amount
        try:
            month = Month.parse(table.cell(row, "period"))
        except ValueError as exc:
            problems.append(Problem(where("period"), str(exc)))
            continue
        code = str(table.cell(row, "unit") or "").strip()
        unit = mapping.unit_of(code)
        if unit is None:
            problems.append(
                Problem(
                    where("unit"), f"'{code}' är ingen verksamhet eller ansvarskod i mappningen"
                )
            )
            continue
        if table.has("account"):
            account = str(table.cell(row, "account") or "").strip()
            cost_type = mapping.cost_type_of(account)
            if cost_type is None:
                problems.append(
                    Problem(where("account"), f"kontot '{account}' finns inte i mappningen")
                )
                continue
        else:
            raw_type = str(table.cell(row, "cost_type") or "").strip()
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
                    table.where(number, "amount"),
                    f"summaraden {total / 100:.2f} stämmer inte med summan av raderna "
                    f"{file_sum / 100:.2f}",
                )
            )
    problems += _version_problems(table.file, kind, version)
    return sums, len(table.rows), problems


def _version_problems(file: str, kind: AmountKind, version: str) -> list[Problem]:
    if kind not in _KIND_VERSIONS and version:
        return [Problem(Where(file), f"{kind.value} har ingen version ('{version}')")]
    if kind in _KIND_VERSIONS and version not in _KIND_VERSIONS[kind]:
        return [
            Problem(
                Where(file),
                f"en prognos behöver en version: {', '.join(_KIND_VERSIONS[kind])}",
            )
        ]
    return []


def _plain_csv(path: Path) -> tuple[str, list[str]] | None:
    """``(delimiter, header cells)`` of a CSV file the engine's reader reads as
    :func:`_read` does (UTF-8 with or without a byte order mark, no quote character, every
    line ending in ``\\n`` or ``\\r\\n``), else None. Byte searches at memory speed."""
    with path.open("rb") as handle:
        if handle.seek(0, 2) == 0:
            return None
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start = len(codecs.BOM_UTF8) if data[:3] == codecs.BOM_UTF8 else 0
            if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data.find(b'"') >= 0:
                return None
            if data.find(b"\r") >= 0 and _LONE_CR.search(data):  # find: at memory speed
                return None
            try:  # the start, as the row-by-row reading guesses the delimiter from it
                head = codecs.getincrementaldecoder("utf-8")().decode(data[start : start + 16384])
            except UnicodeDecodeError:
                return None
    text = head.replace("\r\n", "\n")
    delimiter = guess_delimiter(text[:4096])
    return delimiter, text.split("\n", 1)[0].split(delimiter)


def _ledger_file(path: Path) -> tuple[LedgerFile, str] | None:
    """Where a plain CSV ledger's columns are and its code's role (``account`` or
    ``cost_type``), or None when the file is not plain (an Excel file, or anything
    :func:`_plain_csv` refuses) or lacks a column."""
    try:
        if check_file(path, max_bytes=MAX_LEDGER_BYTES) == "xlsx":
            return None
    except SourceError:
        return None
    layout = _plain_csv(path)
    if layout is None:
        return None
    delimiter, header = layout
    roles = match_header(header, LEDGER)
    code = "account" if "account" in roles else "cost_type"
    if not all(r in roles for r in ("period", "unit", code, "amount")):
        return None
    columns = (roles["period"], roles["unit"], roles[code], roles["amount"])
    return LedgerFile(path, delimiter, len(header), *columns), code


def _unit_texts(mapping: EconomyMapping) -> dict[str, str]:
    """Every text :meth:`EconomyMapping.unit_of` maps as it is written (a code without
    whitespace around it, which the reading strips): text → unit, the first unit as there."""
    texts: dict[str, str] = {}
    for unit in mapping.units:
        for text in (unit.code, *unit.ledger_codes):
            if text == text.strip():
                texts.setdefault(text, unit.code)
    return texts


def _summed_in_database(
    store: Store, paths: Sequence[Path], mapping: EconomyMapping
) -> list[tuple[dict[tuple[str, str, str], int], int] | None]:
    """For each file, what :func:`read_amounts` gives for a plain CSV ledger without problems
    (the sums and the rows read), read and summed by the database: all the plain files of
    the import by one query (:class:`LedgerStage`), no row through Python, only the groups'
    few distinct periods and accounts and the ansvar codes the query's map does not hold,
    mapped as :func:`read_amounts` maps them. None for a file that is not plain or has anything
    :func:`read_amounts` would report: that reading then words the problems."""
    found: list[tuple[dict[tuple[str, str, str], int], int] | None] = [None] * len(paths)
    plain = [(i, f) for i, f in enumerate(map(_ledger_file, paths)) if f is not None]
    if not plain:
        return found
    roles = [role for _, (_, role) in plain]

    def cost_type(file: int, text: str) -> str | None:
        found = _cost_type(mapping, roles[file], text.strip())
        return None if found is None else found.value

    with LedgerStage(store.backend) as stage:
        rejected, groups = stage.read([f for _, (f, _) in plain], _unit_texts(mapping), cost_type)
    summed = _summed_groups(groups, len(plain), mapping)
    for n, (i, _) in enumerate(plain):
        found[i] = None if n in rejected else summed[n]
    return found


def _summed_groups(
    groups: Sequence[LedgerGroup], count: int, mapping: EconomyMapping
) -> list[tuple[dict[tuple[str, str, str], int], int] | None]:
    """The sums (öre, signed as the resultaträkning) and rows read of each of ``count``
    files from the query's groups; None for a file with anything to report: an amount not
    plain, a period that is no month, an ansvar code or account the mapping does not map, a
    total row that is not the sum of the file's rows."""
    flip = -1 if mapping.sign == "debet" else 1
    sums: list[dict[tuple[str, str, str], int]] = [{} for _ in range(count)]
    rows, file_sums = [0] * count, [0] * count
    totals: list[list[tuple[int | None, int | None]]] = [[] for _ in range(count)]
    failed: set[int] = set()
    months: dict[str, str | None] = {}
    units: dict[str, str | None] = {}
    for g in groups:
        f = g.file
        rows[f] += g.rows
        if g.odd:
            failed.add(f)
            continue
        if g.period.strip().lower() in _TOTALS:
            totals[f].append((g.low, g.high))
            continue
        if g.period not in months:
            try:
                months[g.period] = str(Month.parse(g.period))
            except ValueError:
                months[g.period] = None
        month = months[g.period]
        unit = g.unit
        if unit is None:
            text = g.unit_text or ""
            if text not in units:
                units[text] = mapping.unit_of(text.strip())
            unit = units[text]
        cost_type = g.code  # None: an account the mapping does not map
        if month is None or unit is None or cost_type is None:
            failed.add(f)
            continue
        key = (unit, month, cost_type)
        sums[f][key] = sums[f].get(key, 0) + flip * g.ore
        file_sums[f] += g.ore
    for f in range(count):  # a total row that is not the sum of the rows
        if any(low != file_sums[f] or high != file_sums[f] for low, high in totals[f]):
            failed.add(f)
    return [None if f in failed else (sums[f], rows[f]) for f in range(count)]


def _cost_type(mapping: EconomyMapping, role: str, text: str) -> CostType | None:
    if role == "account":
        return mapping.cost_type_of(text)
    try:
        return CostType(text)
    except ValueError:
        return None


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
    for path, summed in zip(paths, _summed_in_database(store, paths, mapping), strict=True):
        if summed is not None:
            (part, rows), part_problems = summed, _version_problems(path.name, kind, version)
        else:
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
    table, problems = _table(path, sheet, VOLUMES, ("period", "unit", "placed"))
    if table is None:
        return [], 0, problems
    out: list[tuple[str, str, str, str, str, float]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in table.rows:

        def where(role: str, number: int = number) -> Where:
            return table.where(number, role)

        try:
            month = Month.parse(table.cell(row, "period"))
        except ValueError as exc:
            problems.append(Problem(where("period"), str(exc)))
            continue
        code = str(table.cell(row, "unit") or "").strip()
        unit = mapping.unit_of(code)
        if unit is None:
            problems.append(Problem(where("unit"), f"'{code}' är ingen insats i mappningen"))
            continue
        raw_regi = str(table.cell(row, "regi") or "extern").strip().lower()
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
            raw = table.cell(row, role)
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
