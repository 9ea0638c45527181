"""A tidy CSV on PostgreSQL is read by ``COPY`` on the server and checked there (issue 19 item
1), and every file reads as DuckDB's reader reads it: the same rows, the same problems with
the same file, row, column and words — whether the server read it or, for a file ``COPY``
reads differently or refuses, the exact reader in Python (store/postgres_csv.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kommunanalys.ingest.files import import_file
from kommunanalys.ingest.pipeline import ImportResult
from kommunanalys.store import Store, postgres_csv
from tests.ingest.helpers import fresh_store, snapshot, with_catalogue

HEADER = "indicator,area,period,value"
GOOD = ("antal_invanare,0126C1310,2022,5", "antal_invanare,0126C1320,2022,6")

#: name → the file's bytes
FILES = {
    "ren": "\n".join((HEADER, *GOOD, "")).encode(),
    "bom_crlf": ("\ufeff" + "\r\n".join((HEADER, *GOOD, ""))).encode(),
    "utan_sista_radbrytning": "\n".join((HEADER, *GOOD)).encode(),
    "citerade_falt": b'indicator,area,period,value\n"antal_invanare","0126C1310","2022","5"\n'
    b'antal_invanare,"0126C1320",2022,"6"\n',
    # a number that is no number, after a record with a quoted line break: the line counts
    "radbrytning_sedan_text": b'indicator,area,period,value\n"antal_invanare","01\n26","2022",5\n'
    b"antal_invanare,0126C1320,2022,sex\nantal_invanare,0126C1310,2022,7 st\n",
    "semikolon_decimalkomma": b"indicator;area;period;value\nmedianinkomst;0126C1310;2022;312,5\n"
    b"medianinkomst;0126C1320;2022;1.5\n",
    "tomma_falt": b"indicator,area,period,value,status\nantal_invanare,0126C1310,2022,,..\n"
    b'antal_invanare,0126C1320,2022,"",\n',
    "manga_textfel": "\n".join(
        (HEADER, *(f"antal_invanare,0126C13{n:02},2022,x{n}" for n in range(30)), "")
    ).encode(),
    "exponent": b"indicator,area,period,value\nmedianinkomst,0126C1310,2022,3.125e5\n"
    b"medianinkomst,0126C1320,2022,+.5E-1\n",
    # numbers PostgreSQL's float input reads and DuckDB's does not (strtod's hexadecimal):
    # never by the typed COPY
    "hexadecimalt": b"indicator,area,period,value\nmedianinkomst,0126C1310,2022,0x10\n"
    b"medianinkomst,0126C1320,2022,0X1p3\n",
    "radbrytning_i_citat": b'indicator,area,period,value\n"antal_invanare","01\n26",2022,5\n',
    # read by the exact reader: Python's rules for these numbers
    "nan": b"indicator,area,period,value\nmedianinkomst,0126C1310,2022,NaN\n",
    "mellanslag": b"indicator,area,period,value\nantal_invanare,0126C1310,2022, 5 \n",
    "stort": b"indicator,area,period,value\nmedianinkomst,0126C1310,2022,1e400\n",
    "icke_ascii": "indicator,area,period,value\nantal_invanare,0126C1310,2022,5\u00a0st\n".encode(),
    # one underscore between digits: a number to DuckDB as to Python; two, or one at an end, not
    "understreck": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,1_000\n"
    b"medianinkomst,0126C1320,2022,2_5.0_5\n",
    # thousands written with a space (also a no-break one): no number, with a hint
    "tusental_med_mellanrum": "indicator;area;period;value\nantal_invanare;0126C1310;2022;1 137\n"
    "medianinkomst;0126C1320;2022;312\u00a0500,5\nantal_invanare;0126C1330;2022;1 13\n".encode(),
    # a long field that is no number: shown by its beginning, on both engines
    "langt_falt": (
        "indicator,area,period,value\nantal_invanare,0126C1310,2022," + "1 000 " * 2000 + "\n"
    ).encode(),
    # exponents beyond NUMERIC's reach, beside a problem (the rows are then located again)
    "stora_exponenter": b"indicator,area,period,value\nmedianinkomst,0126C1310,2022,1e1000\n"
    b"medianinkomst,0126C1320,2022,1e-99999\nmedianinkomst,0126C1330,2022,-1e99999\n"
    b"antal_invanare,XYZ,2022,1\n",
    "understreck_fel": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,1__0\n"
    b"antal_invanare,0126C1320,2022,_1\nantal_invanare,0126C1330,2022,1_\n",
    # read by the exact reader: COPY refuses these or reads them otherwise
    "citat_mitt_i": b'indicator,area,period,value\nantal_invanare,01"26"C1310,2022,5\n',
    "text_efter_citat": b'indicator,area,period,value\nantal_invanare,"0126"C1310,2022,5\n',
    "slutmarkering": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,5\n\\.\n"
    b"antal_invanare,0126C1320,2022,x\n",
    "tom_rad": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,5\n\n",
    "ojamn": b"indicator,area,period,value\nantal_invanare,0126C1310,2022\n"
    b"antal_invanare,0126C1320,2022,5,6\n",
    "latin1": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,5\n"
    b"antal_inv\xe5nare,0126C1320,2022,6\n",
    "oavslutat_citat": b'indicator,area,period,value\nantal_invanare,"0126C1310,2022,5\n',
    # DuckDB counts a blank line, and a record with a quoted line break once; names the field
    # with the bad bytes or the broken quote, and each missing column
    "blandat": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,5\n\n"
    b'antal_invanare,0126C1320,2022,x\n"antal_\ninvanare",0126C1310,2023,6\n'
    b"antal_invanare,0126C1320,2023,y\nantal_invanare,0126C1310,20\xe524,7\n"
    b"antal_invanare,0126C1320\n",
    "citatfel": b'indicator,area,period,value\nantal_invanare,0126C1310,"2022"x,5\n'
    b'antal_invanare,0126C1320,2022,z\nantal_invanare,0126C1310,2022,"5\n',
    # area codes of every shape: the staged area (without its suffix) and the division
    # inferred from the code and the year, as the staging table computes them when the file
    # is copied straight into it; a län and riket, which the import brings
    "omradeskoder": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,1\n"
    b"antal_invanare,0126C1010,2024,2\nantal_invanare,0126R001,2022,3\n"
    b"antal_invanare,0126R001_RegSO2025,2024,4\nantal_invanare,0126C1320_DeSO2018,2023,5\n"
    b"antal_invanare,0126,2022,6\nantal_invanare,01,2022,7\n"
    b"antal_invanare,0126R002_RegSO2020,2021,9\nantal_invanare,0126A0010_DeSO2025,2025,10\n",
    "okand_kod": b"indicator,area,period,value\nantal_invanare,0126C1310,2022,1\n"
    b"antal_invanare,XYZ,2022,2\nantal_invanare,0126X999_DeSO2025,2024,3\n",
    "kolumn_tva_ganger": b"indicator,area,period,value,value\nantal_invanare,0126C1310,2022,5,6\n",
    "med_indelning_kon_alder": b"indicator,area,division,period,gender,age_group,value\n"
    b"antal_invanare,0126C1310,DeSO2018,2022,K,0-6,1\n"
    b"antal_invanare,0126R001_RegSO2025,RegSO2025,2024,M,total,2\n",
}


def _outcome(result: ImportResult) -> tuple[object, ...]:
    return (
        result.ok,
        result.added,
        [(p.where.file, p.where.row, p.where.column, p.message) for p in result.problems],
    )


def _imported(store: Store, path: Path) -> tuple[tuple[object, ...], object]:
    result = import_file(store, path, refresh=False)
    rows = store.backend.query(
        "SELECT indicator, area, division, period, gender, age_group, value, source "
        "FROM observation ORDER BY indicator, area, division, period, gender, age_group"
    )
    return _outcome(result), rows


@pytest.mark.parametrize("name", FILES)
def test_a_file_reads_on_either_engine_as_duckdb_reads_it(
    store: Store, tmp_path: Path, name: str
) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(FILES[name])
    reference = fresh_store()
    try:
        expected = _imported(reference, path)
    finally:
        reference.close()
    before = snapshot(store)
    got = _imported(store, path)
    assert got == expected
    if not got[0][0]:
        assert snapshot(store) == before


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    """A fresh PostgreSQL store with the catalogue and Huddinge's geography (the ``store``
    of this directory, on PostgreSQL alone)."""
    store = with_catalogue(Store.open(pg_url))
    yield store
    store.close()


def _no_python_reading(*args: object, **kwargs: object) -> None:
    raise AssertionError("the file was read row by row in Python")


@pytest.mark.parametrize(
    "name", ["ren", "bom_crlf", "citerade_falt", "radbrytning_sedan_text", "manga_textfel"]
)
def test_a_well_formed_file_is_read_by_copy_on_the_server(
    pg_store: Store, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No row passes through Python on PostgreSQL: the file's bytes go to the server by COPY
    and its numbers are checked there (failed before: every file was parsed in Python).
    PostgreSQL only (DuckDB reads the file itself), so not over the ``engine`` parameter."""
    monkeypatch.setattr(postgres_csv.csv, "reader", _no_python_reading)
    path = tmp_path / f"{name}.csv"
    path.write_bytes(FILES[name])
    result = import_file(pg_store, path, refresh=False)
    assert result.ok == (name not in ("radbrytning_sedan_text", "manga_textfel"))


def _no_second_pass(*args: object, **kwargs: object) -> None:
    raise AssertionError("the file went through a text table and a typing pass")


@pytest.mark.parametrize(
    "name", ["ren", "bom_crlf", "utan_sista_radbrytning", "citerade_falt", "exponent"]
)
def test_a_file_whose_numbers_all_read_is_typed_by_one_copy(
    pg_store: Store, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose every field reads as its type goes to the server by one ``COPY`` into
    typed columns: no text table, no second pass over the rows to type them (failed before:
    every file was copied as text and typed in a second pass). The rows and problems are
    DuckDB's (the test above)."""
    monkeypatch.setattr(postgres_csv, "_read_on_server", _no_second_pass)
    monkeypatch.setattr(postgres_csv.csv, "reader", _no_python_reading)
    path = tmp_path / f"{name}.csv"
    path.write_bytes(FILES[name])
    result = import_file(pg_store, path, refresh=False)
    assert result.ok


def _not_this_way(*args: object, **kwargs: object) -> None:
    raise AssertionError("the file was read into a table of its own, then staged")


@pytest.mark.parametrize(
    "name", ["ren", "bom_crlf", "citerade_falt", "omradeskoder", "med_indelning_kon_alder"]
)
def test_a_file_whose_numbers_all_read_is_staged_as_it_is_read(
    pg_store: Store, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a file whose every field reads as its type is copied straight into the
    staging table, which computes the staged area and division as each row is written: no
    table of its own and no INSERT of its rows into the staging (failed before: one typed
    table, then a pass copying every row to the staging). The rows, and the problems with
    their rows and columns (a file with problems is read again, with its line numbers), are
    DuckDB's (the test over both engines above: ``omradeskoder``, ``okand_kod``)."""
    monkeypatch.setattr(postgres_csv, "_copy_typed", _not_this_way)
    monkeypatch.setattr(postgres_csv, "_read_on_server", _not_this_way)
    monkeypatch.setattr(postgres_csv.csv, "reader", _no_python_reading)
    path = tmp_path / f"{name}.csv"
    path.write_bytes(FILES[name])
    result = import_file(pg_store, path, refresh=False)
    assert result.ok, result.problems
