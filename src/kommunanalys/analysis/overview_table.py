"""The overview table (Fingertips' "tartan rug"): every area of a level × every indicator of a
domain for one year, each cell the area's value and its comparison with the benchmark.

A cell's comparison is the one the area's own profile card shows against the same benchmark
(:func:`kommunanalys.analysis.assessment.assess_profile`): the same intervals
(:func:`~kommunanalys.stats.intervals.value_bounds`), the benchmark outside the 95 % and
99,8 % intervals (:func:`~kommunanalys.stats.comparison.compare_codes`), and where a value has
no interval its quintile among the level's areas (:func:`~kommunanalys.stats.comparison.
quintiles`); counts are not compared. Here it is computed a column at a time, vectorised, so
that a national DeSO table (5 984 rows) is one pass per indicator, and kept for the dataset.

Values come from :class:`~kommunanalys.query.Dataset`: they have passed the disclosure gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import NDArray

from kommunanalys.analysis.assessment import _WITH_INTERVAL, COUNT_NOT_COMPARED
from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.key_figures import SAME_MEASURE
from kommunanalys.model import ALL_AGES, Area, Division, Gender, Indicator, Level, Value, ValueType
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import (
    QUINTILE_METHOD,
    Comparison,
    Outcome,
    compare_codes,
    outcome_of,
    quintile_outcome,
    quintiles,
)
from kommunanalys.stats.intervals import LEVELS, value_bounds, value_method
from kommunanalys.store.value_slice import ValueSlice

#: The levels an overview table is drawn for.
OVERVIEW_LEVELS = (Level.KOMMUN, Level.REGSO, Level.DESO)
#: Who the quintile's areas are (the label of a quintile comparison, as on the cards).
QUINTILE_LABEL = "jämförbara områden"


@dataclass(frozen=True, slots=True)
class OverviewCell:
    value: Value | None
    comparison: Comparison | None


class OverviewRows(Sequence[tuple[OverviewCell, ...]]):
    """The table's rows, one per area, a cell per indicator: kept as one column of values
    and one of comparisons per indicator, and a row's cells made when the row is read. A
    request shows a page of 100 rows; a national DeSO table has 5 984 (making every cell at
    once was a fifth of its first request)."""

    __slots__ = ("_comparisons", "_count", "_values")

    def __init__(
        self,
        count: int,
        values: Sequence[Sequence[Value | None]],
        comparisons: Sequence[Sequence[Comparison | None]],
    ) -> None:
        self._count = count
        self._values = values
        self._comparisons = comparisons

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, k: int) -> tuple[OverviewCell, ...]: ...

    @overload
    def __getitem__(self, k: slice) -> list[tuple[OverviewCell, ...]]: ...

    def __getitem__(
        self, k: int | slice
    ) -> tuple[OverviewCell, ...] | list[tuple[OverviewCell, ...]]:
        if isinstance(k, slice):
            return [self[j] for j in range(self._count)[k]]
        row = range(self._count)[k]  # IndexError past the end, as a tuple's
        return tuple(
            OverviewCell(values[row], comparisons[row])
            for values, comparisons in zip(self._values, self._comparisons, strict=True)
        )

    def column(self, index: int) -> Sequence[Value | None]:
        """The values of the ``index``-th indicator, one per area (None: no value)."""
        return self._values[index]

    def numbers(self, index: int) -> list[float | None]:
        """The ``index``-th indicator's value of each area (None: no value, or hidden)."""
        column = self._values[index]
        if isinstance(column, SliceColumn):
            return column.numbers()
        return [None if v is None else v.value for v in column]


class SliceColumn(Sequence["Value | None"]):
    """One indicator's gated values as a column of the table, one per area: its slice
    (:class:`~kommunanalys.store.value_slice.ValueSlice`) and each area's row in it. A
    :class:`Value` is made only for a cell that is read (a page of 100 rows, not 5 984)."""

    __slots__ = ("rows", "slice")

    def __init__(self, found: ValueSlice, rows: list[int | None]) -> None:
        self.slice = found
        self.rows = rows  # each area's row in the slice, None without a value

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, k: int) -> Value | None: ...
    @overload
    def __getitem__(self, k: slice) -> list[Value | None]: ...
    def __getitem__(self, k: int | slice) -> Value | list[Value | None] | None:
        if isinstance(k, slice):
            return [self[j] for j in range(len(self.rows))[k]]
        row = self.rows[k]
        return None if row is None else self.slice.row(row)

    def numbers(self) -> list[float | None]:
        value = self.slice.value
        return [None if k is None else value[k] for k in self.rows]

    def synthetic(self) -> bool:
        flags = self.slice.synthetic
        return any(flags[k] for k in self.rows if k is not None)

    def arrays(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        return slice_arrays(self.slice, self.rows)


def slice_arrays(
    found: ValueSlice, rows: Sequence[int | None]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Value, numerator and denominator of each area's row (``rows``: its row in ``found``)
    as arrays: NaN where the area has no row, or its value is missing or hidden (its counts
    with it), as :func:`column_comparisons` reads a column of values."""
    value, numerator, denominator = found.value, found.numerator, found.denominator
    shown = [None if k is None or value[k] is None else k for k in rows]
    return (
        np.array([None if k is None else value[k] for k in shown], np.float64),
        np.array([None if k is None else numerator[k] for k in shown], np.float64),
        np.array([None if k is None else denominator[k] for k in shown], np.float64),
    )


@dataclass(frozen=True)
class OverviewTable:
    level: Level
    division: Division
    domain: str
    year: str
    #: what every cell is compared with (None: nothing to compare with, e.g. the kommun
    #: level without riket loaded)
    benchmark: Area | None
    indicators: tuple[Indicator, ...]
    benchmark_values: tuple[Value | None, ...]  # the benchmark's value of each indicator
    areas: tuple[Area, ...]
    rows: OverviewRows  # one per area, a cell per indicator
    synthetic: bool  # some value is synthetic demo data


def default_benchmark(ds: Dataset, level: Level) -> Area | None:
    """The kommun for its RegSO and DeSO (as on their profiles); riket for the kommuner,
    where loaded."""
    if level is Level.KOMMUN:
        return next(iter(ds.areas(Level.RIKET, Division.KOMMUN)), None)
    try:
        return ds.kommun
    except StopIteration:
        return None


def overview_year(ds: Dataset, level: Level, domain: str) -> str:
    """The latest year in which some area of ``level`` has a value of the domain."""

    def compute() -> str:
        ids = _indicator_ids(ds, domain)
        for year in reversed(ds.years):
            division = division_for(level, int(year))
            found = ds.values(ids, years=[year], genders=[Gender.TOTAL], division=division)
            codes = {a.code for a in ds.areas(level, division)}
            if any(v.value is not None and v.area in codes for v in found):
                return year
        return ds.years[-1] if ds.years else ""

    return ds.memo(("overview-year", level, domain), compute)


def overview_table(
    ds: Dataset, level: Level, domain: str, year: str, benchmark: Area | None
) -> OverviewTable:
    """The table of ``level`` × ``domain`` in ``year`` against ``benchmark``, once per
    dataset (a national DeSO table is computed once, then only sorted and paged)."""
    key = ("overview-table", level, domain, year, benchmark.code if benchmark else None)
    return ds.memo(key, lambda: _table(ds, level, domain, year, benchmark))


def _indicator_ids(ds: Dataset, domain: str) -> list[str]:
    shown = [i for i in ds.catalogue.in_domain(domain) if not i.is_view]
    ids = {i.id for i in shown}
    # a measure the catalogue keeps under two names is shown once (as on the profile)
    return [i.id for i in shown if SAME_MEASURE.get(i.id) not in ids]


def _table(
    ds: Dataset, level: Level, domain: str, year: str, benchmark: Area | None
) -> OverviewTable:
    division = division_for(level, int(year))
    areas = tuple(ds.areas(level, division))
    codes = {a.code: k for k, a in enumerate(areas)}
    ids = _indicator_ids(ds, domain)
    found: dict[str, SliceColumn] = {}
    # each indicator's column read as a slice (one query for all): no Value per area
    for i, column in ds.published_slices(ids, year, Gender.TOTAL, division).items():
        at: list[int | None] = [None] * len(areas)
        for k, (code, age) in enumerate(zip(column.area, column.age_group, strict=True)):
            row = codes.get(code)
            if row is not None and age == ALL_AGES:
                at[row] = k
        found[i] = SliceColumn(column, at)
    filled = {i for i in ids if any(k is not None for k in found[i].rows)}
    reference: dict[str, Value] = {}
    if benchmark is not None:
        for v in ds.values(ids, areas=[benchmark.code], years=[year], genders=[Gender.TOTAL]):
            if v.division is benchmark.division and v.age_group == ALL_AGES:
                reference[v.indicator] = v
    indicators = [ds.indicator(i) for i in ids if i in filled]  # a column of nothing is noise
    own_row = codes.get(benchmark.code) if benchmark is not None else None
    label = benchmark.name if benchmark is not None else ""
    columns = [
        column_comparisons(
            ind, found[ind.id].arrays(), reference.get(ind.id), label, level, own_row
        )
        for ind in indicators
    ]
    rows = OverviewRows(len(areas), [found[ind.id] for ind in indicators], columns)
    return OverviewTable(
        level=level,
        division=division,
        domain=domain,
        year=year,
        benchmark=benchmark,
        indicators=tuple(indicators),
        benchmark_values=tuple(reference.get(i.id) for i in indicators),
        areas=areas,
        rows=rows,
        synthetic=any(found[i].synthetic() for i in filled),
    )


def column_comparisons(
    ind: Indicator,
    arrays: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]],
    reference: Value | None,
    label: str,
    level: Level,
    own_row: int | None,
) -> list[Comparison | None]:
    """Every area's comparison for one indicator, as its profile card makes it: the same
    bounds (:func:`~kommunanalys.stats.intervals.value_bounds`, the function behind the
    cards' :func:`~kommunanalys.analysis.assessment.intervals_of`), for the column at once.
    The map and the ranking (``web/views/indicator_values.py``) compare by it too.
    ``arrays``: the column's value, numerator and denominator (:func:`slice_arrays`: NaN where
    a value is missing or hidden, and its counts with it), so no Value is made for it."""
    value, numerator, denominator = arrays
    if ind.is_category:
        return [None] * len(value)  # a class code is no quantity to compare
    present = ~np.isnan(value)
    if ind.value_type is ValueType.COUNT:
        not_compared = Comparison(
            Outcome.NOT_COMPARED, Outcome.NOT_COMPARED, LEVELS[0], COUNT_NOT_COMPARED, None, ""
        )
        return [not_compared if p else None for p in present.tolist()]
    kind, multiplier = ind.value_type.value, float(ind.multiplier)
    lower, upper = value_bounds(kind, value, numerator, denominator, multiplier, LEVELS[0])
    strict_lower, strict_upper = value_bounds(
        kind, value, numerator, denominator, multiplier, LEVELS[1]
    )
    bounded = present & ~(
        np.isnan(lower) | np.isnan(upper) | np.isnan(strict_lower) | np.isnan(strict_upper)
    )
    out: list[Comparison | None] = [None] * len(value)
    if reference is not None and reference.value is not None and bounded.any():
        rows = np.flatnonzero(bounded)
        codes = compare_codes(lower[rows], upper[rows], reference.value).tolist()
        strict = compare_codes(strict_lower[rows], strict_upper[rows], reference.value).tolist()
        counts = numerator[rows].tolist() if kind == "rate" else [None] * len(rows)
        polarity = ind.polarity.value
        made: dict[tuple[int, int, str], Comparison] = {}
        for k, code, wide, count in zip(rows.tolist(), codes, strict, counts, strict=True):
            method = value_method(kind, count)
            found = made.get((code, wide, method))
            if found is None:  # rows with the same outcomes share one (immutable) comparison
                found = made[(code, wide, method)] = Comparison(
                    outcome_of(code, polarity),
                    outcome_of(wide, polarity),
                    LEVELS[0],
                    method,
                    reference.value,
                    label,
                )
            out[k] = found
    if own_row is not None:
        out[own_row] = None  # the benchmark is not compared with itself
    without = np.flatnonzero(present & ~bounded).tolist()
    quintile_kind = ind.value_type.value not in _WITH_INTERVAL or not ind.numerator
    # an area's fifth is among the others and itself, from five values on (quintiles gives
    # none below MIN_QUINTILE_VALUES): the card's rule, Fingertips'
    if without and quintile_kind and level is not Level.KOMMUN:
        classes = quintiles(value).tolist()
        polarity = ind.polarity.value
        by_class: dict[int, Comparison] = {}  # rows of one fifth share one (immutable) comparison
        for k in without:
            fifth = int(classes[k])
            if fifth == 0:
                continue  # fewer than five values: no fifth, as on the card
            found = by_class.get(fifth)
            if found is None:
                outcome = quintile_outcome(fifth, polarity)
                found = by_class[fifth] = Comparison(
                    outcome, outcome, LEVELS[0], QUINTILE_METHOD, None, QUINTILE_LABEL
                )
            out[k] = found
    return out
