"""Data availability: "Vad av detta har vi? Var har vi det? Hur får vi ut det?"

For every indicator an effect logic links, what the loaded data says — whether it has values, the
lowest area level it has them at, the latest period, the last import (its date, whether it was
synthetic, and from that how the data arrived; for an indicator computed from others, the
latest import of its inputs) — joined with what an analyst entered in the file's
``[[kalla]]`` (source system, frequency, how it arrives, who is responsible). For every item, its
availability; per outcome, the coverage; over all outcomes, the **data development agenda**: the
missing data ranked by how many outcomes need it.

Only facts about the data leave this module, never a value: nothing here needs the disclosure gate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from kommunanalys.effect.model import (
    Availability,
    Delivery,
    EffectLogic,
    Frequency,
    Item,
    Outcome,
    SourceInfo,
)
from kommunanalys.model import Indicator, Level
from kommunanalys.store import Store

#: from the finest level up: the lowest level an indicator has values at is the first found
FINEST_FIRST = (Level.UNIT, Level.DESO, Level.REGSO, Level.CUSTOM, Level.KOMMUN)
#: how the data of an import's source arrived (an import's ``source``)
DELIVERY_OF_SOURCE = {
    "kolada": Delivery.API,
    "scb-api": Delivery.API,
    "file": Delivery.FILE,
    "scb-file": Delivery.FILE,
    "scb-estimate": Delivery.FILE,
}


@dataclass(frozen=True, slots=True)
class IndicatorData:
    """What is known about one indicator's data."""

    indicator: str
    name: str
    availability: Availability  # AVAILABLE or NOT_LOADED
    source_system: str  # entered, else the catalogue's source
    lowest_level: Level | None
    latest_period: str | None
    frequency: Frequency | None  # entered
    delivery: Delivery | None  # entered, else from the last import's source
    responsible: str  # entered
    last_import: str | None  # the last import's description
    last_import_at: datetime | None
    synthetic: bool  # the last import was synthetic demo data
    entered: bool  # a [[kalla]] row describes it


@dataclass(frozen=True, slots=True)
class ItemData:
    item: Item
    availability: Availability
    indicators: tuple[IndicatorData, ...]


@dataclass(frozen=True, slots=True)
class OutcomeData:
    outcome: Outcome
    items: tuple[ItemData, ...]

    @property
    def covered(self) -> int:
        return sum(1 for i in self.items if i.availability is Availability.AVAILABLE)

    @property
    def coverage(self) -> float | None:
        """The share of items with data (0–1); ``None`` for an outcome without items."""
        return self.covered / len(self.items) if self.items else None


@dataclass(frozen=True, slots=True)
class Need:
    """One line of the data development agenda: data that is missing, and who needs it."""

    key: str  # the indicator id, or the words of the need
    indicator: str | None  # the catalogue indicator that has no values yet, if any
    text: str  # what is needed, in words
    availability: Availability  # MISSING or NOT_LOADED
    outcomes: tuple[str, ...]  # the ids of the outcomes that need it
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class DataAvailability:
    outcomes: tuple[OutcomeData, ...]
    agenda: tuple[Need, ...]


def data_availability(store: Store, logic: EffectLogic) -> DataAvailability:
    """The availability of every item and indicator of ``logic``, from the loaded data."""
    catalogue = {i.id: i for i in store.indicators()}
    entered = {s.indicator: s for s in logic.sources}
    levels = store.indicator_levels()
    periods = store.effect_logic.latest_periods()
    imports = store.effect_logic.last_imports()
    known: dict[str, IndicatorData] = {}

    def about(indicator_id: str) -> IndicatorData:
        if indicator_id not in known:
            known[indicator_id] = _indicator_data(
                indicator_id,
                catalogue.get(indicator_id),
                entered.get(indicator_id),
                levels.get(indicator_id, set()),
                periods.get(indicator_id),
                _history(indicator_id, catalogue, imports),
            )
        return known[indicator_id]

    outcomes = []
    for outcome in logic.outcomes:
        items = []
        for item in outcome.items:
            data = tuple(about(i) for i in item.indicators)
            items.append(ItemData(item, _item_availability(data), data))
        outcomes.append(OutcomeData(outcome, tuple(items)))
    return DataAvailability(tuple(outcomes), _agenda(outcomes))


def _history(
    indicator_id: str,
    catalogue: dict[str, Indicator],
    imports: dict[str, tuple[object, ...]],
    seen: frozenset[str] = frozenset(),
) -> tuple[object, ...] | None:
    """``(source, description, started_at, synthetic)`` of the last import behind an
    indicator's values: its own, or — for one computed from others (a share from its numerator
    and denominator, a weighted mean, a view of another indicator) — the latest of its inputs',
    synthetic if any input's was."""
    own = imports.get(indicator_id)
    if own is not None:
        return own
    indicator = catalogue.get(indicator_id)
    if indicator is None:
        return None
    inputs = (indicator.numerator, indicator.denominator, indicator.weight, indicator.view_of)
    found = [
        history
        for other in dict.fromkeys(i for i in inputs if i and i not in seen)
        if (history := _history(other, catalogue, imports, seen | {indicator_id})) is not None
    ]
    if not found:
        return None
    latest = max(found, key=lambda h: h[2] if isinstance(h[2], datetime) else datetime.min)
    return (*latest[:3], any(bool(h[3]) for h in found))


def _indicator_data(
    indicator_id: str,
    indicator: Indicator | None,
    entered: SourceInfo | None,
    levels: set[Level],
    period: str | None,
    last: tuple[object, ...] | None,
) -> IndicatorData:
    source, description, at, synthetic = last if last else (None, None, None, False)
    delivery = entered.delivery if entered and entered.delivery else None
    if delivery is None and isinstance(source, str):
        delivery = DELIVERY_OF_SOURCE.get(source)
    return IndicatorData(
        indicator=indicator_id,
        name=indicator.name_sv if indicator else indicator_id,
        availability=Availability.AVAILABLE if period else Availability.NOT_LOADED,
        source_system=(entered.source_system if entered else "")
        or (indicator.source if indicator else ""),
        lowest_level=next((lv for lv in FINEST_FIRST if lv in levels), None),
        latest_period=period,
        frequency=entered.frequency if entered else None,
        delivery=delivery,
        responsible=entered.responsible if entered else "",
        last_import=description if isinstance(description, str) else None,
        last_import_at=at if isinstance(at, datetime) else None,
        synthetic=bool(synthetic),
        entered=entered is not None,
    )


def _item_availability(data: tuple[IndicatorData, ...]) -> Availability:
    if not data:
        return Availability.MISSING
    if any(d.availability is Availability.AVAILABLE for d in data):
        return Availability.AVAILABLE
    return Availability.NOT_LOADED


def _agenda(outcomes: list[OutcomeData]) -> tuple[Need, ...]:
    """Missing data, the need of most outcomes first (then of most items, then by name)."""
    by_key: dict[str, list[tuple[str, ItemData]]] = defaultdict(list)
    first: dict[str, tuple[str | None, str, Availability]] = {}
    for o in outcomes:
        for data in o.items:
            if data.availability is Availability.AVAILABLE:
                continue
            keys: list[tuple[str, str | None, str]]
            if data.availability is Availability.MISSING:
                text = data.item.need or data.item.text
                keys = [(text.casefold(), None, text)]
            else:
                keys = [(d.indicator, d.indicator, d.name) for d in data.indicators]
            for key, indicator, text in keys:
                by_key[key].append((o.outcome.id, data))
                first.setdefault(key, (indicator, text, data.availability))
    needs = []
    for key, found in by_key.items():
        indicator, text, availability = first[key]
        needs.append(
            Need(
                key=key,
                indicator=indicator,
                text=text,
                availability=availability,
                outcomes=tuple(dict.fromkeys(o for o, _ in found)),
                items=tuple(d.item for _, d in found),
            )
        )
    needs.sort(key=lambda n: (-len(n.outcomes), -len(n.items), n.text.casefold()))
    return tuple(needs)
