"""One indicator's gated values for every area of a level, with intervals and the comparison
with a benchmark: what the map (/karta) and the ranking (/indikator/{id}) show.

The benchmark is the kommun, its län or riket (``jamfor=``, :func:`benchmark_area`), as
Fingertips compares with the region or England. By default a RegSO or DeSO is compared with
the kommun, and a kommun with riket where riket is loaded (else not at all: the kommun is not
compared with itself).

Values come from :meth:`Dataset.ranking` and :meth:`Dataset.values`, so every one has passed
the disclosure gate; intervals are computed from the gated numerator and denominator only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kommunanalys.analysis.overview_table import column_comparisons, slice_arrays
from kommunanalys.catalog.regions import lan_of, regional_code
from kommunanalys.errors import ErrorCode
from kommunanalys.model import (
    ALL_AGES,
    Area,
    Division,
    Gender,
    Indicator,
    Level,
    Value,
)
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import INTERVAL_OUTCOMES, Comparison, Outcome
from kommunanalys.stats.intervals import LEVELS, Interval, value_bounds, value_method
from kommunanalys.store.value_slice import ValueSlice
from kommunanalys.web.views.compare_params import BadParameter


def outcome_tone(outcome: Outcome) -> str | None:
    """The tone of a mark: the outcome's code for an interval's outcome (the charts' palettes
    name their tones so), none for a quintile or no comparison."""
    return outcome.value if outcome in INTERVAL_OUTCOMES else None


#: A value's value, numerator, denominator, status, method and synthetic flag.
Cells = tuple[float | None, float | None, float | None, str | None, str, bool]


class AreaValue:
    """One area's row of a level: its value (gated), interval and comparison.

    A national level has 6 000 rows, and a first request used to build a
    :class:`~kommunanalys.model.Value` and an :class:`Interval` for each before the view
    did anything (issue 22). A row now reads its gated slice's columns
    (:class:`~kommunanalys.store.value_slice.ValueSlice`): the number, status and counts are
    looked up, a ``Value`` and an ``Interval`` made only where one is asked for."""

    __slots__ = ("_kind", "_lower", "_row", "_slice", "_upper", "area", "comparison")

    def __init__(
        self,
        area: Area,
        found: ValueSlice,
        row: int | None,
        lower: float,
        upper: float,
        kind: str,
        comparison: Comparison | None,
    ) -> None:
        self.area = area
        self.comparison = comparison
        self._slice = found
        self._row = row  # the area's row in the slice, None without a value
        self._lower = lower  # NaN: no interval
        self._upper = upper
        self._kind = kind  # the indicator's interval kind (the interval's method)

    @property
    def value(self) -> Value | None:
        return None if self._row is None else self._slice.row(self._row)

    @property
    def number(self) -> float | None:
        return None if self._row is None else self._slice.value[self._row]

    def cells(self) -> Cells | None:
        """The value's value, numerator, denominator, status, method and synthetic flag (what
        a row of the JSON twins shows of it) without a Value; None without a value."""
        k, found = self._row, self._slice
        if k is None:
            return None
        return (
            found.value[k],
            found.numerator[k],
            found.denominator[k],
            found.status[k],
            found.method[k],
            found.synthetic[k],
        )

    @property
    def suppressed(self) -> bool:
        return self._row is not None and self._slice.status[self._row] == SUPPRESSED

    @property
    def interval(self) -> Interval | None:
        bounds = self.bounds()
        return None if bounds is None else Interval(bounds[0], bounds[1], LEVELS[0], bounds[2])

    @property
    def lower(self) -> float | None:
        """The interval's lower bound (None without an interval)."""
        bounds = self.bounds()
        return None if bounds is None else bounds[0]

    @property
    def upper(self) -> float | None:
        bounds = self.bounds()
        return None if bounds is None else bounds[1]

    def bounds(self) -> tuple[float, float, str] | None:
        """The interval's lower and upper bound and its method (:func:`value_method`), None
        without an interval: what :attr:`interval` holds, without making one."""
        lo, hi, row = self._lower, self._upper, self._row
        if row is None or lo != lo or hi != hi:  # NaN: no interval
            return None
        kind = self._kind
        if kind == "rate":  # the method depends on the count only for rates and counts
            return lo, hi, value_method(kind, self._slice.numerator[row])
        if kind == "count":
            return lo, hi, value_method(kind, self._slice.value[row])
        return lo, hi, value_method(kind)

    @property
    def tone(self) -> str | None:
        return outcome_tone(self.comparison.outcome) if self.comparison else None

    def _fields(self) -> tuple[Any, ...]:
        return self.area, self.value, self.interval, self.comparison

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AreaValue):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "AreaValue(area={!r}, value={!r}, interval={!r}, comparison={!r})".format(
            *self._fields()
        )


def row_columns(rows: list[AreaValue]) -> RowColumns:
    """The rows' value, numerator, denominator, status and synthetic flag, and their
    interval's lower and upper bound, column by column (None where a row has none): what a
    table of 6 000 rows shows, read by index from the rows' slice (the rows of one level
    share it) without a call per row and cell."""
    at = [r._row for r in rows]
    slices = {id(r._slice): r._slice for r in rows}
    if len(slices) == 1:
        (found,) = slices.values()

        def column(values: Sequence[Any]) -> list[Any]:
            return [None if k is None else values[k] for k in at]

        synthetic = found.synthetic
        columns = (
            column(found.value),
            column(found.numerator),
            column(found.denominator),
            column(found.status),
            [False if k is None else synthetic[k] for k in at],
        )
    else:  # rows of several slices (never a level's own): each row's own
        cells = [r.cells() or _NO_CELLS for r in rows]
        columns = tuple([c[j] for c in cells] for j in (0, 1, 2, 3, 5))  # type: ignore[assignment]
    lower = [
        None if k is None or r._lower != r._lower or r._upper != r._upper else r._lower
        for r, k in zip(rows, at, strict=True)
    ]
    upper = [None if lo is None else r._upper for r, lo in zip(rows, lower, strict=True)]
    return RowColumns(*columns, lower, upper)


#: The cells of an area without a value (:meth:`AreaValue.cells`).
_NO_CELLS: Cells = (None, None, None, None, "", False)


@dataclass(frozen=True, slots=True)
class RowColumns:
    """Rows of a level column by column (:func:`row_columns`)."""

    value: list[float | None]
    numerator: list[float | None]
    denominator: list[float | None]
    status: list[str | None]
    synthetic: list[bool]
    lower: list[float | None]
    upper: list[float | None]


@dataclass(frozen=True, slots=True)
class LevelValues:
    indicator: Indicator
    year: str
    level: Level
    gender: Gender
    rows: list[AreaValue]
    kommun: Area
    kommun_value: Value | None
    #: what every row is compared with (the kommun, its län or riket); None: not compared
    benchmark: Area | None = None
    benchmark_value: Value | None = None

    def ranked(self) -> list[AreaValue]:
        """Highest value first, then suppressed, then missing (each group by name)."""
        shown = sorted(
            (r for r in self.rows if r.number is not None), key=lambda r: -(r.number or 0.0)
        )
        rest = sorted(
            (r for r in self.rows if r.number is None),
            key=lambda r: (not r.suppressed, r.area.name),
        )
        return shown + rest


def level_values(
    ds: Dataset,
    indicator: Indicator,
    year: str | None,
    level: Level,
    gender: Gender,
    benchmark: str | None = None,
) -> LevelValues:
    """Every area of ``level`` with its value for ``year`` (latest with data when None) and
    ``gender`` (a gender view keeps its own gender), compared with ``benchmark`` (a code
    :func:`benchmark_area` accepts; its default when None, and none where the default has no
    value of the indicator that year: the kommun's line then stays, nothing compared).

    The most recent results are kept (the data behind a Dataset never changes; a new import
    makes a new Dataset): the map, its JSON twin, its SVG and PNG and the ranking of the same
    indicator and year are usually asked for together. A national DeSO level takes about
    4 MB, so 16 are kept (at most ~65 MB)."""
    area = benchmark_area(ds, level, benchmark)
    found = _cached(ds, indicator, year, level, gender, area)
    if benchmark is None and area is not None and found.benchmark_value is None:
        # the default riket has no value of this indicator: the kommun's line, as before
        return _cached(ds, indicator, year, level, gender, None)
    return found


def benchmark_choices(ds: Dataset) -> list[Area]:
    """What a ranking or map may be compared with: the kommun, its län and riket, those
    loaded (the profile offers the same above the kommun)."""
    kommun = ds.kommun
    return [
        kommun,
        *[
            a
            for lvl in (Level.LAN, Level.RIKET)
            for a in ds.areas(lvl, Division.KOMMUN)
            if lvl is Level.RIKET or a.code == lan_of(kommun.code)
        ],
    ]


def benchmark_area(ds: Dataset, level: Level, code: str | None) -> Area | None:
    """The benchmark ``code`` asks for: the kommun, riket or a loaded län in any source's
    spelling (``00``, ``0000``, ``01``, ``0001``). None (no code): riket for a level of
    kommuner where riket is loaded, else the kommun (a kommun level without riket is not
    compared). Any other code is a :class:`BadParameter` (400) naming the choices."""
    if code is None or not code.strip():
        if level is Level.KOMMUN:
            return next(iter(ds.areas(Level.RIKET, Division.KOMMUN)), None)
        return ds.kommun
    if code.strip() == ds.kommun.code:
        return ds.kommun
    wanted = regional_code(code)
    for lvl in (Level.RIKET, Level.LAN):
        for a in ds.areas(lvl, Division.KOMMUN):
            if a.code == wanted:
                return a
    choices = ", ".join(f"{a.code} ({a.name})" for a in benchmark_choices(ds))
    raise BadParameter(ErrorCode.UNKNOWN_BENCHMARK, v=code, choices=choices)


def benchmark_param(ds: Dataset, found: LevelValues) -> dict[str, str]:
    """``{"jamfor": code}`` where ``found`` is compared with other than its level's default
    (a permalink keeps the choice and stays short without one), else ``{}``."""
    chosen = found.benchmark
    if chosen is None or chosen == benchmark_area(ds, found.level, None):
        return {}
    return {"jamfor": chosen.code}


@lru_cache(maxsize=16)
def _cached(
    ds: Dataset,
    indicator: Indicator,
    year: str | None,
    level: Level,
    gender: Gender,
    benchmark: Area | None,
) -> LevelValues:
    wanted = indicator.view_gender or gender
    found = ds.level_slice(indicator.id, year, level, wanted)
    year, areas, published, at = found.year, found.areas, found.values, found.rows
    kommun = ds.kommun
    kommun_value = _area_value(ds, indicator, year, kommun, wanted) if year else None
    if benchmark is None or benchmark == kommun:
        benchmark_value = kommun_value
    else:
        benchmark_value = _area_value(ds, indicator, year, benchmark, wanted) if year else None
    arrays = slice_arrays(published, at)
    lower, upper = _bounds(indicator, arrays, LEVELS[0])
    # As the areas' own profile cards compare (the overview table's columns too): by interval
    # with the benchmark, by quintile among the level's areas where a value has none (with or
    # without a benchmark), counts not at all.
    own = (
        next((k for k, a in enumerate(areas) if a.code == benchmark.code), None)
        if benchmark is not None
        else None
    )
    comparisons = column_comparisons(
        indicator,
        arrays,
        benchmark_value if benchmark is not None else None,
        benchmark.name if benchmark is not None else "",
        level,
        own,
    )
    kind = indicator.interval_kind
    rows = [
        AreaValue(area, published, k, lo, hi, kind, comparison)
        for area, k, lo, hi, comparison in zip(
            areas, at, lower.tolist(), upper.tolist(), comparisons, strict=True
        )
    ]
    return LevelValues(
        indicator, year, level, wanted, rows, kommun, kommun_value, benchmark, benchmark_value
    )


Arrays = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def _bounds(
    indicator: Indicator, arrays: Arrays, level: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Every row's bounds in one vectorised call (all rows share one indicator); NaN where
    the row has no value (a hidden or missing value has no interval)."""
    value, numerator, denominator = arrays
    lower, upper = value_bounds(
        indicator.interval_kind,
        value,
        numerator,
        denominator,
        float(indicator.multiplier),
        level,
    )
    shown = ~np.isnan(value)
    return np.where(shown, lower, np.nan), np.where(shown, upper, np.nan)


def _area_value(
    ds: Dataset, indicator: Indicator, year: str, area: Area, gender: Gender
) -> Value | None:
    """The kommun's or the benchmark's own value (gated)."""
    found = ds.values([indicator.id], areas=[area.code], years=[year], genders=[gender])
    return next((v for v in found if v.division is area.division and v.age_group == ALL_AGES), None)
