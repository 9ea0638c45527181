"""Shared helpers for the import tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl

from kommunanalys.catalog.areas import Geography, read_geography
from kommunanalys.catalog.indicators import Catalogue, load_catalogue
from kommunanalys.demo.build import data_dir, geography_files
from kommunanalys.store import Store

DATA = Path(__file__).parents[1] / "data" / "ingest"
SCB_DIR = data_dir() / "scb"
DESO_JSON = SCB_DIR / "huddinge_deso2025" / "huddinge_0126_raw.json"
TIDY_HEADER = "indicator,area,period,value"


@cache
def catalogue() -> Catalogue:
    return load_catalogue()


@cache
def geography() -> Geography:
    return read_geography(geography_files(), "0126")


def fresh_store() -> Store:
    """An in-memory store with the catalogue and Huddinge's geography, no observations."""
    return with_catalogue(Store.memory())


def with_catalogue(store: Store) -> Store:
    """``store`` with the catalogue and Huddinge's geography added."""
    store.save_indicators(catalogue().indicators)
    g = geography()
    store.save_areas(g.areas, g.changes)
    return store


@dataclass(frozen=True)
class Snapshot:
    observations: int
    imports: int
    indicators: int
    areas: int
    audit_events: int
    observation_digest: str


#: Every stored observation, in one order (by key, revision, the rest): portable SQL
ALL_OBSERVATIONS = "SELECT * FROM observation ORDER BY 1, 2, 3, 4, 5, 6, 13, 7, 8, 9, 10, 11, 12"


def snapshot(store: Store) -> Snapshot:
    """Everything an import could change, in a form to compare before and after."""

    def count(table: str) -> int:
        return int(store.backend.query(f"SELECT count(*) FROM {table}")[0][0])

    rows = store.backend.query(ALL_OBSERVATIONS)
    return Snapshot(
        observations=count("observation"),
        imports=count("import"),
        indicators=count("indicator"),
        areas=count("area"),
        audit_events=count("audit_event"),
        observation_digest=hashlib.sha256(repr(rows).encode()).hexdigest(),
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def tidy(path: Path, *rows: str, header: str = TIDY_HEADER) -> Path:
    """A tidy CSV with ``header`` and ``rows`` (one line each)."""
    return write(path, "\n".join((header, *rows)) + "\n")


def workbook(path: Path, rows: list[list[object]], *, sheet: str = "Blad1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def scb_like_export(
    path: Path,
    *,
    title: str,
    header_rows: list[list[object]],
    data: list[list[object]],
    reference_code: str,
    merge: tuple[str, ...] = (),
) -> Path:
    """An Excel file laid out like a Statistikdatabasen export: title in A1, a blank row,
    header rows, data rows, then SCB's footnotes ending in ``Intern referenskod:``."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = reference_code
    ws.append([title])
    ws.append([])
    for row in header_rows:
        ws.append(row)
    for row in data:
        ws.append(row)
    for footer in ([], ["Officiell statistik"], [], ["Databas:"], ["Statistikdatabasen "], []):
        ws.append(footer)
    ws.append(["Intern referenskod:"])
    ws.append([reference_code])
    for cells in merge:
        ws.merge_cells(cells)
    book.save(path)
    return path


def damaged_xlsx(path: Path, compression: int) -> Path:
    """A workbook whose sheet part has ten bytes overwritten (the archive itself is intact)."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        rows = "".join(f"<row r='{n}'><c><v>{n * 7919 % 1000}</v></c></row>" for n in range(500))
        archive.writestr("xl/worksheets/sheet1.xml", f"<sheetData>{rows}</sheetData>")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10 : start + 20] = b"\xff" * 10
    path.write_bytes(bytes(data))
    return path
