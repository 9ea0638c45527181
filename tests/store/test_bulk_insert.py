"""Bulk inserts by typed numpy columns write exactly what the general path writes: nulls in
every kind of column, whole numbers in double columns, and rows the fast path cannot take."""

from __future__ import annotations

from datetime import datetime

from kommunanalys.store import Store
from kommunanalys.store.backend import typed_columns

TYPES = {"a": "VARCHAR", "b": "DOUBLE", "c": "INTEGER", "d": "BOOLEAN", "e": "TIMESTAMP"}


def _written(rows: list[tuple[object, ...]], columns: list[str]) -> list[tuple[object, ...]]:
    store = Store.memory()
    try:
        backend = store.backend
        backend.execute(
            "CREATE TABLE t (a VARCHAR, b DOUBLE, c INTEGER, d BOOLEAN, e TIMESTAMP)"
        )
        assert backend.bulk_insert("t", columns, rows) == len(rows)
        return backend.query(f"SELECT {', '.join(columns)} FROM t ORDER BY ALL")
    finally:
        store.close()


def test_nulls_and_numbers_survive_the_typed_columns() -> None:
    rows = [(None, None, None, None)] * 3000 + [("å", 1.5, 3, True), ("x", 2, None, False)]
    assert typed_columns(TYPES, ["a", "b", "c", "d"], rows) is not None
    written = _written(rows, ["a", "b", "c", "d"])
    assert written[:2] == [("x", 2.0, None, False), ("å", 1.5, 3, True)]
    assert written[2:] == [(None, None, None, None)] * 3000
    assert isinstance(written[0][1], float)


def test_other_kinds_go_the_general_way_and_are_written_alike() -> None:
    with_date = [("a", 1.0, 1, True, datetime(2024, 1, 2))]
    assert typed_columns(TYPES, ["a", "b", "c", "d", "e"], with_date) is None
    assert _written(with_date, ["a", "b", "c", "d", "e"]) == with_date
    bool_as_number = [("a", True, 1, False)]  # a bool in a DOUBLE column: not the fast path
    assert typed_columns(TYPES, ["a", "b", "c", "d"], bool_as_number) is None
    assert _written(bool_as_number, ["a", "b", "c", "d"]) == [("a", 1.0, 1, False)]
