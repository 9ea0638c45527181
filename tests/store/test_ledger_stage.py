"""The ledger's bulk path on both engines (store/ledger_stage.py): a plain file staged by the
engine's reader, its periods and codes in one pass each, and the amounts summed in whole öre
exactly through the maps; a line the reader rejects or an amount not written plainly is
counted, never guessed."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.store import Store
from kommunanalys.store.ledger_stage import LedgerStage

ROLES = {"period": 0, "unit": 1, "code": 2, "amount": 3}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "huvudbok.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_ledger_is_summed_exactly(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "period,ansvar,konto,belopp\n2024-01,510,5010,0.1\n2024-01,511,5020,0.2\n"
        "2024-01,510,3010,-20000\n2024-02,512,4610,30000.05\n,,,\nSumma,,,10000.35\n",
    )
    with LedgerStage(store.backend) as stage:
        assert stage.load(path, ",", 4, ROLES)
        periods = {p[0]: p[1:] for p in stage.periods()}
        assert periods == {
            "2024-01": (3, 0, -2_000_000, 20),
            "2024-02": (1, 0, 3_000_005, 3_000_005),
            "Summa": (1, 0, 1_000_035, 1_000_035),
        }
        units, codes = stage.codes(["Summa"])
        assert sorted(units) == ["510", "511", "512"]
        assert sorted(codes) == ["3010", "4610", "5010", "5020"]
        sums, total = stage.sums(
            {"2024-01": "2024-01", "2024-02": "2024-02"},
            {"510": "bou", "511": "bou", "512": "hvb"},
            {"5010": "personal", "5020": "personal", "3010": "intakter", "4610": "kop"},
        )
    assert sums == {
        ("bou", "2024-01", "personal"): 30,  # 0,1 + 0,2 kr: 30 öre, not 30.000000000000004
        ("bou", "2024-01", "intakter"): -2_000_000,
        ("hvb", "2024-02", "kop"): 3_000_005,
    }
    assert total == 1_000_035


def test_what_the_bulk_path_cannot_take_is_counted(store: Store, tmp_path: Path) -> None:
    odd = _write(
        tmp_path,
        "period,ansvar,konto,belopp\n2024-01,510,5010,1 000\n2024-01,510,5010,1.234\n"
        "2024-01,510,5010,1e3\n2024-01,510,5010,\n2024-01,510,5010,-5.5\n",
    )
    with LedgerStage(store.backend) as stage:
        assert stage.load(odd, ",", 4, ROLES)
        assert [p[:3] for p in stage.periods()] == [("2024-01", 5, 4)]
    ragged = _write(tmp_path, "period,ansvar,konto,belopp\n2024-01,510,5010\n")
    with LedgerStage(store.backend) as stage:
        assert not stage.load(ragged, ",", 4, ROLES)
