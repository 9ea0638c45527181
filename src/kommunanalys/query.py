"""The read side used by the web app, the HTTP API and the CLI.

Every value returned here has passed the disclosure gate: callers cannot get an ungated
value through this module. Views (e.g. "Löneinkomst kvinnor") are resolved to their base
indicator's values for that gender and relabelled.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from kommunanalys.catalog.areas import REGSO_BROKEN, division_for, home_kommun, in_level
from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.model import (
    ALL_AGES,
    DOMAINS,
    Area,
    Division,
    Gender,
    ImportRecord,
    Indicator,
    Level,
    Value,
)
from kommunanalys.privacy import DisclosureGate
from kommunanalys.privacy.planning import current_plan
from kommunanalys.store import Store
from kommunanalys.store.disclosure import load_options
from kommunanalys.store.value_slice import ValueSlice

T = TypeVar("T")

LEVEL_NAMES = {
    Level.RIKET: "Riket",
    Level.LAN: "Län",
    Level.KOMMUN: "Kommun",
    Level.REGSO: "RegSO",
    Level.DESO: "DeSO",
    Level.CUSTOM: "Eget område",
}


class QueryError(KommunanalysError, LookupError):
    """A request for something that does not exist: a code and values, told to the user."""


class UnknownArea(QueryError):
    pass


class UnknownIndicator(QueryError):
    pass


class NoData(QueryError):
    pass


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    value: Value | None
    kommun_value: Value | None
    genders: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    domain: str
    cards: list[Card]


@dataclass(frozen=True)
class AreaProfile:
    area: Area
    year: str
    years: list[str]
    kommun: Area
    sections: list[Section]
    siblings: list[Area]  # areas of the same level in the year's vintage, for the area chooser
    parent: Area | None
    children: list[Area]
    replaced_by: list[Area]
    synthetic: bool
    series_break: bool  # the area's boundary changed at the 2025 redraw: years are not comparable


@dataclass(frozen=True)
class Place:
    """An area in the vintage of a year, with that year (checked, or the area's latest) and
    every level's vintage in it: what a request asks for, resolved once by
    :meth:`Dataset.place` and passed down, so that nothing further down resolves it again."""

    area: Area
    year: str
    divisions: dict[Level, Division]  # the RegSO and DeSO vintages of the year

    def division(self, level: Level) -> Division:
        """The vintage ``level`` is published in this year (DeSO 2025 from 2024, …)."""
        found = self.divisions.get(level)
        return found if found is not None else division_for(level, int(self.year))


@dataclass(frozen=True)
class LevelSlice:
    """Every area of a level with its row of one indicator, year and gender (gated): what
    :meth:`Dataset.level_slice` reads for a ranking or a map."""

    year: str
    areas: list[Area]
    values: ValueSlice  # gated, in the engine's order
    rows: list[int | None]  # each area's row in ``values``, None where it has none

    def value(self, k: int) -> Value | None:
        """The k-th area's value (None without one)."""
        row = self.rows[k]
        return None if row is None else self.values.row(row)


@dataclass(frozen=True)
class DataVersion:
    imports: int
    latest: ImportRecord | None
    observations: int
    synthetic: bool


class Dataset:
    """Read access to one database, through the disclosure gate."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.catalogue = Catalogue(tuple(store.indicators()), load_options(store))
        # The plan stored at refresh (recomputed here if it is stale): secondary suppression.
        self.gate = DisclosureGate(self.catalogue, current_plan(store, self.catalogue))
        self._areas = store.areas()
        self._home = home_kommun(self._areas)
        self._by_key = {(a.code, a.division): a for a in self._areas}
        self._by_code: dict[str, list[Area]] = defaultdict(list)
        self._by_division: dict[tuple[Level, Division], list[Area]] = defaultdict(list)
        for area in self._areas:
            self._by_code[area.code].append(area)
            self._by_division[(area.level, area.division)].append(area)
        self._changes = store.area_changes()
        self.years = store.periods()
        # The years each vintage is published in (DeSO 2018 until 2023, DeSO 2025 from 2024, …):
        # what an area's year chooser may offer.
        self._years_in: dict[Division, list[str]] = defaultdict(list)
        for y in self.years:
            for division in {division_for(level, int(y)) for level in Level}:
                self._years_in[division].append(y)
        self._version = self._data_version()
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    # -- areas -------------------------------------------------------------------------------
    @property
    def kommun(self) -> Area:
        """The home municipality (other kommun areas are comparison municipalities)."""
        if self._home is None:  # no geography yet; callers take StopIteration as "no kommun"
            raise StopIteration
        return self._home

    def areas(self, level: Level | None = None, division: Division | None = None) -> list[Area]:
        if level is not None and division is not None:  # the common case, kept indexed
            return list(self._by_division.get((level, division), ()))
        return [
            a
            for a in self._areas
            if (level is None or a.level is level) and (division is None or a.division is division)
        ]

    def area(self, code: str, year: str | None = None) -> Area:
        """The area ``code`` in the vintage used for ``year`` (else its newest vintage)."""
        candidates = self._by_code.get(code)
        if not candidates:
            raise UnknownArea(ErrorCode.UNKNOWN_AREA, area=code)
        if year is not None:
            wanted = division_for(candidates[0].level, int(year))
            for area in candidates:
                if area.division is wanted:
                    return area
        return sorted(candidates, key=lambda a: a.division.value)[-1]

    def place(self, code: str, year: str | None = None) -> Place:
        """The area ``code`` in ``year``'s vintage and the year (its latest when None): a
        request's area, year and divisions resolved once. :class:`UnknownArea` or
        :class:`NoData` for an unknown code or year."""
        year = self.check_year(year)
        area = self.area(code, year)
        year = year or self.latest_year(area)
        vintaged = (Level.REGSO, Level.DESO)  # the levels SCB redrew; the others have one
        divisions = {level: division_for(level, int(year)) for level in vintaged}
        divisions[Level.CUSTOM] = divisions[Level.DESO]  # a custom area follows its DeSO
        divisions[Level.KOMMUN] = Division.KOMMUN
        return Place(area, year, divisions)

    def area_at(self, code: str, place: Place) -> Area:
        """The area ``code`` in the vintage of ``place``'s year (a benchmark beside it)."""
        candidates = self._by_code.get(code)
        if not candidates:
            raise UnknownArea(ErrorCode.UNKNOWN_AREA, area=code)
        wanted = place.division(candidates[0].level)
        for area in candidates:
            if area.division is wanted:
                return area
        return sorted(candidates, key=lambda a: a.division.value)[-1]

    def years_of(self, area: Area) -> list[str]:
        """The years in which ``area``'s code exists in the year's vintage: an ended DeSO
        is not offered for 2024–2025, nor a new one before 2024 (pages that would be empty)."""
        found = {
            y
            for a in self._by_code.get(area.code, ())
            if a.level is area.level
            for y in self._years_in.get(a.division, ())
        }
        return [y for y in self.years if y in found]

    def latest_year(self, area: Area) -> str:
        """The newest year in which ``area`` has values for at least half as many indicators
        as in its best year: a single early figure (a tax rate decided for next year, say)
        does not make the profile open on a nearly empty year."""
        years = [y for y in self.years if division_for(area.level, int(y)) is area.division]
        if not years:
            raise NoData(ErrorCode.NO_DATA_FOR_AREA, area=area.name)
        counts = self.memo("indicators-per-year", self.store.indicators_per_year).get(
            (area.code, area.division), {}
        )
        best = max(counts.values(), default=0)
        full = [y for y in years if counts.get(y, 0) * 2 >= best and counts.get(y, 0) > 0]
        return full[-1] if full else years[-1]

    def check_year(self, year: str | None) -> str | None:
        if year is None:
            return None
        if year not in self.years:
            span = f"{self.years[0]}–{self.years[-1]}" if self.years else "inga år"
            raise NoData(ErrorCode.NO_DATA_FOR_YEAR, year=year, span=span)
        return year

    # -- indicators ----------------------------------------------------------------------------
    def indicator(self, indicator_id: str) -> Indicator:
        indicator = self.catalogue.get(indicator_id)
        if indicator is None:
            raise UnknownIndicator(ErrorCode.UNKNOWN_INDICATOR, indicator=indicator_id)
        return indicator

    # -- values ---------------------------------------------------------------------------------
    def values(
        self,
        indicators: list[str],
        *,
        areas: list[str] | None = None,
        years: list[str] | None = None,
        genders: list[Gender] | None = None,
        division: Division | None = None,
        ordered: bool = True,
    ) -> list[Value]:
        """Gated values of ``indicators`` (views resolved), optionally filtered (``division``
        selects a whole level and vintage in the query, without a list of area codes); in the
        store's order unless ``ordered`` is False."""
        wanted = [self.indicator(i) for i in indicators]

        def read(ids: list[str], of_genders: list[Gender] | None) -> list[Value]:
            rows = self.store.values(
                indicators=ids,
                areas=areas,
                periods=years,
                genders=of_genders,
                division=division,
                ordered=ordered,
            )
            return self.gate.publish(rows)

        plain = [i.id for i in wanted if not i.is_view]
        out: list[Value] = []
        if plain:  # one query for every indicator that is not a gender view
            out.extend(read(plain, genders))
        for indicator in wanted:
            if not indicator.is_view:
                continue
            view_genders = [indicator.view_gender] if indicator.view_gender else genders
            if indicator.view_gender and genders and indicator.view_gender not in genders:
                continue
            base = self.catalogue.base(indicator)
            out.extend(replace(v, indicator=indicator.id) for v in read([base.id], view_genders))
        return out

    def in_series(self, area: Area, values: list[Value]) -> list[Value]:
        """Of ``values``, those in ``area``'s series over the years: its own vintage, and the
        other vintage (DeSO 2018/2025, RegSO 2020/2025) with the same code only where the
        area's boundary did not change at the 2025 redraw."""
        bridged = not self.series_break(area)
        return [
            v
            for v in values
            if v.area == area.code
            and (
                v.division is area.division
                # a custom area is stored in a second vintage only when it is the same land
                or ((bridged or area.level is Level.CUSTOM) and in_level(area, v.division))
            )
        ]

    def profile(self, code: str, year: str | None = None, domain: str | None = None) -> AreaProfile:
        return self.profile_at(self.place(code, year), domain)

    def profile_at(self, place: Place, domain: str | None = None) -> AreaProfile:
        """:meth:`profile` of an already resolved :class:`Place`."""
        area, year = place.area, place.year
        kommun = self.kommun
        own: dict[tuple[str, Gender], Value] = {}
        for v in self.gate.publish(self.store.values(areas=[area.code], periods=[year])):
            if v.division is area.division:
                own[(v.indicator, v.gender)] = v
        of_kommun = self._kommun_values(year)
        sections = []
        for name in DOMAINS:
            if domain and name != domain:
                continue
            cards = []
            for indicator in self.catalogue.in_domain(name):
                if indicator.is_view:
                    continue
                total = own.get((indicator.id, Gender.TOTAL))
                genders = {
                    g.value: own[(indicator.id, g)]
                    for g in (Gender.WOMEN, Gender.MEN)
                    if (indicator.id, g) in own
                }
                if total is None and not genders:
                    continue
                cards.append(Card(indicator, total, of_kommun.get(indicator.id), genders))
            if cards:
                sections.append(Section(name, cards))
        return AreaProfile(
            area=area,
            year=year,
            years=self.years_of(area),
            kommun=kommun,
            sections=sections,
            # the year's vintage, not the area's: an old DeSO asked for 2025 offers DeSO 2025
            siblings=self.areas(area.level, place.division(area.level)),
            parent=self._by_key.get((area.parent, _parent_division(area))) if area.parent else None,
            children=[
                a
                for a in self._areas
                if a.parent == area.code
                and _parent_division(a) is area.division
                and a.division is place.division(a.level)  # one vintage: the year's
            ],
            replaced_by=self._replaced_by(area),
            series_break=self.series_break(area),
            synthetic=any(
                c.value is not None and c.value.synthetic for s in sections for c in s.cards
            ),
        )

    def _kommun_values(self, year: str) -> dict[str, Value]:
        """The kommun's total of every indicator in ``year``, read once per dataset: every
        profile of the year shows it beside its own values."""

        def compute() -> dict[str, Value]:
            kommun = self.kommun.code
            found: dict[str, Value] = {}
            for v in self.gate.publish(self.store.values(areas=[kommun], periods=[year])):
                if v.gender is Gender.TOTAL:
                    found[v.indicator] = v
            return found

        return self.memo(("kommun-values", year), compute)

    def ranking(
        self, indicator_id: str, year: str | None, level: Level, gender: Gender | None = None
    ) -> tuple[str, list[tuple[Area, Value | None]]]:
        """Every area of ``level`` with its value of the indicator for ``year`` (gated; the
        latest year with a published value when None) and ``gender`` (all when None; a
        gender view keeps its own): :meth:`level_slice`'s rows as values."""
        found = self.level_slice(indicator_id, year, level, gender)
        return found.year, [(a, found.value(k)) for k, a in enumerate(found.areas)]

    def level_slice(
        self, indicator_id: str, year: str | None, level: Level, gender: Gender | None = None
    ) -> LevelSlice:
        """Every area of ``level`` with its row (gated) of the indicator for ``year`` (the
        latest year with a published value when None) and ``gender`` (the total when None;
        a gender view keeps its own), read as columns and passed through the gate column by
        column (:meth:`DisclosureGate.publish_slice`): a national level has 6 000 rows.

        One query by indicator, year, gender and division (the level's vintage that year):
        at national scale an IN-list of thousands of area codes cost more than the rest."""
        indicator = self.indicator(indicator_id)
        year = self.check_year(year)
        if year is None:
            year = self.latest_published_year(indicator)
        division = division_for(level, int(year)) if year else Division.KOMMUN
        published = self.published_slice(
            indicator.id, year, indicator.view_gender or gender or Gender.TOTAL, division
        )
        row: dict[str, int] = {}
        for k, (code, age) in enumerate(zip(published.area, published.age_group, strict=True)):
            if age == ALL_AGES or code not in row:  # the whole age span where there are parts
                row[code] = k
        areas = self.areas(level, division)
        return LevelSlice(year, areas, published, [row.get(a.code) for a in areas])

    def published_slice(
        self, indicator_id: str, year: str, gender: Gender, division: Division
    ) -> ValueSlice:
        """The gated values of one indicator (a view: its base's, under its own id), year,
        gender and division, as columns (:mod:`kommunanalys.store.value_slice`)."""
        indicator = self.indicator(indicator_id)
        base = self.catalogue.base(indicator) if indicator.is_view else indicator
        published = self.gate.publish_slice(self.store.value_slice(base.id, year, gender, division))
        if base.id != indicator.id:  # a gender view: its base's rows under its own id
            published = published.relabelled(indicator.id)
        return published

    def published_slices(
        self, indicator_ids: list[str], year: str, gender: Gender, division: Division
    ) -> dict[str, ValueSlice]:
        """:meth:`published_slice` of each of ``indicator_ids`` (none a gender view), read in
        one query: the columns of an overview table."""
        for i in indicator_ids:
            if self.indicator(i).is_view:
                raise ValueError(f"{i} is a view: read it with published_slice")
        read = self.store.value_slices(indicator_ids, year, gender, division)
        return {i: self.gate.publish_slice(found) for i, found in read.items()}

    def latest_published_year(self, indicator: Indicator) -> str:
        """The latest year in which some area has a published (gated, not hidden) value of
        ``indicator``; else the latest year of the data. Once per indicator and dataset."""

        def compute() -> str:
            gender = indicator.view_gender or Gender.TOTAL
            for year in reversed(self.years):
                published = self.values([indicator.id], years=[year], genders=[gender])
                if any(v.value is not None for v in published):
                    return year
            return self.years[-1] if self.years else ""

        return self.memo(("latest-published-year", indicator.id), compute)

    def levels_of(self, indicator_id: str) -> frozenset[Level]:
        """The levels at which ``indicator_id`` has a value: what a level picker may offer (a
        level without one gives an empty page)."""
        found = self.memo(("indicator_levels",), self.store.indicator_levels)
        indicator = self.catalogue.get(indicator_id)
        base = self.catalogue.base(indicator).id if indicator else indicator_id
        return frozenset(found.get(base, ()))

    def levels_offered(
        self, indicator_id: str, choices: Mapping[str, Level], chosen: Level
    ) -> dict[str, Level]:
        """The level picker's ``choices`` (URL key → level) that have a value of the indicator,
        and the ``chosen`` one whatever it has (the page then says it is empty)."""
        have = self.levels_of(indicator_id)
        return {k: v for k, v in choices.items() if v in have or v == chosen}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per dataset: the data behind a Dataset never changes.

        One lock per key: a long computation never holds up another key's."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            if key not in self._memo:
                result = compute()
                with self._lock:
                    self._memo[key] = result
            return self._memo[key]

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._memo.pop(key, None)

    # -- provenance -------------------------------------------------------------------------------
    @property
    def version(self) -> DataVersion:
        return self._version

    def _data_version(self) -> DataVersion:
        imports = self.store.imports()
        return DataVersion(
            imports=len(imports),
            latest=imports[-1] if imports else None,
            observations=self.store.observation_count(),
            synthetic=any(i.synthetic for i in imports),
        )

    def series_break(self, area: Area) -> bool:
        """True when ``area``'s series cannot be bridged across the 2025 redraw."""
        if area.level is Level.KOMMUN:
            return False
        if area.level is Level.REGSO:
            return any(c.from_code == area.code and c.kind == REGSO_BROKEN for c in self._changes)
        return any(area.code in (c.from_code, c.to_code) for c in self._changes)

    def _replaced_by(self, area: Area) -> list[Area]:
        if area.division is not Division.DESO2018:
            return []
        codes = [
            c.to_code for c in self._changes if c.from_code == area.code and c.to_code != area.code
        ]
        return [
            self._by_key[(c, Division.DESO2025)]
            for c in codes
            if (c, Division.DESO2025) in self._by_key
        ]


def _parent_division(area: Area) -> Division:
    return {
        Division.DESO2018: Division.REGSO2020,
        Division.DESO2025: Division.REGSO2025,
    }.get(area.division, Division.KOMMUN)
