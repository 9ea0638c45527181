"""The plan read from the store with its cells numbered by the database (issue 23 item 7).

The database numbers every value's slice and cell (``store.disclosure.numbered_plan_inputs``),
so the plan turns no row of a national period into a Python tuple. It must plan exactly what
the plan from values does: also for values the database cannot number (an area missing from
``area``), for values without a number, small denominators and several age groups, and on a
backend without a columnar fetch (as a PostgreSQL backend may be).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.model import Division, Gender, Value
from kommunanalys.privacy.plan import compute_plan
from kommunanalys.privacy.planning import compute_for, relations_of
from kommunanalys.privacy.rules import Rules
from kommunanalys.store import Store
from kommunanalys.store.backend import DuckDBBackend
from tests.privacy.small import INDICATORS, A, B, C, D, E, small_store

SMALL = {(A, "2023", "K"): 1.0, (B, "2023", "M"): 2.0, (D, "2022", "K"): 3.0}
#: An area the store's area table does not have (its values came in some other way).
STRAY = "0999Z0090"


def _awkward(store: Store) -> None:
    """Add what the database cannot number or that takes a special path: a stray area, an
    age group of its own, values without a number and a small denominator."""
    values = store.values()
    extra: list[Value] = []
    for v in values:
        if v.indicator in ("antal_x", "befolkning_x") and v.area == C:
            small = v.indicator == "antal_x" and v.gender is Gender.WOMEN
            extra.append(replace(v, area=STRAY, value=2.0 if small else v.value))
            extra.append(replace(v, age_group="0-6", value=(v.value or 0) / 10))
        if v.indicator == "antal_x" and v.area == E and v.gender is Gender.MEN:
            extra.append(replace(v, age_group="7-20", value=None, status="..."))
    changed = [
        replace(v, value=3.0)  # befolkning_x below the share's minimum: antal_x there is forced
        if v.indicator == "befolkning_x" and v.area == B and v.period == "2022"
        else v
        for v in values
    ]
    store.replace_derived([*changed, *extra])


@pytest.mark.parametrize("columnar", [True, False], ids=["columnar", "rows"])
def test_the_database_numbered_plan_is_the_plan_from_values(
    columnar: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not columnar:
        monkeypatch.delattr(DuckDBBackend, "query_arrays")
    store = small_store(SMALL)
    try:
        _awkward(store)
        rules = Rules(Catalogue(INDICATORS))
        relations = relations_of(store)
        expected = compute_plan(store.values(), rules, relations)
        planned = compute_for(store, rules, relations)
        cells = {(r[1], r[5]) for r in expected.rows()}
        assert (STRAY, "total") in cells and (C, "0-6") in cells  # the awkward ones planned
        assert (B, "2022") in {(r[1], r[3]) for r in expected.rows() if r[6] == "primär"}
        assert list(planned.rows()) == list(expected.rows())
        assert planned.unchecked == expected.unchecked
    finally:
        store.close()


def test_the_plan_reads_no_row_per_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every query the plan makes returns at most one row per area (the areas' order) or per
    period: the values come as arrays, numbered in the database."""
    store = small_store(SMALL)
    try:
        rules = Rules(Catalogue(INDICATORS))
        relations = relations_of(store)
        areas = len(store.areas())
        values = len(store.values(indicators=["antal_x"], periods=["2023"]))
        assert values > areas
        sizes: list[int] = []
        real = DuckDBBackend.query

        def counted(self: DuckDBBackend, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
            rows = real(self, sql, params)
            sizes.append(len(rows))
            return rows

        monkeypatch.setattr(DuckDBBackend, "query", counted)
        plan = compute_for(store, rules, relations)
        assert len(plan) > len(SMALL)
        assert sizes and max(sizes) <= areas, sizes
    finally:
        store.close()


def test_the_numbered_plan_keeps_division_and_gender_as_enums() -> None:
    store = small_store(SMALL)
    try:
        plan = compute_for(store, Rules(Catalogue(INDICATORS)), relations_of(store))
        for key in plan.cells["antal_x"]:
            assert isinstance(key[1], Division) and isinstance(key[3], Gender)
    finally:
        store.close()
