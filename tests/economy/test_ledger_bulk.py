"""A plain CSV ledger is staged and summed by the database, not row by row in Python (issue 17's
ledger benchmark), with the same sums and rows read; a file with anything to report, or one
the engine's reader could read otherwise, is read row by row as before, so its problems are
worded as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.analysis.economy_model import AmountKind
from kommunanalys.ingest import economy
from kommunanalys.ingest.economy import import_amounts
from kommunanalys.ingest.economy_mapping import read_mapping
from kommunanalys.store import Store

PLAIN = (
    "period,ansvar,konto,belopp\n2024-01,510,5010,100000.10\n2024-01,511,5020,50000.2\n"
    "2024-01,510,3010,-20000\n2024-02,512,4610,30000\n2024-02,bou,6150,12.05\n"
    ",,,\nSumma,,,160012.35\n"
)
#: name → the file's bytes: each is plain, and read by the database
PLAIN_FILES = {
    "komma": PLAIN.encode(),
    "semikolon_crlf": PLAIN.replace(",", ";").replace("\n", "\r\n").encode(),
    "bom_tab": ("\ufeff" + PLAIN.replace(",", "\t")).encode(),
    "kostnadsslag": b"period,verksamhet,kostnadsslag,belopp\n2024-03,hvb,personal,10\n"
    b"2024-3,hvb,personal,5.5\n",
}
#: name → bytes the row-by-row reading must read (it words a problem, or reads it otherwise)
OTHER_FILES = {
    "decimalkomma": b"period;ansvar;konto;belopp\n2024-01;510;5010;100000,10\n",
    "tusental": b"period,ansvar,konto,belopp\n2024-01,510,5010,1 000\n",
    "okant_konto": b"period,ansvar,konto,belopp\n2024-01,510,9999,10\n",
    "manad_13": b"period,ansvar,konto,belopp\n2024-13,510,5010,10\n",
    "text": b"period,ansvar,konto,belopp\n2024-01,510,5010,tio\n",
    "fel_summa": b"period,ansvar,konto,belopp\n2024-01,510,5010,10\nSumma,,,11\n",
    "citat": b'period,ansvar,konto,belopp\n2024-01,"510",5010,10\n',
    "ojamn": b"period,ansvar,konto,belopp\n2024-01,510,5010\n",
    "cr": b"period,ansvar,konto,belopp\r2024-01,510,5010,10\r",
    "tre_decimaler": b"period,ansvar,konto,belopp\n2024-01,510,5010,10.125\n",
    "latin1": b"period,ansvar,konto,belopp\n2024-01,51\xe50,5010,10\n",
}


def _amounts(store: Store) -> list[tuple[object, ...]]:
    return store.backend.query(
        "SELECT unit, month, cost_type, kind, version, amount, revision FROM econ_amount "
        "ORDER BY unit, month, cost_type"
    )


def _outcome(store: Store, path: Path, mapping: Path) -> tuple[object, ...]:
    result = import_amounts(store, [path], mapping, kind=AmountKind.OUTCOME)
    problems = [(p.where.file, p.where.row, p.where.column, p.message) for p in result.problems]
    return result.ok, result.added, problems, _amounts(store)


def _row_by_row(path: Path, mapping: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(economy, "_summed_in_database", lambda _, paths, __: [None] * len(paths))
        reference = Store.memory()
        try:
            return _outcome(reference, path, mapping)
        finally:
            reference.close()


def _no_rows_in_python(*args: object, **kwargs: object) -> None:
    raise AssertionError("the ledger was read row by row in Python")


@pytest.mark.parametrize("name", PLAIN_FILES)
def test_a_plain_ledger_is_summed_by_the_database_as_row_by_row(
    store: Store, mapping: Path, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failed before: every ledger was read row by row (``read_amounts``)."""
    path = tmp_path / f"{name}.csv"
    path.write_bytes(PLAIN_FILES[name])
    expected = _row_by_row(path, mapping, monkeypatch)
    assert expected[0], expected
    monkeypatch.setattr(economy, "read_amounts", _no_rows_in_python)
    assert _outcome(store, path, mapping) == expected


@pytest.mark.parametrize("name", OTHER_FILES)
def test_a_ledger_the_database_path_cannot_take_is_read_row_by_row(
    store: Store, mapping: Path, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(OTHER_FILES[name])
    committee_mapping, _ = read_mapping(mapping)
    assert committee_mapping is not None
    assert economy._summed_in_database(store, [path], committee_mapping) == [None]
    assert _outcome(store, path, mapping) == _row_by_row(path, mapping, monkeypatch)
