"""An economy import of several ledger files, on both engines: the plain files are read and
summed by one query whatever their number (issue 17's benchmark imports 12 quarterly files),
with the sums, rows read and problems the row-by-row reading gives, file by file; a file with
anything to report is read row by row and its problems name it, its row and its column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kommunanalys.analysis.economy_model import AmountKind
from kommunanalys.ingest import economy
from kommunanalys.ingest.economy import import_amounts
from kommunanalys.store import Store
from tests.economy.conftest import MAPPING  # the economy tests' mapping


def _quarter(quarter: int, extra: str = "", total: str | None = None) -> str:
    rows = [
        f"2024-{3 * quarter + m:02d},{unit},{account},{amount}"
        for m in (1, 2, 3)
        for unit, account, amount in (("510", "5010", "100.10"), ("511", "3010", "-20"))
    ]
    rows.append(f"2024-{3 * quarter + 1:02d}, 512 ,04610,7.5")  # texts the query's maps lack
    ore = 3 * (10010 - 2000) + 750
    return (
        "period,ansvar,konto,belopp\n"
        + "\n".join(rows)
        + "\n"
        + extra
        + f"Summa,,,{total if total is not None else f'{ore / 100:.2f}'}\n"
    )


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "ekonomi.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def _write(tmp_path: Path, texts: list[str]) -> list[Path]:
    paths = []
    for n, text in enumerate(texts, start=1):
        path = tmp_path / f"huvudbok_{n:02d}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _outcome(store: Store, paths: list[Path], mapping: Path) -> tuple[object, ...]:
    result = import_amounts(store, paths, mapping, kind=AmountKind.OUTCOME)
    problems = [(p.where.file, p.where.row, p.where.column, p.message) for p in result.problems]
    amounts = store.backend.query(
        "SELECT unit, month, cost_type, amount, revision FROM econ_amount "
        "ORDER BY unit, month, cost_type"
    )
    rows_read = store.backend.query("SELECT rows_read FROM import ORDER BY id")
    return result.ok, result.added, problems, amounts, rows_read


def _row_by_row(
    paths: list[Path], mapping: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[object, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(economy, "_summed_in_database", lambda _, paths, __: [None] * len(paths))
        reference = Store.memory()
        try:
            return _outcome(reference, paths, mapping)
        finally:
            reference.close()


def test_plain_files_are_summed_as_row_by_row(
    store: Store, mapping: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _write(tmp_path, [_quarter(q) for q in range(4)])
    expected = _row_by_row(paths, mapping, monkeypatch)
    assert expected[0], expected

    def no_rows_in_python(*args: object, **kwargs: object) -> None:
        raise AssertionError("a plain ledger was read row by row in Python")

    monkeypatch.setattr(economy, "read_amounts", no_rows_in_python)
    assert _outcome(store, paths, mapping) == expected


@pytest.mark.parametrize(
    "broken",
    [
        _quarter(1, extra="2024-05,510,9999,10\n", total="257.80"),  # an unknown account
        _quarter(1, extra="2024-13,510,5010,10\n", total="257.80"),  # month 13
        _quarter(1, extra="2024-05,510,5010,tio\n"),  # text in an amount
        _quarter(1, total="1.00"),  # a total row that does not add up
        _quarter(1, extra="2024-05,777,5010,10\n", total="257.80"),  # an unknown ansvar
        _quarter(1, extra="2024-05,510\n"),  # a ragged line
    ],
    ids=["konto", "manad_13", "text", "summa", "ansvar", "ojamn"],
)
def test_a_file_with_a_problem_among_plain_ones_is_worded_as_before(
    store: Store, mapping: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    """Only the second file is wrong: the problems name it, its row and column, exactly as
    the row-by-row reading words them, and nothing is written."""
    paths = _write(tmp_path, [_quarter(0), broken, _quarter(2)])
    outcome = _outcome(store, paths, mapping)
    assert not outcome[0]
    assert outcome[2] and {file for file, _, _, _ in outcome[2]} == {"huvudbok_02.csv"}
    assert outcome[3] == [] and outcome[4] == []
    assert outcome == _row_by_row(paths, mapping, monkeypatch)


def test_the_queries_do_not_grow_with_the_files(
    store: Store, mapping: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failed before: each file was staged and scanned by its own queries (periods, codes,
    sums: 12 quarterly files, 66 queries)."""

    def queries(count: int) -> int:
        folder = tmp_path / str(count)
        folder.mkdir()
        paths = _write(folder, [_quarter(q % 4) for q in range(count)])
        made: list[str] = []
        query = store.backend.query

        def counted(sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
            made.append(sql)
            return query(sql, params)

        with monkeypatch.context() as patch:
            patch.setattr(store.backend, "query", counted)
            assert import_amounts(store, paths, mapping, kind=AmountKind.OUTCOME).ok
        return len(made)

    assert queries(1) == queries(6)


@pytest.mark.parametrize(
    "amount",
    # longer than the query sums (row by row), and the longest it sums
    ["12345678901234567", "-1234567890123456", "123456789012345.6", "-1234567890123.45", "9" * 14],
)
def test_an_amount_longer_than_the_query_sums_is_read_as_row_by_row(
    store: Store, mapping: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, amount: str
) -> None:
    """Seventeen digits are plain but more than DECIMAL(18, 2) holds before its point, and
    sixteen more than its product by 100 holds in öre. Failed before: the import stopped
    with the engine's conversion or overflow error."""
    paths = _write(tmp_path, [f"period,ansvar,konto,belopp\n2024-01,510,5010,{amount}\n"])
    assert _outcome(store, paths, mapping) == _row_by_row(paths, mapping, monkeypatch)
