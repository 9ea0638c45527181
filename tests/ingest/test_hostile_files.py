"""Hostile files are refused with file, row and column, and nothing is written; none raises
(issue 21 item 4: a 60-digit number, an age group longer than allowed, a CSV DuckDB's sniffer
gives up on, deeply nested JSON, a TOML bomb mapping, NaN and 1e400)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest.files import import_file
from kommunanalys.store import Store
from tests.ingest.helpers import snapshot
from tests.ingest.hostile_files import HOSTILE, Hostile


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_a_hostile_file_is_refused_with_its_place_and_nothing_is_written(
    store: Store, tmp_path: Path, hostile: Hostile
) -> None:
    path, mapping = hostile.write(tmp_path)
    before = snapshot(store)
    result = import_file(store, path, mapping=mapping, refresh=False)
    assert not result.ok
    assert snapshot(store) == before
    first = result.problems[0]
    assert first.where.file == hostile.name
    row, column = hostile.where
    if row is not None:
        assert (first.where.row, first.where.column) == (row, column) or any(
            (p.where.row, p.where.column) == (row, column) for p in result.problems
        ), result.problems
    assert any(hostile.text in p.message for p in result.problems), result.problems


def test_a_crlf_file_with_quoted_line_breaks_reads_its_good_lines(
    store: Store, tmp_path: Path
) -> None:
    """The sniffer is off: a valid CRLF file with quoted fields and a quoted line break in a
    text column is read as written (its bad area reported on its line)."""
    path = tmp_path / "citat.csv"
    path.write_bytes(
        b'indicator,area,period,value\r\n"antal_invanare","0126C1310","2022","5"\r\n'
        b'"antal_invanare","99\r\n99","2022","6"\r\n'
    )
    result = import_file(store, path, refresh=False, dry_run=True)
    assert [(p.where.row, p.where.column) for p in result.problems] == [(3, "division")]
