"""Benchmark: import a national-size tidy CSV (>= 10 million observation rows).

Builds a national area catalogue (every DeSO 2018 of Sweden, from SCB's key file that ships
with the package) and writes a tidy CSV of count indicators × all DeSO × years × genders.
Then, in the same run and on the same file:

* the bound: DuckDB's own ``read_csv`` into a plain table (no checks, no history);
* ``kommunanalys`` import: staging, validation (unknown areas and indicators, duplicate keys,
  counts with decimals, periods), revisions, the import record and the audit entry —
  everything but recomputing derived values, which is a separate step after an import;
* a re-import of the same file (must write nothing);
* with ``--refresh``, what follows every import: the derived values (gender totals, RegSO and
  kommun sums, shares) and the disclosure plan, on the last round's database.

The areas are Sweden's: every DeSO 2018 in its RegSO 2020 in its kommun, so the derived
values are the national hierarchy's. Peak memory (the process's resident set, which holds
DuckDB's buffers too, bounded by ``KOMMUNANALYS_DB_MEMORY``: docs/deployment.md) is measured
per phase: the kernel's high-water mark is reset before each (``/proc/self/clear_refs``), or,
where that is not possible, the process's peak so far.

Bound and import alternate over ``--rounds`` rounds (3 by default; fresh databases each
time) so that other load on the machine hits both alike; the medians are compared.
Prints rows/s for each and the ratio against the bound. Goals: import >= 0.5 × bound; with
``--refresh``, derive and plan with a peak under 4 GB and import + derive + plan within 3 ×
the import alone.

With ``--postgresql`` (issue 19) the same rounds run on PostgreSQL, in a throwaway cluster
(``initdb``/``pg_ctl`` on a Unix socket, as the tests start it: tests/postgres_cluster.py), a
fresh database each round: the bound is a plain ``COPY`` of the same file into an ``UNLOGGED``
table, the import is kommunanalys' import into a PostgreSQL store. Goal: import >= 0.5 × COPY.
Beside them the floor of any import that keeps its history: the file by ``COPY`` into a typed
temporary table and one ``INSERT … SELECT`` into ``observation_row``, nothing else.

    .venv/bin/python bench/import_throughput.py [--rows 10000000] [--rounds 3] [--refresh]
    .venv/bin/python bench/import_throughput.py --rows 1000000 --rounds 1 --refresh  # minutes
    .venv/bin/python bench/import_throughput.py --rows 1000000 --rounds 1 --postgresql
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from kommunanalys.catalog.indicators import Catalogue, load_catalogue
from kommunanalys.config import ENV_DB_MEMORY, database_memory_limit
from kommunanalys.demo.build import geography_files
from kommunanalys.derive import derive_in_store
from kommunanalys.ingest import import_tidy_csv
from kommunanalys.model import Area, Division, Level, ValueType
from kommunanalys.privacy.planning import custom_members, refresh_plan
from kommunanalys.store import Store
from kommunanalys.store.disclosure import load_options

GB = 1024**3
#: The CPU seconds of the last :func:`measure_import`.
import_cpu = 0.0


def national_areas() -> list[Area]:
    """Every DeSO 2018 of Sweden, in its RegSO 2020, in its kommun."""
    with geography_files().deso2018_regso2020.open(encoding="utf-8-sig", newline="") as handle:
        rows = [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]
    kommuner = {r["Kommun"]: r["Kommunnamn"] for r in rows}
    regso = {r["RegSOkod_2020"]: (r["RegSO_2020"], r["Kommun"]) for r in rows}
    deso = {r["DeSO_2018"]: (r["RegSOkod_2020"], r["Kommun"]) for r in rows}
    return [
        *(Area(k, name, Level.KOMMUN, Division.KOMMUN) for k, name in sorted(kommuner.items())),
        *(
            Area(code, name, Level.REGSO, Division.REGSO2020, kommun, kommun)
            for code, (name, kommun) in sorted(regso.items())
        ),
        *(
            Area(code, code, Level.DESO, Division.DESO2018, parent, kommun)
            for code, (parent, kommun) in sorted(deso.items())
        ),
    ]


def reset_peak() -> bool:
    """Reset the kernel's high-water mark of this process's resident set (Linux)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_bytes() -> int:
    """The resident set's high-water mark since :func:`reset_peak` (else since start)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def write_csv(path: Path, deso: list[str], indicators: list[str], rows: int) -> int:
    years = max(1, -(-rows // (len(deso) * len(indicators) * 3)))
    con = duckdb.connect()
    con.execute("CREATE TABLE d AS SELECT unnest(?::VARCHAR[]) AS area", [deso])
    con.execute("CREATE TABLE i AS SELECT unnest(?::VARCHAR[]) AS indicator", [indicators])
    # T = K + M: the import refuses a total that is not the sum of its genders
    con.execute(
        f"COPY (SELECT indicator, area, CAST(2023 - y AS VARCHAR) AS period, g AS gender, "
        f"CASE g WHEN 'K' THEN k WHEN 'M' THEN m ELSE k + m END AS value FROM "
        f"(SELECT *, CAST(hash(indicator, area, y, 'K') % 450 AS INTEGER) AS k, "
        f"CAST(hash(indicator, area, y, 'M') % 450 AS INTEGER) AS m "
        f"FROM i, d, range({min(years, 14)}) t(y)), (VALUES ('T'), ('K'), ('M')) s(g) "
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


class Cluster:
    """A throwaway PostgreSQL cluster (tests/postgres_cluster.py), a fresh database per use."""

    def __init__(self) -> None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.postgres_cluster import Cluster as TestCluster

        self.cluster = TestCluster()

    def database(self) -> str:
        """A fresh database, after a CHECKPOINT: the previous measurement's writes (the
        floor's logged rows, a bound's table) are on disk before the next one starts, not
        flushed by the server in the middle of it."""
        self.cluster.admin("CHECKPOINT")
        return self.cluster.create_database()

    def stop(self) -> None:
        self.cluster.stop()


def measure_copy_bound(csv_path: Path, url: str) -> float:
    """PostgreSQL's plain ``COPY`` of the file into an unlogged table: the bound there."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(
            "CREATE UNLOGGED TABLE plain (indicator TEXT, area TEXT, period TEXT, gender TEXT, "
            "value DOUBLE PRECISION)"
        )
        start = time.perf_counter()
        with (
            con.cursor() as cursor,
            cursor.copy("COPY plain FROM STDIN (FORMAT csv, HEADER true)") as copy,
            csv_path.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - start
        con.execute("DROP TABLE plain")
    return seconds


def measure_floor(csv_path: Path, url: str) -> float:
    """The least any PostgreSQL import that keeps its history can do: the file by one
    ``COPY`` into a typed temporary table and one ``INSERT … SELECT`` of its rows into
    ``observation_row`` (logged, with its CHECKs), committed; no checks, no staging."""
    import psycopg

    Store.open(url).close()  # the schema
    with psycopg.connect(url) as con:
        start = time.perf_counter()
        con.execute(
            "CREATE TEMP TABLE typed (indicator TEXT, area TEXT, period TEXT, gender TEXT, "
            "value DOUBLE PRECISION)"
        )
        with (
            con.cursor() as cursor,
            cursor.copy("COPY typed FROM STDIN (FORMAT csv, HEADER true)") as copy,
            csv_path.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        con.execute(
            "INSERT INTO observation_row SELECT indicator, area, 'DeSO2018', period, gender, "
            "'total', value, NULL, NULL, NULL, 'Fil national.csv', 1, 1 FROM typed"
        )
        con.commit()
        return time.perf_counter() - start


def measure_import(
    csv_path: Path, db_path: Path | str, areas: list[Area], rows: int
) -> tuple[float, Store]:
    """Our import into a fresh database with the national area catalogue."""
    store = Store.open(db_path)
    store.save_indicators(load_catalogue().indicators)
    store.save_areas(areas)
    global import_cpu
    start, cpu = time.perf_counter(), time.process_time()
    result = import_tidy_csv(store, csv_path, actor="bench", refresh=False)
    seconds = time.perf_counter() - start
    import_cpu = time.process_time() - cpu
    if not result.ok or result.added != rows:
        print("importen misslyckades:", result.summary(), *result.problems[:5], sep="\n")
        raise SystemExit(1)
    return seconds, store


def measure_refresh(store: Store) -> tuple[float, float, int, int, float, float]:
    """What a refresh does after an import (derived values, then the plan): the seconds of
    each, the peak resident set during them, the number of planned cells and the CPU seconds
    of each (all the process's threads: on a shared machine less noisy than the clock)."""
    catalogue = Catalogue(tuple(store.indicators()), load_options(store))
    start, cpu = time.perf_counter(), time.process_time()
    derive_in_store(store, store.areas(), catalogue, custom_members(store))
    derived, derived_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    plan = refresh_plan(store, catalogue)
    planned, planned_cpu = time.perf_counter() - start, time.process_time() - cpu
    return derived, planned, peak_bytes(), len(plan), derived_cpu, planned_cpu


def _load() -> str:
    try:
        return ", ".join(f"{n:.1f}" for n in os.getloadavg())
    except OSError:
        return "okänd"


def _list(seconds: list[float]) -> str:
    return ", ".join(f"{s:.1f}" for s in seconds) + " s"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="omgångar; medianen redovisas")
    parser.add_argument(
        "--refresh", action="store_true", help="mät även härledda värden och röjandeplanen"
    )
    parser.add_argument(
        "--postgresql", action="store_true", help="på PostgreSQL (ett tillfälligt kluster)"
    )
    args = parser.parse_args()
    cluster = Cluster() if args.postgresql else None
    try:
        return run(args, cluster)
    finally:
        if cluster is not None:
            cluster.stop()


def run(args: argparse.Namespace, cluster: Cluster | None) -> int:
    catalogue = load_catalogue()
    counts = [i.id for i in catalogue if i.value_type is ValueType.COUNT and not i.is_view]
    areas = national_areas()
    deso = [a.code for a in areas if a.division is Division.DESO2018]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national.csv"
        needed = len(deso) * 14 * 3
        indicators = counts[: max(1, -(-args.rows // needed))]
        rows = write_csv(path, deso, indicators, args.rows)
        size = path.stat().st_size / 1e6
        print(f"{rows:,} rader, {len(deso)} DeSO, {len(indicators)} indikatorer, {size:.0f} MB")
        print(f"belastning (load average 1, 5, 15 min) vid början: {_load()}")

        bounds, imports, floors = [], [], []
        for n in range(args.rounds):  # alternate, so that load on the machine hits both alike
            target: Path | str
            if cluster is not None:
                bounds.append(measure_copy_bound(path, cluster.database()))
                floors.append(measure_floor(path, cluster.database()))
                target = cluster.database()
            else:
                bounds.append(measure_bound(path, Path(tmp) / f"bound{n}.duckdb"))
                target = Path(tmp) / f"national{n}.duckdb"
            exact_peak = reset_peak()
            seconds, store = measure_import(path, target, areas, rows)
            import_peak = peak_bytes()
            imports.append(seconds)
            if n < args.rounds - 1:
                store.close()
                if isinstance(target, Path):
                    target.unlink()
        start = time.perf_counter()
        again = import_tidy_csv(store, path, actor="bench", refresh=False)
        reimport = time.perf_counter() - start
        if again.added or again.revised or again.unchanged != rows:
            store.close()
            print("återimporten skrev något:", again.summary())
            return 1
        if args.refresh:
            reset_peak()
            derived, planned, refresh_peak, cells, derived_cpu, planned_cpu = measure_refresh(
                store
            )
        store.close()

    bound, ours = statistics.median(bounds), statistics.median(imports)
    print(f"{args.rounds} omgångar; median (alla: gräns {_list(bounds)}, import {_list(imports)})")
    label = "PostgreSQL COPY (gräns):" if cluster is not None else "DuckDB read_csv (gräns):"
    print(f"{label:<25} {rows / bound:>12,.0f} rader/s  ({bound:.1f} s)")
    if floors:
        floor = statistics.median(floors)
        print(
            f"golv (COPY + INSERT i observation_row): {floor:.1f} s, kvot gräns/golv "
            f"{bound / floor:.2f} (alla: {_list(floors)})"
        )
    print(f"kommunanalys import:      {rows / ours:>12,.0f} rader/s  ({ours:.1f} s)")
    print(f"återimport (oförändrad):  {rows / reimport:>12,.0f} rader/s  ({reimport:.1f} s)")
    ratio = bound / ours
    print(f"kvot import/gräns: {ratio:.2f}  (mål ≥ 0,50)")
    # the machine's load beside the figures (other work on a shared machine moves them)
    print(f"belastning (load average 1, 5, 15 min) vid slutet: {_load()}")
    which = "sedan återställning" if exact_peak else "processens hittills"
    if cluster is None:
        limit = database_memory_limit() / GB
        print(f"DuckDB:s minnesgräns: {limit:.2f} GB ({ENV_DB_MEMORY}, annars en fjärdedel av RAM)")
    print(f"toppminne import (sista omgången, {which}): {import_peak / GB:.2f} GB")
    missed = ratio < 0.5
    if args.refresh:
        whole = seconds + derived + planned  # the last round's import, then its refresh
        print(f"härledda värden:          {derived:>8.1f} s  (CPU {derived_cpu:.1f} s)")
        print(
            f"röjandeplan:              {planned:>8.1f} s  (CPU {planned_cpu:.1f} s; "
            f"{cells:,} dolda celler)"
        )
        print(f"toppminne härledning + plan: {refresh_peak / GB:.2f} GB  (mål < 4 GB)")
        print(
            f"kvot (import + härledning + plan)/import: {whole / seconds:.2f}  (mål ≤ 3,0; "
            f"import {seconds:.1f} s i samma omgång)"
        )
        cpu_ratio = (import_cpu + derived_cpu + planned_cpu) / import_cpu
        print(f"samma kvot i CPU-sekunder: {cpu_ratio:.2f}  (import CPU {import_cpu:.1f} s)")
        missed = missed or refresh_peak >= 4 * GB or whole > 3 * seconds
    return 2 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
