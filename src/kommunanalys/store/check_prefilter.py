"""A cheap proof that no staged row fails a row check, before the exact count of each.

:meth:`~kommunanalys.store.staging.Staging.problems` counts every kind of problem in one scan
of the staged rows, each row joined with its indicator and its area and some twenty
conditions evaluated on it: at 10 M rows about as much CPU as reading the file. Almost every
national file has no problem at all, and that can be shown with less work:

* the checks of the text columns a file repeats (period, gender, age group; the area and
  its division) are the same conditions evaluated once per distinct value, not per row;
* the checks of the numbers are implied by a few aggregates per indicator (the least and
  greatest value, numerator and denominator; how many values are not whole, how many
  numerators exceed their denominators, how many rows hold nothing; the longest status),
  the indicator's type looked up once per indicator.

Each check says which of these covers it (``prefilter``); a check that none covers, or any
proof that fails, sends the import to the exact scan, which then counts (and reports) as
before. A proof only has to be sound: where it finds something, the exact scan decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from kommunanalys.store.backend import Backend
from kommunanalys.store.schema import finite

#: The check is covered by the aggregates per indicator (:func:`_values_may_fail`).
VALUES = "values"
#: The check's condition holds for a row exactly when it holds for the row's distinct value
#: of the columns it names (``s.<column>``), with ``a`` its area where it names one.
DISTINCT = "distinct"

_COLUMN = re.compile(r"\bs\.(\w+)")
_AREA = re.compile(r"\ba\.\w+")


class Check(Protocol):
    @property
    def condition(self) -> str: ...

    @property
    def params(self) -> tuple[object, ...]: ...

    @property
    def prefilter(self) -> str: ...


def rows_may_fail(
    backend: Backend,
    relation: str,
    checks: Sequence[Check],
    *,
    max_number: float,
    max_text: int,
    percent: int,
) -> bool:
    """False only where no row of ``relation`` (the staged rows) can fail any of
    ``checks``; True where one may (the exact scan then counts)."""
    if any(c.prefilter not in (VALUES, DISTINCT) for c in checks):
        return True
    groups: dict[tuple[str, ...], list[Check]] = {}
    for check in checks:
        if check.prefilter == DISTINCT:
            named = set(_COLUMN.findall(check.condition))
            if _AREA.search(check.condition):
                named |= {"area", "division"}  # the area is joined by both
            groups.setdefault(tuple(sorted(named)), []).append(check)
    for columns in sorted(groups, key=len):  # a check of fewer columns joins a wider set's
        wider = [w for w in groups if w != columns and set(columns) <= set(w)]
        if wider:
            groups[wider[0]] += groups.pop(columns)
    for columns, grouped in groups.items():
        joined = f"(SELECT DISTINCT {', '.join(columns)} FROM {relation} r) s"
        if any(_AREA.search(c.condition) for c in grouped):
            joined += " LEFT JOIN area a ON a.code = s.area AND a.division = s.division"
        condition = " OR ".join(f"({c.condition})" for c in grouped)
        params = [p for c in grouped for p in c.params]
        found = backend.query(
            f"SELECT count(*) FROM (SELECT 1 FROM {joined} WHERE {condition} LIMIT 1) found",
            params,
        )
        if found[0][0]:
            return True
    return _values_may_fail(backend, relation, max_number, max_text, percent)


def _values_may_fail(
    backend: Backend, relation: str, max_number: float, max_text: int, percent: int
) -> bool:
    """Whether a number check may fail, from aggregates per indicator.

    Sound for each check of :func:`~kommunanalys.store.row_checks.row_checks` marked
    :data:`VALUES`: a NaN is the greatest of the numbers on both engines and an infinity
    the greatest or least, so a number that is not finite makes its indicator's least or
    greatest not finite; a finite number beyond ±10¹⁵, below 0 or above 100 is within the
    least and greatest; the rest is counted as the checks count it."""
    numbers = ("value", "numerator", "denominator")
    extremes = ", ".join(f"min({n}) AS {n}_least, max({n}) AS {n}_most" for n in numbers)
    bounds = [f"{n}_{end}" for n in numbers for end in ("least", "most")]
    fails = " OR ".join(
        (
            *(f"NOT {finite(b)}" for b in bounds),
            *(f"abs({b}) > {max_number:.0e}" for b in bounds),
            "not_whole_fraction > 0",
            "numerator_least < 0",
            "denominator_least < 0",
            "empty > 0",
            f"longest_status > {int(max_text)}",
            "i.id IS NULL",
            "(i.value_type = 'count' AND (value_fraction > 0 OR value_least < 0))",
            f"(i.value_type = 'proportion' AND (value_least < 0 OR value_most > {int(percent)} "
            "OR above > 0))",
        )
    )
    found = backend.query(
        "SELECT count(*) FROM (SELECT 1 FROM (SELECT indicator, "
        f"{extremes}, "
        "count(*) FILTER (WHERE value <> round(value)) AS value_fraction, "
        "count(*) FILTER (WHERE numerator <> round(numerator) "
        "OR denominator <> round(denominator)) AS not_whole_fraction, "
        "count(*) FILTER (WHERE numerator > denominator) AS above, "
        "count(*) FILTER (WHERE value IS NULL AND status IS NULL AND numerator IS NULL) "
        "AS empty, max(length(status)) AS longest_status "
        f"FROM {relation} r GROUP BY indicator) g "
        f"LEFT JOIN indicator i ON i.id = g.indicator WHERE {fails} LIMIT 1) found"
    )
    return bool(found[0][0])
