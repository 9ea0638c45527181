"""The insight feed: only significant findings, each with its numbers, method and link."""

from __future__ import annotations

from kommunanalys.analysis.insights import FindingKind, Page, area_insights, indicator_insights
from kommunanalys.analysis.similar import similar_areas
from kommunanalys.query import Dataset
from tests.analysis.world import PLANTED, world


def test_area_feed_is_ranked_and_complete(dataset: Dataset) -> None:
    findings = area_insights(dataset, "0126R001", "2025")
    assert findings
    strengths = [f.strength for f in findings]
    assert strengths == sorted(strengths, reverse=True)
    for f in findings:
        assert f.text.endswith(".") and f.method and f.link.year
        assert f.link.area if f.link.page is not Page.EQUALITY else f.link.indicator
        assert 0 < f.level < 1
        assert "likvärdig" not in f.text and "ingen säker" not in f.text


def test_sensitive_counts_never_become_findings(dataset: Dataset) -> None:
    for code in ("0126", "0126R001", "0126C1010"):
        for f in area_insights(dataset, code):
            assert not (f.indicator.value_type.value == "count" and f.indicator.sensitive)


def test_planted_gap_appears_in_the_indicator_feed() -> None:
    findings = indicator_insights(world(2, area_gap=0.15), "share", "2022")
    assert any(f.area.code == PLANTED for f in findings)


def test_no_findings_in_a_null_world() -> None:
    ds = world(7)
    feed = area_insights(ds, "0999R002", "2022")
    assert all(f.kind != FindingKind.GENDER_GAP for f in feed)


def test_similar_areas_exclude_the_area_itself(dataset: Dataset) -> None:
    result = similar_areas(dataset, "0126R001", "2025", k=3)
    codes = [a.code for a, _ in result.neighbours]
    assert len(codes) == 3 and "0126R001" not in codes
    distances = [d for _, d in result.neighbours]
    assert distances == sorted(distances)
    assert result.indicators
