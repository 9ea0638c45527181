"""The chosen areas of a comparison against each other, two by two.

:func:`~kommunanalys.analysis.comparison.compare_areas` compares each area with the kommun.
Two areas chosen side by side (the seed's own view: DeSO 0126C1310 against 0126C1420) are
also compared with each other: for each indicator and pair the difference first − second,
with its 95 % interval and a two-sided test where :mod:`kommunanalys.stats.difference` can
say (shares and rates with their gated counts: both values carry sampling error, so this is
not the fixed-benchmark method). Where it cannot (means, medians, counts, a value without its
counts) the plain difference is given and marked not compared. Only gated values are used.

The outcome is read from the first area's side through the indicator's polarity: "bättre"
means the first area's value is significantly better than the second's.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from kommunanalys.analysis.comparison import AreaComparison
from kommunanalys.model import Area, Indicator, Level, Value, ValueType
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import ABOVE, BELOW, INSIDE, Outcome, outcome_of
from kommunanalys.stats.difference import Difference, proportion_difference, rate_difference

#: Pairs are shown for at most this many areas besides the kommun (six pairs); more would be
#: a table of dozens of columns, and every area is still compared with the kommun.
MAX_PAIRED_AREAS = 4


@dataclass(frozen=True, slots=True)
class PairCell:
    """First − second for one indicator: the plain difference, and the test where there is one."""

    estimate: float | None  # None when either value is missing or suppressed
    difference: Difference | None  # interval and p-value, where the stats module can say
    outcome: Outcome  # the first area against the second; NOT_COMPARED without a test


@dataclass(frozen=True, slots=True)
class PairRow:
    indicator: Indicator
    cells: tuple[PairCell, ...]  # in the order of AreaPairs.pairs


@dataclass(frozen=True, slots=True)
class AreaPairs:
    pairs: tuple[tuple[Area, Area], ...]
    rows: tuple[PairRow, ...]
    #: more areas were chosen than are paired (:data:`MAX_PAIRED_AREAS`): no pairs then
    too_many: bool = False


def area_pairs(ds: Dataset, result: AreaComparison) -> AreaPairs:
    """Every pair of the compared areas other than the kommun (which is each area's benchmark
    already), for every row of ``result``."""
    chosen = [k for k, a in enumerate(result.areas) if a.level is not Level.KOMMUN]
    if len(chosen) < 2:
        return AreaPairs((), ())
    if len(chosen) > MAX_PAIRED_AREAS:
        return AreaPairs((), (), too_many=True)
    index_pairs = list(combinations(chosen, 2))
    rows = []
    for row in result.rows:
        base = ds.catalogue.base(row.indicator)
        cells = tuple(
            pair_cell(row.indicator, base, row.cells[i].value, row.cells[j].value)
            for i, j in index_pairs
        )
        rows.append(PairRow(row.indicator, cells))
    pairs = tuple((result.areas[i], result.areas[j]) for i, j in index_pairs)
    return AreaPairs(pairs, tuple(rows))


def pair_cell(
    indicator: Indicator, base: Indicator, first: Value | None, second: Value | None
) -> PairCell:
    """``first`` − ``second`` of one indicator (``base``: the indicator whose values a gender
    view shows, which says how they were made)."""
    if first is None or second is None or first.value is None or second.value is None:
        return PairCell(None, None, Outcome.NOT_COMPARED)
    estimate = first.value - second.value
    difference = _tested(base, first, second)
    if difference is None:
        return PairCell(estimate, None, Outcome.NOT_COMPARED)
    code = INSIDE
    if difference.significant:
        code = ABOVE if difference.estimate > 0 else BELOW
    return PairCell(difference.estimate, difference, outcome_of(code, indicator.polarity.value))


def _tested(base: Indicator, first: Value, second: Value) -> Difference | None:
    if base.value_type not in (ValueType.PROPORTION, ValueType.RATE):
        return None
    counts = (first.numerator, first.denominator, second.numerator, second.denominator)
    if any(c is None for c in counts) or not first.denominator or not second.denominator:
        return None
    assert first.numerator is not None and second.numerator is not None
    test = rate_difference if base.value_type is ValueType.RATE else proportion_difference
    try:
        return test(
            first.numerator,
            first.denominator,
            second.numerator,
            second.denominator,
            multiplier=base.multiplier,
        )
    except ValueError:  # counts that do not make a share (more events than people)
        return None
