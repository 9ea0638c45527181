"""Benchmark: import a national-size tidy CSV (>= 10 million observation rows).

Builds a national area catalogue (every DeSO 2018 of Sweden, from SCB's key file that ships
with the package) and writes a tidy CSV of count indicators × all DeSO × years × genders.
Then, in the same run and on the same file:

* the bound: DuckDB's own ``read_csv`` into a plain table (no checks, no history);
* ``kommunanalys`` import: staging, validation (unknown areas and indicators, duplicate keys,
  counts with decimals, periods), revisions, the import record and the audit entry —
  everything but recomputing derived values, which is a separate step after an import;
* a re-import of the same file (must write nothing).

Bound and import alternate over ``--rounds`` rounds (3 by default; fresh databases each
time) so that other load on the machine hits both alike; the medians are compared.
Prints rows/s for each and the ratio against the bound. Goal: import >= 0.5 × bound.

    .venv/bin/python bench/import_throughput.py [--rows 10000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.demo.build import geography_files
from kommunanalys.ingest import import_tidy_csv
from kommunanalys.model import Area, Division, Level, ValueType
from kommunanalys.store import Store


def national_deso() -> list[str]:
    with geography_files().deso2018_regso2020.open(encoding="utf-8-sig", newline="") as handle:
        return sorted({row["DeSO_2018"].strip() for row in csv.DictReader(handle)})


def write_csv(path: Path, deso: list[str], indicators: list[str], rows: int) -> int:
    years = max(1, -(-rows // (len(deso) * len(indicators) * 3)))
    con = duckdb.connect()
    con.execute("CREATE TABLE d AS SELECT unnest(?::VARCHAR[]) AS area", [deso])
    con.execute("CREATE TABLE i AS SELECT unnest(?::VARCHAR[]) AS indicator", [indicators])
    con.execute(
        f"COPY (SELECT indicator, area, CAST(2023 - y AS VARCHAR) AS period, g AS gender, "
        f"CAST(hash(indicator, area, y, g) % 900 AS INTEGER) AS value "
        f"FROM i, d, range({min(years, 14)}) t(y), (VALUES ('T'), ('K'), ('M')) s(g) "
        f"LIMIT {rows}) TO '{path}' (HEADER, DELIMITER ',')"
    )
    count = con.execute(f"SELECT count(*) FROM read_csv('{path}')").fetchone()[0]
    con.close()
    return int(count)


def measure_bound(csv_path: Path, db_path: Path) -> float:
    """DuckDB's ``read_csv`` into a plain table: the practical upper bound."""
    con = duckdb.connect(str(db_path))
    start = time.perf_counter()
    con.execute(
        "CREATE TABLE plain AS SELECT * FROM read_csv(?, header = true, columns = "
        "{'indicator': 'VARCHAR', 'area': 'VARCHAR', 'period': 'VARCHAR', "
        "'gender': 'VARCHAR', 'value': 'DOUBLE'})",
        [str(csv_path)],
    )
    seconds = time.perf_counter() - start
    con.close()
    db_path.unlink()
    return seconds


def measure_import(
    csv_path: Path, db_path: Path, deso: list[str], rows: int
) -> tuple[float, Store]:
    """Our import into a fresh database with the national area catalogue."""
    store = Store.open(db_path)
    store.save_indicators(load_catalogue().indicators)
    store.save_areas(
        Area(code, code, Level.DESO, Division.DESO2018, kommun=code[:4]) for code in deso
    )
    start = time.perf_counter()
    result = import_tidy_csv(store, csv_path, actor="bench", refresh=False)
    seconds = time.perf_counter() - start
    if not result.ok or result.added != rows:
        print("importen misslyckades:", result.summary(), *result.problems[:5], sep="\n")
        raise SystemExit(1)
    return seconds, store


def _list(seconds: list[float]) -> str:
    return ", ".join(f"{s:.1f}" for s in seconds) + " s"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="omgångar; medianen redovisas")
    args = parser.parse_args()
    catalogue = load_catalogue()
    counts = [i.id for i in catalogue if i.value_type is ValueType.COUNT and not i.is_view]
    deso = national_deso()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national.csv"
        needed = len(deso) * 14 * 3
        indicators = counts[: max(1, -(-args.rows // needed))]
        rows = write_csv(path, deso, indicators, args.rows)
        size = path.stat().st_size / 1e6
        print(f"{rows:,} rader, {len(deso)} DeSO, {len(indicators)} indikatorer, {size:.0f} MB")

        bounds, imports = [], []
        for n in range(args.rounds):  # alternate, so that load on the machine hits both alike
            bounds.append(measure_bound(path, Path(tmp) / f"bound{n}.duckdb"))
            seconds, store = measure_import(path, Path(tmp) / f"national{n}.duckdb", deso, rows)
            imports.append(seconds)
            if n < args.rounds - 1:
                store.close()
                Path(tmp, f"national{n}.duckdb").unlink()
        start = time.perf_counter()
        again = import_tidy_csv(store, path, actor="bench", refresh=False)
        reimport = time.perf_counter() - start
        store.close()
        if again.added or again.revised or again.unchanged != rows:
            print("återimporten skrev något:", again.summary())
            return 1

    bound, ours = statistics.median(bounds), statistics.median(imports)
    print(f"{args.rounds} omgångar; median (alla: gräns {_list(bounds)}, import {_list(imports)})")
    print(f"DuckDB read_csv (gräns):  {rows / bound:>12,.0f} rader/s  ({bound:.1f} s)")
    print(f"kommunanalys import:      {rows / ours:>12,.0f} rader/s  ({ours:.1f} s)")
    print(f"återimport (oförändrad):  {rows / reimport:>12,.0f} rader/s  ({reimport:.1f} s)")
    ratio = bound / ours
    print(f"kvot import/gräns: {ratio:.2f}  (mål ≥ 0,50)")
    return 0 if ratio >= 0.5 else 2


if __name__ == "__main__":
    sys.exit(main())
