"""The overview table's page (``/oversiktstabell``), its JSON twin and its downloads.

The URL is the whole state: ``niva`` (kommun, regso, deso), ``doman``, ``ar``, ``jamfor`` (the
benchmark: the kommun by default, riket or the län where loaded), ``sortera`` (``namn`` or an
indicator id), ``ordning`` (``stigande``/``fallande``) and ``sida``. The table is computed once
per dataset (:func:`~kommunanalys.analysis.overview_table.overview_table`); a request sorts it
and shows one page of :data:`PAGE_ROWS` areas (the twin the same page; the CSV and Excel
downloads every area, one row each).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from kommunanalys.analysis.overview_table import (
    OVERVIEW_LEVELS,
    OverviewCell,
    OverviewTable,
    default_benchmark,
    overview_table,
    overview_year,
)
from kommunanalys.catalog.regions import regional_code
from kommunanalys.errors import ErrorCode
from kommunanalys.formatting import format_value
from kommunanalys.i18n import current_language, gettext, indicator_name
from kommunanalys.i18n.labels import label, status_label
from kommunanalys.model import DOMAINS, Area, Indicator, Level
from kommunanalys.query import LEVEL_NAMES, Dataset
from kommunanalys.report.json_rows import area_json, value_json
from kommunanalys.stats.comparison import INTERVAL_OUTCOMES, QUINTILE_OUTCOMES, Outcome
from kommunanalys.web.views import exports
from kommunanalys.web.views.compare_params import BadParameter
from kommunanalys.web.views.presenters import comparison_json
from kommunanalys.web.views.profile_cards import OUTCOME_MARK, outcome_class

#: Areas on one page of the table (a national DeSO table has 5 984: 60 pages).
PAGE_ROWS = 100
SORT_BY_NAME = "namn"
MISSING = "Uppgift saknas för året."
ORDERS = ("stigande", "fallande")
LEVEL_KEYS = {level.value: level for level in OVERVIEW_LEVELS}


@dataclass(frozen=True)
class OverviewParams:
    level: Level
    domain: str
    year: str
    benchmark: Area | None
    sort: str
    descending: bool
    page: int

    def query(self, **changes: object) -> str:
        """The page's query string, with ``changes`` (URL keys) applied."""
        items: dict[str, object] = {
            "niva": self.level.value,
            "doman": self.domain,
            "ar": self.year,
            "jamfor": self.benchmark.code if self.benchmark else None,
            "sortera": self.sort,
            "ordning": ORDERS[self.descending],
            "sida": self.page,
        }
        items.update(changes)
        return urlencode([(k, str(v)) for k, v in items.items() if v is not None])


def parse_params(
    ds: Dataset,
    level: str | None,
    domain: str | None,
    year: str | None,
    benchmark: str | None,
    sort: str | None,
    order: str | None,
    page: str | None,
) -> OverviewParams:
    """The URL's state, checked: a 400 (:class:`BadParameter`) names the bad parameter, an
    unknown area a 404."""

    def bad(name: str, given: str | None, choices: str) -> BadParameter:
        return BadParameter(ErrorCode.BAD_OVERVIEW_PARAMETER, name=name, v=given, choices=choices)

    chosen = LEVEL_KEYS.get((level or "deso").lower())
    if chosen is None:
        raise bad("niva", level, ", ".join(LEVEL_KEYS))
    name = next((d for d in DOMAINS if d.lower() == (domain or DOMAINS[0]).lower()), None)
    if name is None:
        raise BadParameter(ErrorCode.UNKNOWN_DOMAIN, v=domain, domains=", ".join(DOMAINS))
    year = ds.check_year(year) or overview_year(ds, chosen, name)
    bench = default_benchmark(ds, chosen)
    if benchmark:
        code = regional_code(benchmark)
        if code is not None:
            bench = ds.area(code, year)  # riket or a län that is not loaded: a 404
        elif bench is None or benchmark != bench.code:
            raise bad("jamfor", benchmark, "0000, 01–25")
    direction = (order or ORDERS[0]).lower()
    if direction not in ORDERS:
        raise bad("ordning", order, ", ".join(ORDERS))
    number = page or "1"
    if not number.isdigit() or int(number) < 1:
        raise bad("sida", page, "1, 2, …")
    return OverviewParams(
        chosen, name, year, bench, sort or SORT_BY_NAME, direction == ORDERS[1], int(number)
    )


def sorted_rows(table: OverviewTable, params: OverviewParams) -> list[int]:
    """The table's row numbers in the chosen order: by name (then code), or by an
    indicator's value with the areas without one last, whatever the direction."""
    if params.sort == SORT_BY_NAME:
        order = sorted(
            range(len(table.areas)), key=lambda k: (table.areas[k].name, table.areas[k].code)
        )
        return order[::-1] if params.descending else order
    column = next((k for k, i in enumerate(table.indicators) if i.id == params.sort), None)
    if column is None:
        raise BadParameter(
            ErrorCode.BAD_OVERVIEW_PARAMETER,
            name="sortera",
            v=params.sort,
            choices=", ".join([SORT_BY_NAME, *(i.id for i in table.indicators)]),
        )
    with_value: list[tuple[float, int]] = []
    without: list[int] = []
    for k, x in enumerate(table.rows.numbers(column)):  # no Value per area
        if x is not None:
            with_value.append((x, k))
        else:
            without.append(k)
    with_value.sort(key=lambda pair: pair[0], reverse=params.descending)
    return [k for _, k in with_value] + sorted(without, key=lambda k: table.areas[k].code)


def overview_page_view(ds: Dataset, params: OverviewParams) -> dict[str, Any]:
    """The page and its twin: one page of the sorted table."""
    table = overview_table(ds, params.level, params.domain, params.year, params.benchmark)
    order = sorted_rows(table, params)
    pages = max(1, -(-len(order) // PAGE_ROWS))
    page = min(params.page, pages)
    shown = order[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    cells = [(k, table.rows[k]) for k in shown]  # each shown row's cells, made once
    lang = current_language()
    return {
        "level": params.level.value,
        "domain": params.domain,
        "year": table.year,
        "benchmark": area_json(table.benchmark) if table.benchmark else None,
        "indicators": [
            _indicator_json(ind, bench)
            for ind, bench in zip(table.indicators, table.benchmark_values, strict=True)
        ],
        "sort": params.sort,
        "order": ORDERS[params.descending],
        "page": page,
        "pages": pages,
        "areas_total": len(order),
        "rows": [_row_json(table, k, row) for k, row in cells],
        "synthetic": table.synthetic,
        "_table": table,
        "_params": params,
        "_cells": [
            (
                table.areas[k],
                [_cell_view(c, ind, lang) for c, ind in zip(row, table.indicators, strict=True)],
            )
            for k, row in cells
        ],
        "_bench_cells": [
            format_value(v.value, ind, lang=lang) if v is not None and v.value is not None else "–"
            for ind, v in zip(table.indicators, table.benchmark_values, strict=True)
        ],
        "_names": [indicator_name(i) for i in table.indicators],
        "_levels": OVERVIEW_LEVELS,
        "_domains": DOMAINS,
        "_benchmarks": benchmark_choices(ds, params.level),
        "_years": ds.years,
        "_legend": legend(),
    }


def benchmark_choices(ds: Dataset, level: Level) -> list[Area]:
    """The level's default benchmark, then riket and the län where loaded."""
    default = default_benchmark(ds, level)
    regional = [a for lv in (Level.LAN, Level.RIKET) for a in ds.areas(lv) if a != default]
    return [a for a in (default, *regional) if a is not None]


def legend() -> list[tuple[str, str, str]]:
    """(class, mark, word) of every outcome a cell can show."""
    shown = (Outcome.BETTER, Outcome.SIMILAR, Outcome.WORSE, Outcome.HIGHER, Outcome.LOWER)
    return [(outcome_class(o), OUTCOME_MARK[o], label(o)) for o in shown]


def quintile_mark(outcome: Outcome, polarity: str) -> str:
    """A quintile's number from the lowest values (1/5) to the highest (5/5)."""
    order = QUINTILE_OUTCOMES.get(polarity, QUINTILE_OUTCOMES["neutral"])
    return f"{order.index(outcome) + 1}/5" if outcome in order else ""


def _indicator_json(ind: Indicator, bench: Any) -> dict[str, Any]:
    return {
        "id": ind.id,
        "name": ind.name_sv,
        "unit": ind.unit,
        "polarity": ind.polarity.value,
        "benchmark_value": value_json(bench, ind) if bench is not None else None,
    }


def _row_json(table: OverviewTable, k: int, row: tuple[OverviewCell, ...]) -> dict[str, Any]:
    return {
        "area": area_json(table.areas[k]),
        "cells": [
            {
                "indicator": ind.id,
                "value": value_json(c.value, ind) if c.value is not None else None,
                "comparison": comparison_json(c.comparison),
            }
            for c, ind in zip(row, table.indicators, strict=True)
        ],
    }


def _cell_view(cell: OverviewCell, ind: Indicator, lang: str) -> dict[str, str] | None:
    """What a cell shows: its value, the comparison's class, mark and word."""
    v = cell.value
    if v is None:
        return None
    text = format_value(v.value, ind, lang=lang, with_unit=False) if v.value is not None else "–"
    c = cell.comparison
    if c is None or c.outcome is Outcome.NOT_COMPARED:
        word = gettext("Ej jämförd") if v.value is not None else status_label(v.status, MISSING)
        return {"text": text, "class": "none", "mark": "", "word": word}
    if c.outcome in INTERVAL_OUTCOMES:
        mark = OUTCOME_MARK[c.outcome]
    else:
        mark = quintile_mark(c.outcome, ind.polarity.value)
    return {"text": text, "class": outcome_class(c.outcome), "mark": mark, "word": label(c.outcome)}


def overview_sheet(ds: Dataset, params: OverviewParams) -> exports.Sheet:
    """The whole table in the page's order, one row per area: each indicator's value and
    its comparison's word (the same cells as the page, every page at once)."""
    table = overview_table(ds, params.level, params.domain, params.year, params.benchmark)
    against = table.benchmark.name if table.benchmark else "–"
    columns = [gettext("Område"), gettext("Områdeskod")]
    for ind in table.indicators:
        name = f"{indicator_name(ind)} ({ind.unit})"
        columns += [
            name,
            gettext("%(name)s: jämfört med %(benchmark)s")
            % {"name": indicator_name(ind), "benchmark": against},
        ]
    rows: list[tuple[exports.Cell, ...]] = []
    for k in sorted_rows(table, params):
        cells: list[exports.Cell] = [table.areas[k].name, table.areas[k].code]
        for cell, ind in zip(table.rows[k], table.indicators, strict=True):
            cells += [exports.value_cell(cell.value, ind), exports.outcome_word(cell.comparison)]
        rows.append(tuple(cells))
    address = f"/oversiktstabell?{params.query(sida=None)}"
    notes = exports.indicator_notes(table.indicators, address)
    if table.synthetic:
        notes.append(exports.synthetic_note())
    title = gettext("Översiktstabell: %(domain)s, %(level)s %(year)s") % {
        "domain": params.domain,
        "level": LEVEL_NAMES[params.level],
        "year": table.year,
    }
    name = f"oversiktstabell-{params.level.value}-{table.year}"
    return exports.Sheet(title, tuple(columns), rows, notes, name)
