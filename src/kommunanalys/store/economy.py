"""The economy in the database: the verksamhet tree, ledger amounts and placement volumes.

Rows in, rows out (reached as ``store.economy``). Amounts and volumes keep every revision, as
observations do: a merge writes a new revision of a key only when its value changed, so the
same file imported twice writes nothing the second time, and the latest revision is the
current value. An import is recorded in the shared ``import`` table (source ``ekonomi``) and
its rows carry its id. What the rows mean is :mod:`kommunanalys.analysis.economy_model`; the
checks before a merge are :mod:`kommunanalys.ingest.economy`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kommunanalys.store.backend import Backend

Row = tuple[Any, ...]

#: the key of an amount and of a volume, in column order
AMOUNT_KEY = ("committee", "unit", "month", "cost_type", "kind", "version")
VOLUME_KEY = ("committee", "unit", "month", "measure", "regi", "kind")
#: the ``import`` table's source for economy imports
SOURCE = "ekonomi"


@dataclass(frozen=True)
class MergeCounts:
    staged: int
    added: int
    revised: int

    @property
    def unchanged(self) -> int:
        return self.staged - self.added - self.revised


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _latest(table: str, key: Sequence[str], value: str) -> str:
    """The latest revision of every key of ``table`` (portable SQL: a window, no QUALIFY)."""
    keys = ", ".join(key)
    return (
        f"SELECT {keys}, {value}, synthetic, import_id, revision FROM (SELECT *, row_number() "
        f"OVER (PARTITION BY {keys} ORDER BY revision DESC) AS rn FROM {table}) latest "
        "WHERE rn = 1"
    )


class EconomyRows:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # -- the verksamhet tree -------------------------------------------------------------
    def replace_units(
        self, committee: str, units: Sequence[Row], ledger_codes: Sequence[Row]
    ) -> None:
        """Replace the committee's tree by ``units`` ``(code, name, level, parent)`` (in
        order) and its ledger codes by ``(ledger_code, unit)``. Amounts are kept. Call inside
        a transaction."""
        b = self.backend
        b.execute("DELETE FROM econ_unit WHERE committee = ?", (committee,))
        b.execute("DELETE FROM econ_ledger_code WHERE committee = ?", (committee,))
        b.bulk_insert(
            "econ_unit",
            ("committee", "code", "name", "level", "parent", "position"),
            [(committee, *u, i) for i, u in enumerate(units)],
        )
        b.bulk_insert(
            "econ_ledger_code",
            ("committee", "ledger_code", "unit"),
            [(committee, *c) for c in ledger_codes],
        )

    def committees(self) -> list[str]:
        rows = self.backend.query("SELECT DISTINCT committee FROM econ_unit ORDER BY committee")
        return [r[0] for r in rows]

    def units(self, committee: str) -> list[Row]:
        """``(code, name, level, parent)`` in the tree's order."""
        return self.backend.query(
            "SELECT code, name, level, parent FROM econ_unit WHERE committee = ? ORDER BY position",
            (committee,),
        )

    def ledger_codes(self, committee: str) -> list[Row]:
        """``(ledger_code, unit)``."""
        return self.backend.query(
            "SELECT ledger_code, unit FROM econ_ledger_code WHERE committee = ? "
            "ORDER BY ledger_code",
            (committee,),
        )

    # -- merging -------------------------------------------------------------------------
    def _merge(
        self,
        table: str,
        key: Sequence[str],
        value: str,
        rows: Sequence[Row],
        *,
        import_id: int,
        synthetic: bool,
    ) -> MergeCounts:
        b = self.backend
        d = b.dialect
        staged = f"econ_staged_{uuid.uuid4().hex[:12]}"
        columns = ", ".join([*(f"{k} {d.text}" for k in key), f"{value} {d.double}"])
        b.execute(f"CREATE TEMP TABLE {staged} ({columns})")
        try:
            b.bulk_insert(staged, (*key, value), rows)
            on = " AND ".join(f"l.{k} = s.{k}" for k in key)
            joined = f"FROM {staged} s LEFT JOIN ({_latest(table, key, value)}) l ON {on}"
            counts = b.query(
                f"SELECT count(*), sum(CASE WHEN l.revision IS NULL THEN 1 ELSE 0 END), "
                f"sum(CASE WHEN l.revision IS NOT NULL AND l.{value} <> s.{value} "
                f"THEN 1 ELSE 0 END) {joined}"
            )[0]
            keys = ", ".join(f"s.{k}" for k in key)
            b.execute(
                f"INSERT INTO {table} ({', '.join(key)}, {value}, synthetic, import_id, "
                f"revision) SELECT {keys}, s.{value}, ?, ?, coalesce(l.revision, 0) + 1 "
                f"{joined} WHERE l.revision IS NULL OR l.{value} <> s.{value}",
                (synthetic, import_id),
            )
        finally:
            b.execute(f"DROP TABLE IF EXISTS {staged}")
        return MergeCounts(int(counts[0]), int(counts[1] or 0), int(counts[2] or 0))

    def merge_amounts(
        self, rows: Sequence[Row], *, import_id: int, synthetic: bool = False
    ) -> MergeCounts:
        """Merge ``(committee, unit, month, cost_type, kind, version, amount)`` rows, one per
        key (checked before); call inside a transaction."""
        return self._merge(
            "econ_amount", AMOUNT_KEY, "amount", rows, import_id=import_id, synthetic=synthetic
        )

    def merge_volumes(
        self, rows: Sequence[Row], *, import_id: int, synthetic: bool = False
    ) -> MergeCounts:
        """Merge ``(committee, unit, month, measure, regi, kind, value)`` rows, one per key
        (``kind``: outcome or budget)."""
        return self._merge(
            "econ_volume", VOLUME_KEY, "value", rows, import_id=import_id, synthetic=synthetic
        )

    def record_import(
        self,
        *,
        description: str,
        checksum: str,
        files: Sequence[str],
        counts: MergeCounts,
        rows_read: int,
        synthetic: bool,
        actor: str,
    ) -> int:
        """Record an economy import in the shared ``import`` table; its id. Call inside the
        transaction of its merge, with the id :meth:`next_import_id` gave."""
        import_id = self.next_import_id()
        self.backend.execute(
            "INSERT INTO import (id, source, description, checksum, rows_read, rows_written, "
            "started_at, synthetic, files, actor, rows_added, rows_revised, rows_unchanged, "
            "rows_skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                import_id,
                SOURCE,
                description,
                checksum,
                rows_read,
                counts.added + counts.revised,
                _now(),
                synthetic,
                json.dumps(list(files)),
                actor,
                counts.added,
                counts.revised,
                counts.unchanged,
                0,
            ),
        )
        return import_id

    def next_import_id(self) -> int:
        return int(self.backend.query("SELECT coalesce(max(id), 0) + 1 FROM import")[0][0])

    # -- reading -------------------------------------------------------------------------
    def amounts(self, committee: str, first_year: int | None = None) -> list[Row]:
        """The latest ``(unit, month, cost_type, kind, version, amount, synthetic)`` of the
        committee, from ``first_year`` on when given."""
        sql = (
            "SELECT unit, month, cost_type, kind, version, amount, synthetic FROM ("
            + _latest("econ_amount", AMOUNT_KEY, "amount")
            + ") a WHERE committee = ?"
        )
        params: list[Any] = [committee]
        if first_year is not None:
            sql += " AND month >= ?"
            params.append(f"{first_year:04d}-01")
        return self.backend.query(sql + " ORDER BY unit, month, cost_type, kind, version", params)

    def volumes(self, committee: str) -> list[Row]:
        """The latest ``(unit, month, measure, regi, kind, value, synthetic)``."""
        sql = (
            "SELECT unit, month, measure, regi, kind, value, synthetic FROM ("
            + _latest("econ_volume", VOLUME_KEY, "value")
            + ") v WHERE committee = ? ORDER BY unit, month, measure, regi, kind"
        )
        return self.backend.query(sql, (committee,))

    def revisions(self, committee: str, unit: str, month: str) -> list[Row]:
        """Every revision of the unit's amounts in ``month``: ``(cost_type, kind, version,
        amount, import_id, revision)``."""
        return self.backend.query(
            "SELECT cost_type, kind, version, amount, import_id, revision FROM econ_amount "
            "WHERE committee = ? AND unit = ? AND month = ? "
            "ORDER BY cost_type, kind, version, revision",
            (committee, unit, month),
        )

    # -- the editors' forecast entries (migration 18) ----------------------------------------
    def forecast_entries(self, committee: str, year: int | None = None) -> list[Row]:
        """The latest ``(unit, month, amount, comment, revision, entered_by, entered_at)`` of
        every entered forecast of the committee (of ``year`` when given), by unit and month."""
        sql = (
            "SELECT unit, month, amount, comment, revision, entered_by, entered_at FROM ("
            "SELECT *, row_number() OVER (PARTITION BY committee, unit, month "
            "ORDER BY revision DESC) AS rn FROM econ_forecast_entry WHERE committee = ?) e "
            "WHERE rn = 1"
        )
        params: list[Any] = [committee]
        if year is not None:
            sql += " AND month >= ? AND month <= ?"
            params += [f"{year:04d}-01", f"{year:04d}-12"]
        return self.backend.query(sql + " ORDER BY unit, month", params)

    def add_forecast_entry(
        self, committee: str, unit: str, month: str, amount: float | None, comment: str, actor: str
    ) -> int:
        """Write a new revision of the unit's forecast for ``month``; its revision number.
        Call inside the transaction that records the audit event."""
        b = self.backend
        revision = int(
            b.query(
                "SELECT coalesce(max(revision), 0) + 1 FROM econ_forecast_entry "
                "WHERE committee = ? AND unit = ? AND month = ?",
                (committee, unit, month),
            )[0][0]
        )
        b.execute(
            "INSERT INTO econ_forecast_entry (committee, unit, month, amount, comment, "
            "revision, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (committee, unit, month, amount, comment, revision, actor, _now()),
        )
        return revision

    def locked_months(self, committee: str) -> set[str]:
        """The committee's months (``ÅÅÅÅ-MM``) locked against further forecast entries."""
        rows = self.backend.query(
            "SELECT month FROM econ_month_lock WHERE committee = ?", (committee,)
        )
        return {r[0] for r in rows}

    def set_month_lock(self, committee: str, month: str, locked: bool, actor: str) -> None:
        """Lock (or open) one month of the committee; call inside the audit's transaction."""
        b = self.backend
        b.execute(
            "DELETE FROM econ_month_lock WHERE committee = ? AND month = ?", (committee, month)
        )
        if locked:
            b.execute(
                "INSERT INTO econ_month_lock (committee, month, locked_by, locked_at) "
                "VALUES (?, ?, ?, ?)",
                (committee, month, actor, _now()),
            )
