"""The JSON twins of the map (/karta.json) and the ranking (/indikator/{id}.json): one row
shape for both, one row per area.

What every row shares — the indicator, year, level, the level's vintage (division), gender
and the intervals' confidence level — is said once in the document (:func:`level_json`); a
row holds only what is the area's own::

    {"area": "0126C1240", "name": "…", "parent": "0126R018",
     "value": 90.49, "formatted": "90,5 %", "numerator": 371.0, "denominator": 410.0,
     "lower": 87.26, "upper": 92.96, "interval_method": "Wilson", "comparison": "better",
     "comparison_label": "bättre", "status": null, "status_text": null, "method": "computed",
     "synthetic": true}

Every row has every key (``null`` where the area has no value), so the rows read straight
into a table (``pandas.DataFrame(doc["values"])``). The ranking adds ``rank``, the map
``class``, ``colour`` and ``profile``. ``formatted`` is the value as the Swedish pages show
it; ``comparison`` is a code (docs/api.md) and ``comparison_label`` its Swedish word. A
national twin has 6 000 rows: saying the shared fields once makes it a third smaller and about
twice as fast to build as a row repeating them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kommunanalys.catalog.areas import division_for
from kommunanalys.formatting import value_formatter
from kommunanalys.i18n.labels import label, status_msgid
from kommunanalys.model import Area, Value
from kommunanalys.report.json_rows import indicator_json
from kommunanalys.stats.comparison import Outcome
from kommunanalys.stats.intervals import LEVELS
from kommunanalys.web.views.indicator_values import AreaValue, Cells, LevelValues

#: The keys of every row, in order (the map and the ranking add their own after these).
ROW_KEYS = (
    "area",
    "name",
    "parent",
    "value",
    "formatted",
    "numerator",
    "denominator",
    "lower",
    "upper",
    "interval_method",
    "comparison",
    "comparison_label",
    "status",
    "status_text",
    "method",
    "synthetic",
)

#: A row of an area without a value: every key, ``null`` (formatted as the pages show it).
_NO_VALUE: dict[str, Any] = dict.fromkeys(ROW_KEYS)


def level_json(found: LevelValues) -> dict[str, Any]:
    """The fields every row of ``found`` shares, the kommun's own row, and the benchmark's
    row (the kommun, its län or riket, with its ``level``; no interval, no comparison: every
    row's ``comparison`` is against it), ``null`` where the rows are not compared."""
    formatted = value_formatter(found.indicator)
    benchmark = found.benchmark
    return {
        "indicator": indicator_json(found.indicator),
        "year": found.year,
        "level": found.level.value,
        "division": str(division_for(found.level, int(found.year))) if found.year else None,
        "gender": str(found.gender),
        "interval_level": LEVELS[0],
        "kommun": value_row(found.kommun, found.kommun_value, formatted),
        "benchmark": None
        if benchmark is None
        else {
            **value_row(benchmark, found.benchmark_value, formatted),
            "level": benchmark.level.value,
        },
    }


#: The value as the Swedish pages show it (:func:`kommunanalys.formatting.value_formatter`).
Formatter = Callable[[float | None], str]


class OutcomeLabels(dict[Outcome, str]):
    """Each comparison's word in the reader's language, translated at its first row: a
    national twin has 6 000 rows and a handful of distinct comparisons. One per document
    (the language is the request's)."""

    def __missing__(self, outcome: Outcome) -> str:
        found = self[outcome] = label(outcome)
        return found


def area_row(
    r: AreaValue, formatted: Formatter, labels: Mapping[Outcome, str] | None = None
) -> dict[str, Any]:
    """One area's row: its value (gated), interval and comparison with the benchmark
    (its word from ``labels``, an :class:`OutcomeLabels` the document's rows share). Read
    from the row's cells (:meth:`AreaValue.cells`): 6 000 rows build no Value or Interval."""
    row = _row(r.area, r.cells(), formatted, r.bounds() or _NO_BOUNDS)
    if r.comparison is not None:
        outcome = r.comparison.outcome
        row["comparison"] = outcome
        row["comparison_label"] = label(outcome) if labels is None else labels[outcome]
    return row


#: The lower and upper bound and method of a row without an interval.
_NO_BOUNDS = (None, None, None)


def value_row(area: Area, v: Value | None, formatted: Formatter) -> dict[str, Any]:
    """``area``'s row with value ``v`` and no interval or comparison (yet)."""
    cells = (
        None
        if v is None
        else (v.value, v.numerator, v.denominator, v.status, v.method, v.synthetic)
    )
    return _row(area, cells, formatted, _NO_BOUNDS)


def _row(
    area: Area,
    cells: Cells | None,
    formatted: Formatter,
    bounds: tuple[float | None, float | None, str | None],
) -> dict[str, Any]:
    """A row of ``cells`` (:meth:`AreaValue.cells`) and an interval's ``bounds``."""
    if cells is None:
        return {
            **_NO_VALUE,
            "area": area.code,
            "name": area.name,
            "parent": area.parent,
            "formatted": formatted(None),
        }
    value, numerator, denominator, status, method, synthetic = cells
    return {
        "area": area.code,
        "name": area.name,
        "parent": area.parent,
        "value": value,
        "formatted": formatted(value),
        "numerator": numerator,
        "denominator": denominator,
        "lower": bounds[0],
        "upper": bounds[1],
        "interval_method": bounds[2],
        "comparison": None,
        "comparison_label": None,
        "status": status,
        "status_text": status_msgid(status),
        "method": method,
        "synthetic": synthetic,
    }
