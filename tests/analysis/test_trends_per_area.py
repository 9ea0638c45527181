"""Trends are computed per area when first asked for (issue 22 goal 4: a national server
computed all 9 000 areas' trends, 4 s, before it answered), and equal the all-at-once ones."""

from __future__ import annotations

import pytest

from kommunanalys.analysis import assessment
from kommunanalys.analysis.assessment import Trend, all_trends, area_trends
from kommunanalys.model import Indicator, Value
from kommunanalys.query import Dataset
from kommunanalys.stats.trend import TrendSpan
from kommunanalys.store import Store


def test_one_areas_trends_compute_only_that_area(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ds = Dataset(demo_store)
    seen: set[str] = set()
    original = assessment.series_trends

    def counted(rows: list[tuple[Indicator, list[Value]]], *args: TrendSpan) -> list[Trend]:
        seen.update(v.area for _, series in rows for v in series)
        return original(rows, *args)

    monkeypatch.setattr(assessment, "series_trends", counted)
    area = ds.area("0126R007")
    assert area_trends(ds, area)
    assert seen == {"0126R007"}
    area_trends(ds, area)  # kept: not computed again
    assert seen == {"0126R007"}


def test_per_area_trends_equal_the_all_at_once_trends(demo_store: Store) -> None:
    ds = Dataset(demo_store)
    together = all_trends(ds)
    for area in ds.areas():
        assert area_trends(ds, area) == together.get((area.code, area.division), {}), area.code
