"""The byte searches that decide whether ``COPY`` reads a file as DuckDB does
(:mod:`kommunanalys.store.postgres_csv`): a pair of bytes found by its rare byte first."""

from __future__ import annotations

import mmap
import random
from pathlib import Path

import pytest

from kommunanalys.store.backend import CsvOptions
from kommunanalys.store.postgres_csv import _occurs, copy_reads_as_duckdb


@pytest.mark.parametrize("seed", range(40))
def test_a_pair_is_found_exactly_where_a_plain_search_finds_it(seed: int) -> None:
    """Random texts of few letters (the rare byte now rare, now on every other place, so
    that the plain search takes over), every start, both pairs of the import's checks."""
    rng = random.Random(seed)
    alphabet = rng.choice([b"0x1,", b"01234,\n", b"x0", b"\\.a", b"0123456789,.\n"])
    data = bytes(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
    for pair, rare in ((b"0x", 1), (b"\\.", 0)):
        for start in range(0, len(data) + 1, 7):
            assert _occurs(data, pair, rare, start) == (data.find(pair, start) >= 0), (
                data,
                pair,
                start,
            )


def test_the_pair_at_the_very_ends_of_a_file(tmp_path: Path) -> None:
    for text, found in (
        (b"0x", True),
        (b"a0x", True),
        (b"0xa", True),
        (b"x0", False),
        (b"", False),
    ):
        assert _occurs(text, b"0x", 1) is found
    path = tmp_path / "f.csv"
    path.write_bytes(b"indicator,area,period,value\nx,0126,2022,0x10\n")
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        assert _occurs(m, b"0x", 1)


@pytest.mark.parametrize(
    ("body", "same"),
    [
        (b"antal_x,0126,2022,5\n" * 200, True),  # x on every line: the pair searched plainly
        (b"antal_x,0126,2022,5\n" * 200 + b"antal_x,0126,2023,0x5\n", False),
        (b"antal,0126,2022,5\n\\.\n", False),  # COPY's end of data
        (b"antal,0126,2022,5\n\\x\n", True),
    ],
)
def test_copy_reads_as_duckdb_with_the_rare_byte_search(
    tmp_path: Path, body: bytes, same: bool
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"indicator,area,period,value\n" + body)
    assert copy_reads_as_duckdb(CsvOptions(str(path), delimiter=",", decimal=".")) is same
