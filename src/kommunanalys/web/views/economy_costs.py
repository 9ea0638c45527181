"""The ``costs`` section of ``/ekonomi`` (issue 17 item 3): the committee's net cost per
invånare per full year (the ledger over the kommun's population, the catalogue's
``befolkning``), and Kolada's cost key figures for individ- och familjeomsorg against riket,
the län and the other loaded municipalities (:mod:`kommunanalys.analysis.cost_benchmark`).
Every value from the dataset passes the disclosure gate there; the committee's amounts are
published figures (docs/economy.md)."""

from __future__ import annotations

from typing import Any

from kommunanalys.analysis.cost_benchmark import (
    IFO_COST_INDICATORS,
    IFO_COST_KPIS,
    CostComparison,
    cost_comparisons,
)
from kommunanalys.analysis.economy import Ledger, cost_per_resident
from kommunanalys.i18n.words import indicator_name
from kommunanalys.model import ALL_AGES, Gender
from kommunanalys.query import Dataset, QueryError

#: The catalogue's population (31 December) that cost per invånare divides by.
POPULATION = "befolkning"


def _residents(ds: Dataset, years: list[int]) -> dict[int, float]:
    try:
        kommun = ds.kommun
        values = ds.values(
            [POPULATION], areas=[kommun.code], years=[str(y) for y in years], genders=[Gender.TOTAL]
        )
    except (QueryError, StopIteration):
        return {}
    return {
        int(v.period): v.value
        for v in values
        if v.area == kommun.code and v.age_group == ALL_AGES and v.value is not None
    }


def full_years(ledger: Ledger) -> list[int]:
    """The years whose outcome is booked through December."""
    last = ledger.last_month()
    if last is None:
        return []
    return [y for y in ledger.years() if y < last.year or last.month == 12]


def per_resident(ds: Dataset, ledger: Ledger, years: list[int]) -> list[dict[str, Any]]:
    """Net cost, residents and kronor per invånare for each of ``years`` that is a full year."""
    complete = [y for y in years if y in full_years(ledger)]
    residents = _residents(ds, complete)
    root = ledger.root().code
    rows = []
    for year in complete:
        total = ledger.total(unit=root, year=year)
        net = None if total is None else -total
        per = cost_per_resident(net, residents.get(year))
        rows.append(
            {
                "year": year,
                "net_cost_tkr": None if net is None else round(net / 1000),
                "residents": residents.get(year),
                "kr_per_resident": None if per is None else round(per),
            }
        )
    return rows


def _comparison_json(c: CostComparison) -> dict[str, Any]:
    def kr(value: float | None) -> int | None:
        return None if value is None else round(value)

    return {
        "year": c.year,
        "kommun": kr(c.kommun),
        "lan": kr(c.lan),
        "riket": kr(c.riket),
        "median": kr(c.median),
        "rank": c.rank,
        "count": c.count,
        "municipalities": [
            {"code": m.code, "name": m.name, "kr_per_resident": kr(m.value)}
            for m in c.municipalities
        ],
    }


def costs_view(ds: Dataset, ledger: Ledger, years: list[int]) -> dict[str, Any]:
    key_figures = []
    for indicator_id in IFO_COST_INDICATORS:
        found = cost_comparisons(ds, indicator_id)
        if found:
            key_figures.append(
                {
                    "indicator": indicator_id,
                    "name": indicator_name(ds.indicator(indicator_id)),
                    "years": [_comparison_json(c) for c in found],
                }
            )
    try:
        kommun = ds.kommun.code
    except StopIteration:
        kommun = None
    kpis = " ".join(f"--kpi {k}" for k in IFO_COST_KPIS)
    return {
        "population_indicator": POPULATION,
        "per_resident": per_resident(ds, ledger, years),
        "kolada": key_figures,
        "kolada_command": f"kommunanalys import kolada {kpis} --kommun {kommun or 'KKKK'}",
    }
