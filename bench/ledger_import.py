"""Benchmark (issue 17): a national-scale ledger imported with every check, against DuckDB's own
``read_csv`` of the same file into a plain table, in the same run.

The ledger: 290 municipalities × 36 months × 100 accounts × 20 verksamheter (about 20 M
amounts), one file in the layout of ``docs/economy.md`` (period, ansvar, konto, belopp, and a
``Summa`` row that must equal the sum of the amounts to the öre). Each verksamhet of the
mapping carries the ansvar codes of every municipality (``KKKKVV``: kommun, verksamhet); the
100 accounts fall in the six cost types' ranges. ``kommunanalys ekonomi import``'s library call
(:func:`kommunanalys.ingest.economy.import_amounts`) imports it into a fresh DuckDB file; the
bound reads the file into a plain table of a fresh DuckDB file. ``--scale`` takes that share
of the municipalities (``--scale 0.01``: 3 of them, about 216 000 amounts).

The ledger is written as one file per quarter (12 files, each with its own ``Summa`` row),
imported in one call: a ledger file is held to the import's file limit
(:data:`kommunanalys.ingest.economy.MAX_LEDGER_BYTES`, 100 MB; docs/economy.md, "File size"),
which the whole national ledger (624 MB) exceeds and a quarter of it (about 52 MB) does not.
A kommun's own ledger extract is a few MB a year. The benchmark prints the limit and the
largest file, and stops if a file would be refused.

Prints rows, file size, both times (wall clock, and the process's CPU seconds beside: on a
shared machine the wall clock moves with the load), rows/s and the ratio bound/import of the
wall clock; goal ≥ 0.5, exit 1 when missed.

Run: ``.venv/bin/python bench/ledger_import.py [--scale 1.0] [--rounds 1]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from kommunanalys.analysis.economy_model import AmountKind
from kommunanalys.ingest.economy import MAX_LEDGER_BYTES, import_amounts
from kommunanalys.store import Store

KOMMUNER, MONTHS, ACCOUNTS, VERKSAMHETER = 290, 36, 100, 20
#: cost type → the first account of its range (each range holds its share of the 100 accounts)
RANGES = {
    "intakter": 3000,
    "kop_av_verksamhet": 4600,
    "bidrag": 4900,
    "personal": 5000,
    "lokaler": 6100,
    "ovrigt": 6200,
}
GOAL = 0.5
#: Months per file: the ledger is written one quarter per file (see the module's docstring).
MONTHS_PER_FILE = 3


def accounts() -> list[tuple[str, int]]:
    """The 100 accounts, spread over the cost types' ranges."""
    types = list(RANGES)
    return [
        (types[n % len(types)], RANGES[types[n % len(types)]] + n // len(types))
        for n in range(ACCOUNTS)
    ]


def write_mapping(path: Path, kommuner: int) -> None:
    lines = ['committee = "riket"', 'sign = "debet"', ""]
    lines += ["[[verksamhet]]", 'code = "riket"', 'name = "Alla nämnder"', 'level = "namnd"', ""]
    for v in range(1, VERKSAMHETER + 1):
        codes = ", ".join(f'"{k:04d}{v:02d}"' for k in range(1, kommuner + 1))
        lines += [
            "[[verksamhet]]",
            f'code = "v{v:02d}"',
            f'name = "Verksamhet {v}"',
            'parent = "riket"',
            f"ledger = [{codes}]",
            "",
        ]
    lines.append("[accounts]")
    for cost_type, first in RANGES.items():
        last = first + ACCOUNTS // len(RANGES) + 1
        lines.append(f'{cost_type} = ["{first}-{last}"]')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_ledger(folder: Path, kommuner: int) -> tuple[list[Path], int]:
    """The ledger, one file per quarter (amounts in kronor with öre, each file with its Summa
    row); the files and the number of amounts."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE a AS SELECT * FROM (VALUES "
        + ", ".join(f"({account})" for _, account in accounts())
        + ") t(konto)"
    )
    con.execute(
        f"CREATE TABLE rows AS SELECT m, "
        "strftime(DATE '2022-01-01' + INTERVAL (m) MONTH, '%Y-%m') AS period, "
        "lpad(CAST(k AS VARCHAR), 4, '0') || lpad(CAST(v AS VARCHAR), 2, '0') AS ansvar, "
        "CAST(konto AS VARCHAR) AS konto, "
        "CAST(CAST(hash(k, v, m, konto) % 100000000 AS BIGINT) / 100 AS DECIMAL(18, 2)) AS belopp "
        f"FROM range(1, {kommuner + 1}) tk(k), range(1, {VERKSAMHETER + 1}) tv(v), "
        f"range({MONTHS}) tm(m), a"
    )
    paths = []
    for first in range(0, MONTHS, MONTHS_PER_FILE):
        path = folder / f"huvudbok_{first // MONTHS_PER_FILE + 1:02d}.csv"
        part = f"m >= {first} AND m < {first + MONTHS_PER_FILE}"
        con.execute(
            f"COPY (SELECT period, ansvar, konto, belopp FROM rows WHERE {part} UNION ALL "
            f"SELECT 'Summa', NULL, NULL, sum(belopp) FROM rows WHERE {part}) TO '"
            + str(path)
            + "' (HEADER, DELIMITER ',')"
        )
        paths.append(path)
    count = con.execute("SELECT count(*) FROM rows").fetchone()
    con.close()
    return paths, int(count[0]) if count else 0


def measure_bound(csv_paths: list[Path], db_path: Path) -> tuple[float, float]:
    """DuckDB's ``read_csv`` of the files into a plain table: the practical upper bound (wall
    and CPU seconds)."""
    con = duckdb.connect(str(db_path))
    start, cpu = time.perf_counter(), time.process_time()
    con.execute(
        "CREATE TABLE plain AS SELECT * FROM read_csv(?, header = true, columns = "
        "{'period': 'VARCHAR', 'ansvar': 'VARCHAR', 'konto': 'VARCHAR', 'belopp': 'DOUBLE'})",
        [[str(p) for p in csv_paths]],
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    con.close()
    db_path.unlink()
    return seconds, cpu


def measure_import(
    csv_paths: list[Path], mapping: Path, db_path: Path, rows: int
) -> tuple[float, float]:
    """``ekonomi import``'s library call of the files into a fresh database (wall and CPU
    seconds)."""
    store = Store.open(db_path)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        result = import_amounts(store, csv_paths, mapping, kind=AmountKind.OUTCOME, actor="bench")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        store.close()
    db_path.unlink()
    if not result.ok:
        print("importen misslyckades:", result.summary(), *result.problems[:5], sep="\n")
        raise SystemExit(1)
    return seconds, cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="andel av de 290 kommunerna")
    parser.add_argument("--rounds", type=int, default=1, help="omgångar; medianen redovisas")
    args = parser.parse_args()
    kommuner = max(1, round(KOMMUNER * args.scale))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mapping = folder / "mappning.toml"
        write_mapping(mapping, kommuner)
        ledger, rows = write_ledger(folder, kommuner)
        sizes = [p.stat().st_size for p in ledger]
        print(
            f"{rows:,} belopp ({kommuner} kommuner × {MONTHS} månader × {ACCOUNTS} konton × "
            f"{VERKSAMHETER} verksamheter), {sum(sizes) / 1e6:.0f} MB i {len(ledger)} filer "
            f"(en per kvartal, störst {max(sizes) / 1e6:.0f} MB; importens filgräns "
            f"{MAX_LEDGER_BYTES / 1e6:.0f} MB)"
        )
        if max(sizes) > MAX_LEDGER_BYTES:
            print("en fil är större än importens filgräns: minska --scale")
            return 1
        bounds, imports = [], []
        for n in range(args.rounds):  # alternate, so that load on the machine hits both alike
            bounds.append(measure_bound(ledger, folder / f"bound{n}.duckdb"))
            imports.append(measure_import(ledger, mapping, folder / f"import{n}.duckdb", rows))
    bound, ours = statistics.median(b for b, _ in bounds), statistics.median(i for i, _ in imports)
    bound_cpu = statistics.median(c for _, c in bounds)
    ours_cpu = statistics.median(c for _, c in imports)
    for name, wall, cpu in (
        ("DuckDB read_csv (gräns):", bound, bound_cpu),
        ("ekonomi import:", ours, ours_cpu),
    ):
        print(f"{name:25s} {rows / wall:>12,.0f} rader/s  ({wall:.2f} s, CPU {cpu:.2f} s)")
    ratio = bound / ours
    print(f"kvot import/gräns: {ratio:.2f}  (mål ≥ {GOAL:.2f})")
    return 1 if ratio < GOAL else 0


if __name__ == "__main__":
    sys.exit(main())
