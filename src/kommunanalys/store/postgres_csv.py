"""Reading a CSV file into PostgreSQL the way DuckDB's ``read_csv`` reads it for the store.

DuckDB reads a tidy CSV itself, typed, and puts the lines it cannot read in a rejects table
(line, column name, error type, error message). Here the same happens in two ways:

* **On the server** (a file that is well formed as CSV, the common case): the file's bytes are
  streamed by ``COPY … FROM STDIN (FORMAT csv)`` into a temporary table of text columns with a
  line counter filled in the file's order, and the numbers are converted and checked there,
  set-based, with the same rules as DuckDB's reader (a field that is no number becomes a CAST
  reject with DuckDB's message, on the line where its record starts). No row passes through
  Python.
* **In Python** (the exact reader below): when ``COPY`` refuses the file (a ragged row, a
  broken quote, bytes that are not UTF-8, a blank line), when the file uses quotes in a way
  ``COPY`` reads differently from DuckDB (a quote inside an unquoted field, text after a
  closing quote), or when a number field is one whose reading needs Python's rules (``nan``,
  ``inf``, spaces around a number, non-ASCII): the file is read in Python with the same
  options (the header's columns by position, the delimiter, ``"`` as quote and escape, a
  decimal comma, UTF-8 with or without a byte order mark), every number converted as DuckDB
  converts it, and the good rows copied into a temporary table; the bad lines go to a rejects
  table of the same shape and with the same error types and messages as DuckDB's.

Either way the staging reports the same problems in the same words (file, row, column).
"""

from __future__ import annotations

import codecs
import csv
import math
import mmap
import re
from collections.abc import Callable, Iterator
from typing import Any

import psycopg

from kommunanalys.store.backend import CsvOptions

_NUMBER_TYPES = ("DOUBLE", "DOUBLE PRECISION")
_TEXT_TYPES = ("TEXT", "VARCHAR")
#: How much of the file one ``COPY`` write sends.
_BLOCK = 1 << 20
#: The whitespace Python's ``str.strip`` and ``float`` skip, in ASCII (a regex class).
_SPACE = r"[ \t\n\r\f\v\x1c-\x1f]"
#: ``COPY``'s end-of-data marker: a line that is only ``\.``.
_END_MARKER = re.compile(rb"(?m)^\\\.\r?$")


def load_csv(con: Any, options: CsvOptions, table: str) -> str:
    """The file ``options.path`` as a table expression (columns as ``options.columns``, else
    every column of the header as text), its rejected lines in ``options.rejects`` (or a
    ``ValueError`` at the first one without). ``table`` is the temporary table it reads
    from, made here (the caller drops it with the rejects). With ``options.target`` the rows
    of a file ``COPY`` types as DuckDB does go straight into that table, which is returned."""
    if options.copy_only:  # the caller proves that COPY reads the file as DuckDB does
        return options.target if options.target and _copy_into_target(con, options) else ""
    columns = options.columns
    if columns is not None and len(columns) > 1 and _copy_reads_as_python(options):
        if _copy_types_as_duckdb(options):
            if options.target and _copy_into_target(con, options):
                return options.target  # the common case: the rows staged as they are read
            if _copy_typed(con, options, columns, table):
                return table  # one COPY, typed as it is read
        read = _read_on_server(con, options, columns, table)
        if read is not None:
            return read
    _read_in_python(con, options, table)
    return table


def copy_reads_as_duckdb(options: CsvOptions) -> bool:
    """Whether one ``COPY`` of the file gives the rows DuckDB's reader gives, or refuses it:
    its CSV reading (:func:`_copy_reads_as_python`) and its numbers
    (:func:`_copy_types_as_duckdb`)."""
    return _copy_reads_as_python(options) and _copy_types_as_duckdb(options)


def _copy_file(con: Any, statement: str, path: str, table: str | None) -> bool:
    """Stream the file's bytes to the server through ``statement`` (a ``COPY … FROM
    STDIN``) inside a savepoint of the import's transaction. False, with ``table`` dropped
    (if given; the savepoint leaves any table as it was), when ``COPY`` refuses a field or
    a record (the caller then reads the file another way)."""
    try:
        with (
            con.transaction(),
            con.cursor() as cursor,
            cursor.copy(statement) as copy,
            open(path, "rb") as handle,
        ):
            while block := handle.read(_BLOCK):
                copy.write(block)
    except psycopg.errors.DataError:
        if table is not None:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        return False
    return True


def _copy_into_target(con: Any, options: CsvOptions) -> bool:
    """The file by one ``COPY`` into the caller's empty table ``options.target`` (the
    file's fields into ``options.target_columns``; an empty field, quoted or not, is NULL,
    as in :func:`_copy_typed`), and an empty rejects table. False, the target still empty,
    when a field does not read as its column's type or ``COPY`` refuses the file."""
    statement = _copy_csv(str(options.target), list(options.target_columns), options)
    if not _copy_file(con, statement, options.path, None):
        return False
    _empty_rejects(con, options)
    return True


def _copy_csv(table: str, names: list[str], options: CsvOptions) -> str:
    """``COPY`` of the file's fields into ``names`` of ``table``; an empty field, quoted or
    not, is NULL (as ``NULLIF`` makes it in :func:`_value`)."""
    columns = ", ".join(names)
    return (
        f"COPY {table} ({columns}) FROM STDIN (FORMAT csv, HEADER true, "
        f"DELIMITER {_literal(options.delimiter)}, QUOTE '\"', ESCAPE '\"', ENCODING 'UTF8', "
        f"FORCE_NULL ({columns}))"
    )


def _empty_rejects(con: Any, options: CsvOptions) -> None:
    """A new, empty rejects table ``options.rejects`` (if one is asked for)."""
    if options.rejects:
        con.execute(f"DROP TABLE IF EXISTS {options.rejects}")
        con.execute(
            f"CREATE TEMP TABLE {options.rejects} (line BIGINT, column_name TEXT, "
            "error_type TEXT, error_message TEXT)"
        )


def _copy_types_as_duckdb(options: CsvOptions) -> bool:
    """Whether PostgreSQL's number input (``float8in``, which ``COPY`` into a typed column
    uses) can only accept what DuckDB's reader accepts: a decimal point (a decimal comma
    needs a replace first), no ``0x`` (``strtod`` reads a hexadecimal number) and no ``(``
    (``nan(…)``) anywhere in the file. Byte searches at memory speed."""
    if options.decimal != ".":
        return False
    with (
        open(options.path, "rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
    ):
        return not (_occurs(data, b"0x", 1) or _occurs(data, b"0X", 1) or data.find(b"(") >= 0)


#: how many places of a pair's rare byte :func:`_occurs` looks at before it searches the pair
_RARE_TRIES = 64


def _occurs(data: Any, pair: bytes, rare: int, start: int = 0) -> bool:
    """Whether the two bytes ``pair`` occur in ``data`` from ``start``: found by their byte
    ``rare`` (0 or 1), which a file of numbers and codes seldom holds, with a search of one
    byte (at memory speed), each place then compared; where that byte turns out to be common,
    by a search of the pair. A search of two bytes looks at every byte that could end the
    pair: ten times slower (40 ms against 4 for 50 MB), and three of them were a sixth of a
    PostgreSQL bulk import's critical path (bench/README.md)."""
    byte = pair[rare : rare + 1]
    position = data.find(byte, start + rare)
    for _ in range(_RARE_TRIES):
        if position < 0:
            return False
        if data[position - rare : position - rare + 2] == pair:
            return True
        position = data.find(byte, position + 1)
    return data.find(pair, start) >= 0


def _copy_typed(con: Any, options: CsvOptions, columns: dict[str, str], table: str) -> bool:
    """The file by one ``COPY`` straight into ``table`` of the columns' own types (an empty
    field, quoted or not, is NULL, as ``NULLIF`` makes it in :func:`_value`): the rows in the
    file's order, typed as :func:`_convert_all` types them, without a text table and a
    second pass. False (and no table) when a field does not read as its type or ``COPY``
    refuses the file: the text table then finds out which line, as before."""
    names = list(columns)
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"CREATE TEMP TABLE {table} ({', '.join(f'{n} {columns[n]}' for n in names)})")
    statement = _copy_csv(table, names, options)
    if not _copy_file(con, statement, options.path, table):
        return False
    _empty_rejects(con, options)
    return True


def _copy_reads_as_python(options: CsvOptions) -> bool:
    """Whether ``COPY``'s CSV reading gives the rows the exact reader gives, or refuses the
    file: every quote opens a field, closes one before a delimiter or a line end, or is
    doubled inside one; the header is one line; no line is ``\\.`` (``COPY``'s end of
    data). Byte searches at memory speed; only quoted fields are visited one by one."""
    with open(options.path, "rb") as handle:
        if handle.seek(0, 2) == 0:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start = len(codecs.BOM_UTF8) if data[:3] == codecs.BOM_UTF8 else 0
            if _occurs(data, b"\\.", 0, start) and _END_MARKER.search(data, start):
                return False
            if data.find(b'"', start) < 0:
                return True
            header_end = data.find(b"\n", start)
            if header_end < 0 or data[start:header_end].count(b'"') % 2:
                return False
            delimiter = re.escape(options.delimiter.encode())
            field = re.compile(
                rb"(?<![^\n" + delimiter + rb'])"(?:[^"]|"")*"(?=[\r\n' + delimiter + rb"]|\Z)"
            )
            position = start
            for match in field.finditer(data, start):
                if data.find(b'"', position, match.start()) >= 0:
                    return False
                position = match.end()
            return data.find(b'"', position) < 0


def _read_on_server(
    con: Any, options: CsvOptions, columns: dict[str, str], table: str
) -> str | None:
    """The file by ``COPY`` into ``table`` (text columns ``c1…cn`` and ``line_no``, the
    record's place in the file, filled in the file's order), then typed: in one pass when
    every field reads (``table`` is then the typed rows), else the fields that are no
    number go to the rejects and a SELECT converts the others. None where the exact reader
    must read it (``COPY`` refused the file, or a number field needs Python's rules)."""
    names = list(columns)
    raw = [f"c{n}" for n in range(1, len(names) + 1)]
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(
        f"CREATE TEMP TABLE {table} ({', '.join(f'{c} TEXT' for c in raw)}, "
        "line_no BIGINT GENERATED ALWAYS AS IDENTITY)"
    )
    statement = (
        f"COPY {table} ({', '.join(raw)}) FROM STDIN (FORMAT csv, HEADER true, "
        f"DELIMITER {_literal(options.delimiter)}, QUOTE '\"', ESCAPE '\"', ENCODING 'UTF8')"
    )
    if not _copy_file(con, statement, options.path, table):
        return None
    numbers = [
        (name, column)
        for name, column in zip(names, raw, strict=True)
        if columns[name].upper() in _NUMBER_TYPES
    ]
    _empty_rejects(con, options)
    if _convert_all(con, options, columns, table):
        return table  # the common case: every number read, in one pass
    if not numbers:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return None
    # Some field is no number: which, by the rules of DuckDB's reader, set-based
    decimal = re.escape(options.decimal)
    # a plain number of at most 200 characters and a two-digit exponent: its double is
    # finite and not below the smallest normal one, so the CAST below cannot fail (no
    # bounded repeats in the pattern: PostgreSQL's regex engine builds them out, slowly)
    strict = f"'^[+-]?([0-9]+({decimal}[0-9]*)?|{decimal}[0-9]+)([eE][+-]?[0-9][0-9]?)?$'"
    lenient = (
        f"'^{_SPACE}*([+-]?(([0-9]+({decimal}[0-9]*)?|{decimal}[0-9]+)([eE][+-]?[0-9]+)?"
        f"|nan|inf|infinity))?{_SPACE}*$'"
    )

    def bad(column: str) -> str:
        """A field that is no number (by DuckDB's reading, as far as ASCII goes)."""
        return f"({column} <> '' AND ({column} !~ {strict} OR length({column}) > 200))"

    def python_rules(column: str) -> str:
        """A field whose reading needs Python's rules (the exact reader): also one with an
        underscore (``1_000`` is a number to DuckDB and Python, not to PostgreSQL)."""
        return (
            f"({bad(column)} AND ({column} ~* {lenient} OR strpos({column}, '_') > 0 "
            f"OR octet_length({column}) <> length({column})))"
        )

    exotic, refused = con.execute(
        f"SELECT count(*) FILTER (WHERE {' OR '.join(python_rules(c) for _, c in numbers)}), "
        f"count(*) FILTER (WHERE {' OR '.join(bad(c) for _, c in numbers)}) FROM {table}"
    ).fetchone()
    if exotic or (refused and options.rejects is None):
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return None
    if refused:
        _cast_rejects(con, options.rejects or "", table, numbers, bad)
    where = " OR ".join(bad(c) for _, c in numbers)
    select = ", ".join(_value(options, columns, n, c) for n, c in zip(names, raw, strict=True))
    return f"(SELECT {select} FROM {table} WHERE NOT ({where})) {table}_read"


def _value(options: CsvOptions, columns: dict[str, str], name: str, column: str) -> str:
    """The text field ``column`` as the column ``name`` of its type: empty is NULL; a
    number that PostgreSQL reads and DuckDB does not (a hexadecimal number, ``nan(…)``; a
    point where the decimal sign is a comma) fails the CAST."""
    kind = columns[name]
    text = f"NULLIF({column}, '')"
    if kind.upper() in _TEXT_TYPES:
        return f"{text} AS {name}"
    if kind.upper() in _NUMBER_TYPES:
        odd = ("x", "X", "(", *((".",) if options.decimal != "." else ()))
        found = " OR ".join(f"strpos({column}, {_literal(c)}) > 0" for c in odd)
        text = f"CASE WHEN {found} THEN 'x' ELSE {text} END"
        if options.decimal != ".":
            text = f"replace({text}, {_literal(options.decimal)}, '.')"
    return f"CAST({text} AS {kind}) AS {name}"


def _convert_all(con: Any, options: CsvOptions, columns: dict[str, str], table: str) -> bool:
    """Replace the text table ``table`` by its rows typed, in one pass; False (and ``table``
    as it was) when a field does not read as its type. A temporary table is scanned in the
    order it was filled (local buffers: no synchronised or parallel scans), so the typed
    rows keep the file's order."""
    raw = [f"c{n}" for n in range(1, len(columns) + 1)]
    select = ", ".join(_value(options, columns, n, c) for n, c in zip(columns, raw, strict=True))
    try:
        with con.transaction():
            con.execute(
                f"CREATE TEMP TABLE {table}_typed AS SELECT {select} FROM {table} ORDER BY line_no"
            )
    except psycopg.errors.DataError:
        return False
    con.execute(f"DROP TABLE {table}")
    con.execute(f"ALTER TABLE {table}_typed RENAME TO {table}")
    return True


def _cast_rejects(
    con: Any,
    rejects: str,
    table: str,
    numbers: list[tuple[str, str]],
    bad: Callable[[str], str],
) -> None:
    """The rows with a field that is no number, as DuckDB's reader lists them: the first such
    field of the row, on the line DuckDB names (the header is line 1, and a record is one
    line even where a quoted field holds a line break; ``COPY`` refused blank lines)."""
    name = " ".join(f"WHEN {bad(c)} THEN {_literal(n)}" for n, c in numbers)
    text = " ".join(f"WHEN {bad(c)} THEN {c}" for _, c in numbers)
    message = (
        "'Error when converting column \"' || name || '\". Could not convert string \"' "
        "|| text || '\" to ''DOUBLE'''"
    )
    con.execute(
        f"INSERT INTO {rejects} (line, column_name, error_type, error_message) "
        f"SELECT line, name, 'CAST', {message} FROM ("
        f"SELECT 1 + line_no AS line, CASE {name} END AS name, CASE {text} END AS text "
        f"FROM {table}) numbered WHERE name IS NOT NULL"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class _Lines:
    """The file's lines decoded as UTF-8 one by one, remembering which could not be (and
    where in the line) and the lines of the record being read (:meth:`mark` starts one)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.number = 0  # physical lines read so far
        self.bad: dict[int, int] = {}  # line → the character where its bad bytes start
        self.record: list[str] = []  # the lines read since :meth:`mark`

    def mark(self) -> None:
        self.record = []

    def __iter__(self) -> Iterator[str]:
        with open(self.path, "rb") as handle:
            for raw in handle:
                self.number += 1
                if self.number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.bad[self.number] = len(raw[: exc.start].decode("utf-8"))
                    text = raw.decode("utf-8", errors="replace")
                self.record.append(text)
                yield text


def _field_at(text: str, delimiter: str, offset: int | None = None) -> int:
    """The number (from 0) of the field of the record ``text`` that holds character
    ``offset``, or without one, where its quoting breaks (text after a closing quote, or a
    quote never closed): the column DuckDB's reader names for such a line."""
    field, i, start, quoted = 0, 0, True, False
    while i < len(text):
        if offset is not None and i >= offset:
            return field
        c = text[i]
        if quoted:
            if c == '"' and text[i + 1 : i + 2] == '"':
                i += 2
                continue
            if c == '"':
                quoted = False
                if offset is None and text[i + 1 : i + 2] not in ("", delimiter, "\r", "\n"):
                    return field
        elif c == '"' and start:
            quoted = True
        elif c == delimiter:
            field += 1
        start = c == delimiter and not quoted
        i += 1
    return field


def _number(text: str, decimal: str) -> float | None:
    """``text`` as DuckDB reads a DOUBLE field: empty is NULL; a ValueError otherwise.

    Python's ``float`` and DuckDB (2.0) read the same texts: both take one underscore between
    digits (``1_000``) and refuse ``1__0``, ``_1``, ``1_``, ``0x10``, ``1,5``; so the file is
    read alike on both engines (tests/ingest/test_copy_read.py: "understreck")."""
    stripped = text.strip()
    if not stripped:
        return None
    if decimal != ".":
        if "." in stripped:
            raise ValueError(text)
        stripped = stripped.replace(decimal, ".")
    return float(stripped)


def _read_in_python(con: Any, options: CsvOptions, table: str) -> None:
    """The file ``options.path`` into the new temporary table ``table`` (columns as
    ``options.columns``, else every column of the header as text), rejected lines into
    ``options.rejects`` (or a ``ValueError`` at the first one without)."""
    lines = _Lines(options.path)
    rows = csv.reader(iter(lines), delimiter=options.delimiter, quotechar='"', strict=True)
    try:
        header = next(rows)
    except StopIteration:
        header = []
    except csv.Error:
        header = []
    columns = options.columns
    if columns is None:
        columns = {name.strip(): "TEXT" for name in header}
    names = list(columns)
    types = [columns[n] for n in names]
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"CREATE TEMP TABLE {table} ({', '.join(f'{n} {t}' for n, t in columns.items())})")
    rejects: list[tuple[int, str | None, str, str]] = []
    if options.rejects:
        con.execute(f"DROP TABLE IF EXISTS {options.rejects}")
        con.execute(
            f"CREATE TEMP TABLE {options.rejects} (line BIGINT, column_name TEXT, "
            "error_type TEXT, error_message TEXT)"
        )

    def reject(line: int, column: str | None, kind: str, message: str) -> None:
        if options.rejects is None:
            raise ValueError(f"{options.path}: line {line}: {message}")
        rejects.append((line, column, kind, message))

    with (
        con.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy,
    ):
        merged = 0  # line breaks inside quoted fields so far: DuckDB counts a record once
        while True:
            first = lines.number + 1
            lines.mark()
            try:
                fields: list[str] | None = next(rows)
            except StopIteration:
                break
            except csv.Error:
                fields = None
            start = first - merged  # the line DuckDB's reader names
            merged += max(0, lines.number - first)
            record = "".join(lines.record)

            def column(index: int) -> str | None:
                return names[index] if index < len(names) else None

            if fields is None:
                field = _field_at(record, options.delimiter)
                reject(start, column(field), "UNQUOTED VALUE", "Value with unterminated quote")
                continue
            if not fields:
                continue  # a blank line
            broken = [n for n in range(first, lines.number + 1) if n in lines.bad]
            if broken:
                offset = sum(len(t) for t in lines.record[: broken[0] - first])
                field = _field_at(record, options.delimiter, offset + lines.bad[broken[0]])
                reject(start, column(field), "INVALID ENCODING", "Invalid unicode")
                continue
            if len(fields) < len(names):
                for missing in names[len(fields) :]:  # one line each, as DuckDB lists them
                    reject(
                        start,
                        missing,
                        "MISSING COLUMNS",
                        f"Expected Number of Columns: {len(names)} Found: {len(fields)}",
                    )
                continue
            if len(fields) > len(names):
                reject(
                    start,
                    None,
                    "TOO MANY COLUMNS",
                    f"Expected Number of Columns: {len(names)} Found: {len(fields)}",
                )
                continue
            row: list[Any] = []
            bad = False
            for name, kind, text in zip(names, types, fields, strict=True):
                if kind.upper() not in _NUMBER_TYPES:
                    row.append(text if text != "" else None)
                    continue
                try:
                    row.append(_number(text, options.decimal))
                except ValueError:
                    reject(
                        start,
                        name,
                        "CAST",
                        f'Error when converting column "{name}". Could not convert string '
                        f"\"{text}\" to 'DOUBLE'",
                    )
                    bad = True
                    break
            if not bad:
                copy.write_row([_nan_as_text(v) for v in row])
    if rejects:
        with (
            con.cursor() as cursor,
            cursor.copy(
                f"COPY {options.rejects} (line, column_name, error_type, error_message) FROM STDIN"
            ) as copy,
        ):
            for entry in rejects:
                copy.write_row(entry)


def _nan_as_text(value: Any) -> Any:
    """COPY's text format spells the special numbers NaN, Infinity, -Infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    return value
