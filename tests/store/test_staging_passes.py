"""How often the checks of :meth:`Staging.problems` read the staged rows (issue 19: the
PostgreSQL import within 2 × a ``COPY``): the row checks in one scan, the duplicate keys,
T = K + M and which sums apply in one grouping; the checks that need the stored values or
give examples only where that grouping finds something. The words of every problem are
tests/ingest's and tests/store/test_staging.py's; here, that they are still found."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from kommunanalys.store import Store
from kommunanalys.store.staging import Staging
from tests.ingest.helpers import with_catalogue

HEADER = "indicator,area,period,gender,value"


def _csv(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "fil.csv"
    path.write_text("\n".join((header, *lines, "")), encoding="utf-8")
    return path


def _problems(
    store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[str], list[str]]:
    """The problems' messages of ``path`` staged and checked, and the statements that read
    the staging table while it was checked."""
    with_catalogue(store)
    read: list[str] = []
    with Staging(store.backend, file_label=path.name) as staging, store.transaction():
        assert staging.add_tidy_csv(path, source="test") == []
        query = store.backend.query

        def recorded(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
            if staging.table in sql:
                read.append(sql)
            return query(sql, params)

        monkeypatch.setattr(store.backend, "query", recorded)
        problems = staging.problems()
        monkeypatch.undo()
    return [p.message for p in problems], read


def test_a_file_without_problems_is_checked_in_one_scan_and_one_grouping(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing stored, T = K + M holds, no staged row belongs to a sum of indicators: the
    row checks' scan, one grouping (duplicates, T = K + M, the sums that apply) and the
    look for stored values; no second grouping for T = K + M, none for each sum, no count
    of distinct keys (failed before: a count of distinct keys' hashes in the scan, then
    five groupings)."""
    path = _csv(
        tmp_path,
        "antal_invanare,0126C1010,2022,T,10",
        "antal_invanare,0126C1010,2022,K,4",
        "antal_invanare,0126C1010,2022,M,6",
        "antal_invanare,0126C1020,2022,T,3",
    )
    messages, read = _problems(store, path, monkeypatch)
    assert messages == []
    assert not any("DISTINCT" in sql and "hash" in sql for sql in read)
    assert not any("WITH n AS" in sql for sql in read)
    assert len(read) <= 3


def test_what_the_grouping_finds_is_reported_as_before(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A duplicate key, a total that is not K + M and a sum of indicators that does not add
    up, each found by the grouping and then worded by its own query (passes before and
    after)."""
    path = _csv(
        tmp_path,
        "antal_invanare,0126C1010,2022,T,10",
        "antal_invanare,0126C1010,2022,K,4",
        "antal_invanare,0126C1010,2022,M,5",
        "antal_invanare,0126C1020,2022,T,3",
        "antal_invanare,0126C1020,2022,T,3",
        "befolkning_0_17,0126C1010,2022,T,10",
        "befolkning_0_17_inrikes_fodda,0126C1010,2022,T,3",
        "befolkning_0_17_utrikes_fodda,0126C1010,2022,T,4",
    )
    messages, _ = _problems(store, path, monkeypatch)
    assert len(messages) == 3, messages
    assert "totalen 10 är inte kvinnor 4 + män 5" in messages[0]
    assert "befolkning_0_17 10 är inte summan av" in messages[1]
    assert "samma nyckel finns flera gånger (antal_invanare, 0126C1020, 2022, T" in messages[2]


def test_a_gender_that_is_none_of_t_k_m_or_two_divisions_are_no_duplicate(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grouping's count of rows beyond one per gender is necessary for a duplicate, not
    sufficient: an unknown gender, or one code in two divisions, makes it count; the exact
    query then finds no duplicate (passes before and after)."""
    path = _csv(
        tmp_path,
        "antal_invanare,0126C1010,DeSO2018,2022,X,10",
        "antal_invanare,0126C1010,DeSO2018,2022,Y,11",
        "antal_invanare,0126C1010,DeSO2025,2022,T,12",
        header="indicator,area,division,period,gender,value",
    )
    messages, _ = _problems(store, path, monkeypatch)
    assert not any("samma nyckel" in m for m in messages)
    assert sum("okänt kön" in m for m in messages) == 2


def test_a_first_import_of_its_indicators_merges_in_one_insert(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing stored of the staged indicators: every row is new (revision 1), written by
    one INSERT without a join with the stored current values, the counts known without
    counting the import's rows in ``observation`` and the staged rows counted once for the
    import's record and the merge (failed before: the join, a count of the staged rows per
    ask, a scan of ``observation`` for the import's rows). A second import of the same
    indicators takes the full merge (revisions; tests/store/test_staging.py)."""
    with_catalogue(store)
    path = _csv(
        tmp_path,
        "antal_invanare,0126C1010,2022,T,10",
        "antal_invanare,0126C1020,2022,T,3",
        "medianinkomst,0126C1010,2022,T,250000",
    )
    statements: list[str] = []
    query, execute = store.backend.query, store.backend.execute

    def queried(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        statements.append(sql)
        return query(sql, params)

    def executed(sql: str, params: Sequence[Any] = ()) -> None:
        statements.append(sql)
        execute(sql, params)

    with Staging(store.backend, file_label=path.name) as staging, store.transaction():
        assert staging.add_tidy_csv(path, source="test") == []
        assert staging.problems() == []
        monkeypatch.setattr(store.backend, "query", queried)
        monkeypatch.setattr(store.backend, "execute", executed)
        assert staging.count() == 3
        counts = staging.merge(1)
        monkeypatch.undo()
    assert (counts.staged, counts.added, counts.revised) == (3, 3, 0)
    assert sum(f"count(*) FROM {staging.table}" in sql for sql in statements) == 1
    assert not any("revision DESC" in sql or "WHERE import_id = ?" in sql for sql in statements)
    assert store.backend.query(
        "SELECT indicator, area, value, import_id, revision FROM observation ORDER BY 1, 2"
    ) == [
        ("antal_invanare", "0126C1010", 10.0, 1, 1),
        ("antal_invanare", "0126C1020", 3.0, 1, 1),
        ("medianinkomst", "0126C1010", 250000.0, 1, 1),
    ]
