"""A ledger file is held to the import's file limit (issue 17's benchmark): a file over it is
refused with a message naming the file, its size and the limit, and nothing is written; the
same ledger split into files under the limit (one per quarter) is imported in one call with
the same sums (docs/economy.md, docs/security.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.analysis.economy_model import AmountKind
from kommunanalys.ingest import economy
from kommunanalys.ingest.economy import import_amounts
from kommunanalys.sources.file_safety import MAX_FILE_BYTES
from kommunanalys.store import Store

HEADER = "period,ansvar,konto,belopp\n"


def _rows(months: range) -> list[str]:
    return [f"2024-{m:02d},510,5010,{1000 * m + a}.25\n" for m in months for a in range(20)]


def test_the_ledger_limit_is_the_import_file_limit_not_the_tidy_one() -> None:
    assert economy.MAX_LEDGER_BYTES == MAX_FILE_BYTES == 100_000_000


def test_a_ledger_over_the_limit_is_refused_and_quarters_under_it_are_imported(
    tmp_path: Path, mapping: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "huvudbok_2024.csv"
    whole.write_text(HEADER + "".join(_rows(range(1, 13))), encoding="utf-8")
    quarters = []
    for q in range(4):
        part = tmp_path / f"huvudbok_2024_q{q + 1}.csv"
        part.write_text(HEADER + "".join(_rows(range(3 * q + 1, 3 * q + 4))), encoding="utf-8")
        quarters.append(part)
    limit = max(p.stat().st_size for p in quarters)
    assert whole.stat().st_size > limit
    monkeypatch.setattr(economy, "MAX_LEDGER_BYTES", limit)

    store = Store.open(tmp_path / "db.duckdb")
    try:
        refused = import_amounts(store, [whole], mapping, kind=AmountKind.OUTCOME)
        assert not refused.ok and len(refused.problems) == 1
        problem = str(refused.problems[0])
        assert "huvudbok_2024.csv" in problem and "mer än gränsen" in problem
        assert store.economy.amounts("sn") == []

        imported = import_amounts(store, quarters, mapping, kind=AmountKind.OUTCOME)
        assert imported.ok, imported.problems
        amounts = store.economy.amounts("sn")
        assert len(amounts) == 12
        expected = sum(1000 * m + a + 0.25 for m in range(1, 13) for a in range(20))
        assert sum(r[5] for r in amounts) == pytest.approx(-expected)  # debet: costs negative
    finally:
        store.close()
