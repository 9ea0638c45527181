"""Reading a CSV file into PostgreSQL the way DuckDB's ``read_csv`` reads it for the store.

DuckDB reads a tidy CSV itself, typed, and puts the lines it cannot read in a rejects table
(line, column name, error type, error message). PostgreSQL's ``COPY`` stops at the first bad
line instead, so here the file is read in Python with the same options (the header's columns
by position, the delimiter, ``"`` as quote and escape, a decimal comma, UTF-8 with or without
a byte order mark), every number converted as DuckDB converts it, and the good rows copied
into a temporary table; the bad lines go to a rejects table of the same shape and with the
same error types and messages as DuckDB's, so that the staging reports them in the same
words (file, row, column).
"""

from __future__ import annotations

import codecs
import csv
import math
from collections.abc import Iterator
from typing import Any

from kommunanalys.store.backend import CsvOptions

_NUMBER_TYPES = ("DOUBLE", "DOUBLE PRECISION")


class _Lines:
    """The file's lines decoded as UTF-8 one by one, remembering which could not be."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.number = 0  # physical lines read so far
        self.bad: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        with open(self.path, "rb") as handle:
            for raw in handle:
                self.number += 1
                if self.number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    self.bad.add(self.number)
                    yield raw.decode("utf-8", errors="replace")


def _number(text: str, decimal: str) -> float | None:
    """``text`` as DuckDB reads a DOUBLE field: empty is NULL; a ValueError otherwise."""
    stripped = text.strip()
    if not stripped:
        return None
    if "_" in stripped:  # Python's float() allows 1_000, DuckDB does not
        raise ValueError(text)
    if decimal != ".":
        if "." in stripped:
            raise ValueError(text)
        stripped = stripped.replace(decimal, ".")
    return float(stripped)


def load_csv(con: Any, options: CsvOptions, table: str) -> None:
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
        while True:
            start = lines.number + 1
            try:
                fields = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                reject(lines.number, None, "UNQUOTED VALUE", str(exc))
                continue
            if not fields:
                continue  # a blank line
            if any(n in lines.bad for n in range(start, lines.number + 1)):
                reject(start, None, "INVALID ENCODING", "Invalid unicode (byte sequence mismatch)")
                continue
            if len(fields) < len(names):
                reject(
                    start,
                    names[len(fields)],
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
