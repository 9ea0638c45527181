"""Trends are computed per kommun, for all its areas in one vectorised pass, when first asked
for (issue 22 goal 4: a national server computed all 9 000 areas' trends, 4 s, before it
answered) or at the server's warm-up, and equal the all-at-once ones."""

from __future__ import annotations

import pytest

from kommunanalys.analysis import assessment
from kommunanalys.analysis.assessment import Trend, all_trends, area_trends
from kommunanalys.model import Indicator, Value
from kommunanalys.query import Dataset
from kommunanalys.stats.trend import TrendSpan
from kommunanalys.store import Store


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[set[tuple[str, str]]]:
    """Each call of series_trends, as the set of (area, division) series it computed."""
    calls: list[set[tuple[str, str]]] = []
    original = assessment.series_trends

    def counted(rows: list[tuple[Indicator, list[Value]]], *args: TrendSpan) -> list[Trend]:
        calls.append({(v.area, v.division.value) for _, series in rows for v in series})
        return original(rows, *args)

    monkeypatch.setattr(assessment, "series_trends", counted)
    return calls


def test_one_areas_trends_compute_its_kommuns_areas_in_one_pass(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ds = Dataset(demo_store)
    calls = _counting(monkeypatch)
    area = ds.area("0126R007")
    assert area_trends(ds, area)
    assert len(calls) == 1  # one vectorised pass for the whole kommun
    computed = {code for code, _ in calls[0]}
    huddinge = {a.code for a in ds.areas() if a.kommun == "0126"}
    assert "0126R007" in computed and computed <= huddinge
    assert len(computed) > len(huddinge) // 2  # the kommun's areas, not one
    outside = {a.code for a in ds.areas() if a.kommun != "0126"}
    assert not computed & outside  # riket and the län are not computed with it
    for other in ds.areas():
        if other.kommun == "0126":
            area_trends(ds, other)  # kept: not computed again
    assert len(calls) == 1


def test_the_warm_up_leaves_no_profile_request_to_compute_trends(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's warm-up (the publisher's prepare, at start and after every refresh)
    computes the trends of every area of the home kommun: a profile request computes none."""
    from kommunanalys.web.warm_up import prepare

    ds = Dataset(demo_store)
    calls = _counting(monkeypatch)
    prepare(ds)
    warmed = len(calls)
    for area in ds.areas():
        if area.kommun == ds.kommun.code:
            area_trends(ds, area)
    assert len(calls) == warmed


def test_per_area_trends_equal_the_all_at_once_trends(demo_store: Store) -> None:
    ds = Dataset(demo_store)
    together = all_trends(ds)
    for area in ds.areas():
        assert area_trends(ds, area) == together.get((area.code, area.division), {}), area.code
