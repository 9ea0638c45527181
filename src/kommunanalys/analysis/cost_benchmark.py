"""The committee's cost against other municipalities (issue 17 item 3): Kolada's cost key
figures for individ- och familjeomsorg (kr per invånare), where they are loaded, for the kommun
beside riket, its län and the other loaded municipalities (the median of those with a value,
and the kommun's place among them from the lowest cost).

Every value is read through :class:`~kommunanalys.query.Dataset`, so through the disclosure
gate like any other value; a suppressed or missing value counts as no value.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from kommunanalys.catalog.regions import RIKET, lan_of
from kommunanalys.model import ALL_AGES, Division, Gender, Level, Value
from kommunanalys.query import Dataset, QueryError

#: The catalogue's Kolada cost key figures for individ- och familjeomsorg, in the page's order:
#: net cost (N30005), cost (N30101) and the reference cost the kommun's structure motivates
#: (N30007). Imported by ``kommunanalys import kolada --kpi N30005 …`` or a Kolada export file.
IFO_COST_INDICATORS = ("kolada_n30005", "kolada_n30101", "kolada_n30007")
#: The Kolada ids behind them (what the page tells the analyst to load).
IFO_COST_KPIS = ("N30005", "N30101", "N30007")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    value: float


@dataclass(frozen=True)
class CostComparison:
    """One key figure in one year: the kommun, riket and its län (None where not loaded),
    and the loaded municipalities with a value (the kommun among them), lowest first."""

    indicator: str
    year: str
    kommun: float | None
    riket: float | None
    lan: float | None
    municipalities: tuple[Municipality, ...]

    @property
    def count(self) -> int:
        return len(self.municipalities)

    @property
    def median(self) -> float | None:
        """The median of the loaded municipalities with a value (the kommun included)."""
        return median(m.value for m in self.municipalities) if self.municipalities else None

    @property
    def rank(self) -> int | None:
        """The kommun's place from the lowest cost (1 = the lowest); ties share the place."""
        if self.kommun is None:
            return None
        return 1 + sum(1 for m in self.municipalities if m.value < self.kommun)


def cost_comparisons(ds: Dataset, indicator_id: str) -> list[CostComparison]:
    """Every year with a value of the key figure for the kommun, riket, its län or another
    municipality, oldest first; [] when the indicator or nothing of it is loaded."""
    try:
        ds.indicator(indicator_id)
        home = ds.kommun
    except (QueryError, StopIteration):
        return []
    levels = {
        a.code: a
        for a in ds.areas(division=Division.KOMMUN)
        if a.level in (Level.KOMMUN, Level.LAN, Level.RIKET)
    }
    by_year: dict[str, list[Value]] = {}
    for v in ds.values(
        [indicator_id], genders=[Gender.TOTAL], areas=sorted(levels), division=Division.KOMMUN
    ):
        if v.value is not None and v.age_group == ALL_AGES:
            by_year.setdefault(v.period, []).append(v)
    lan = lan_of(home.code)
    found = []
    for year in sorted(by_year):
        values = {v.area: v.value for v in by_year[year] if v.value is not None}
        kommuner = sorted(
            (
                Municipality(code, levels[code].name, value)
                for code, value in values.items()
                if levels[code].level is Level.KOMMUN
            ),
            key=lambda m: (m.value, m.code),
        )
        found.append(
            CostComparison(
                indicator=indicator_id,
                year=year,
                kommun=values.get(home.code),
                riket=values.get(RIKET),
                lan=values.get(lan),
                municipalities=tuple(kommuner),
            )
        )
    return found
