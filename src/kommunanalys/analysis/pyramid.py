"""The population pyramid of an area and year: SCB's five-year age bands by sex (Folkmängd efter
ålder och kön), with the kommun's bands beside it for comparison.

Every number is a gated value from :class:`~kommunanalys.query.Dataset`: a suppressed band is
a band without a number (drawn as suppressed, never estimated), and the shares of the area's
population are of the bands that have one. Only years in which every band has a value for
women and men are offered (the demo's 2024: SCB's DeSO 2025 tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kommunanalys.catalog.areas import in_level
from kommunanalys.errors import ErrorCode
from kommunanalys.model import ALL_AGES, Area, Gender, Value
from kommunanalys.query import Dataset, NoData, Place

#: The band indicators' ids: ``antal_invanare_0_4`` … ``antal_invanare_80_plus``.
BAND = re.compile(r"^antal_invanare_(\d+)_(\d+|plus)$")
#: The area's population: its bands sum to it.
POPULATION = "antal_invanare"
SEXES = (Gender.MEN, Gender.WOMEN)


@dataclass(frozen=True, slots=True)
class AgeBand:
    indicator: str
    low: int
    high: int | None  # None: the open band (80 and over)
    men: Value | None
    women: Value | None
    kommun_men: Value | None
    kommun_women: Value | None

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}" if self.high is not None else f"{self.low}+"


@dataclass(frozen=True)
class Pyramid:
    area: Area
    kommun: Area
    year: str
    years: tuple[str, ...]  # the years with every band by sex, for the year chooser
    bands: tuple[AgeBand, ...]  # youngest first
    population: Value | None  # the area's Antal invånare (total) of the year

    def total(self, of_kommun: bool = False) -> float:
        """The sum of the bands that have a number (the area's, or the kommun's)."""
        return sum(
            v.value
            for b in self.bands
            for v in ((b.kommun_men, b.kommun_women) if of_kommun else (b.men, b.women))
            if v is not None and v.value is not None
        )

    @property
    def complete(self) -> bool:
        """Every band has a number for women and men (none suppressed or missing)."""
        return all(
            v is not None and v.value is not None for b in self.bands for v in (b.men, b.women)
        )


def band_indicators(ds: Dataset) -> list[tuple[str, int, int | None]]:
    """(id, lowest age, highest age) of the catalogue's band indicators, youngest first."""
    found = []
    for ind in ds.catalogue:
        match = BAND.match(ind.id)
        if match:
            high = None if match.group(2) == "plus" else int(match.group(2))
            found.append((ind.id, int(match.group(1)), high))
    return sorted(found, key=lambda band: band[1])


def pyramid_years(ds: Dataset, area: Area) -> list[str]:
    """The years in which ``area`` has every band for women and men (a band may be
    suppressed: it is there, without its number)."""
    ids = [b[0] for b in band_indicators(ds)]
    seen: dict[str, set[tuple[str, Gender]]] = {}
    for v in ds.values(ids, areas=[area.code], genders=list(SEXES)):
        if v.age_group == ALL_AGES and in_level(area, v.division):
            seen.setdefault(v.period, set()).add((v.indicator, v.gender))
    wanted = len(ids) * len(SEXES)
    return [y for y in ds.years if wanted and len(seen.get(y, ())) == wanted]


def population_pyramid(ds: Dataset, place: Place) -> Pyramid:
    """The pyramid of ``place``'s area in its year (the latest year with bands when the
    place's year has none). :class:`NoData` when no year has them."""
    area = place.area
    years = [y for y in pyramid_years(ds, area) if y in ds.years_of(area)]
    if not years:
        raise NoData(ErrorCode.NO_PYRAMID, area=area.name)
    year = place.year if place.year in years else years[-1]
    if year != place.year:
        area = ds.area(area.code, year)
    kommun = ds.kommun
    bands = band_indicators(ds)
    ids = [b[0] for b in bands]
    own: dict[tuple[str, Gender], Value] = {}
    of_kommun: dict[tuple[str, Gender], Value] = {}
    codes = [area.code] if area.code == kommun.code else [area.code, kommun.code]
    for v in ds.values([*ids, POPULATION], areas=codes, years=[year]):
        if v.age_group != ALL_AGES:
            continue
        if v.area == area.code and v.division is area.division:
            own[(v.indicator, v.gender)] = v
        if v.area == kommun.code and v.division is kommun.division:
            of_kommun[(v.indicator, v.gender)] = v
    return Pyramid(
        area=area,
        kommun=kommun,
        year=year,
        years=tuple(years),
        bands=tuple(
            AgeBand(
                i,
                low,
                high,
                own.get((i, Gender.MEN)),
                own.get((i, Gender.WOMEN)),
                of_kommun.get((i, Gender.MEN)),
                of_kommun.get((i, Gender.WOMEN)),
            )
            for i, low, high in bands
        ),
        population=own.get((POPULATION, Gender.TOTAL)),
    )
