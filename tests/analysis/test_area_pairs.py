"""Two chosen areas against each other (the seed's view: DeSO 0126C1310 against 0126C1420):
the difference of each indicator with its interval and test where the stats module has one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kommunanalys.analysis.area_pairs import MAX_PAIRED_AREAS, area_pairs, pair_cell
from kommunanalys.analysis.comparison import compare_areas
from kommunanalys.analysis.difference import compare_values
from kommunanalys.model import Division, Gender, Polarity, Value, ValueType
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import Outcome

FIRST, SECOND, YEAR = "0126C1310", "0126C1420", "2023"


def test_two_deso_are_compared_with_each_other(dataset: Dataset) -> None:
    areas = [dataset.area(FIRST, YEAR), dataset.area(SECOND, YEAR)]
    fritid = [i for i in dataset.catalogue.in_domain("Fritid") if not i.is_view]
    result = compare_areas(dataset, areas, fritid, YEAR, Gender.TOTAL)
    pairs = area_pairs(dataset, result)
    assert [(a.code, b.code) for a, b in pairs.pairs] == [(FIRST, SECOND)]
    row = next(r for r in pairs.rows if r.indicator.id == "andel_ledarledd_fritid")
    cell = row.cells[0]
    same = compare_values(dataset, "andel_ledarledd_fritid", FIRST, YEAR, other_area=SECOND)
    assert cell.difference == same.difference  # the stats module's test, not a new one
    assert cell.difference is not None
    assert cell.difference.lower < cell.estimate < cell.difference.upper
    expected = Outcome.SIMILAR
    if cell.difference.significant:
        expected = Outcome.BETTER if cell.difference.estimate > 0 else Outcome.WORSE
    assert cell.outcome is expected  # high_good: a higher share is better
    counts = next(r for r in pairs.rows if r.indicator.value_type is ValueType.COUNT)
    assert counts.cells[0].difference is None
    assert counts.cells[0].outcome is Outcome.NOT_COMPARED
    assert counts.cells[0].estimate is not None  # the plain difference is still given


def test_the_kommun_is_not_paired_and_too_many_areas_are_said(dataset: Dataset) -> None:
    kommun = dataset.kommun
    deso = dataset.areas(dataset.area(FIRST, YEAR).level, dataset.area(FIRST, YEAR).division)
    inds = [dataset.indicator("andel_ledarledd_fritid")]
    with_kommun = compare_areas(dataset, [kommun, *deso[:3]], inds, YEAR, Gender.TOTAL)
    pairs = area_pairs(dataset, with_kommun)
    assert len(pairs.pairs) == 3 and all(kommun not in p for p in pairs.pairs)
    many = compare_areas(dataset, deso[: MAX_PAIRED_AREAS + 1], inds, YEAR, Gender.TOTAL)
    assert area_pairs(dataset, many).too_many and not area_pairs(dataset, many).pairs
    one = compare_areas(dataset, [kommun, deso[0]], inds, YEAR, Gender.TOTAL)
    assert area_pairs(dataset, one).pairs == ()


def _value(x: float | None, numerator: float | None, denominator: float | None) -> Value:
    return Value("x", "a", Division.DESO2018, YEAR, Gender.TOTAL, x, numerator, denominator)


@pytest.mark.parametrize(
    ("polarity", "higher"),
    [
        (Polarity.HIGH_GOOD, Outcome.BETTER),
        (Polarity.LOW_GOOD, Outcome.WORSE),
        (Polarity.NEUTRAL, Outcome.HIGHER),
    ],
)
def test_the_outcome_reads_polarity_from_the_first_areas_side(
    dataset: Dataset, polarity: Polarity, higher: Outcome
) -> None:
    share = replace(dataset.indicator("andel_ledarledd_fritid"), polarity=polarity)
    cell = pair_cell(share, share, _value(60.0, 600, 1000), _value(40.0, 400, 1000))
    assert cell.difference is not None and cell.difference.significant
    assert cell.estimate == pytest.approx(20.0) and cell.outcome is higher
    close = pair_cell(share, share, _value(41.0, 41, 100), _value(40.0, 40, 100))
    assert close.outcome is Outcome.SIMILAR
    missing = pair_cell(share, share, _value(None, None, None), _value(40.0, 400, 1000))
    assert missing.estimate is None and missing.outcome is Outcome.NOT_COMPARED
    no_counts = pair_cell(share, share, _value(60.0, None, None), _value(40.0, 400, 1000))
    assert no_counts.estimate == pytest.approx(20.0) and no_counts.difference is None
