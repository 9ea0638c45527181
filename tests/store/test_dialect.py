"""Where SQL may live: all of it under ``store/``, and what only DuckDB writes that way only in
``store/backend.py`` (the :class:`~kommunanalys.store.backend.Dialect`), so that a second engine
is one new module. Like the audit trail's append-only check, these read the package's source:
every string in the code (docstrings and comments aside), where SQL is written."""

from __future__ import annotations

import ast
import math
import re
from importlib import resources
from pathlib import Path

from kommunanalys.store import Store
from kommunanalys.store.backend import CsvOptions, DuckDBDialect

PACKAGE = Path(str(resources.files("kommunanalys")))
#: DuckDB's own words: its CSV reader, QUALIFY, hash(), TRY_CAST, ``::`` casts, its type name
#: DOUBLE, EXPORT/IMPORT DATABASE, CHECKPOINT, string functions other engines name otherwise
ENGINE_SQL = re.compile(
    r"\bread_csv\(|\bQUALIFY\b|\bhash\(|\bTRY_CAST\b|\w::\w|\bDOUBLE\b|\b(EXPORT|IMPORT) "
    r"DATABASE\b|\bCHECKPOINT\b|\bsplit_part\(|\bsuffix\(|\bstarts_with\(|\bcontains\('|"
    r"\bduckdb\."
)
#: Statements, as the code writes them (a keyword followed by its object)
SQL = re.compile(r"\bSELECT\s+[\w*(]|\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET)\b")
#: the engine modules and the versioned schema (written for DuckDB, translated by Dialect.ddl)
ENGINE_MODULES = {
    "store/backend.py",
    "store/postgres.py",
    "store/postgres_csv.py",
    "store/schema.py",
}


def _strings(source: str) -> str:
    """Every string constant of ``source`` (f-strings' literal parts too), docstrings left out,
    one a line."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


def _sources() -> list[tuple[str, str]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), _strings(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_engine_specific_sql_is_only_in_the_backend() -> None:
    offenders = [
        f"{name}: {m.group(0)}"
        for name, text in _sources()
        if name not in ENGINE_MODULES
        for m in ENGINE_SQL.finditer(text)
    ]
    assert offenders == []
    # the pattern does find such SQL, in strings only
    assert ENGINE_SQL.search(_strings('sql = "SELECT * FROM t QUALIFY row_number() OVER () = 1"'))
    assert ENGINE_SQL.search(_strings('sql = f"SELECT NULL::DOUBLE, {x}"'))
    assert not ENGINE_SQL.search(_strings("digest = hasher.hash(password)"))


def test_sql_is_only_under_store() -> None:
    offenders = [
        f"{name}: {m.group(0)}"
        for name, text in _sources()
        if not name.startswith("store/")
        for m in SQL.finditer(text)
    ]
    assert offenders == []
    assert SQL.search(_strings('backend.query("SELECT id FROM app_user")'))


def test_the_duckdb_dialect_writes_duckdb() -> None:
    d = DuckDBDialect()
    assert d.hash(["a", "b"]) == "hash(a, b)"
    assert d.try_cast("x", d.integer) == "TRY_CAST(x AS INTEGER)"
    sql, params = d.read_csv(CsvOptions("f.csv", delimiter=";", columns={"value": d.double}))
    assert sql.startswith("read_csv(?, header = true, delim = ?, decimal_separator = ?")
    assert "columns = {'value': 'DOUBLE'}" in sql and "store_rejects" not in sql
    assert params == ("f.csv", ";", ".")
    assert d.ddl("CREATE TABLE t (v DOUBLE)") == "CREATE TABLE t (v DOUBLE)"


def test_a_text_casts_to_a_number_alike_on_both_engines(store: Store) -> None:
    """``try_cast`` to a double on either engine reads what DuckDB reads: one underscore
    between digits is a number (``1_000``), two or one at an end is none; NULL where no number."""
    texts = ["1_000", "1_000.5", "2_5e1_0", " 7 ", "1__0", "_1", "1_", "1._5", "x"]
    d = store.backend.dialect
    marks = ", ".join(f"({n}, ?)" for n in range(len(texts)))
    rows = store.backend.query(
        f"SELECT {d.try_cast('t', d.double)} FROM (VALUES {marks}) v(n, t) ORDER BY n", texts
    )
    assert [r[0] for r in rows] == [1000.0, 1000.5, 2.5e11, 7.0, None, None, None, None, None]


def test_a_number_beyond_a_double_casts_to_inf_or_zero_alike_on_both_engines(store: Store) -> None:
    """Exponents of any length read as DuckDB reads them (±inf, or 0 below the smallest
    double): PostgreSQL's NUMERIC refuses 1e-99999 with an error, and its pattern took three
    exponent digits only (1e1000 was no number there, inf on DuckDB)."""
    inf = float("inf")
    cases = {
        "1e400": inf,
        "1e1000": inf,
        "-1e9999": -inf,
        "1e-9999": 0.0,
        "1e99999": inf,
        "-1.5e+123456": -inf,
        "1e-99999": 0.0,
        "-2e-1_000_000": 0.0,
        "0e99999": 0.0,
        "0.0e99999": 0.0,
        "1e308": 1e308,
        "1e-299": 1e-299,  # (below 1e-300 PostgreSQL reads 0: no subnormal doubles there)
        "1e9999x": None,
        "1e00005": 1e5,  # an exponent's leading zeros do not count
        "1e-00005": 1e-5,
        "+1E+0_0_0_0_2": 100.0,
        "\t-1e99999": -float("inf"),  # the sign after a tab
    }
    texts = list(cases)
    d = store.backend.dialect
    marks = ", ".join(f"({n}, ?)" for n in range(len(texts)))
    rows = store.backend.query(
        f"SELECT {d.try_cast('t', d.double)} FROM (VALUES {marks}) v(n, t) ORDER BY n", texts
    )
    assert dict(zip(texts, (r[0] for r in rows), strict=True)) == cases


def test_nan_with_or_without_a_sign_casts_to_nan_on_both_engines(store: Store) -> None:
    """DuckDB reads "-nan" as NaN; PostgreSQL's NUMERIC refused it with an error."""
    texts = ["nan", "-nan", "+NaN", " NAN "]
    d = store.backend.dialect
    marks = ", ".join(f"({n}, ?)" for n in range(len(texts)))
    rows = store.backend.query(
        f"SELECT {d.try_cast('t', d.double)} FROM (VALUES {marks}) v(n, t) ORDER BY n", texts
    )
    assert all(isinstance(r[0], float) and math.isnan(r[0]) for r in rows), rows


def test_a_number_longer_than_numeric_holds_casts_without_an_error(store: Store) -> None:
    """A 20 000-digit field (a hostile file's) casts to a double or NULL, never an error."""
    texts = ["0." + "0" * 20000 + "1", "1" * 20000, "0." + "1" * 10000 + "e-9999"]
    d = store.backend.dialect
    marks = ", ".join(f"({n}, ?)" for n in range(len(texts)))
    rows = store.backend.query(
        f"SELECT {d.try_cast('t', d.double)} FROM (VALUES {marks}) v(n, t) ORDER BY n", texts
    )
    assert len(rows) == 3
