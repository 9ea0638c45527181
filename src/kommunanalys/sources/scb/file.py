"""SCB Statistikdatabasen exports (Excel or CSV, as SCB writes them) as a source adapter.

A table the package knows (by its reference code, e.g. ``000005FM``, or the shipped file's
name) feeds the catalogue's indicators through :mod:`kommunanalys.sources.scb.export_tables`.
Any other table creates indicators named after its content columns (e.g. "Låg ekonomisk
standard, procent"), with the table's title and reference code as source and the value type and unit
inferred from the label; the pipeline adds them unconfirmed, for an analyst to confirm.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from kommunanalys.model import Gender, Indicator, Polarity, ValueType
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import CheckResult, Extract, Progress, no_progress
from kommunanalys.sources.grid import check_readable
from kommunanalys.sources.scb.export import YEAR, ExportError, ScbTable, read_export
from kommunanalys.sources.scb.export_tables import RULES
from kommunanalys.sources.scb.mapping import (
    ColumnRule,
    MappingError,
    RegionResolver,
    to_observations,
)
from kommunanalys.sources.scb.options import infer_value_type

_GENDERS = {"totalt": Gender.TOTAL, "kvinnor": Gender.WOMEN, "män": Gender.MEN}
_GENERIC_DOMAIN = "Befolkning"


@dataclass(frozen=True)
class ScbFileOptions:
    path: Path
    resolver: RegionResolver
    kind: str | None = None  # "xlsx" or "text", from the content


@dataclass(frozen=True)
class ScbFile:
    path: Path
    table: ScbTable
    checksum: str


class ScbFileAdapter:
    name: ClassVar[str] = "scb-file"
    Options = ScbFileOptions

    def check(self, options: ScbFileOptions) -> CheckResult:
        return check_readable(options.path)

    def fetch(self, options: ScbFileOptions, progress: Progress = no_progress) -> ScbFile:
        progress(0, None, f"Läser {options.path.name}")
        table = read_export(options.path, options.kind)
        digest = hashlib.sha256(options.path.read_bytes()).hexdigest()
        return ScbFile(options.path, table, digest)

    def to_extract(self, raw: ScbFile, options: ScbFileOptions) -> Extract:
        table = raw.table
        code = table.reference_code or raw.path.stem
        source = f"SCB {code} ({raw.path.name})"
        rules = known_rules(raw.path.name, table.reference_code)
        indicators: list[Indicator] = []
        if rules is None:
            indicators, rules = generic_rules(table)
        extract = Extract(
            source="scb-file",
            description=table.title or raw.path.name,
            indicators=indicators,
            files=(raw.path.name,),
            checksum=raw.checksum,
            rows_read=len(table.cells),
        )
        try:
            observations = to_observations(table, rules, options.resolver, source=source)
        except MappingError as exc:
            # the row and column in their own fields (as every import's problems have them)
            message = str(exc).removeprefix(f"{raw.path.name}: ")
            row, column = exc.values.get("row"), exc.values.get("column")
            if row is not None:
                message = message.split(": ", 1)[-1]
            extract.problems.append(Problem(Where(raw.path.name, row=row, column=column), message))
            return extract
        resolved = {r: options.resolver.resolve(r) for r in {c.region for c in table.cells}}
        row_of: dict[tuple[str, str | None], int] = {}
        for cell in table.cells:
            place = resolved[cell.region]
            if place is not None:
                row_of.setdefault((place[0], cell.year), cell.row)
        for o in observations:
            where = Where(raw.path.name, row=row_of.get((o.area, o.period)))
            extract.rows.append(SourceRow(o, where))
        extract.skipped = sum(1 for c in table.cells if resolved[c.region] is None)
        if not extract.rows:
            extract.problems.append(
                Problem(
                    Where(raw.path.name),
                    f"inga värden för kommunen {options.resolver.kommun} "
                    f"({options.resolver.kommun_name}) i filen",
                )
            )
        return extract


def known_rules(file_name: str, reference_code: str | None) -> tuple[ColumnRule, ...] | None:
    """The catalogue's rules for a known table, by reference code or shipped file name."""
    for prefix, rules in RULES.items():
        if (reference_code and reference_code.startswith(prefix)) or file_name.startswith(prefix):
            return rules
    return None


def generic_rules(table: ScbTable) -> tuple[list[Indicator], tuple[ColumnRule, ...]]:
    """One indicator per content column of an unknown table (gender columns feed K/M/T)."""
    code = (table.reference_code or Path(table.file).stem).lower()
    by_name: dict[str, Indicator] = {}
    rules: list[ColumnRule] = []
    seen: set[tuple[str, Gender]] = set()
    for cell in table.cells:
        labels = [YEAR.sub("", label).strip(" ,") for label in cell.labels]
        labels = [label for label in labels if label]
        gender = next((_GENDERS[x.lower()] for x in labels if x.lower() in _GENDERS), None)
        content = [x for x in labels if x.lower() not in _GENDERS]
        name = ", ".join(content) or table.title or code
        indicator_id = _slug(f"scb_{code}_{name}")
        if indicator_id not in by_name:
            value_type, unit = infer_value_type(name)
            multiplier = 100 if value_type is ValueType.PROPORTION else 1
            if value_type is ValueType.RATE:
                multiplier = int(re.sub(r"\D", "", unit) or 1)
            by_name[indicator_id] = Indicator(
                id=indicator_id,
                name_sv=name[:1].upper() + name[1:],
                name_en=name[:1].upper() + name[1:],
                domain=_GENERIC_DOMAIN,
                value_type=value_type,
                unit=unit,
                multiplier=multiplier,
                polarity=Polarity.NEUTRAL,
                source_kind="scb",
                source=f"SCB: {table.title or table.file} ({table.reference_code or 'utan kod'})",
                definition=f"Från SCB-tabellen {table.title or table.file}, kolumnen {name}.",
                in_seed=False,
                confirmed=False,
            )
        key = (indicator_id, gender or Gender.TOTAL)
        if key not in seen:
            seen.add(key)
            rules.append(ColumnRule.of(indicator_id, tuple(labels), gender=gender or Gender.TOTAL))
    split = {rule.indicator for rule in rules if rule.gender is not Gender.TOTAL}
    indicators = [replace(i, by_gender=i.id in split) for i in by_name.values()]
    return indicators, tuple(rules)


def _slug(text: str) -> str:
    text = text.lower()
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:60]


__all__ = ["ExportError", "ScbFileAdapter", "ScbFileOptions", "generic_rules", "known_rules"]
