"""store/transfer.py: a DuckDB bulk import kept as a part arrives on PostgreSQL as ordinary
observation rows, and back; a copy into an occupied store is refused unless it replaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.ingest import import_tidy_csv
from kommunanalys.store import Store
from kommunanalys.store.transfer import TransferError, census, copy_database
from tests.ingest.helpers import with_catalogue

CSV = (
    "indicator,area,period,gender,value\n"
    "antal_invanare,0126C1010,2022,T,1200\n"
    "antal_invanare,0126,2022,K,56000\n"
)


def _observations(store: Store) -> list[tuple[object, ...]]:
    return sorted(store.backend.query("SELECT * FROM observation"), key=repr)


def test_a_part_is_copied_as_rows_and_back(tmp_path: Path, pg_url: str) -> None:
    duck = Store.open(tmp_path / "delar.duckdb")
    pg = Store.open(pg_url)
    back = Store.open(tmp_path / "tillbaka.duckdb")
    try:
        with_catalogue(duck)
        path = tmp_path / "bulk.csv"
        path.write_text(CSV, encoding="utf-8")
        assert import_tidy_csv(duck, path, actor="test", refresh=False).ok
        assert duck.backend.query("SELECT count(*) FROM observation_part")[0][0] == 1

        copied = copy_database(duck.snapshot(), pg)
        assert copied.rows["observation_row"] == 2
        assert _observations(pg) == _observations(duck)
        assert census(pg) == census(duck)

        with pytest.raises(TransferError) as refused:
            copy_database(duck.snapshot(), pg)
        assert "är inte tom" in str(refused.value)
        copy_database(duck.snapshot(), pg, replace=True)  # the same rows again, not twice
        assert _observations(pg) == _observations(duck)

        copy_database(pg.snapshot(), back)
        assert _observations(back) == _observations(duck)
        assert back.backend.query("SELECT count(*) FROM observation_part")[0][0] == 0
    finally:
        for store in (duck, pg, back):
            store.close()
