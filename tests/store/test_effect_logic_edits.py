"""The store's writes of one effect logic item and one source note (effect/editing.py), on
both engines."""

from __future__ import annotations

from datetime import datetime

from kommunanalys.store import Store

AT = datetime(2026, 1, 1, 12, 0)


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


def test_an_item_is_added_and_removed_and_the_links_follow(store: Store) -> None:
    """effect/adding.py: a new item takes its place; a removed one's later items move up one
    number, in one transaction with the interventions' links."""
    rows = store.effect_logic
    with store.transaction():
        rows.replace_all(
            {
                "effect_outcome": [("u", "Utfall", "kommun", "0126", "", 0)],
                "effect_item": [
                    ("u", n, "indicated", "process", f"Post {n}", "increase", "") for n in (1, 2, 3)
                ],
                "effect_item_indicator": [("u", 2, 0, "a"), ("u", 3, 0, "b"), ("u", 3, 1, "c")],
            }
        )
        rows.replace_interventions(
            [("i", "Insats", "", "", "", "", None, "", "", "", None, "ongoing", "x", AT)],
            [("i", "item", 0, "u:1"), ("i", "item", 1, "u:2"), ("i", "item", 2, "u:3")],
        )
    with store.transaction():
        rows.add_item(("u", 4, "universal", "long_term", "Post 4", "decrease", "behov"), ["d"])
    with store.transaction():
        rows.remove_item("u", 2)
        rows.rewrite_item_links("item", {"u:2": None, "u:3": "u:2", "u:4": "u:3"})
    assert rows.table("effect_item") == [
        ("u", 1, "indicated", "process", "Post 1", "increase", ""),
        ("u", 2, "indicated", "process", "Post 3", "increase", ""),
        ("u", 3, "universal", "long_term", "Post 4", "decrease", "behov"),
    ]
    assert rows.table("effect_item_indicator") == [
        ("u", 2, 0, "b"),
        ("u", 2, 1, "c"),
        ("u", 3, 0, "d"),
    ]
    assert rows.intervention_links() == [("i", "item", 0, "u:1"), ("i", "item", 1, "u:2")]
    with store.transaction():
        rows.remove_intervention("i")
    assert rows.interventions() == [] and rows.intervention_links() == []
