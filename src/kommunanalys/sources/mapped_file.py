"""Excel and CSV files from internal systems (Procapita, Heroma, Agresso, the units' own
counts), read through a small TOML mapping that says which column is what.

    [file]
    sheet = "Blad1"         # Excel: the sheet (default: the first)
    header_row = 1          # the row with the column names (default 1)
    delimiter = ";"         # CSV (default: guessed from the first lines)

    [columns]               # column names as they stand in the header row
    area = "Område"         # required: a kommun, RegSO or DeSO code
    period = "År"           # or under [fixed]
    gender = "Kön"          # optional; codes translated by [genders]
    age_group = "Ålder"     # optional
    indicator = "Indikator" # optional: long files with several indicators

    [fixed]                 # values for every row
    period = "2024"
    gender = "T"
    division = "DeSO2025"   # optional; otherwise from the code's shape and the year

    [genders]
    Kvinnor = "K"
    Män = "M"
    Totalt = "T"

    [[values]]              # one block per value column
    indicator = "antal_aktualiseringar_barn_o_ungdom"   # omit if [columns] has indicator
    value = "Antal"
    numerator = "Täljare"   # optional
    denominator = "Nämnare" # optional
    status = "Status"       # optional
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from kommunanalys import toml_text
from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.regions import regional_code_of_label
from kommunanalys.errors import ErrorCode
from kommunanalys.model import ALL_AGES, Division, Gender, Level, Observation
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import CheckResult, Extract, Progress, SourceError, no_progress
from kommunanalys.sources.grid import (
    check_readable,
    column_letter,
    csv_rows,
    sheet_rows,
    text_lines,
)
from kommunanalys.sources.numbers import NotANumber, parse_cell

_DESO = re.compile(r"^\d{4}[A-C]\d{4}$")
_REGSO = re.compile(r"^\d{4}R\d{3}$")
_KOMMUN = re.compile(r"^\d{4}$")


#: a mapping is a few lines; anything larger than this is not one
MAX_MAPPING_BYTES = 1024 * 1024
#: why a nested document (TOML, JSON) deeper than the parser's stack is refused
TOO_LARGE = "större än 1 MB"


class MappingFileError(SourceError):
    """A mapping file that cannot be used: a code, the ``file`` and the key at fault."""


@dataclass(frozen=True)
class ValueColumns:
    value: str
    indicator: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class FileMapping:
    name: str
    columns: dict[str, str]
    fixed: dict[str, str]
    genders: dict[str, str]
    values: tuple[ValueColumns, ...]
    sheet: str | None = None
    header_row: int = 1
    delimiter: str | None = None

    @classmethod
    def read(cls, path: Path) -> FileMapping:
        """Read a mapping file: at most :data:`MAX_MAPPING_BYTES`, valid TOML (a "TOML bomb"
        of nested arrays is refused like any invalid file, not a RecursionError)."""
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise MappingFileError(
                ErrorCode.MAPPING_NOT_TOML, file=path.name, reason=TOO_LARGE
            ) from None
        try:
            doc = toml_text.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:  # also nested too deep
            raise MappingFileError(ErrorCode.MAPPING_NOT_TOML, file=path.name, reason=exc) from None
        return cls.parse(doc, path.name)

    @classmethod
    def parse(cls, doc: dict[str, Any], name: str = "mappning") -> FileMapping:
        def table(key: str) -> dict[str, str]:
            part = doc.get(key, {})
            if not isinstance(part, dict):
                raise MappingFileError(ErrorCode.MAPPING_NOT_TABLE, file=name, key=key)
            return {str(k): str(v) for k, v in part.items()}

        columns, fixed = table("columns"), table("fixed")
        if "area" not in columns:
            raise MappingFileError(ErrorCode.MAPPING_NO_AREA, file=name)
        if "period" not in columns and "period" not in fixed:
            raise MappingFileError(ErrorCode.MAPPING_NO_PERIOD, file=name)
        unknown = set(columns) - {"area", "period", "gender", "age_group", "indicator"}
        if unknown:
            raise MappingFileError(
                ErrorCode.MAPPING_UNKNOWN_COLUMN_KEY, file=name, names=", ".join(unknown)
            )
        raw_values = doc.get("values")
        if not isinstance(raw_values, list) or not raw_values:
            raise MappingFileError(ErrorCode.MAPPING_NO_VALUES, file=name)
        values = []
        for index, block in enumerate(raw_values):
            if "value" not in block:
                raise MappingFileError(ErrorCode.MAPPING_NO_VALUE, file=name, index=index)
            if "indicator" not in block and "indicator" not in columns:
                raise MappingFileError(ErrorCode.MAPPING_NO_INDICATOR, file=name, index=index)
            allowed = {"value", "indicator", "numerator", "denominator", "status"}
            extra = set(block) - allowed
            if extra:
                raise MappingFileError(
                    ErrorCode.MAPPING_UNKNOWN_VALUE_KEY,
                    file=name,
                    index=index,
                    names=", ".join(sorted(extra)),
                )
            values.append(ValueColumns(**{k: str(v) for k, v in block.items()}))
        file = doc.get("file", {})
        return cls(
            name=name,
            columns=columns,
            fixed=fixed,
            genders=table("genders"),
            values=tuple(values),
            sheet=file.get("sheet"),
            header_row=int(file.get("header_row", 1)),
            delimiter=file.get("delimiter"),
        )


@dataclass(frozen=True)
class MappedFileOptions:
    path: Path
    mapping: FileMapping
    kind: str = "text"  # "xlsx" or "text", from the content


@dataclass
class Grid:
    file: str
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, cells)
    checksum: str = ""


class MappedFileAdapter:
    name: ClassVar[str] = "file"
    Options = MappedFileOptions

    def check(self, options: MappedFileOptions) -> CheckResult:
        return check_readable(options.path)

    def fetch(self, options: MappedFileOptions, progress: Progress = no_progress) -> Grid:
        progress(0, None, f"Läser {options.path.name}")
        mapping = options.mapping
        if options.kind == "xlsx":
            grid = _read_sheet(options.path, mapping)
        else:
            grid = _read_text(options.path, mapping)
        grid.checksum = hashlib.sha256(options.path.read_bytes()).hexdigest()
        return grid

    def to_extract(self, raw: Grid, options: MappedFileOptions) -> Extract:
        mapping = options.mapping
        extract = Extract(
            source="file",
            description=f"{raw.file} ({mapping.name})",
            files=(raw.file,),
            checksum=raw.checksum,
            rows_read=len(raw.rows),
        )
        index = {name.strip().lower(): i for i, name in enumerate(raw.header)}
        needed = [c for c in mapping.columns.values()]
        for v in mapping.values:
            needed += [c for c in (v.value, v.numerator, v.denominator, v.status) if c]
        missing = [c for c in needed if c.strip().lower() not in index]
        if missing:
            extract.problems.append(
                Problem(
                    Where(raw.file, raw.sheet, mapping.header_row),
                    f"kolumnen {', '.join(repr(m) for m in missing)} finns inte i rubrikraden "
                    f"(kolumner: {', '.join(raw.header)})",
                )
            )
            return extract

        def col(name: str) -> int:
            return index[name.strip().lower()]

        for number, cells in raw.rows:

            def cell(name: str | None, cells: list[Any] = cells) -> Any:
                return cells[col(name)] if name and col(name) < len(cells) else None

            def where(name: str | None, number: int = number) -> Where:
                column = column_letter(col(name)) if name else None
                return Where(raw.file, raw.sheet, number, column)

            try:
                keys = _keys(mapping, cell)
            except ValueError as exc:
                extract.problems.append(Problem(where(mapping.columns.get("gender")), str(exc)))
                continue
            for block in mapping.values:
                parsed: dict[str, tuple[float | None, str | None]] = {}
                for part in ("value", "numerator", "denominator"):
                    name = getattr(block, part)
                    try:
                        parsed[part] = parse_cell(cell(name)) if name else (None, None)
                    except NotANumber as exc:
                        extract.problems.append(Problem(where(name), f"'{exc.text}' är inget tal"))
                if len(parsed) < 3:
                    continue
                indicator = block.indicator or str(cell(mapping.columns["indicator"]) or "")
                value, marker = parsed["value"]
                status = str(cell(block.status)).strip() if cell(block.status) else marker
                extract.rows.append(
                    SourceRow(
                        Observation(
                            indicator=indicator.strip(),
                            area=keys["area"],
                            division=keys["division"],
                            period=keys["period"],
                            value=value,
                            gender=keys["gender"],
                            age_group=keys["age_group"],
                            numerator=parsed["numerator"][0],
                            denominator=parsed["denominator"][0],
                            status=status,
                            source=f"Fil {raw.file}",
                        ),
                        where(block.value),
                    )
                )
        return extract


def _keys(mapping: FileMapping, cell: Any) -> dict[str, Any]:
    def text(key: str, default: str | None = None) -> str | None:
        if key in mapping.columns:
            raw = cell(mapping.columns[key])
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            return None if raw is None else str(raw).strip()
        return mapping.fixed.get(key, default)

    raw_area = text("area") or ""
    # riket and a län as SCB or Kolada writes them ("00 Riket", "0001", "Stockholms län")
    regional = regional_code_of_label(raw_area)
    fixed = mapping.fixed.get("division")
    if regional is not None and fixed in (None, Division.KOMMUN.value):
        area = regional
    else:
        area = raw_area.split("_", 1)[0]
    period = text("period") or ""
    raw_gender = text("gender", "T") or "T"
    code = mapping.genders.get(raw_gender, raw_gender)
    if code not in ("T", "K", "M"):
        raise ValueError(f"okänt kön {raw_gender!r} (översätt det under [genders])")
    if "division" in mapping.fixed:
        division = Division(mapping.fixed["division"])
    else:
        division = _division(area, period)
    return {
        "area": area,
        "period": period,
        "gender": Gender(code),
        "age_group": text("age_group", ALL_AGES) or ALL_AGES,
        "division": division,
    }


def _division(area: str, period: str) -> Division:
    year = int(period[:4]) if period[:4].isdigit() else 0
    if _DESO.match(area):
        return division_for(Level.DESO, year)
    if _REGSO.match(area):
        return division_for(Level.REGSO, year)
    return Division.KOMMUN


def _read_text(path: Path, mapping: FileMapping) -> Grid:
    lines = list(csv_rows(text_lines(path.read_bytes()), mapping.delimiter))
    return _grid(path.name, None, [list(r) for r in lines], mapping)


def _read_sheet(path: Path, mapping: FileMapping) -> Grid:
    name, rows = sheet_rows(path, mapping.sheet)
    return _grid(path.name, name, rows, mapping)


def _grid(file: str, sheet: str | None, rows: list[list[Any]], mapping: FileMapping) -> Grid:
    if len(rows) < mapping.header_row:
        raise MappingFileError(ErrorCode.MAPPING_NO_HEADER_ROW, file=file, row=mapping.header_row)
    header = ["" if c is None else str(c).strip() for c in rows[mapping.header_row - 1]]
    body = [
        (mapping.header_row + 1 + i, row)
        for i, row in enumerate(rows[mapping.header_row :])
        if any(c not in (None, "") for c in row)
    ]
    return Grid(file, sheet, header, body)
