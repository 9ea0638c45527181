"""Ledger files read by the engine's own CSV reader and summed by SQL in one pass (the economy
import's bulk path, :func:`kommunanalys.ingest.economy.import_amounts`).

All the plain files of one import are read by one query: DuckDB's ``read_csv`` takes the list
of files of one layout (its ``file_index`` says which file a row is from); on PostgreSQL each
file is first copied into its temporary table (``COPY``, :mod:`.postgres_csv`) and the query
reads their union. No row is written to a staging table: the query maps the ansvar codes it
knows (the map the caller gives, exact texts; thousands of codes: 290 kommuner × 20
verksamheter) by one join and groups the rows per file × period × verksamhet × account,
summing the amounts in whole öre, exactly, into a table of groups. The accounts (a hundred
distinct texts) are then mapped by the caller and the groups regrouped per cost type: a
second join per row cost more than the groups it saves, and fetching every group into Python
cost more than regrouping them. An ansvar code the map does not hold and an account the
caller does not map keep their own group, and the caller maps the periods (a few texts): the
mapping's rules stay in Python.

The query never judges a row: per group it counts the rows whose amount the bulk path cannot
sum exactly (not plain digits with at most two decimals, or too long) and gives the least and
greatest amount (a total row must equal its file's sum); the files whose lines the reader
rejected are named. The caller reads such a file row by row to word its problems.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kommunanalys.store.backend import Backend, CsvOptions

#: the most characters before the point of an amount the bulk path sums (a sign and 13 digits
#: of kronor, or 14 digits): in öre it is then less than 10^16, which DECIMAL(18, 2) and its
#: product by 100 hold (a longer one stopped the import with the engine's overflow)
_BEFORE_POINT = 14
#: an amount the bulk path sums: digits, an optional leading minus, at most two decimals after
#: a point (the row-by-row reading knows every other way of writing a number)
_PLAIN = r"-?[0-9]+(\.[0-9][0-9]?)?"


@dataclass(frozen=True)
class LedgerFile:
    """A plain CSV ledger: its delimiter, the header's width and the header positions (from
    0) of the period, the ansvar code, the account (or cost type) and the amount."""

    path: Path
    delimiter: str
    width: int
    period: int
    unit: int
    code: int
    amount: int

    @property
    def layout(self) -> tuple[str, int, int, int, int, int]:
        return (self.delimiter, self.width, self.period, self.unit, self.code, self.amount)


@dataclass(frozen=True)
class LedgerGroup:
    """The rows of one file with one period text, one verksamhet and one cost type: the
    verksamhet as the map gives it (``unit``), or, where the map does not hold the ansvar
    code, None and the code itself (``unit_text``); the cost type as ``codes`` gives it
    (``code``), or None and the account itself (``code_text``). ``odd`` rows have an amount
    the bulk path cannot sum; ``ore`` is the sum of the others, ``low``/``high`` their least
    and greatest (None when there is none)."""

    file: int
    period: str
    unit: str | None
    unit_text: str | None
    code: str | None
    code_text: str | None
    rows: int
    odd: int
    ore: int
    low: int | None
    high: int | None


class LedgerStage:
    """Ledger files read and summed on one connection. Use as a context manager (the maps'
    table and the readers' tables live on one connection and are dropped after)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.name = f"ledger_{uuid.uuid4().hex[:12]}"
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

    def read(
        self,
        files: Sequence[LedgerFile],
        units: Mapping[str, str],
        codes: Callable[[int, str], str | None],
    ) -> tuple[set[int], list[LedgerGroup]]:
        """The files (by their index in ``files``) whose lines the reader rejected, and the
        groups of all the files' rows that are not empty. ``units`` maps an ansvar code's
        exact text to the verksamhet it is booked on; ``codes(file, text)`` says what an
        account (or cost type) of a file is, None when it is nothing.

        One pass over the rows: one query groups them per file × period × verksamhet ×
        account as written into a table of groups (some ten thousand); the distinct accounts
        of each file are mapped by ``codes`` and the groups regrouped by what they map to."""
        if not files:
            return set(), []
        text, integer = self.backend.dialect.text, self.backend.dialect.integer
        units_table, groups_table, codes_table = (
            f"{self.name}_{part}" for part in ("units", "groups", "codes")
        )
        self._made += [units_table, groups_table, codes_table]
        self.backend.execute(f"CREATE TEMP TABLE {units_table} (raw {text}, mapped {text})")
        self.backend.bulk_insert(units_table, ("raw", "mapped"), list(units.items()))
        readers: list[str] = []
        params: list[Any] = []
        rejects: list[tuple[str, list[int]]] = []
        by_layout: dict[tuple[str, int, int, int, int, int], list[int]] = {}
        for index, file in enumerate(files):
            by_layout.setdefault(file.layout, []).append(index)
        for indexes in by_layout.values():
            for reader, reader_params, table, read in self._readers(files, indexes):
                readers.append(self._rows(files[indexes[0]], reader, read))
                params += reader_params
                rejects.append((table, read))
        unit_text = "CASE WHEN u.mapped IS NULL THEN r.unit END"
        keys = f"r.file, r.period, u.mapped, {unit_text}, r.code"
        self.backend.execute(
            f"CREATE TEMP TABLE {groups_table} AS SELECT r.file AS file, r.period AS period, "
            f"u.mapped AS unit, {unit_text} AS unit_text, r.code AS code, count(*) AS n, "
            "count(r.ore) AS plain, sum(r.ore) AS ore, min(r.ore) AS low, max(r.ore) AS high "
            f"FROM ({' UNION ALL '.join(readers)}) r "
            f"LEFT JOIN {units_table} u ON u.raw = r.unit GROUP BY {keys}",
            params,
        )
        # read after the pass: DuckDB's reader fills its rejects as it is scanned
        rejected = self._rejected(files, rejects)
        pairs = self.backend.query(f"SELECT DISTINCT file, code FROM {groups_table}")
        mapped = [(int(f), str(c), codes(int(f), str(c))) for f, c in pairs]
        self.backend.execute(
            f"CREATE TEMP TABLE {codes_table} (file {integer}, raw {text}, mapped {text})"
        )
        self.backend.bulk_insert(
            codes_table, ("file", "raw", "mapped"), [m for m in mapped if m[2] is not None]
        )
        code_text = "CASE WHEN c.mapped IS NULL THEN g.code END"
        keys = f"g.file, g.period, g.unit, g.unit_text, c.mapped, {code_text}"
        rows = self.backend.query(
            f"SELECT {keys}, sum(g.n), sum(g.n) - sum(g.plain), sum(g.ore), min(g.low), "
            f"max(g.high) FROM {groups_table} g LEFT JOIN {codes_table} c "
            f"ON c.file = g.file AND c.raw = g.code GROUP BY {keys}"
        )
        groups = [
            LedgerGroup(
                int(f),
                str(period),
                unit,
                unit_raw,
                code,
                code_raw,
                int(n),
                int(odd),
                int(ore or 0),
                None if low is None else int(low),
                None if high is None else int(high),
            )
            for f, period, unit, unit_raw, code, code_raw, n, odd, ore, low, high in rows
        ]
        return rejected, groups

    def _readers(
        self, files: Sequence[LedgerFile], indexes: list[int]
    ) -> list[tuple[str, tuple[Any, ...], str, list[int]]]:
        """The readers of the files at ``indexes`` (one layout): ``(table expression, its
        parameters, its rejects table, the files it reads)``. DuckDB's reader takes them all
        at once (its parameter a list of paths; its ``file_index`` a position in it), each
        other engine's reader one file."""
        first = files[indexes[0]]
        columns = {f"c{n}": self.backend.dialect.text for n in range(1, first.width + 1)}
        together = self.backend.dialect.name == "duckdb"
        out = []
        for part in [indexes] if together else [[i] for i in indexes]:
            rejects = f"{self.name}_rejects{len(self._made)}"
            self._made += self.backend.dialect.reject_tables(rejects)
            options = CsvOptions(
                str(files[part[0]].path),
                delimiter=first.delimiter,
                columns=columns,
                rejects=rejects,
            )
            reader, params = self.backend.read_csv(options)
            if together:
                assert params[0] == options.path  # the dialect's first parameter: the path
                params = ([str(files[i].path) for i in part], *params[1:])
            out.append((reader, params, rejects, part))
        return out

    def _rows(self, file: LedgerFile, reader: str, read: list[int]) -> str:
        """The reader's rows that are not empty as ``file, period, unit, code, ore``: the
        file's index, the texts, and the amount in whole öre where it is plain, else NULL."""
        blank = " AND ".join(f"coalesce(c{n}, '') = ''" for n in range(1, file.width + 1))

        def col(position: int) -> str:
            return f"coalesce(c{position + 1}, '')"

        amount = col(file.amount)
        plain = (
            f"(length({amount}) <= {_BEFORE_POINT} OR position('.' IN {amount}) "
            f"BETWEEN 1 AND {_BEFORE_POINT + 1}) AND "
            + self.backend.dialect.full_match(amount, _PLAIN)
        )
        ore = f"CASE WHEN {plain} THEN CAST(CAST({amount} AS DECIMAL(18, 2)) * 100 AS BIGINT) END"
        if len(read) == 1:
            index = str(read[0])
        elif read == list(range(read[0], read[0] + len(read))):
            index = f"file_index + {read[0]}"  # DuckDB's: the position in the reader's list
        else:
            index = (
                "CASE file_index "
                + " ".join(f"WHEN {n} THEN {i}" for n, i in enumerate(read))
                + " END"
            )
        return (
            f"SELECT {index} AS file, {col(file.period)} AS period, {col(file.unit)} AS unit, "
            f"{col(file.code)} AS code, {ore} AS ore FROM {reader} WHERE NOT ({blank})"
        )

    def _rejected(
        self, files: Sequence[LedgerFile], rejects: list[tuple[str, list[int]]]
    ) -> set[int]:
        """The files (indexes) with a line in one of the rejects tables."""
        if self.backend.dialect.name == "duckdb":
            found: set[int] = set()
            for table, read in rejects:
                paths = self.backend.query(
                    f"SELECT DISTINCT s.file_path FROM {table} r JOIN {table}_scan s "
                    "ON s.scan_id = r.scan_id AND s.file_id = r.file_id"
                )
                named: dict[str, set[int]] = {}
                for i in read:
                    named.setdefault(str(files[i].path), set()).add(i)
                for (path,) in paths:  # a path not recognised: every file of that reader
                    found |= named.get(path, set(read))
            return found
        counts = self.backend.query(
            " UNION ALL ".join(
                f"SELECT {read[0]}, count(*) FROM {table}" for table, read in rejects
            )
        )
        return {int(f) for f, n in counts if n}
