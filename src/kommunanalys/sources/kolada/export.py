"""Reader for Kolada CSV exports, as a source adapter.

Two shapes are read:

* the flat data export, one row per value as the v3 API gives it:
  ``gender,count,status,value,kpi,year,municipality_id[,municipality,municipality_type]``;
* the simple ``kommun;year;value`` file of one KPI, which comes from the ``kpi`` option or
  from a file name such as ``kolada_N00901_tax.csv``.

Either may use ``,``, ``;`` or tab, carry a UTF-8 byte order mark and write decimal commas.
An empty value is missing (status ``".."`` unless the row gives one), never 0; a value that is
not a number is a :class:`Problem` naming file, row and column.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from kommunanalys.catalog.areas import comparison_kommuner
from kommunanalys.catalog.regions import regional_code
from kommunanalys.errors import ErrorCode
from kommunanalys.i18n.catalogue import N_
from kommunanalys.i18n.text import Text
from kommunanalys.model import Division, Gender, Indicator, Observation, Polarity, ValueType
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import CheckResult, Extract, Progress, SourceError, no_progress
from kommunanalys.sources.grid import csv_rows, guess_delimiter, text_lines
from kommunanalys.sources.kolada.api import FALLBACK_DOMAIN, MISSING, kpi_indicator_id
from kommunanalys.sources.numbers import NotANumber, parse_cell

FLAT_COLUMNS = ("gender", "value", "kpi", "year", "municipality_id")
SIMPLE_COLUMNS = ("kommun", "year", "value")
_KPI = re.compile(r"^[A-Z]\d{5}$")
_KPI_IN_NAME = re.compile(r"(?i)(?:^|[_\-\s])([NU]\d{5})(?=$|[_\-\s.])")
_YEAR = re.compile(r"^\d{4}$")
_MUNICIPALITY = re.compile(r"^\d{3,4}$")


def looks_like_kolada_export(header: list[str]) -> bool:
    """Is ``header`` the first row of a Kolada export (either shape)?"""
    names = {_norm(h) for h in header}
    return set(FLAT_COLUMNS) <= names or set(SIMPLE_COLUMNS) <= names


def kpi_from_name(name: str) -> str | None:
    """The KPI in a file name like ``kolada_N00901_tax.csv``, or None."""
    match = _KPI_IN_NAME.search(Path(name).stem)
    return match.group(1).upper() if match else None


@dataclass(frozen=True, slots=True)
class KoladaFileOptions:
    path: Path
    kpi: str | None = None  # for ``kommun;year;value`` files whose name does not say
    #: Keep only this municipality's rows (others are counted as skipped); by default every
    #: municipality of the file is imported, the others as comparison municipalities.
    kommun: str | None = None


@dataclass(frozen=True, slots=True)
class KoladaFileRow:
    line: int  # 1-based line in the file
    cells: tuple[tuple[str, str], ...]  # (normalised column, cell text)

    def get(self, column: str) -> str:
        return dict(self.cells).get(column, "").strip()


@dataclass(frozen=True)
class KoladaFile:
    name: str
    header: tuple[str, ...]  # as written
    rows: tuple[KoladaFileRow, ...]
    checksum: str  # sha256 of the file's bytes

    @property
    def flat(self) -> bool:
        return set(FLAT_COLUMNS) <= {_norm(h) for h in self.header}


class KoladaFileAdapter:
    """A Kolada CSV export as a source: ``check``, ``fetch`` and ``to_extract``."""

    name: ClassVar[str] = "kolada-file"
    Options = KoladaFileOptions

    def check(self, options: KoladaFileOptions) -> CheckResult:
        """Is the file there, readable and a Kolada export? Never raises."""
        path = Path(options.path)
        if not path.is_file():
            return CheckResult(False, f"{path.name}: filen finns inte")
        try:
            rows = _read_rows(path)[1]
        except (OSError, UnicodeError) as exc:
            return CheckResult(False, f"{path.name}: kan inte läsas ({exc})")
        header = rows[0][1] if rows else []
        if not looks_like_kolada_export(header):
            return CheckResult(False, str(_not_kolada(path.name, header)))
        return CheckResult(True, f"{path.name}: en Kolada-export")

    def fetch(self, options: KoladaFileOptions, progress: Progress = no_progress) -> KoladaFile:
        """The file's data rows with their line numbers."""
        path = Path(options.path)
        try:
            raw, rows = _read_rows(path)
        except OSError as exc:
            raise SourceError(
                ErrorCode.KOLADA_FILE_UNREADABLE, name=path.name, reason=exc.strerror or exc
            ) from None
        if not rows or not looks_like_kolada_export(rows[0][1]):
            raise _not_kolada(path.name, rows[0][1] if rows else [])
        header = rows[0][1]
        columns = [_norm(h) for h in header]
        data = tuple(
            KoladaFileRow(line, tuple(zip(columns, cells, strict=False)))
            for line, cells in rows[1:]
            if any(c.strip() for c in cells)
        )
        progress(len(data), len(data), f"{path.name}: {len(data)} rader")
        return KoladaFile(path.name, tuple(header), data, hashlib.sha256(raw).hexdigest())

    def to_extract(self, raw: KoladaFile, options: KoladaFileOptions) -> Extract:
        extract = Extract(
            source=self.name,
            description=f"Kolada-fil {raw.name}",
            files=(raw.name,),
            checksum=raw.checksum,
            rows_read=len(raw.rows),
        )
        column = {_norm(h): h for h in raw.header}  # the value column's name as written
        file_kpi = None
        if not raw.flat:
            file_kpi = (options.kpi or kpi_from_name(raw.name) or "").strip().upper()
            if not _KPI.match(file_kpi):
                why = f"'{file_kpi}' är inget Kolada-id" if file_kpi else "nyckeltalet framgår inte"
                extract.problems.append(
                    Problem(
                        Where(raw.name),
                        f"{why}: ange det (t.ex. N00901) eller döp filen kolada_N00901_….csv",
                    )
                )
                return extract
        kpis: dict[str, None] = {}
        for row in raw.rows:
            read = _observation(row, raw, options, file_kpi, column, extract.problems)
            if read == "skip":
                extract.skipped += 1
            if not isinstance(read, tuple):
                continue
            kpi, observation = read
            kpis[kpi] = None
            extract.rows.append(
                SourceRow(observation, Where(raw.name, row=row.line, column=column["value"]))
            )
        extract.indicators = [_placeholder(kpi, raw.name) for kpi in kpis]
        # The municipalities of the file (a county export has them all) become areas: the
        # home kommun is known already, the others are comparison municipalities.
        extract.areas = comparison_kommuner({r.observation.area for r in extract.rows})
        return extract


def _observation(
    row: KoladaFileRow,
    raw: KoladaFile,
    options: KoladaFileOptions,
    file_kpi: str | None,
    column: dict[str, str],
    problems: list[Problem],
) -> tuple[str, Observation] | str | None:
    """``(kpi, observation)``; ``"skip"`` for another KPI than asked for; None on a problem."""

    def problem(key: str, message: str) -> None:
        problems.append(Problem(Where(raw.name, row=row.line, column=column[key]), message))

    kpi = file_kpi or row.get("kpi").upper()
    if not file_kpi:
        if not _KPI.match(kpi):
            problem("kpi", f"'{row.get('kpi')}' är inget Kolada-id")
            return None
        if options.kpi and kpi != options.kpi.strip().upper():
            return "skip"
    area_key = "municipality_id" if raw.flat else "kommun"
    area = row.get(area_key)
    if not _MUNICIPALITY.match(area):
        problem(area_key, f"'{area}' är ingen kommunkod")
        return None
    if options.kommun and area.zfill(4) != options.kommun:
        return "skip"
    year = row.get("year")
    if not _YEAR.match(year):
        problem("year", f"'{year}' är inget år")
        return None
    text = (row.get("gender") or "T") if raw.flat else "T"
    try:
        gender = Gender(text.upper())
    except ValueError:
        problem("gender", f"okänt kön '{text}' (väntade T, K eller M)")
        return None
    try:
        value, marker = parse_cell(row.get("value"))
    except NotANumber as exc:
        problem("value", f"'{exc.text}' är inget tal")
        return None
    status = (row.get("status") if raw.flat else "") or marker
    return kpi, Observation(
        indicator=kpi_indicator_id(kpi),
        area=regional_code(area) or area.zfill(4),  # riket 0000, a region 0001 → län 01
        division=Division.KOMMUN,
        period=year,
        value=value,
        gender=gender,
        status=status or (MISSING if value is None else None),
        source=f"Kolada {kpi} ({raw.name})",
    )


def _placeholder(kpi: str, file: str) -> Indicator:
    """An indicator for a KPI the file names but does not describe; an analyst confirms it."""
    return Indicator(
        id=kpi_indicator_id(kpi),
        name_sv=f"Kolada {kpi}",
        name_en=f"Kolada {kpi}",
        domain=FALLBACK_DOMAIN,
        value_type=ValueType.MEAN,  # as published; see kolada.kpi_indicator
        unit="okänd",  # the file does not say; an analyst confirms the indicator
        multiplier=1,
        polarity=Polarity.NEUTRAL,
        source_kind="kolada",
        source=f"Kolada {kpi} (fil {file})",
        definition=f"Importerat från {file}; titel, enhet och definition finns i Kolada.",
        kolada_id=kpi,
        in_seed=False,
    )


def _read_rows(path: Path) -> tuple[bytes, list[tuple[int, list[str]]]]:
    """The file's bytes and its rows with their 1-based line numbers."""
    raw = path.read_bytes()
    text = text_lines(raw)
    reader = csv_rows(text, guess_delimiter(text.split("\n", 1)[0]))
    rows: list[tuple[int, list[str]]] = []
    line = 1
    for cells in reader:
        rows.append((line, cells))
        line = reader.line_num + 1
    return raw, [(n, cells) for n, cells in rows if cells]


def _norm(name: str) -> str:
    return name.strip().strip("\ufeff").strip('"').lower()


def _not_kolada(name: str, header: list[str]) -> SourceError:
    return SourceError(
        ErrorCode.KOLADA_NOT_EXPORT,
        name=name,
        header=", ".join(header) or Text(N_("saknas")),
        flat=",".join(FLAT_COLUMNS),
        simple=";".join(SIMPLE_COLUMNS),
    )


__all__ = [
    "KoladaFile",
    "KoladaFileAdapter",
    "KoladaFileOptions",
    "KoladaFileRow",
    "kpi_from_name",
    "looks_like_kolada_export",
]
