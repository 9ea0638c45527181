"""The staging area of an import: rows wait in a temporary table until they are checked.

Every import, from any source, goes the same way:

1. its rows are *staged* (``add_rows`` for adapters, ``add_tidy_csv`` for the tidy CSV format,
   which DuckDB reads itself so that national files load at disk speed);
2. :meth:`Staging.problems` checks them against the catalogue with set-based SQL (unknown
   areas and indicators, duplicate keys, counts with decimals, numerators above denominators,
   periods out of range, rows with neither a value nor a status);
3. :meth:`Staging.merge` writes, inside the caller's transaction, only what is new or changed:
   a new key gets revision 1, a changed value the next revision (the old one stays), an equal
   value nothing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kommunanalys.catalog.sums import INDICATOR_SUMS
from kommunanalys.errors import echoed
from kommunanalys.formatting import numbers_in_text
from kommunanalys.model import Division
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.store.backend import Backend, CsvOptions
from kommunanalys.store.bulk_copy import CheckedCopy, copy_checked
from kommunanalys.store.check_prefilter import rows_may_fail
from kommunanalys.store.observation_parts import (
    KEY,
    PAYLOAD,
    READ_AREA,
    ROW_TABLE,
    add_part,
    current_rows,
    part_table,
    remove_part,
    sql_text,
)
from kommunanalys.store.observation_parts import inferred_division as _inferred_division
from kommunanalys.store.observation_parts import plain_area as _plain_area
from kommunanalys.store.row_checks import (
    FIRST_YEAR,
    MAX_NUMBER,
    MAX_TEXT,
    NUMBERS,
    PERCENT,
    row_checks,
)
from kommunanalys.store.schema import finite

_COLUMNS = (*KEY, *PAYLOAD, "source", "w_file", "w_sheet", "w_row", "w_column")
#: Columns of the tidy CSV format; the first four are required.
TIDY_REQUIRED = ("indicator", "area", "period", "value")
TIDY_OPTIONAL = ("division", "gender", "age_group", "numerator", "denominator", "status")
#: How many examples of each kind of problem a report lists (the count is always complete).
EXAMPLES = 20


@dataclass(frozen=True)
class MergeCounts:
    staged: int
    added: int
    revised: int

    @property
    def unchanged(self) -> int:
        return self.staged - self.added - self.revised


class Staging:
    """One import's temporary table. Use as a context manager; the table is dropped after."""

    def __init__(self, backend: Backend, *, file_label: str = "") -> None:
        self.backend = backend
        self.dialect = backend.dialect
        self.table = f"staging_{uuid.uuid4().hex[:12]}"
        self.file_label = file_label
        self._column_names: dict[str, str] = {}  # staged column → the input's column name
        self._source = ""
        self._direct_import: int | None = None  # rows loaded as a part (observation_parts)
        self._import_id: int | None = None  # the import whose part holds the staged rows
        self._part_select = ""  # the SELECT that reads that part
        self._read_as_staged = False  # the table computes its columns from a file's (tidy)
        self._count: int | None = None  # the staged rows, once counted
        #: PostgreSQL: the rows copied into the import's bulk table, checked by DuckDB
        self._checked: CheckedCopy | None = None
        # the temporary table lives on one connection: keep it until the staging ends
        self._pin = backend.pinned()
        self._pin.__enter__()
        try:
            self._create({c: self._type(c) for c in _COLUMNS})
        except BaseException:
            self._pin.__exit__(None, None, None)
            raise

    def _create(self, columns: dict[str, str]) -> None:
        """(Re)create the empty staging table with ``columns`` (name → definition)."""
        self.backend.execute(f"DROP TABLE IF EXISTS {self.table}")
        definitions = ", ".join(f"{c} {d}" for c, d in columns.items())
        self.backend.execute(f"CREATE TEMP TABLE {self.table} ({definitions})")

    def _type(self, column: str) -> str:
        """The staged type of ``column``: numbers, the row number, text for everything else."""
        if column in NUMBERS:
            return self.dialect.double
        return self.dialect.integer if column == "w_row" else self.dialect.text

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._checked is not None:
                self._checked.close()
            self.backend.execute(f"DROP TABLE IF EXISTS {self.table}")
        finally:
            self._pin.__exit__(None, None, None)

    # -- staging -------------------------------------------------------------------------
    def add_rows(self, rows: Sequence[SourceRow]) -> int:
        data = []
        for row in rows:
            o, w = row.observation, row.where
            data.append(
                (
                    o.indicator,
                    o.area,
                    o.division.value,
                    o.period,
                    o.gender.value,
                    o.age_group,
                    o.value,
                    o.numerator,
                    o.denominator,
                    o.status,
                    o.source,
                    w.file,
                    w.sheet,
                    w.row,
                    w.column,
                )
            )
        count = self.backend.bulk_insert(self.table, _COLUMNS, data)
        self._count = None
        self._statistics()
        return count

    def _statistics(self) -> None:
        """Statistics of the staged rows and of the catalogue tables the checks join them
        with, where the engine plans by them: a catalogue just saved has none, and PostgreSQL
        then guessed one count indicator and scanned every staged row once per indicator
        (18.7 s of a 1 M-row import, found by h19parts with ``EXPLAIN ANALYZE``)."""
        for table in (self.table, "indicator", "area"):
            statement = self.dialect.statistics(table)
            if statement:
                self.backend.execute(statement)

    def add_tidy_csv(
        self,
        path: Path,
        *,
        source: str,
        delimiter: str = ",",
        decimal: str = ".",
        import_id: int | None = None,
    ) -> list[Problem]:
        """Stage a tidy CSV (one observation per line) read by DuckDB; return the lines it
        could not read (wrong number of columns, text in a number column).

        With ``import_id`` (inside the import's transaction) the rows are stored as read, as
        revision 1 of that import: a part (:mod:`kommunanalys.store.observation_parts`), so
        that a national file costs one read and one narrow write. :meth:`merge` moves them to
        staging if earlier imports hold values of the same indicators, and a rejected import
        is rolled back by the caller. Where the engine keeps no part tables (PostgreSQL) the
        rows go to the import's bulk table instead, checked by DuckDB meanwhile
        (:mod:`~kommunanalys.store.bulk_copy`), unless earlier values must be compared."""
        header = _header(path, delimiter)
        missing = [c for c in TIDY_REQUIRED if c not in header]
        if missing:
            return [
                Problem(
                    Where(path.name, row=1),
                    f"kolumnen {', '.join(repr(m) for m in missing)} saknas i rubrikraden "
                    f"(kolumner: {', '.join(header)})",
                )
            ]
        unknown = [c for c in header if c not in (*TIDY_REQUIRED, *TIDY_OPTIONAL)]
        if unknown:
            return [
                Problem(
                    Where(path.name, row=1, column=unknown[0]),
                    f"okänd kolumn {unknown[0]!r} (tillåtna: "
                    f"{', '.join((*TIDY_REQUIRED, *TIDY_OPTIONAL))})",
                )
            ]
        if import_id is not None and self.dialect.bulk and len(set(header)) == len(header):
            checked = copy_checked(
                self.backend,
                path,
                header,
                source=source,
                delimiter=delimiter,
                decimal=decimal,
                import_id=import_id,
                make_staging=lambda backend: Staging(backend, file_label=self.file_label),
            )
            if checked is not None:
                self._checked, self._source = checked, source
                self._column_names = {c: c for c in header}
                return checked.read_problems
        rejects = f"{self.table}_rejects"
        # Where the engine can, the file is read straight into the staging table, which
        # computes the staged columns from the file's as each row is written (one pass)
        direct = (
            self.dialect.stored_columns
            and (import_id is None or not self.dialect.parts)
            and len(set(header)) == len(header)  # a column named twice: as the reader reads it
        )
        if direct:
            self._create(self._tidy_columns(header, source, path.name))
        reader, reader_params = self.backend.read_csv(
            CsvOptions(
                str(path),
                delimiter=delimiter,
                decimal=decimal,
                columns={c: self._type(c) for c in header},
                rejects=rejects,
                target=self.table if direct else None,
                target_columns=[_READ_AREA if c == "area" else c for c in header],
            )
        )
        if direct and reader != self.table:  # the engine read it another way
            self._create({c: self._type(c) for c in _COLUMNS})
        self._read_as_staged = direct and reader == self.table

        select = self._tidy_select(header, lambda n: n if n in header else "NULL")
        self._source = source
        if self._read_as_staged:
            pass  # the rows are staged
        elif import_id is None or not self.dialect.parts:
            self.backend.execute(
                f"INSERT INTO {self.table} ({', '.join(_COLUMNS)}) {select}, ?, ?, NULL, NULL, "
                f"NULL FROM {reader}",
                (source, path.name, *reader_params),
            )
        else:
            table = part_table(import_id)
            self.backend.execute(f"CREATE TABLE {table} AS SELECT * FROM {reader}", reader_params)
            null = f"CAST(NULL AS {self.dialect.double})"
            typed = self._tidy_select(header, lambda n: n if n in header else null)
            self._part_select = (
                f"{typed}, {sql_text(source)} AS source, {int(import_id)} AS import_id, "
                f"1 AS revision FROM {table}"
            )
            add_part(self.backend, import_id, table, self._part_select)
            self._direct_import = self._import_id = import_id
        self._column_names = {c: c for c in header}
        self._count = None
        self._statistics()
        rows = self.backend.query(
            f"SELECT line, column_name, error_type, error_message FROM {rejects} "
            "ORDER BY line LIMIT ?",
            (EXAMPLES * 5,),
        )
        total = self.backend.query(f"SELECT count(DISTINCT line) FROM {rejects}")[0][0]
        for leftover in self.dialect.reject_tables(rejects):
            self.backend.execute(f"DROP TABLE IF EXISTS {leftover}")
        problems = [
            Problem(Where(path.name, row=int(line), column=column), _reject_message(kind, text))
            for line, column, kind, text in rows
        ]
        if total > len({p.where.row for p in problems}):
            problems.append(
                Problem(Where(path.name), f"… och fler rader som inte kunde läsas ({total} i allt)")
            )
        return problems

    def locate_tidy_rows(self, path: Path, *, delimiter: str = ",", decimal: str = ".") -> None:
        """Stage a tidy CSV again, this time with its line numbers (slower; only needed to
        report problems). Call after :meth:`add_tidy_csv` read it without errors."""
        if self._checked is not None:
            self._checked.locate_rows(path, delimiter=delimiter, decimal=decimal)
            return
        header = _header(path, delimiter)

        def number(name: str) -> str:
            if name not in header:
                return "NULL"
            text = f"replace({name}, ',', '.')" if decimal == "," else name
            return self.dialect.try_cast(text, self.dialect.double)

        select = self._tidy_select(header, number)
        self._direct_import = None
        if self._read_as_staged:  # its columns compute themselves: a plain table again
            self._create({c: self._type(c) for c in _COLUMNS})
            self._read_as_staged = False
        # The same explicit dialect as the first read (delimiter, quote, header, the columns by
        # name), all as text: the file read without errors then, so it reads again; DuckDB's
        # sniffer is never asked (it gives up on CRLF files with quoted line breaks).
        reader, reader_params = self.backend.read_csv(
            CsvOptions(
                str(path),
                delimiter=delimiter,
                decimal=decimal,
                columns={c: self.dialect.text for c in header},
            )
        )
        self._count = None  # the same rows, unless the file changed in between
        self.backend.execute(f"DELETE FROM {self.table}")
        self.backend.execute(
            f"INSERT INTO {self.table} ({', '.join(_COLUMNS)}) {select}, ?, ?, NULL, line, NULL "
            f"FROM (SELECT *, row_number() OVER () + 1 AS line FROM {reader}) numbered",
            (self._source, path.name, *reader_params),
        )

    def _tidy_columns(self, header: list[str], source: str, file: str) -> dict[str, str]:
        """The staging table that a tidy CSV with ``header`` is read into as it is: the
        file's columns as read (its area as :data:`_READ_AREA`), the staged area and an
        inferred division computed from them as each row is written, the columns the file
        lacks as their defaults: the same values as :meth:`_tidy_select` gives."""
        columns = {c: self._type(c) for c in _COLUMNS}
        text = self.dialect.text

        def computed(expression: str) -> str:
            return f"{text} GENERATED ALWAYS AS ({expression}) STORED"

        columns["area"] = computed(_plain_area(self.dialect, _READ_AREA))
        if "division" not in header:
            columns["division"] = computed(_inferred_division(self.dialect, _READ_AREA))
        columns["gender"] += " DEFAULT 'T'"
        columns["age_group"] += " DEFAULT 'total'"
        columns["source"] += f" DEFAULT {sql_text(source)}"
        columns["w_file"] += f" DEFAULT {sql_text(file)}"
        return {**columns, _READ_AREA: text}

    def _tidy_select(self, header: list[str], number: Callable[[str], str]) -> str:
        def col(name: str, default: str) -> str:
            return name if name in header else default

        division = col("division", _inferred_division(self.dialect))
        gender = col("gender", "'T'")
        age_group = col("age_group", "'total'")
        return (
            f"SELECT indicator, {_plain_area(self.dialect)} AS area, {division} AS division, "
            f"period, {gender} AS gender, {age_group} AS age_group, {number('value')} AS value, "
            f"{number('numerator')} AS numerator, {number('denominator')} AS denominator, "
            f"{col('status', f'CAST(NULL AS {self.dialect.text})')} AS status"
        )

    @property
    def relation(self) -> str:
        """The staged rows as a table expression."""
        if self._direct_import is None:
            return self.table
        return (
            f"(SELECT {', '.join(KEY)}, {', '.join(PAYLOAD)}, source, NULL AS w_file, "
            f"NULL AS w_sheet, CAST(NULL AS {self.dialect.integer}) AS w_row, NULL AS w_column "
            f"FROM ({self._part_select}) part)"
        )

    def count(self) -> int:
        """The staged rows: counted once after they change (the import's record and the
        merge both ask)."""
        if self._checked is not None:
            return self._checked.count()
        if self._count is None:
            self._count = int(self.backend.query(f"SELECT count(*) FROM {self.relation}")[0][0])
        return self._count

    def unknown_areas(self, division: Division) -> list[str]:
        """The staged area codes of ``division`` the area catalogue does not hold (riket and
        the län an import brings are added from them before the checks)."""
        if self._checked is not None:
            return self._checked.unknown_areas(division)
        rows = self.backend.query(
            f"SELECT DISTINCT s.area FROM {self.relation} s "
            "LEFT JOIN area a ON a.code = s.area AND a.division = s.division "
            "WHERE a.code IS NULL AND s.division = ?",
            [division.value],
        )
        return sorted(str(r[0]) for r in rows if r[0] is not None)

    # -- validation ----------------------------------------------------------------------
    def problems(
        self, *, first_year: int = FIRST_YEAR, last_year: int | None = None
    ) -> list[Problem]:
        """Everything that stops the import, a few examples of each kind with a count.

        One pass over the rows counts every kind of problem; only kinds that occur are then
        queried for examples."""
        if self._checked is not None:
            return self._checked.problems(first_year=first_year, last_year=last_year)
        last_year = last_year or date.today().year + 1
        checks = row_checks(first_year, last_year)
        rel = self.relation
        joined = (
            f"{rel} s LEFT JOIN indicator i ON i.id = s.indicator "
            "LEFT JOIN area a ON a.code = s.area AND a.division = s.division"
        )
        filters = ", ".join(f"count(*) FILTER (WHERE {c.condition})" for c in checks)
        params = [p for c in checks for p in c.params]
        # A part is stored by column, compressed: its distinct values and extremes cost
        # little to read, so a proof that no row fails goes first (most files have no
        # problem). A staging table (PostgreSQL's, an adapter's) would be read once per
        # query of the proof: there the one scan is cheaper.
        if self._direct_import is None or rows_may_fail(
            self.backend, rel, checks, max_number=MAX_NUMBER, max_text=MAX_TEXT, percent=PERCENT
        ):
            totals = self.backend.query(f"SELECT {filters} FROM {joined}", params)[0]
        else:
            totals = (0,) * len(checks)
        collisions, unequal, *summed = self._grouped_counts()
        problems: list[Problem] = []
        for check, total in zip(checks, totals, strict=True):
            if total:
                problems += self._examples(
                    check.column,
                    f"SELECT s.w_file, s.w_sheet, s.w_row, {check.shown}, s.w_column "
                    f"FROM {joined} WHERE {check.condition}",
                    check.params,
                    check.message,
                    int(total),
                )
        problems += self._sum_problems(unequal, summed)
        if collisions:
            key = ", ".join(f"s.{c}" for c in KEY)
            problems += self._examples(
                None,
                "SELECT min(w_file), min(w_sheet), min(w_row), s.indicator, s.area, s.period, "
                "s.gender, s.age_group, string_agg(CAST(w_row AS VARCHAR), ', ' ORDER BY w_row), "
                "NULL "
                f"FROM {rel} s GROUP BY {key} HAVING count(*) > 1",
                (),
                "samma nyckel finns flera gånger ({3}, {4}, {5}, {6}, {7}; rader {8})",
                None,
            )
        return problems

    def _grouped_counts(self) -> list[int]:
        """One grouping of the staged rows by key without the gender (the cells of T = K +
        M), which counts: the cells that are not one row each of distinct genders T, K and M
        (necessary for a duplicate key, and for a gender that is none of them: the exact
        query of :meth:`problems` confirms), the cells where T = K + M may fail, and the
        staged counts of each relation of :data:`~kommunanalys.catalog.sums.INDICATOR_SUMS`
        (the relations without one need no check). In place of a count of distinct keys'
        hashes and a second grouping for T = K + M: a sort or a hash of every row, not two.

        A cell keeps four plain aggregates, not a filtered one per gender (those took more
        than half of the grouping at 10 M rows): its rows, the sum of its genders' codes (T 1,
        K 2, M 4, any other 8: one row each of distinct genders exactly where the rows are
        1 to 3 and the sum is one of the sums of distinct codes), its values and T − K − M.
        Where the cell is one row each of T, K and M with a value, T − K − M is T − (K + M)
        (whole counts add exactly; a difference near the line is left to the exact query by
        a lower one). A cell that is not such is counted as possibly unequal too: the exact
        query of :meth:`_sum_problems` (the staged maximum of each gender, as before) then
        decides what is reported. The indicator's type is looked up per indicator, after."""
        code = "CASE s.gender WHEN 'T' THEN 1 WHEN 'K' THEN 2 WHEN 'M' THEN 4 ELSE 8 END"
        distinct = "(n = 1 AND g IN (1, 2, 4)) OR (n = 2 AND g IN (3, 5, 6)) OR (n = 3 AND g = 7)"
        counts = "i.value_type = 'count'"
        relations = ", ".join(
            f"coalesce(sum(c.counted) FILTER (WHERE {counts} AND c.indicator IN "
            f"({', '.join(sql_text(n) for n in (total, *parts))})), 0)"
            for total, parts in INDICATOR_SUMS.items()
        )
        rows, keys = self._cell_rows()
        row = self.backend.query(
            "SELECT coalesce(sum(c.mixed), 0), "
            f"coalesce(sum(c.mixed + c.unequal) FILTER (WHERE {counts}), 0), {relations} "
            "FROM (SELECT indicator, count(*) FILTER (WHERE NOT "
            f"({distinct})) AS mixed, count(*) FILTER (WHERE n = 3 AND g = 7 AND v = 3 AND NOT "
            "abs(d) <= 0.25) AS unequal, sum(v) AS counted FROM (SELECT s.indicator, "
            f"count(*) AS n, sum({code}) AS g, count(s.value) AS v, sum(CASE WHEN "
            "s.gender = 'T' THEN s.value ELSE -s.value END) AS d "
            f"FROM {rows} s GROUP BY {', '.join('s.' + k for k in keys)}) cells "
            "GROUP BY indicator) c LEFT JOIN indicator i ON i.id = c.indicator"
        )[0]
        return [int(n) for n in row]

    def _cell_rows(self) -> tuple[str, tuple[str, ...]]:
        """The staged rows to group into cells (the key without the gender), and the
        columns that key them.

        Rows loaded as a part are grouped as the file has them where that keys them alike:
        without a code with SCB's vintage suffix, an area code as read is the staged one, the
        inferred division follows from it and the period, and an age group the file lacks
        is the same for every row. Two keys fewer to hash and compare: a fifth to a third
        of the grouping's time at 10 M rows. A file with a suffixed code (two codes may then be one
        area) is grouped by the staged key."""
        keys = ("indicator", "area", "division", "period", "age_group")
        if self._direct_import is None:
            return self.relation, keys
        table = part_table(self._direct_import)
        suffixed = self._stored(
            f"SELECT 1 FROM {table} WHERE {self.dialect.contains('area', sql_text('_'))}"
        )
        if suffixed:
            return self.relation, keys
        read = [c for c in keys if c in ("indicator", "area", "period") or c in self._column_names]
        gender = "gender" if "gender" in self._column_names else "'T'"
        return (
            f"(SELECT {', '.join(read)}, {gender} AS gender, value FROM {table})",
            tuple(read),
        )

    def _sum_problems(self, unequal: int, summed: Sequence[int]) -> list[Problem]:
        """Totals that are not the sum of their parts: T = K + M for every count, and each
        relation of :data:`~kommunanalys.catalog.sums.INDICATOR_SUMS`, over the staged
        values and the stored ones they do not replace (an import of only T is checked
        against the stored K and M). A difference up to 0,5 is rounding.

        ``unequal`` and ``summed`` are :meth:`_grouped_counts`': where no earlier import
        holds values of the staged counts' indicators, the staged cells alone decide T = K +
        M, and a relation without a staged count has nothing to check."""
        counts = (
            f"SELECT s.* FROM {self.relation} s JOIN indicator i ON i.id = s.indicator "
            "WHERE i.value_type = 'count' AND s.value IS NOT NULL"
        )
        indicators = f"SELECT DISTINCT indicator FROM ({counts}) counted"
        earlier = self._earlier(indicators)
        problems: list[Problem] = []
        if unequal or earlier:
            cells, value = self._cells(counts, indicators, earlier)
            t, k, m = (value(f"gender = '{g}'") for g in ("T", "K", "M"))
            problems += self._examples(
                "value",
                f"{cells} SELECT * FROM (SELECT min(w_file), min(w_sheet), min(w_row), "
                f"indicator, area, period, {t} AS t, {k} AS k, {m} AS m, 'value' "
                "FROM c GROUP BY indicator, area, division, period, age_group "
                "HAVING max(staged) = 1) g WHERE abs(t - (k + m)) > 0.5",
                (),
                "totalen {6:.0f} är inte kvinnor {7:.0f} + män {8:.0f} ({3}, {4}, {5})",
                None,
            )
        for (total, parts), staged in zip(INDICATOR_SUMS.items(), summed, strict=True):
            if not staged:
                continue
            names = ", ".join(sql_text(n) for n in (total, *parts))
            cells, value = self._cells(f"{counts} AND s.indicator IN ({names})", names)
            each = [value(f"indicator = {sql_text(part)}") for part in parts]
            found = " + ".join(f"CASE WHEN {v} IS NULL THEN 0 ELSE 1 END" for v in each)
            problems += self._examples(
                "value",
                f"{cells} SELECT * FROM (SELECT min(w_file), min(w_sheet), min(w_row), area, "
                f"period, gender, {value(f'indicator = {sql_text(total)}')} AS total, "
                f"{' + '.join(each)} AS parts, {found} AS found, 'value' "
                "FROM c GROUP BY area, division, period, gender, age_group "
                f"HAVING max(staged) = 1) g WHERE found = {len(parts)} "
                "AND abs(total - parts) > 0.5",
                (),
                f"{total} {{6:.0f}} är inte summan av {' + '.join(parts)} ({{7:.0f}}) "
                "({3}, {4}, kön {5})",
                None,
            )
        return problems

    def _earlier(self, indicators: str) -> bool:
        """Do earlier imports hold values of ``indicators`` (a SELECT or a list)?"""
        return self._stored(
            f"SELECT 1 FROM observation o WHERE {self._of_earlier_imports(indicators)}"
        )

    def _of_earlier_imports(self, indicators: str) -> str:
        """A condition on ``observation`` row ``o``: of ``indicators``, of an earlier import.
        This import's own rows (a part: already in ``observation``) are what the staged rows
        are, never a stored value they leave in place."""
        condition = f"o.indicator IN ({indicators})"
        if self._import_id is not None:
            condition += f" AND o.import_id <> {int(self._import_id)}"
        return condition

    def _cells(
        self, staged: str, indicators: str, earlier: bool | None = None
    ) -> tuple[str, Callable[[str], str]]:
        """``WITH n AS (staged), c AS (…)``: the staged counts (``staged`` 1) and the current
        stored value of every key of ``indicators`` in the staged rows' areas (``staged`` 0);
        and, for a grouping of ``c`` by cell, the aggregate that gives the value of the row
        meeting a condition (a gender, an indicator: one key of the cell): the staged one,
        else the stored one.

        One grouping, which spills when it must: not the stored current values by a window
        over every stored row, joined twice with the staged ones (where the cell has a
        staged row, where the key has none), which needed memory in proportion to both (a
        national re-import spilled, or ran out of memory at 4 GB; issue 23). The stored rows
        are the current ones (:func:`~.observation_parts.current_rows`), so a condition meets
        one of them: not every revision, of which the grouping then took the latest
        (PostgreSQL's ordered ``array_agg`` per cell was half of a re-import)."""
        key = ("indicator", "area", "division", "period", "gender", "age_group")
        staged_rows = f"SELECT {', '.join(key)}, value, w_file, w_sheet, w_row, 1 AS staged"
        # without stored values of the indicators (a first national import) only the staged
        # rows are grouped
        if earlier is None:
            earlier = self._earlier(indicators)
        if not earlier:
            return (
                f"WITH n AS ({staged}), c AS ({staged_rows} FROM n)",
                lambda condition: f"max(value) FILTER (WHERE {condition})",
            )

        def value(condition: str) -> str:
            return (
                f"coalesce(max(value) FILTER (WHERE staged = 1 AND {condition}), "
                f"max(value) FILTER (WHERE staged = 0 AND {condition}))"
            )

        stored = current_rows(
            f"{', '.join('o.' + c for c in key)}, o.value, NULL, NULL, "
            f"CAST(NULL AS {self.dialect.integer}), 0",
            where=f"{self._of_earlier_imports(indicators)} "
            "AND o.area IN (SELECT DISTINCT area FROM n)",
        )
        return (
            f"WITH n AS ({staged}), c AS ({staged_rows} FROM n UNION ALL {stored})",
            value,
        )

    def _stored(self, select: str) -> bool:
        """Does ``select`` find a row?"""
        return bool(self.backend.query(f"SELECT count(*) FROM ({select} LIMIT 1) found")[0][0])

    def _examples(
        self,
        column: str | None,
        sql: str,
        params: tuple[object, ...],
        template: str,
        total: int | None,
    ) -> list[Problem]:
        rows = self.backend.query(
            f"SELECT * FROM ({sql}) found ORDER BY 3 NULLS LAST LIMIT ?", (*params, EXAMPLES)
        )
        if total is None:
            total = len(rows)
        shown_column = self._column_names.get(column, column) if column else None

        def column_of(row: tuple[Any, ...]) -> str | None:
            if self._column_names or not column:
                return shown_column
            return row[-1]  # adapters keep the value's own column in ``w_column``

        problems = [
            Problem(
                Where(row[0] or self.file_label, sheet=row[1], row=row[2], column=column_of(row)),
                # numbers as the Swedish text writes them: "112,5", not "112.5"
                template.format(*numbers_in_text(row)),
            )
            for row in rows
        ]
        if total > len(rows):
            problems.append(
                Problem(
                    Where(rows[0][0] or self.file_label),
                    f"… och {total - len(rows)} rader till med samma fel",
                )
            )
        return problems

    # -- merging -------------------------------------------------------------------------
    def merge(self, import_id: int) -> MergeCounts:
        """Insert new keys and changed values as revisions of ``import_id``. Call inside a
        transaction, after :meth:`problems` found nothing."""
        if self._checked is not None:
            if self._checked.import_id != import_id:
                raise ValueError("the rows were loaded for another import")
            rows = self._checked.merge(self._source)
            return MergeCounts(rows, rows, 0)
        if self._direct_import is not None:
            if self._direct_import != import_id:
                raise ValueError("the rows were loaded for another import")
            self.refuse_non_finite()
            if not self._earlier(f"SELECT DISTINCT indicator FROM ({self._part_select}) part"):
                return MergeCounts(self.count(), self.count(), 0)
            self._move_to_table()
        t = self.table
        if not self._earlier(f"SELECT DISTINCT indicator FROM {t}"):
            # nothing stored of these indicators (a first import of them): every row is new,
            # revision 1, without a join with the stored current values or a count after
            self.backend.execute(
                f"INSERT INTO {ROW_TABLE} ({', '.join(KEY)}, {', '.join(PAYLOAD)}, source, "
                f"import_id, revision) SELECT {', '.join(KEY)}, {', '.join(PAYLOAD)}, source, "
                f"?, 1 FROM {t}",
                (import_id,),
            )
            return MergeCounts(self.count(), self.count(), 0)
        same = " AND ".join(f"s.{c} IS NOT DISTINCT FROM l.{c}" for c in PAYLOAD)
        latest = current_rows(
            "o.indicator, o.area, o.division, o.period, o.gender, o.age_group, o.value, "
            "o.numerator, o.denominator, o.status, o.revision",
            where=f"o.indicator IN (SELECT DISTINCT indicator FROM {t})",
        )
        join = " AND ".join(f"l.{c} = s.{c}" for c in KEY)
        self.backend.execute(
            f"INSERT INTO {ROW_TABLE} ({', '.join(KEY)}, {', '.join(PAYLOAD)}, source, "
            "import_id, revision) "
            f"SELECT {', '.join('s.' + c for c in KEY)}, {', '.join('s.' + c for c in PAYLOAD)}, "
            f"s.source, ?, coalesce(l.revision, 0) + 1 FROM {t} s LEFT JOIN ({latest}) l "
            f"ON {join} WHERE l.revision IS NULL OR NOT ({same})",
            (import_id,),
        )
        staged = self.count()
        added, revised = self.backend.query(
            "SELECT count(*) FILTER (WHERE revision = 1), count(*) FILTER (WHERE revision > 1) "
            "FROM observation WHERE import_id = ?",
            (import_id,),
        )[0]
        return MergeCounts(staged, int(added), int(revised))

    def refuse_non_finite(self) -> None:
        """A part is stored as read, without the CHECKs of ``observation_row`` (schema
        migration 10): refuse it here if a number in it is NaN or ±inf, so that no path
        stores one (:meth:`problems` has told the user which rows, this is the guard)."""
        bad = " OR ".join(f"NOT {finite(c)}" for c in NUMBERS)
        rows = self.backend.query(f"SELECT count(*) FROM ({self._part_select}) part WHERE {bad}")
        if rows[0][0]:
            raise ValueError(f"{rows[0][0]} rader har ett tal som inte är ändligt (NaN/oändligt)")

    def _move_to_table(self) -> None:
        """Rows loaded as a part go to staging for a full merge; the part is dropped."""
        self.backend.execute(
            f"INSERT INTO {self.table} ({', '.join(_COLUMNS)}) SELECT {', '.join(KEY)}, "
            f"{', '.join(PAYLOAD)}, source, NULL, NULL, NULL, NULL FROM ({self._part_select}) part"
        )
        remove_part(self.backend, self._direct_import or 0)
        self._direct_import = None
        self._count = None


#: The staging table's column of the area code as a tidy CSV has it (:meth:`Staging._tidy_columns`)
_READ_AREA = READ_AREA


def _header(path: Path, delimiter: str) -> list[str]:
    with path.open("rb") as handle:
        first = handle.readline(65536)
    text = first.decode("utf-8-sig", errors="replace").strip("\r\n")
    return [c.strip().strip('"').lower() for c in text.split(delimiter)]


def _marks(values: type) -> str:
    return ", ".join("?" for _ in values)  # type: ignore[attr-defined]


_CONVERT = re.compile(r'Could not convert string "(.*?)(?:" to |\Z)', re.S)
#: A number with spaces between its groups of thousands, as Swedish spreadsheets write it
#: ("1 137", also with a no-break or narrow no-break space; up to 10¹⁸)
_GROUPED = re.compile(r"\s*[+-]?[0-9]{1,3}([ \u00a0\u202f][0-9]{3}){1,5}([.,][0-9]+)?\s*")


def _reject_message(kind: str, text: str) -> str:
    if kind == "CAST":
        match = _CONVERT.search(text)
        found = match.group(1) if match else "?"
        if _GROUPED.fullmatch(found):
            plain = re.sub(r"\s", "", found)
            return f"{found!r} är inget tal (skriv det utan mellanrum: {plain})"
        # a long field is shown by its beginning, as every message repeats a user's input
        return f"{echoed(found)!r} är inget tal"
    if kind == "MISSING COLUMNS":
        return "raden har för få kolumner"
    if kind == "TOO MANY COLUMNS":
        return "raden har för många kolumner"
    if kind == "UNQUOTED VALUE":
        return 'ett citattecken saknas eller står fel (ett fält inom "…" måste sluta med ")'
    if kind == "INVALID ENCODING":
        return "raden är inte UTF-8 (spara filen som UTF-8)"
    return text
