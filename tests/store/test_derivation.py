"""Derived values in the database: one row per key without a key index, all or nothing, and
migration 9 keeps the stored values."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import HIERARCHY, derive, derive_in_store
from kommunanalys.model import Division, Gender, Value
from kommunanalys.store import Store
from kommunanalys.store import derivation as derivation_module
from kommunanalys.store.derivation import derive_rows
from kommunanalys.store.schema import MIGRATIONS
from tests.privacy.small import INDICATORS, small_store
from tests.store.old_schema import database_at
from tests.test_derive import AREAS, CATALOGUE

_KEY = "indicator, area, division, period, gender, age_group"


def test_a_refresh_writes_every_key_once_and_twice_the_same() -> None:
    store = small_store({("0999A0010", "2023", "K"): 2.0})
    try:
        first = store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}")
        count, keys = store.backend.query(
            f"SELECT count(*), count(DISTINCT ({_KEY})) FROM derived_value"
        )[0]
        assert count == keys == len(first) > 0
        derive_in_store(store, store.areas(), Catalogue(INDICATORS))
        assert store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}") == first
    finally:
        store.close()


def test_a_failed_derivation_leaves_the_stored_values(monkeypatch: pytest.MonkeyPatch) -> None:
    store = small_store()
    try:
        before = store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}")

        def broken(*_: object) -> None:
            raise RuntimeError("avbrott")

        monkeypatch.setattr(derivation_module, "_aggregate_custom", broken)
        monkeypatch.setattr(derivation_module, "_gender_totals", broken)
        with pytest.raises(RuntimeError):
            derive_in_store(store, store.areas(), Catalogue(INDICATORS))
        assert store.backend.query(f"SELECT * FROM derived_value ORDER BY {_KEY}") == before
    finally:
        store.close()


def test_migration_9_keeps_the_derived_values(tmp_path: Path) -> None:
    path = tmp_path / "v8.duckdb"
    con = database_at(path, 8)
    con.execute(
        "INSERT INTO derived_value VALUES ('antal_invanare', '0126', 'kommun', '2022', 'T', "
        "'total', 113920, NULL, NULL, NULL, 'aggregated', false, NULL)"
    )
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == MIGRATIONS[-1].version
        assert store.backend.query("SELECT area, value, method FROM derived_value") == [
            ("0126", 113920.0, "aggregated")
        ]
        indexes = store.backend.query(
            "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'derived_value'"
        )
        assert indexes == []  # migration 9 recreated it; migration 20 drops it in DuckDB
    finally:
        store.close()


def test_migration_20_drops_the_area_index_in_duckdb_and_keeps_the_values(
    tmp_path: Path,
) -> None:
    """DuckDB never reads the (area, period) index (its scans skip blocks by their zone maps)
    but maintained it at every refresh's commit: a database at version 19 loses it, with its
    values kept."""
    path = tmp_path / "v19.duckdb"
    con = database_at(path, 19)
    indexes = "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'derived_value'"
    assert con.execute(indexes).fetchall() == [("derived_value_area",)]
    con.execute(
        "INSERT INTO derived_value VALUES ('antal_invanare', '0126', 'kommun', '2022', 'T', "
        "'total', 113920, NULL, NULL, NULL, 'aggregated', false, NULL)"
    )
    con.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == MIGRATIONS[-1].version
        assert store.backend.query(indexes) == []
        assert store.backend.query("SELECT area, value FROM derived_value") == [("0126", 113920.0)]
        plan = store.backend.query(
            "EXPLAIN SELECT * FROM derived_value WHERE area = '0126' AND period = '2022'"
        )
        assert "Seq Scan" in str(plan)  # what DuckDB did with the index too
    finally:
        store.close()


def test_the_area_index_only_where_the_engine_reads_it(store: Store, engine: str) -> None:
    """PostgreSQL reads one area's values through the index (it has no zone maps): migration
    20 is DuckDB's only, and the version is recorded on both."""
    assert store.schema_version() >= 20
    if engine == "postgresql":
        query = "SELECT indexname FROM pg_indexes WHERE tablename = 'derived_value'"
        assert store.backend.query(query) == [("derived_value_area",)]
    else:
        query = "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'derived_value'"
        assert store.backend.query(query) == []


def test_the_second_gender_pass_reads_only_the_divisions_aggregated_into(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the first pass a key outside the divisions the aggregation wrote into has the rows
    it had then: the second pass looks only where the hierarchy's parents and the custom areas
    are (a national import: the RegSO and kommun rows, not every DeSO's again)."""
    passes: list[tuple[object, ...]] = []
    real = derivation_module._gender_totals

    def recording(backend: object, divisions: object = None) -> None:
        passes.append((divisions,))
        real(backend, divisions)  # type: ignore[arg-type]

    monkeypatch.setattr(derivation_module, "_gender_totals", recording)
    hierarchy = [(c.value, p.value) for c, p in HIERARCHY]
    derive_rows([], [], [], hierarchy, [("X1", "custom", "0999C0001", "DeSO2018")])
    parents = sorted({p for _, p in hierarchy} | {"custom"})
    assert passes == [(None,), (parents,)]


def test_a_parent_total_from_aggregated_genders_where_a_child_total_is_suppressed() -> None:
    """The second pass's case: a child's T is stored without a value (suppressed), so the
    parent gets no summed T, but K and M sum, and T = K + M is made at the parent."""

    def obs(area: str, gender: Gender, value: float | None) -> Value:
        return Value("num", area, Division.DESO2018, "2022", gender, value)

    values = derive(
        [
            obs("0999C0001", Gender.WOMEN, 2),
            obs("0999C0001", Gender.MEN, 3),
            obs("0999C0001", Gender.TOTAL, None),
            obs("0999C0002", Gender.WOMEN, 4),
            obs("0999C0002", Gender.MEN, 6),
        ],
        AREAS,
        CATALOGUE,
    )
    found = {(v.area, v.gender.value): (v.value, v.method) for v in values if v.indicator == "num"}
    assert found[("0999C0001", "T")] == (None, "observed")
    assert found[("0999C0002", "T")] == (10, "computed")
    assert found[("0999R001", "K")] == (6, "aggregated")
    assert found[("0999R001", "T")] == (15, "computed")
    assert found[("0999", "T")] == (15, "computed")


def _recorded(monkeypatch: pytest.MonkeyPatch, name: str) -> list[tuple[object, ...]]:
    """The arguments (but the backend) of every call of the derivation's step ``name``."""
    calls: list[tuple[object, ...]] = []
    real = getattr(derivation_module, name)

    def recording(backend: object, *args: object) -> None:
        calls.append(args)
        real(backend, *args)

    monkeypatch.setattr(derivation_module, name, recording)
    return calls


def _num(area: str, value: float | None, indicator: str = "num") -> Value:
    return Value(indicator, area, Division.DESO2018, "2022", Gender.TOTAL, value)


def test_a_ratio_without_rows_of_its_denominator_is_not_computed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A share needs its numerator's and its denominator's rows: with no row of the
    denominator anywhere the ratio step has nothing to do (a national import of counts
    whose denominators come later copied every numerator row for nothing)."""
    calls = _recorded(monkeypatch, "_ratios")
    values = derive([_num("0999C0001", 2), _num("0999C0002", 3)], AREAS, CATALOGUE)
    assert calls == []
    assert {v.indicator for v in values} == {"num"}
    both = derive([_num("0999C0001", 2), _num("0999C0001", 4, "den")], AREAS, CATALOGUE)
    assert [[r.id for r in batch] for (batch,) in calls] == [["share"]]  # type: ignore[attr-defined]
    shares = {(v.area, v.value) for v in both if v.indicator == "share"}
    assert shares == {("0999C0001", 50.0)}


def test_whole_counts_are_summed_unordered_and_others_in_the_areas_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whole counts within 2**53 sum exactly in any order, so their sums need no ordering
    (a third of a hierarchy step's time); a fraction or a count too large to sum exactly
    keeps the ordered sum (test_derive.py: the same whatever order the children come in)."""
    calls = _recorded(monkeypatch, "_aggregate")
    derive([_num("0999C0001", 2), _num("0999C0002", 3)], AREAS, CATALOGUE)
    assert [c[2] for c in calls if c[0] == "DeSO2018"] == [True]
    for fraction in (0.5, 2.0**53):
        calls.clear()
        derive([_num("0999C0001", 2), _num("0999C0002", fraction)], AREAS, CATALOGUE)
        assert [c[2] for c in calls if c[0] == "DeSO2018"] == [False]


def test_a_step_without_children_is_left_out_and_a_vacant_parent_not_searched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hierarchy step whose child division has no rows has nothing to sum (a national DeSO
    2018 file: the DeSO 2025 and RegSO 2025 steps); a step whose parent division has no rows
    yet cannot meet a stored parent value, so it leaves out the search for one (a quarter of
    a national DeSO → RegSO step). Where the parent has a value, it is searched and wins."""
    calls = _recorded(monkeypatch, "_aggregate")
    values = derive([_num("0999C0001", 2), _num("0999C0002", 3)], AREAS, CATALOGUE)
    assert [(c[0], c[1], c[3]) for c in calls] == [
        ("DeSO2018", "RegSO2020", True),
        ("RegSO2020", "kommun", True),
    ]
    assert {(v.area, v.value, v.method) for v in values if v.division is not Division.DESO2018} == {
        ("0999R001", 5.0, "aggregated"),
        ("0999", 5.0, "aggregated"),
    }
    calls.clear()
    regso = Value("num", "0999R001", Division.REGSO2020, "2022", Gender.TOTAL, 7.0)
    values = derive([_num("0999C0001", 2), _num("0999C0002", 3), regso], AREAS, CATALOGUE)
    assert [(c[0], c[1], c[3]) for c in calls] == [
        ("DeSO2018", "RegSO2020", False),
        ("RegSO2020", "kommun", True),
    ]
    assert {(v.area, v.value, v.method) for v in values if v.division is not Division.DESO2018} == {
        ("0999R001", 7.0, "observed"),
        ("0999", 7.0, "aggregated"),
    }


def test_gender_totals_only_where_a_place_lacks_one_and_has_both_values(store: Store) -> None:
    """T = K + M (K's other columns, synthetic if either is) only at a place of a count with
    values of K and M and no T row: not where T is stored (even without a value), K's value
    is missing, M has no row, or the indicator is not a count. On both engines."""

    def row(ind: str, area: str, gender: str, value: float | None, **kw: object) -> tuple:
        synthetic = bool(kw.get("synthetic", False))
        return (ind, area, "DeSO2018", "2022", gender, "total", value, kw.get("numerator"),
                None, kw.get("status"), "observed", synthetic, 7)  # fmt: skip

    rows = [
        row("num", "A", "K", 3, numerator=30, status="x", synthetic=True),
        row("num", "A", "M", 4),
        row("num", "B", "K", 1),
        row("num", "B", "M", 2),
        row("num", "B", "T", None),
        row("num", "C", "K", None),
        row("num", "C", "M", 2),
        row("num", "D", "K", 5),
        row("income", "A", "K", 300),
        row("income", "A", "M", 400),
    ]
    rules = [
        derivation_module.IndicatorRule("num", "count"),
        derivation_module.IndicatorRule("income", "mean"),
    ]
    backend = store.backend
    with backend.transaction():
        derivation_module._create_work(backend)
        backend.bulk_insert(derivation_module.WORK, derivation_module.COLUMNS, rows)
        derivation_module.derive_work(backend, rules, [], [], [])
        made = backend.query(
            f"SELECT * FROM {derivation_module.WORK} WHERE method = 'computed' ORDER BY {_KEY}"
        )
        derivation_module._drop_work(backend)
    assert made == [
        ("num", "A", "DeSO2018", "2022", "T", "total", 7.0, 30.0, None, "x", "computed", True, 7)
    ]
