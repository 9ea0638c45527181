"""An outcome's grid for one area and year: each item's indicators with their value and
interval, the kommun's value and the comparison with it, the trend (the existing assessment of
:mod:`kommunanalys.analysis.assessment`), and whether the indicator moves the way the item wants.

Every value comes from :class:`~kommunanalys.query.Dataset`, so it has passed the disclosure
gate: a protected value carries its status and no number, and has neither interval nor trend.
"""

from __future__ import annotations

from dataclasses import dataclass

from kommunanalys.analysis.assessment import Assessment, assess_profile
from kommunanalys.effect.model import GridColumn, Item, Movement, Outcome, PreventionLevel
from kommunanalys.effect.model import WantedDirection as Wanted
from kommunanalys.model import Indicator
from kommunanalys.query import AreaProfile, Card, Dataset, Place
from kommunanalys.stats.trend import Trend, TrendResult


@dataclass(frozen=True, slots=True)
class IndicatorReading:
    indicator: Indicator
    card: Card | None  # None: the area has no value of it in the year
    assessment: Assessment | None
    movement: Movement


@dataclass(frozen=True, slots=True)
class ItemReading:
    item: Item
    readings: tuple[IndicatorReading, ...]

    @property
    def movement(self) -> Movement | None:
        """The item's: the wrong way if any indicator moves the wrong way, else the wanted
        way if any does, else no sure change if any has a trend; ``None`` without indicators."""
        if not self.readings:
            return None
        found = {r.movement for r in self.readings}
        for movement in (Movement.UNWANTED, Movement.WANTED, Movement.NO_CHANGE):
            if movement in found:
                return movement
        return Movement.NOT_ASSESSED


@dataclass(frozen=True, slots=True)
class AreaGrid:
    outcome: Outcome
    profile: AreaProfile
    items: tuple[ItemReading, ...]

    def cell(self, level: PreventionLevel, column: GridColumn) -> tuple[ItemReading, ...]:
        return tuple(r for r in self.items if r.item.level is level and r.item.column is column)


def movement(trend: Trend | None, wanted: Wanted) -> Movement:
    """A trend's direction against the wanted one."""
    if trend is None or trend.direction is TrendResult.NOT_COMPUTABLE:
        return Movement.NOT_ASSESSED
    if trend.direction is TrendResult.NO_CHANGE:
        return Movement.NO_CHANGE
    rising = trend.direction is TrendResult.INCREASING
    return Movement.WANTED if rising == (wanted is Wanted.INCREASE) else Movement.UNWANTED


def area_grid(ds: Dataset, outcome: Outcome, place: Place) -> AreaGrid:
    """``outcome``'s grid for the area and year of ``place``."""
    profile = ds.profile_at(place)
    cards = {c.indicator.id: c for s in profile.sections for c in s.cards}
    assessed = assess_profile(ds, profile) if cards else {}
    known = {i.id: i for i in ds.catalogue}
    items = []
    for item in outcome.items:
        readings = []
        for indicator_id in item.indicators:
            indicator = known.get(indicator_id)
            if indicator is None:  # left the catalogue after the file was loaded
                continue
            a = assessed.get(indicator_id)
            readings.append(
                IndicatorReading(
                    indicator,
                    cards.get(indicator_id),
                    a,
                    movement(a.trend if a else None, item.direction),
                )
            )
        items.append(ItemReading(item, tuple(readings)))
    return AreaGrid(outcome, profile, tuple(items))
