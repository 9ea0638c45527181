"""Disclosure control in the database: rule options, the suppression plan and its fingerprint.

The plan is computed at refresh (:mod:`kommunanalys.privacy.planning`) and stored here with a
fingerprint of what it was computed from; readers recompute it when the fingerprint no longer
matches (see docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from kommunanalys.catalog.indicators import DisclosureOptions
from kommunanalys.store.store import Store

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


def plan_inputs(
    store: Store, indicators: Sequence[str], period: str
) -> list[tuple[str, str, str, str, str, str, float | None]]:
    """What the plan reads of ``indicators`` in ``period``: (indicator, area, division, period,
    gender, age group, value), as the database's tuples (a national period is tens of
    thousands; the plan looks division and gender up as text, so they are not converted)."""
    if not indicators:
        return []
    marks = ", ".join("?" for _ in indicators)
    rows = store.backend.query(
        "SELECT indicator, area, division, period, gender, age_group, value FROM derived_value "
        f"WHERE period = ? AND indicator IN ({marks})",
        (period, *indicators),
    )
    return rows


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
