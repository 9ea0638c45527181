"""A ledger file staged by the engine's own CSV reader and summed by SQL (the economy import's
bulk path, :func:`kommunanalys.ingest.economy.import_amounts`).

The file is read as text columns ``c1…cn`` (DuckDB's ``read_csv``; on PostgreSQL ``COPY``,
:mod:`.postgres_csv`) into a temporary table; the caller maps the few distinct periods, ansvar
codes and accounts itself (the mapping's rules stay in Python) and hands the maps back, and
the amounts are summed per verksamhet × month × cost type in whole öre, exactly, by one
grouped join. The staging never judges a row: it counts what the bulk path cannot take (a
line the reader rejected, an amount not written as plain digits with at most two decimals),
and the caller then reads the file row by row to word the problems.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kommunanalys.store.backend import Backend, CsvOptions

#: the longest amount the bulk path sums (13 digits of kronor, a point, two of öre, a sign)
_LONGEST = 17
#: a plain amount in whole öre, exactly
_ORE = "CAST(CAST(amount AS DECIMAL(18, 2)) * 100 AS BIGINT)"


class LedgerStage:
    """One ledger file in a temporary table. Use as a context manager (the table lives on one
    connection and is dropped after)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.table = f"ledger_{uuid.uuid4().hex[:12]}"
        self._pin = backend.pinned()
        self._made: list[str] = []

    def __enter__(self) -> LedgerStage:
        self._pin.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            for table in reversed(self._made):
                self.backend.execute(f"DROP TABLE IF EXISTS {table}")
        finally:
            self._pin.__exit__(None, None, None)

    def load(self, path: Path, delimiter: str, width: int, roles: dict[str, int]) -> bool:
        """Stage the file's rows that are not empty as ``period, unit, code, amount`` (the
        header's columns at ``roles``' positions); False if the reader rejected a line."""
        text = self.backend.dialect.text
        rejects = f"{self.table}_rejects"
        self._made += [*self.backend.dialect.reject_tables(rejects), self.table]
        reader, params = self.backend.read_csv(
            CsvOptions(
                str(path),
                delimiter=delimiter,
                columns={f"c{n}": text for n in range(1, width + 1)},
                rejects=rejects,
            )
        )
        blank = " AND ".join(f"coalesce(c{n}, '') = ''" for n in range(1, width + 1))

        def col(role: str) -> str:
            return f"coalesce(c{roles[role] + 1}, '')"

        self.backend.execute(
            f"CREATE TEMP TABLE {self.table} AS SELECT {col('period')} AS period, "
            f"{col('unit')} AS unit, {col('code')} AS code, {col('amount')} AS amount "
            f"FROM {reader} WHERE NOT ({blank})",
            params,
        )
        # read now: DuckDB's reader fills its rejects as it is scanned
        return not self.backend.query(f"SELECT count(*) FROM {rejects}")[0][0]

    def periods(self) -> list[tuple[str, int, int, int | None, int | None]]:
        """One pass: each distinct period with its rows, its rows whose amount the bulk path
        cannot sum exactly (not plain digits with an optional leading minus and at most two
        decimals after a point: the row-by-row reading knows every way of writing a number)
        and the least and greatest amount (öre) of its plain ones."""
        plain = f"length(amount) <= {_LONGEST} AND " + self.backend.dialect.full_match(
            "amount", r"-?[0-9]+(\.[0-9][0-9]?)?"
        )
        ore = f"CASE WHEN {plain} THEN {_ORE} END"
        rows = self.backend.query(
            f"SELECT period, count(*), count(*) FILTER (WHERE NOT ({plain})), min({ore}), "
            f"max({ore}) FROM {self.table} GROUP BY period"
        )
        return [
            (
                str(p),
                int(n),
                int(odd),
                None if low is None else int(low),
                None if high is None else int(high),
            )
            for p, n, odd, low, high in rows
        ]

    def codes(self, besides_periods: Iterable[str] = ()) -> tuple[list[str], list[str]]:
        """One pass: the distinct units and the distinct accounts (or cost types), leaving
        out the rows whose period is one of ``besides_periods`` (the total rows)."""
        left_out = list(besides_periods)
        where = f" WHERE period NOT IN ({', '.join('?' for _ in left_out)})" if left_out else ""
        rows = self.backend.query(
            f"SELECT unit, code, GROUPING(unit) FROM {self.table}{where} "
            "GROUP BY GROUPING SETS ((unit), (code))",
            left_out,
        )
        units = [str(u) for u, _, g in rows if g == 0]
        codes = [str(c) for _, c, g in rows if g == 1]
        return units, codes

    def sums(
        self,
        months: dict[str, str],
        units: dict[str, str],
        cost_types: dict[str, str],
    ) -> tuple[dict[tuple[str, str, str], int], int]:
        """The amounts (öre) summed per ``(unit, month, cost type)`` through the maps from
        the staged texts, and the sum of all of them (every staged row must map)."""
        maps: list[tuple[str, str, dict[str, str]]] = [
            ("period", "month", months),
            ("unit", "unit", units),
            ("code", "cost_type", cost_types),
        ]
        text = self.backend.dialect.text
        joins = []
        for column, _, mapping in maps:
            table = f"{self.table}_{column}"
            self._made.append(table)
            self.backend.execute(f"CREATE TEMP TABLE {table} (raw {text}, mapped {text})")
            self.backend.bulk_insert(table, ("raw", "mapped"), list(mapping.items()))
            joins.append(f"JOIN {table} ON {table}.raw = s.{column}")
        keys = ", ".join(f"{self.table}_{column}.mapped" for column, _, _ in maps)
        found: dict[tuple[str, str, str], int] = {}
        total = 0
        rows: list[Any] = self.backend.query(
            f"SELECT {keys}, sum({_ORE}) FROM {self.table} s {' '.join(joins)} GROUP BY {keys}"
        )
        for month, unit, cost_type, ore in rows:
            key = (str(unit), str(month), str(cost_type))
            found[key] = found.get(key, 0) + int(ore)
            total += int(ore)
        return found, total
