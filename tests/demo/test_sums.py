"""The demo data satisfies the relations the import validates (issue 21 item 2): T = K + M
for every count and each total of ``catalog.sums.INDICATOR_SUMS`` equal to the sum of its
parts, in every area, year and gender (observed and aggregated values alike)."""

from __future__ import annotations

from kommunanalys.catalog.sums import INDICATOR_SUMS
from kommunanalys.store import Store


def test_every_count_total_is_women_plus_men(demo_store: Store) -> None:
    rows = demo_store.backend.query(
        "SELECT d.indicator, area, division, period, age_group, "
        "max(value) FILTER (WHERE gender = 'T') AS t, max(value) FILTER (WHERE gender = 'K') "
        "AS k, max(value) FILTER (WHERE gender = 'M') AS m FROM derived_value d "
        "JOIN indicator i ON i.id = d.indicator WHERE i.value_type = 'count' "
        "GROUP BY ALL HAVING abs(t - (k + m)) > 0.5"
    )
    assert rows == []


def test_every_catalogued_total_is_the_sum_of_its_parts(demo_store: Store) -> None:
    for total, parts in INDICATOR_SUMS.items():
        marks = ", ".join("?" for _ in parts)
        rows = demo_store.backend.query(
            "SELECT area, division, period, gender, max(value) FILTER (WHERE indicator = ?) AS t, "
            f"sum(value) FILTER (WHERE indicator IN ({marks})) AS p, "
            f"count(value) FILTER (WHERE indicator IN ({marks})) AS n FROM derived_value "
            "GROUP BY ALL HAVING n = ? AND abs(t - p) > 0.5 LIMIT 3",
            (total, *parts, *parts, len(parts)),
        )
        assert rows == [], total
        found = demo_store.backend.query(
            "SELECT count(*) FROM derived_value WHERE indicator = ?", (total,)
        )
        assert found[0][0] > 0, total
