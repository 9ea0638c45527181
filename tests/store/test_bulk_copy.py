"""PostgreSQL keeps a bulk tidy CSV's rows as read, each import's in a table of its own that
inherits ``observation_bulk`` (schema migration 21), written by one ``COPY`` while DuckDB
checks the same file (store/bulk_copy.py): the view is never rebuilt at an import, readers
holding a snapshot and the import never wait for each other, and the problems reported are
DuckDB's staging's, in the same words as any import's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import psycopg
import pytest

from kommunanalys.ingest import import_tidy_csv
from kommunanalys.store import Store, bulk_copy
from kommunanalys.store.bulk_copy import CheckedCopy
from kommunanalys.store.observation_parts import BULK_SOURCE_TABLE, BULK_TABLE, bulk_table
from kommunanalys.store.schema import LATEST_VERSION
from kommunanalys.store.transfer import copy_database
from tests.ingest.helpers import ALL_OBSERVATIONS, with_catalogue
from tests.postgres_cluster import Cluster
from tests.store.old_schema import store_at

HEADER = "indicator,area,period,gender,value\n"
ROWS = (
    "antal_invanare,0126C1010,2022,T,1200\n"
    "antal_invanare,0126C1010_DeSO2025,2024,T,1210\n"
    "antal_invanare,0126,2022,K,56000\n"
)
#: the same rows as DuckDB's part gives them (tests/store/test_observation_parts.py)
EXPECTED = [
    ("0126", "kommun", "2022", "K", "total", 56000.0, "Fil bulk.csv", 1),
    ("0126C1010", "DeSO2018", "2022", "T", "total", 1200.0, "Fil bulk.csv", 1),
    ("0126C1010", "DeSO2025", "2024", "T", "total", 1210.0, "Fil bulk.csv", 1),
]


@pytest.fixture
def store(pg_url: str) -> Iterator[Store]:
    """A fresh PostgreSQL store (the bulk table is PostgreSQL's; DuckDB keeps parts:
    tests/store/test_observation_parts.py)."""
    opened = Store.open(pg_url)
    yield opened
    opened.close()


def _csv(tmp_path: Path, body: str = ROWS, name: str = "bulk.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _observations(store: Store) -> list[tuple[object, ...]]:
    return store.backend.query(
        "SELECT area, division, period, gender, age_group, value, source, revision "
        "FROM observation ORDER BY area, period, gender"
    )


def _count(store: Store, table: str) -> int:
    return int(store.backend.query(f"SELECT count(*) FROM {table}")[0][0])


def test_a_first_import_is_kept_as_read_in_the_bulk_table(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    result = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    assert result.ok and result.added == 3
    assert result.record is not None
    # the file's columns as read, the import filled in by the table itself
    rows = store.backend.query(
        f"SELECT indicator, area_read, division, period, gender, age_group, value, import_id "
        f"FROM {BULK_TABLE} ORDER BY area_read, period"
    )
    assert rows == [
        ("antal_invanare", "0126", None, "2022", "K", None, 56000.0, result.record.id),
        ("antal_invanare", "0126C1010", None, "2022", "T", None, 1200.0, result.record.id),
        (
            "antal_invanare",
            "0126C1010_DeSO2025",
            None,
            "2024",
            "T",
            None,
            1210.0,
            result.record.id,
        ),
    ]
    assert _count(store, "observation_row") == 0
    # … in the import's own table, which nothing else writes
    assert _count(store, bulk_table(result.record.id)) == 3
    assert _count(store, f"ONLY {BULK_TABLE}") == 0
    # readers see the 13 columns as before
    assert _observations(store) == EXPECTED
    assert store.backend.query("SELECT DISTINCT import_id FROM observation") == [
        (result.record.id,)
    ]
    history = store.history("antal_invanare", area="0126C1010")
    assert sorted((r.period, r.revision, r.value) for r in history) == [
        ("2022", 1, 1200.0),
        ("2024", 1, 1210.0),
    ]


def test_rejected_and_dry_run_imports_leave_the_bulk_table_empty(
    tmp_path: Path, store: Store
) -> None:
    with_catalogue(store)
    bad = _csv(tmp_path, ROWS + "antal_invanare,9999X9999,2022,T,5\n", "bad.csv")
    assert not import_tidy_csv(store, bad, actor="test", refresh=False).ok
    dry = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False, dry_run=True)
    assert dry.ok and dry.added == 3
    assert _count(store, BULK_TABLE) == 0 and _count(store, BULK_SOURCE_TABLE) == 0
    assert _count(store, "observation") == 0
    assert _bulk_tables(store) == []


def _bulk_tables(store: Store) -> list[str]:
    rows = store.backend.query(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE ? "
        "ORDER BY table_name",
        (f"{BULK_TABLE}\\_%",),
    )
    return [str(r[0]) for r in rows if r[0] != BULK_SOURCE_TABLE]


def _duckdb_problems(path: Path) -> list[tuple[object, ...]]:
    duck = with_catalogue(Store.memory())
    try:
        result = import_tidy_csv(duck, path, actor="test", refresh=False)
        return [(p.where.row, p.where.column, p.message) for p in result.problems]
    finally:
        duck.close()


def test_the_problems_are_duckdbs_with_file_row_and_column(tmp_path: Path, store: Store) -> None:
    """Unknown area and indicator, a decimal count, a period out of range, a duplicate key,
    T not K + M, a field that is no number: reported as a DuckDB import reports them (row and
    column), and nothing is left."""
    with_catalogue(store)
    body = (
        "antal_invanare,0126C1010,2022,T,1200\n"
        "antal_invanare,9999X9999,2022,T,5\n"
        "okand_indikator,0126,2022,T,5\n"
        "antal_invanare,0126C1020,2022,T,12.5\n"
        "antal_invanare,0126C1030,1850,T,7\n"
        "antal_invanare,0126C1010,2022,T,1200\n"
        "antal_invanare,0126,2021,T,100\n"
        "antal_invanare,0126,2021,K,40\n"
        "antal_invanare,0126,2021,M,50\n"
    )
    bad = _csv(tmp_path, body, "bad.csv")
    result = import_tidy_csv(store, bad, actor="test", refresh=False)
    found = [(p.where.row, p.where.column, p.message) for p in result.problems]
    assert found and found == _duckdb_problems(bad)
    assert {p.where.file for p in result.problems} == {"bad.csv"}
    text = _csv(tmp_path, ROWS + "antal_invanare,0126C1020,2022,T,tolv\n", "text.csv")
    result = import_tidy_csv(store, text, actor="test", refresh=False)
    found = [(p.where.row, p.where.column, p.message) for p in result.problems]
    assert found == [(5, "value", "'tolv' är inget tal")] == _duckdb_problems(text)
    assert _count(store, "observation") == 0 and _bulk_tables(store) == []


def test_reimport_and_revision_move_out_by_rows(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    first = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    again = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    assert again.ok and again.added == 0 and again.unchanged == 3
    changed = _csv(tmp_path, ROWS.replace(",1200", ",1250"), "changed.csv")
    revised = import_tidy_csv(store, changed, actor="test", refresh=False)
    assert revised.revised == 1 and revised.unchanged == 2
    # only the first import's rows stay in the bulk table (the later ones compare with
    # stored values: staged and checked on PostgreSQL); the revision is a stored row
    assert first.record is not None
    assert _bulk_tables(store) == [bulk_table(first.record.id)]
    assert store.backend.query(f"SELECT DISTINCT import_id FROM {BULK_TABLE}") == [
        (first.record.id,)
    ]
    assert store.backend.query(f"SELECT import_id FROM {BULK_SOURCE_TABLE}") == [(first.record.id,)]
    assert store.backend.query("SELECT area, period, value, revision FROM observation_row") == [
        ("0126C1010", "2022", 1250.0, 2)
    ]


def test_a_sum_whose_parts_are_stored_is_checked_against_them(tmp_path: Path, store: Store) -> None:
    """A total imported after its parts (befolkning_0_17 = inrikes + utrikes födda) is
    compared with the stored parts: on PostgreSQL, not by DuckDB's copy, which holds none."""
    with_catalogue(store)
    parts = _csv(
        tmp_path,
        "befolkning_0_17_inrikes_fodda,0126,2022,T,100\n"
        "befolkning_0_17_utrikes_fodda,0126,2022,T,50\n",
        "parts.csv",
    )
    assert import_tidy_csv(store, parts, actor="test", refresh=False).ok
    total = _csv(tmp_path, "befolkning_0_17,0126,2022,T,200\n", "total.csv")
    result = import_tidy_csv(store, total, actor="test", refresh=False)
    assert [p.message for p in result.problems] == [
        "befolkning_0_17 200 är inte summan av befolkning_0_17_inrikes_fodda + "
        "befolkning_0_17_utrikes_fodda (150) (0126, 2022, kön T)"
    ]
    assert len(_bulk_tables(store)) == 1  # the parts' import only


def test_a_copy_to_another_engine_carries_the_bulk_rows(tmp_path: Path, store: Store) -> None:
    """``migrate-db`` and a backup read the bulk rows through the view: a DuckDB copy holds
    the same observations, and a copy back into PostgreSQL replaces its bulk tables."""
    with_catalogue(store)
    assert import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False).ok
    duck = Store.memory()
    try:
        copy_database(store.snapshot(), duck)
        assert duck.backend.query(ALL_OBSERVATIONS) == store.backend.query(ALL_OBSERVATIONS)
        copy_database(duck, store, replace=True)
        assert store.backend.query(ALL_OBSERVATIONS) == duck.backend.query(ALL_OBSERVATIONS)
        assert _bulk_tables(store) == [] and _count(store, BULK_SOURCE_TABLE) == 0
    finally:
        duck.close()


def test_a_reader_holding_a_snapshot_and_an_import_never_wait(
    tmp_path: Path, store: Store, pg_url: str
) -> None:
    """A reader in a REPEATABLE READ transaction that has read ``observation`` holds its lock
    to its end: the import must not wait for it (rebuilding the view would), and a new reader
    during the import's transaction is answered at once, with the data as before it."""
    with_catalogue(store)
    timeout = "SET statement_timeout = '10s'"
    with (
        psycopg.connect(pg_url, autocommit=True) as reader,
        psycopg.connect(pg_url, autocommit=True) as during,
    ):
        reader.execute(timeout)
        during.execute(timeout)
        reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        assert reader.execute("SELECT count(*) FROM observation").fetchone() == (0,)
        seen: list[tuple[object, ...]] = []

        def step(message: str) -> None:
            if message.startswith("Skriver"):  # inside the import's transaction, rows staged
                during.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                seen.append(during.execute("SELECT count(*) FROM observation").fetchone())
                during.execute("COMMIT")

        outcome: list[object] = []
        importer = threading.Thread(
            target=lambda: outcome.append(
                import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False, step=step)
            )
        )
        importer.start()
        importer.join(timeout=60)
        blocked = importer.is_alive()
        reader.execute("COMMIT")  # lets a waiting import go on, so the thread ends
        importer.join(timeout=60)
        assert not blocked, "the import waited for a reader's snapshot"
        assert seen == [(0,)]
        assert _count(store, "observation") == 3


def test_migration_21_from_a_database_of_schema_20(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostgreSQL database made at schema 20 (rows in observation_row) reads the same
    after migration 21, and its next bulk import goes to the bulk table."""
    url = pg_cluster.create_database()
    try:
        old = store_at(url, 20, monkeypatch)
        assert BULK_TABLE not in old.backend.table_names()
        old.backend.execute(
            "INSERT INTO observation_row VALUES ('antal_invanare', '0126', 'kommun', "
            "'2021', 'T', 'total', 113920, NULL, NULL, NULL, 'SCB', 1, 1)"
        )
        old.close()
        store = Store.open(url)
        try:
            assert store.schema_version() == LATEST_VERSION
            assert store.backend.query(
                "SELECT area, period, value, source, import_id, revision FROM observation"
            ) == [("0126", "2021", 113920.0, "SCB", 1, 1)]
            assert _count(store, BULK_TABLE) == 0
        finally:
            store.close()
    finally:
        pg_cluster.drop_database(url)


def test_the_merge_refuses_a_non_finite_number_whatever_the_checks_said(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk tables have no CHECKs (as DuckDB's parts): the merge's guard refuses NaN and
    ±inf in the rows DuckDB read, the same rows COPY wrote, even if the checks let one by."""
    with_catalogue(store)
    monkeypatch.setattr(CheckedCopy, "problems", lambda self, **years: [])
    nan = _csv(tmp_path, ROWS + "antal_invanare,0126C1020,2022,T,nan\n", "nan.csv")
    with pytest.raises(ValueError, match="ändligt"):
        import_tidy_csv(store, nan, actor="test", refresh=False)
    assert _count(store, "observation") == 0 and _bulk_tables(store) == []


@pytest.mark.parametrize(
    ("name", "body"),
    [
        # a quote inside an unquoted field: COPY reads it otherwise than DuckDB
        ("quote.csv", 'antal_invanare,0126C1020,2022,T,"5"\nantal_invanare,01"26,2021,T,7\n'),
        # a line that is COPY's end-of-data marker
        ("marker.csv", "antal_invanare,0126C1020,2022,T,5\n\\.\n"),
        # a hexadecimal number (strtod reads it, DuckDB does not)
        ("hex.csv", "antal_invanare,0126C1020,2022,T,0x10\n"),
    ],
)
def test_a_file_copy_reads_otherwise_goes_the_postgresql_way(
    tmp_path: Path, store: Store, name: str, body: str
) -> None:
    """Where COPY would not give DuckDB's rows the savepoint is rolled back and the file is
    staged on PostgreSQL (the exact reader): the result is DuckDB's, no bulk table is left."""
    with_catalogue(store)
    path = _csv(tmp_path, body, name)
    result = import_tidy_csv(store, path, actor="test", refresh=False)
    duck = with_catalogue(Store.memory())
    try:
        expected = import_tidy_csv(duck, path, actor="test", refresh=False)
        assert [(p.where.row, p.where.column, p.message) for p in result.problems] == [
            (p.where.row, p.where.column, p.message) for p in expected.problems
        ]
        assert result.added == expected.added
        assert store.backend.query(ALL_OBSERVATIONS) == duck.backend.query(ALL_OBSERVATIONS)
    finally:
        duck.close()
    assert _bulk_tables(store) == []


def test_riket_and_a_lan_brought_by_the_file_are_checked_with_the_catalogue(
    tmp_path: Path, store: Store
) -> None:
    """SCB's riket ``00`` and Kolada's region ``0001`` are added to the area catalogue by the
    import; DuckDB's copy of the catalogue gains them before the checks, and the view reads
    the rows as a DuckDB import stores them."""
    with_catalogue(store)
    path = _csv(
        tmp_path,
        "antal_invanare,00,2022,T,10500000\nantal_invanare,0001,2022,T,2400000\n" + ROWS,
        "regions.csv",
    )
    result = import_tidy_csv(store, path, actor="test", refresh=False)
    assert result.ok and result.added == 5
    assert result.record is not None and _bulk_tables(store) == [bulk_table(result.record.id)]
    duck = with_catalogue(Store.memory())
    try:
        assert import_tidy_csv(duck, path, actor="test", refresh=False).ok
        assert store.backend.query(ALL_OBSERVATIONS) == duck.backend.query(ALL_OBSERVATIONS)
    finally:
        duck.close()


def test_a_file_duckdb_reads_with_a_decimal_comma_is_staged_on_postgresql(
    tmp_path: Path, store: Store
) -> None:
    """DuckDB reads it and finds nothing wrong, COPY would read its numbers otherwise (it has
    no decimal comma): the copy is rolled back to its savepoint and the file is staged on
    PostgreSQL, with DuckDB's rows."""
    with_catalogue(store)
    path = tmp_path / "comma.csv"
    path.write_text(
        "indicator;area;period;gender;value\nantal_invanare;0126C1010;2022;T;1200\n"
        "andel_forvarvsarbetande_20_64;0126C1010;2022;T;71,5\n",
        encoding="utf-8",
    )
    options = {"delimiter": ";", "decimal": ","}
    result = import_tidy_csv(store, path, actor="test", refresh=False, **options)
    assert result.ok and result.added == 2
    assert _bulk_tables(store) == [] and _count(store, "observation_row") == 2
    duck = with_catalogue(Store.memory())
    try:
        assert import_tidy_csv(duck, path, actor="test", refresh=False, **options).ok
        assert store.backend.query(ALL_OBSERVATIONS) == duck.backend.query(ALL_OBSERVATIONS)
    finally:
        duck.close()


def test_a_file_without_rows_keeps_no_table(tmp_path: Path, store: Store) -> None:
    with_catalogue(store)
    result = import_tidy_csv(store, _csv(tmp_path, "", "empty.csv"), actor="test", refresh=False)
    assert result.ok and result.added == 0
    assert _bulk_tables(store) == [] and _count(store, BULK_SOURCE_TABLE) == 0


def test_beyond_the_most_bulk_tables_a_first_import_goes_to_observation_row(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every reader of the view locks each bulk table: their number is bounded."""
    with_catalogue(store)
    monkeypatch.setattr(bulk_copy, "MAX_BULK_TABLES", 1)
    assert import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False).ok
    other = _csv(tmp_path, "antal_hushall,0126,2022,T,48000\n", "other.csv")
    assert import_tidy_csv(store, other, actor="test", refresh=False).added == 1
    assert len(_bulk_tables(store)) == 1
    assert store.backend.query("SELECT indicator, area FROM observation_row") == [
        ("antal_hushall", "0126")
    ]


class _Closing:
    """Counts the DuckDB copies closed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.closed = 0
        close = CheckedCopy.close

        def counted(checked: CheckedCopy) -> None:
            self.closed += 1
            close(checked)

        monkeypatch.setattr(CheckedCopy, "close", counted)


def test_duckdbs_copy_is_closed_when_the_import_fails_after_it(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_catalogue(store)
    closing = _Closing(monkeypatch)

    def fails(*args: object) -> bool:
        raise RuntimeError("the server went away")

    monkeypatch.setattr(bulk_copy, "_earlier", fails)
    with pytest.raises(RuntimeError, match="went away"):
        import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    assert closing.closed == 1
    assert _count(store, "observation") == 0 and _bulk_tables(store) == []


def test_duckdb_out_of_memory_stages_the_file_on_postgresql(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_catalogue(store)
    closing = _Closing(monkeypatch)
    check = bulk_copy._check_in_duckdb

    def out_of_memory(out: dict[str, object], *args: object) -> None:
        check(out, *args)  # type: ignore[arg-type]
        out["error"] = duckdb.OutOfMemoryException("could not allocate")

    monkeypatch.setattr(bulk_copy, "_check_in_duckdb", out_of_memory)
    result = import_tidy_csv(store, _csv(tmp_path), actor="test", refresh=False)
    assert result.ok and result.added == 3 and closing.closed == 1
    assert _bulk_tables(store) == [] and _observations(store) == EXPECTED
