"""Migration 15: the catalogue's complete register counts (issue 20: no interval for them)."""

from __future__ import annotations

from pathlib import Path

from kommunanalys.store import Store
from tests.store.old_schema import database_at


def test_migration_15_marks_the_shipped_register_counts(tmp_path: Path) -> None:
    path = tmp_path / "v11.duckdb"
    con = database_at(path, 11)
    columns = [r[0] for r in con.execute("DESCRIBE indicator").fetchall()]
    for n, (ind, kind, source) in enumerate(
        [
            ("antal_invanare", "count", "scb"),
            ("befolkning_0_20", "count", "scb"),
            ("antal_lagenheter", "count", "scb"),
            ("antal_aktualiseringar_barn_o_ungdom", "count", "internal"),
            ("andel_x", "proportion", "scb"),
        ]
    ):
        values = {"id": ind, "value_type": kind, "source_kind": source, "sort_order": n}
        con.execute(
            f"INSERT INTO indicator ({', '.join(values)}, name_sv, name_en, domain, unit, "
            "multiplier, polarity, sensitive, source, quality, by_gender, in_seed, definition) "
            f"VALUES ({', '.join('?' for _ in values)}, 'n', 'n', 'Befolkning', 'antal', 1, "
            "'neutral', false, 's', 'kvalitetssakrad', false, true, 'd')",
            list(values.values()),
        )
    assert "complete_count" not in columns
    con.close()
    store = Store.open(path)
    try:
        found = {i.id: i.complete_count for i in store.indicators()}
    finally:
        store.close()
    assert found == {
        "antal_invanare": True,
        "befolkning_0_20": True,
        "antal_lagenheter": True,
        "antal_aktualiseringar_barn_o_ungdom": False,
        "andel_x": False,
    }
