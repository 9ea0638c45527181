"""The store's writes of one effect logic item and one source note (effect/editing.py), on
both engines."""

from __future__ import annotations

from kommunanalys.store import Store


def test_an_item_and_a_source_are_rewritten(store: Store) -> None:
    rows = store.effect_logic
    with store.transaction():
        rows.replace_all(
            {
                "effect_outcome": [("u", "Utfall", "kommun", "0126", "", 0)],
                "effect_item": [("u", 1, "indicated", "process", "Text", "increase", "")],
                "effect_item_indicator": [("u", 1, 0, "a")],
                "effect_source": [("a", "SCB", None, None, "")],
            }
        )
    with store.transaction():
        rows.update_item("u", 1, "Ny text", "decrease", "behov", ["b", "c"])
        rows.replace_source(("a", "Procapita", "monthly", "file", "Soc"))
        rows.replace_source(("b", "", None, None, ""))  # empty: no note
    assert rows.table("effect_item") == [
        ("u", 1, "indicated", "process", "Ny text", "decrease", "behov")
    ]
    assert rows.table("effect_item_indicator") == [("u", 1, 0, "b"), ("u", 1, 1, "c")]
    assert rows.table("effect_source") == [("a", "Procapita", "monthly", "file", "Soc")]
    with store.transaction():
        rows.replace_source(("a", "", None, None, ""))
    assert rows.table("effect_source") == []
