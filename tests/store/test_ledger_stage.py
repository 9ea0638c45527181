"""The ledger's bulk path on both engines (store/ledger_stage.py): the plain files of an import
read by one query, their rows grouped per file × period × verksamhet × account through the
map of ansvar codes (a code the map does not hold keeps its own group), the amounts summed in
whole öre exactly; a line the reader rejects or an amount not written plainly is counted,
never guessed."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.store import Store
from kommunanalys.store.ledger_stage import LedgerFile, LedgerGroup, LedgerStage

UNITS = {"510": "bou", "511": "bou", "512": "hvb"}
CODES = {"5010": "personal", "5020": "personal", "3010": "intakter", "4610": "kop"}


def _codes(file: int, text: str) -> str | None:
    return CODES.get(text)


def _file(tmp_path: Path, name: str, text: str, delimiter: str = ",") -> LedgerFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return LedgerFile(path, delimiter, 4, 0, 1, 2, 3)


def _by_key(groups: list[LedgerGroup]) -> dict[tuple[object, ...], tuple[object, ...]]:
    return {
        (g.file, g.period, g.unit, g.unit_text, g.code, g.code_text): (
            g.rows,
            g.odd,
            g.ore,
            g.low,
            g.high,
        )
        for g in groups
    }


def test_a_plain_ledger_is_summed_exactly(store: Store, tmp_path: Path) -> None:
    ledger = _file(
        tmp_path,
        "huvudbok.csv",
        "period,ansvar,konto,belopp\n2024-01,510,5010,0.1\n2024-01,511,5020,0.2\n"
        "2024-01,510,3010,-20000\n2024-02,512,4610,30000.05\n,,,\nSumma,,,10000.35\n",
    )
    with LedgerStage(store.backend) as stage:
        rejected, groups = stage.read([ledger], UNITS, _codes)
    assert rejected == set()
    assert _by_key(groups) == {
        # 0,1 + 0,2 kr on two accounts of one cost type: 30 öre, not 30.000000000000004
        (0, "2024-01", "bou", None, "personal", None): (2, 0, 30, 10, 20),
        (0, "2024-01", "bou", None, "intakter", None): (1, 0, -2_000_000, -2_000_000, -2_000_000),
        (0, "2024-02", "hvb", None, "kop", None): (1, 0, 3_000_005, 3_000_005, 3_000_005),
        (0, "Summa", None, "", None, ""): (1, 0, 1_000_035, 1_000_035, 1_000_035),
    }


def test_a_code_the_map_does_not_hold_keeps_its_own_group(store: Store, tmp_path: Path) -> None:
    ledger = _file(
        tmp_path,
        "huvudbok.csv",
        "period,ansvar,konto,belopp\n2024-01, 510,5010,1\n2024-01, 510,5010,2\n"
        "2024-01,510,05010,3\n2024-01,999,5010,4\n2024-01,511,5010,5\n",
    )
    with LedgerStage(store.backend) as stage:
        _, groups = stage.read([ledger], UNITS, _codes)
    assert _by_key(groups) == {
        (0, "2024-01", None, " 510", "personal", None): (2, 0, 300, 100, 200),
        (0, "2024-01", "bou", None, None, "05010"): (1, 0, 300, 300, 300),
        (0, "2024-01", None, "999", "personal", None): (1, 0, 400, 400, 400),
        (0, "2024-01", "bou", None, "personal", None): (1, 0, 500, 500, 500),
    }


def test_what_the_bulk_path_cannot_take_is_counted(store: Store, tmp_path: Path) -> None:
    odd = _file(
        tmp_path,
        "udda.csv",
        "period,ansvar,konto,belopp\n2024-01,510,5010,1 000\n2024-01,510,5010,1.234\n"
        "2024-01,510,5010,1e3\n2024-01,510,5010,\n2024-01,510,5010,-5.5\n",
    )
    with LedgerStage(store.backend) as stage:
        rejected, groups = stage.read([odd], UNITS, _codes)
    assert rejected == set()
    assert [(g.rows, g.odd, g.ore) for g in groups] == [(5, 4, -550)]
    ragged = _file(tmp_path, "ojamn.csv", "period,ansvar,konto,belopp\n2024-01,510,5010\n")
    with LedgerStage(store.backend) as stage:
        assert stage.read([ragged], UNITS, _codes)[0] == {0}


def test_several_files_and_layouts_in_one_query(store: Store, tmp_path: Path) -> None:
    """Each group names its file (the position in the list given), whichever reader read
    it; the rejected lines name theirs."""
    first = _file(tmp_path, "a.csv", "period,ansvar,konto,belopp\n2024-01,510,5010,1\n")
    semicolon = _file(tmp_path, "b.csv", "period;ansvar;konto;belopp\n2024-02;511;5020;2\n", ";")
    ragged = _file(
        tmp_path, "c.csv", "period,ansvar,konto,belopp\n2024-03,512\n2024-03,512,5010,3\n"
    )
    reordered_path = tmp_path / "d.csv"
    reordered_path.write_text("belopp,konto,ansvar,period\n4,3010,510,2024-04\n", encoding="utf-8")
    reordered = LedgerFile(reordered_path, ",", 4, 3, 2, 1, 0)
    last = _file(tmp_path, "e.csv", "period,ansvar,konto,belopp\n2024-05,510,4610,5\n")
    with LedgerStage(store.backend) as stage:
        rejected, groups = stage.read([first, semicolon, ragged, reordered, last], UNITS, _codes)
    assert rejected == {2}
    assert sorted((g.file, g.period, g.unit, g.code, g.ore) for g in groups) == [
        (0, "2024-01", "bou", "personal", 100),
        (1, "2024-02", "bou", "personal", 200),
        (2, "2024-03", "hvb", "personal", 300),
        (3, "2024-04", "bou", "intakter", 400),
        (4, "2024-05", "bou", "kop", 500),
    ]
