"""The equality scan finds a planted gap and, with none planted, keeps false discoveries
within the false-discovery rate across many seeds."""

from __future__ import annotations

import pytest

from kommunanalys.analysis.equality import GapKind, scan
from kommunanalys.model import Gender
from kommunanalys.query import Dataset, QueryError, UnknownIndicator
from tests.analysis.world import PLANTED, world


@pytest.mark.parametrize("seed", range(5))
def test_planted_area_gap_is_found_first(seed: int) -> None:
    result = scan(world(seed, area_gap=0.15), "share", "2022")
    assert result.candidates, "the planted gap must be found"
    top = result.candidates[0]
    assert (top.kind, top.area.code) == (GapKind.AREA, PLANTED)
    assert top.difference.estimate > 0
    assert top.difference.lower > 0  # the interval excludes no difference


def test_planted_gender_gap_is_found() -> None:
    result = scan(world(11, gender_gap=0.10), "share", "2022")
    kommun_gaps = [
        g for g in result.candidates if g.kind == GapKind.GENDER and g.area.code == "0999"
    ]
    assert kommun_gaps and str(kommun_gaps[0].group) == "kvinnor"
    assert 5 < kommun_gaps[0].difference.estimate < 15  # percentage points, truth 10


def test_planted_age_gap_is_found() -> None:
    result = scan(world(21, age_gap=0.10), "share", "2022")
    age_gaps = [g for g in result.candidates if g.kind == GapKind.AGE]
    assert age_gaps, "the older group's higher share must be found"
    assert all(str(g.group) == "65+ år" and g.difference.estimate > 0 for g in age_gaps)
    assert any(g.area.code == "0999" for g in age_gaps)


def test_no_age_gap_when_none_is_planted() -> None:
    result = scan(world(22, age_gap=0.0), "share", "2022")
    assert [g for g in result.gaps if g.kind == GapKind.AGE]  # tested …
    assert not [g for g in result.candidates if g.kind == GapKind.AGE]  # … and nothing found


def test_null_case_flags_nothing_beyond_the_fdr_level() -> None:
    seeds = range(40)
    with_any = sum(1 for s in seeds if scan(world(100 + s), "share", "2022").candidates)
    # Under the complete null BH keeps P(any discovery) ≤ 5 %: expect about 2 of 40.
    assert with_any <= 5


def test_every_candidate_is_significant_and_ranked() -> None:
    result = scan(world(3, area_gap=0.12, gender_gap=0.06), "share", "2022")
    qs = [g.q_value for g in result.candidates]
    assert qs == sorted(qs)
    assert all(g.q_value < result.fdr for g in result.candidates)
    assert all(not g.significant for g in result.gaps[len(result.candidates) :])


def test_counts_cannot_be_tested_and_say_so() -> None:
    result = scan(world(1), "num", "2022")
    assert result.gaps == [] and result.not_tested


def test_unknown_indicator() -> None:
    with pytest.raises(UnknownIndicator):
        scan(world(1), "nope")


def test_demo_scan_uses_omradestyp_for_the_slope_index(dataset: Dataset) -> None:
    result = scan(dataset, "andel_ledarledd_fritid", "2023")
    assert result.sii is not None and result.sii_basis is not None
    assert "områdestyp" in result.sii_basis
    assert result.sii.lower <= result.sii.sii <= result.sii.upper


def test_demo_scan_never_uses_suppressed_cells(dataset: Dataset) -> None:
    indicator = "andel_aktualiseringar_barn_o_ungdom"
    result = scan(dataset, indicator, "2025")
    suppressed = {
        (v.area, v.gender.value)
        for v in dataset.values([indicator], years=["2025"])
        if v.value is None
    }
    assert suppressed, "the demo has suppressed cells for this indicator"
    for gap in result.gaps:
        needed = ("K", "M") if gap.kind == GapKind.GENDER else ("T",)
        assert all((gap.area.code, g) not in suppressed for g in needed)


@pytest.mark.parametrize("year", ["2021", "2024"])
def test_the_rest_of_a_parent_never_reveals_a_suppressed_sibling(
    dataset: Dataset, year: str
) -> None:
    """An area is compared with the rest of its parent only when every sibling is published:
    parent minus own would otherwise give away the suppressed siblings."""
    for indicator in ("andel_aktualiseringar_barn_o_ungdom", "andel_aktualiseringar_kriminalitet"):
        result = scan(dataset, indicator, year)
        published = {
            (v.area, v.division)
            for v in dataset.values([indicator], years=[year], genders=[Gender.TOTAL])
            if v.value is not None
        }
        for gap in (g for g in result.gaps if g.kind == GapKind.AREA):
            area = gap.area
            siblings = [
                a
                for a in dataset.areas(area.level, area.division)
                if a.code != area.code and (a.parent == area.parent)
            ]
            assert all((a.code, a.division) in published for a in siblings), area.code


def test_gender_views_are_refused_with_a_pointer(dataset: Dataset) -> None:
    with pytest.raises(QueryError, match="andel_behoriga_gymnasium"):
        scan(dataset, "andel_behoriga_gymnasium_kvinnor")
