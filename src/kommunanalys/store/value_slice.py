"""One indicator's current values for one period, gender and division — every area of a level
in one vintage — read as columns: what a national ranking or map shows (5 984 DeSO).

:meth:`Store.values` builds a :class:`~kommunanalys.model.Value` per row, 13 fields each: at
national scale that was about 10 ms of every first request, before the view had done anything
(issue 22). A slice reads only the columns that differ between its rows (the indicator,
period, gender and division are the slice's own) and keeps them as lists; a row becomes a
``Value`` only where one is asked for (:meth:`ValueSlice.row`). The disclosure gate passes a
slice column by column (:meth:`kommunanalys.privacy.DisclosureGate.publish_slice`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from kommunanalys.model import Division, Gender, Value

#: The columns that differ between a slice's rows, in the order they are read.
SLICE_COLUMNS = (
    "area",
    "age_group",
    "value",
    "numerator",
    "denominator",
    "status",
    "method",
    "synthetic",
    "import_id",
)


@dataclass(frozen=True, slots=True)
class ValueSlice:
    """Rows of one indicator, period, gender and division, column by column (the k-th entry
    of every list is row k). In the engine's order: a reader matches rows to areas by code."""

    indicator: str
    division: Division
    period: str
    gender: Gender
    area: Sequence[str]
    age_group: Sequence[str]
    value: Sequence[float | None]
    numerator: Sequence[float | None]
    denominator: Sequence[float | None]
    status: Sequence[str | None]
    method: Sequence[str]
    synthetic: Sequence[bool]
    import_id: Sequence[int | None]

    def __len__(self) -> int:
        return len(self.area)

    def row(self, k: int) -> Value:
        """Row ``k`` as a :class:`Value` (what :meth:`Store.values` returns for it)."""
        return Value(
            self.indicator,
            self.area[k],
            self.division,
            self.period,
            self.gender,
            self.value[k],
            self.numerator[k],
            self.denominator[k],
            self.status[k],
            self.method[k],
            self.synthetic[k],
            self.import_id[k],
            self.age_group[k],
        )

    def values(self) -> list[Value]:
        return [self.row(k) for k in range(len(self))]

    def relabelled(self, indicator: str) -> ValueSlice:
        """The same rows under another indicator's id (a gender view of its base)."""
        return replace(self, indicator=indicator)

    @classmethod
    def of_values(
        cls,
        indicator: str,
        division: Division,
        period: str,
        gender: Gender,
        values: Sequence[Value],
    ) -> ValueSlice:
        """A slice of ``values`` (rows of this indicator, period, gender and division)."""
        return cls(
            indicator,
            division,
            period,
            gender,
            [v.area for v in values],
            [v.age_group for v in values],
            [v.value for v in values],
            [v.numerator for v in values],
            [v.denominator for v in values],
            [v.status for v in values],
            [v.method for v in values],
            [v.synthetic for v in values],
            [v.import_id for v in values],
        )


def slice_from_rows(
    indicator: str,
    division: Division,
    period: str,
    gender: Gender,
    rows: Sequence[Sequence[Any]],
) -> ValueSlice:
    """A slice of rows read in the order of :data:`SLICE_COLUMNS`."""
    columns: list[Sequence[Any]] = (
        [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in SLICE_COLUMNS]
    )
    area, age, value, numerator, denominator, status, method, synthetic, import_id = columns
    return ValueSlice(
        indicator,
        division,
        period,
        gender,
        area,
        age,
        value,
        numerator,
        denominator,
        status,
        method,
        [bool(s) for s in synthetic],
        import_id,
    )
