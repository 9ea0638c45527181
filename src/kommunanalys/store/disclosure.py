"""Disclosure control in the database: rule options, the suppression plan and its fingerprint.

The plan is computed at refresh (:mod:`kommunanalys.privacy.planning`) and stored here with a
fingerprint of what it was computed from; readers recompute it when the fingerprint no longer
matches (see docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kommunanalys.catalog.indicators import DisclosureOptions
from kommunanalys.store.store import Store

if TYPE_CHECKING:
    import numpy as np  # imported where a plan is computed: a reader of the plan needs none

PLAN_COLUMNS = ("indicator", "area", "division", "period", "gender", "age_group", "reason")
PlanRow = tuple[str, str, str, str, str, str, str]
#: The schema version that added the disclosure tables.
PLAN_SCHEMA = 5


def save_options(store: Store, options: Mapping[str, DisclosureOptions]) -> None:
    """Replace the stored rule options (protect_zeros, round_to) by ``options``."""
    rows = [(i, o.protect_zeros, o.round_to) for i, o in sorted(options.items())]
    with store.backend.transaction():
        store.backend.execute("DELETE FROM disclosure_option")
        store.backend.bulk_insert(
            "disclosure_option", ("indicator", "protect_zeros", "round_to"), rows
        )


def _has_tables(store: Store) -> bool:
    """False for a database opened read-only before migration 5 (nothing stored yet)."""
    return store.schema_version() >= PLAN_SCHEMA


def load_options(store: Store) -> dict[str, DisclosureOptions]:
    if not _has_tables(store):
        return {}
    rows = store.backend.query(
        "SELECT indicator, protect_zeros, round_to FROM disclosure_option ORDER BY indicator"
    )
    return {r[0]: DisclosureOptions(bool(r[1]), r[2]) for r in rows}


def save_plan(store: Store, rows: Iterable[PlanRow], fingerprint: str, seconds: float) -> int:
    """Replace the stored plan; all or nothing."""
    rows = list(rows)
    with store.backend.transaction():
        store.backend.execute("DELETE FROM disclosure_plan")
        store.backend.execute("DELETE FROM disclosure_plan_meta")
        store.backend.bulk_insert("disclosure_plan", PLAN_COLUMNS, rows)
        store.backend.execute(
            "INSERT INTO disclosure_plan_meta VALUES (?, ?, ?, ?)",
            (fingerprint, datetime.now(UTC).replace(tzinfo=None), len(rows), seconds),
        )
    return len(rows)


def load_plan(store: Store) -> tuple[str | None, list[PlanRow]]:
    """The stored fingerprint (None when no plan was ever stored) and the plan's rows."""
    if not _has_tables(store):
        return None, []
    meta = store.backend.query("SELECT fingerprint FROM disclosure_plan_meta")
    if not meta:
        return None, []
    rows = store.backend.query(
        f"SELECT {', '.join(PLAN_COLUMNS)} FROM disclosure_plan "
        "ORDER BY indicator, area, division, period, gender, age_group"
    )
    return meta[0][0], [tuple(r) for r in rows]


def plan_periods(store: Store, indicator: str) -> list[str]:
    """The periods in which ``indicator`` has values."""
    rows = store.backend.query(
        "SELECT DISTINCT period FROM derived_value WHERE indicator = ? ORDER BY period",
        (indicator,),
    )
    return [r[0] for r in rows]


def plan_areas(store: Store) -> list[tuple[str, str]]:
    """Every area as (code, division), in the order :func:`numbered_plan_inputs` numbers
    them."""
    return [(r[0], r[1]) for r in store.backend.query(_AREA_ORDER)]


def plan_age_groups(store: Store, indicators: Sequence[str]) -> list[str]:
    """The age groups in which ``indicators`` have values."""
    if not indicators:
        return []
    marks = ", ".join("?" for _ in indicators)
    rows = store.backend.query(
        f"SELECT DISTINCT age_group FROM derived_value WHERE indicator IN ({marks}) "
        "ORDER BY age_group",
        list(indicators),
    )
    return [r[0] for r in rows]


_AREA_ORDER = "SELECT code, division FROM area ORDER BY code, division"
#: A numbered chunk of plan inputs: per value its slice number, cell number and value (NaN:
#: none), sorted by slice; then the values the database could not number, as
#: (indicator, area, division, period, gender, age group, value).
NumberedInputs = tuple[
    "np.ndarray",
    "np.ndarray",
    "np.ndarray",
    list[tuple[str, str, str, str, str, str, float | None]],
]


def _case(column: str, choices: Sequence[str]) -> tuple[str, list[str]]:
    """``column``'s index in ``choices`` (NULL when it is none of them)."""
    if not choices:
        return "CAST(NULL AS INTEGER)", []
    whens = " ".join(f"WHEN ? THEN {i}" for i in range(len(choices)))
    return f"CASE {column} {whens} END", list(choices)


def _arrays(store: Store, sql: str, params: Sequence[object], width: int) -> list[np.ndarray]:
    import numpy as np

    """A numeric result's columns as float arrays, NaN for NULL (by the engine's columnar
    fetch where it has one: no Python object per row)."""
    fetch = getattr(store.backend, "query_arrays", None)
    if fetch is not None:
        return [np.ma.filled(np.ma.asarray(c).astype(float), np.nan) for c in fetch(sql, params)]
    rows = store.backend.query(sql, params)
    if not rows:
        return [np.empty(0) for _ in range(width)]
    return [np.array(c, dtype=float) for c in zip(*rows, strict=True)]


def numbered_plan_inputs(
    store: Store,
    indicators: Sequence[str],
    period: str,
    age_groups: Sequence[str],
    genders: Sequence[str],
) -> NumberedInputs:
    """What the plan reads of ``indicators`` in ``period``, numbered in the database so that
    no key becomes a Python object: per value its slice ``len(age_groups) × i + j``
    (``indicators[i]``, ``age_groups[j]``), its cell ``len(genders) × n + k`` (the ``n``-th
    area of :func:`plan_areas`, ``genders[k]``) and the value. A value the database cannot
    number (an area not in ``area``, an age group or gender not given) is read as text."""
    import numpy as np

    if not indicators:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0), []
    indicator, p1 = _case("v.indicator", indicators)
    age, p2 = _case("v.age_group", age_groups)
    gender, p3 = _case("v.gender", genders)
    marks = ", ".join("?" for _ in indicators)
    numbered = (
        f"SELECT {indicator} * {max(len(age_groups), 1)} + {age} AS slice, "
        f"a.node * {len(genders)} + {gender} AS cell, v.indicator, v.area, v.division, "
        "v.period, v.gender, v.age_group, v.value FROM derived_value v LEFT JOIN (SELECT code, "
        "division, row_number() OVER (ORDER BY code, division) - 1 AS node FROM area) a "
        "ON a.code = v.area AND a.division = v.division "
        f"WHERE v.period = ? AND v.indicator IN ({marks})"
    )
    params = [*p1, *p2, *p3, period, *indicators]
    slices, cells, values = _arrays(
        store, f"SELECT slice, cell, value FROM ({numbered}) q ORDER BY slice", params, 3
    )
    numbered_here = ~(np.isnan(slices) | np.isnan(cells))
    rest: list[tuple[str, str, str, str, str, str, float | None]] = []
    if not numbered_here.all():
        rest = store.backend.query(
            "SELECT indicator, area, division, period, gender, age_group, value "
            f"FROM ({numbered}) q WHERE slice IS NULL OR cell IS NULL",
            params,
        )
    return (
        slices[numbered_here].astype(np.int64),
        cells[numbered_here].astype(np.int64),
        values[numbered_here],
        rest,
    )


def values_fingerprint(store: Store, indicators: Sequence[str]) -> str:
    """A checksum of the current values of ``indicators`` (cheap: one aggregate in the
    database). Any change of a value, a key or the number of rows changes it."""
    if not indicators:
        return "0:0"
    marks = ", ".join("?" for _ in indicators)
    key = ("indicator", "area", "division", "period", "gender", "age_group", "value")
    count, total = store.backend.query(
        f"SELECT count(*), coalesce(sum({store.backend.dialect.hash(key)}), 0) "
        f"FROM derived_value WHERE indicator IN ({marks})",
        list(indicators),
    )[0]
    return f"{count}:{total}"
