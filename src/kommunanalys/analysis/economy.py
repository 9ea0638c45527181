"""Budget follow-up: budget against outcome, year to date and full year, against the previous
year, per verksamhet (summed up the tree) and per cost type; cost per vårddygn and per invånare; the
volume/price split of a deviation.

Pure functions over :class:`Ledger` (the latest amounts of one committee, read once) and
:class:`Volumes`. Amounts are signed as the resultaträkning prints them (intäkter positive,
costs negative), so a deviation ``outcome − budget`` is positive when it is in the committee's
favour, as the seed's "Avvikelse" columns are. Forecasts are :mod:`.economy_forecast`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kommunanalys.analysis.economy_model import (
    AmountKind,
    CostType,
    Month,
    Regi,
    SummaryRow,
    Unit,
    UnitLevel,
    VolumeMeasure,
)


@dataclass(frozen=True)
class Ledger:
    """The amounts of one committee, each booked on one unit of its tree."""

    units: tuple[Unit, ...]
    #: (unit, month, cost_type, kind, version) → amount in kronor
    amounts: dict[tuple[str, Month, CostType, AmountKind, str], float]
    synthetic: bool = False

    @classmethod
    def from_rows(cls, units: Sequence[Sequence[Any]], rows: Iterable[Sequence[Any]]) -> Ledger:
        """From the store's rows: units ``(code, name, level, parent)`` and amounts
        ``(unit, month, cost_type, kind, version, amount, synthetic)``."""
        tree = tuple(Unit(u[0], u[1], UnitLevel(u[2]), u[3]) for u in units)
        amounts: dict[tuple[str, Month, CostType, AmountKind, str], float] = {}
        synthetic = False
        for unit, month, cost_type, kind, version, amount, synth in rows:
            key = (unit, Month.parse(month), CostType(cost_type), AmountKind(kind), version)
            amounts[key] = float(amount)
            synthetic = synthetic or bool(synth)
        return cls(tree, amounts, synthetic)

    def descendants(self, code: str) -> set[str]:
        """``code`` and every unit below it."""
        found = {code}
        changed = True
        while changed:
            changed = False
            for unit in self.units:
                if unit.parent in found and unit.code not in found:
                    found.add(unit.code)
                    changed = True
        return found

    def unit(self, code: str) -> Unit:
        return next(u for u in self.units if u.code == code)

    def root(self) -> Unit:
        return next(u for u in self.units if u.parent is None)

    def children(self, code: str) -> list[Unit]:
        return [u for u in self.units if u.parent == code]

    def years(self, kind: AmountKind = AmountKind.OUTCOME) -> list[int]:
        return sorted({k[1].year for k in self.amounts if k[3] is kind})

    def has(self, kind: AmountKind, year: int, version: str = "") -> bool:
        """Whether anything of ``kind`` is booked in ``year`` (so a missing row is zero)."""
        return any(k[3] is kind and k[1].year == year and k[4] == version for k in self.amounts)

    def last_month(self, kind: AmountKind = AmountKind.OUTCOME) -> Month | None:
        months = [k[1] for k in self.amounts if k[3] is kind]
        return max(months) if months else None

    @cached_property
    def _months(self) -> dict[tuple[str, CostType, AmountKind, str, int], list[float | None]]:
        """(unit, cost type, kind, version, year) → the twelve months' amounts, built once."""
        index: dict[tuple[str, CostType, AmountKind, str, int], list[float | None]] = {}
        for (unit, month, cost_type, kind, version), amount in self.amounts.items():
            months = index.setdefault((unit, cost_type, kind, version, month.year), [None] * 12)
            months[month.month - 1] = amount
        return index

    @cached_property
    def _below(self) -> dict[str, frozenset[str]]:
        return {u.code: frozenset(self.descendants(u.code)) for u in self.units}

    def total(
        self,
        *,
        unit: str | None = None,
        year: int,
        through: int = 12,
        kind: AmountKind = AmountKind.OUTCOME,
        version: str = "",
        cost_types: Iterable[CostType] | None = None,
    ) -> float | None:
        """The sum over ``unit`` and its descendants (the whole tree when None), months 1 to
        ``through`` of ``year``; None when nothing is booked."""
        units = self._below.get(unit, frozenset({unit})) if unit else {u.code for u in self.units}
        types = tuple(cost_types) if cost_types is not None else tuple(CostType)
        found = False
        total = 0.0
        index = self._months
        for u in units:
            for cost_type in types:
                months = index.get((u, cost_type, kind, version, year))
                if months is None:
                    continue
                for value in months[:through]:
                    if value is not None:
                        total += value
                        found = True
        return total if found else None

    def monthly(
        self,
        *,
        unit: str | None,
        year: int,
        kind: AmountKind = AmountKind.OUTCOME,
        cost_types: Iterable[CostType] | None = None,
    ) -> list[float | None]:
        """The twelve months of ``year`` (None for a month with nothing booked)."""
        return [
            None
            if (
                value := self.total(
                    unit=unit, year=year, through=m, kind=kind, cost_types=cost_types
                )
            )
            is None
            else value
            for m in range(1, 13)
        ]


def _difference(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else later - earlier


def change(later: float | None, earlier: float | None) -> float | None:
    """The change in percent, ``(later − earlier) / earlier``, with the earlier value's sign
    (as the seed's "Procentuell förändring": −1 162 → 1 083 is −193 %); None when unknown."""
    if later is None or earlier is None or earlier == 0:
        return None
    return 100 * (later - earlier) / earlier


def share(part: float | None, whole: float | None) -> float | None:
    """A deviation in percent of the budget's size (the budget's absolute value)."""
    if part is None or whole is None or whole == 0:
        return None
    return 100 * part / abs(whole)


@dataclass(frozen=True)
class FollowUpRow:
    """One line of a budget follow-up; amounts signed as the resultaträkning."""

    key: str  # a unit's code or a cost type
    budget: float | None
    outcome: float | None
    previous: float | None  # the same months' outcome the year before
    deviation: float | None  # outcome − budget: positive is in the committee's favour
    deviation_pct: float | None
    change_pct: float | None  # outcome against the previous year


def _zero(ledger: Ledger, value: float | None, kind: AmountKind, year: int) -> float | None:
    """A sum with nothing booked is 0 in a year that has ``kind`` at all, else unknown."""
    return value if value is not None or not ledger.has(kind, year) else 0.0


def _row(
    ledger: Ledger,
    key: str,
    year: int,
    through: int,
    *,
    unit: str | None,
    cost_types: Iterable[CostType] | None,
    budget_kind: AmountKind,
) -> FollowUpRow:
    types = tuple(cost_types) if cost_types is not None else None
    args: dict[str, Any] = {"unit": unit, "through": through, "cost_types": types}
    if budget_kind is AmountKind.REVISED_BUDGET and not ledger.has(budget_kind, year):
        budget_kind = AmountKind.BUDGET
    budget = _zero(ledger, ledger.total(year=year, kind=budget_kind, **args), budget_kind, year)
    outcome = _zero(ledger, ledger.total(year=year, **args), AmountKind.OUTCOME, year)
    previous = _zero(ledger, ledger.total(year=year - 1, **args), AmountKind.OUTCOME, year - 1)
    deviation = _difference(outcome, budget)
    return FollowUpRow(
        key,
        budget,
        outcome,
        previous,
        deviation,
        share(deviation, budget),
        change(outcome, previous),
    )


def by_cost_type(
    ledger: Ledger,
    year: int,
    *,
    through: int = 12,
    unit: str | None = None,
    budget_kind: AmountKind = AmountKind.REVISED_BUDGET,
) -> list[FollowUpRow]:
    """The resultaträkning: one row per cost type, then ``costs`` (all costs) and ``result``.
    The budget is the revised budget where there is one, else the budget."""
    rows = [
        _row(ledger, c.value, year, through, unit=unit, cost_types=(c,), budget_kind=budget_kind)
        for c in CostType
    ]
    costs = [c for c in CostType if c is not CostType.INTAKTER]
    rows.append(
        _row(
            ledger,
            SummaryRow.COSTS,
            year,
            through,
            unit=unit,
            cost_types=costs,
            budget_kind=budget_kind,
        )
    )
    rows.append(
        _row(
            ledger,
            SummaryRow.RESULT,
            year,
            through,
            unit=unit,
            cost_types=None,
            budget_kind=budget_kind,
        )
    )
    return rows


def by_unit(
    ledger: Ledger,
    year: int,
    *,
    through: int = 12,
    parent: str | None = None,
    budget_kind: AmountKind = AmountKind.REVISED_BUDGET,
) -> list[FollowUpRow]:
    """Drift per verksamhet: one row per child of ``parent`` (the nämnd when None), summed up
    its subtree, then the parent's ``result``. Net costs are negative here; the page shows
    them as the seed does (cost positive)."""
    top = parent or ledger.root().code
    rows = [
        _row(ledger, u.code, year, through, unit=u.code, cost_types=None, budget_kind=budget_kind)
        for u in ledger.children(top)
    ]
    rows.append(
        _row(
            ledger,
            SummaryRow.RESULT,
            year,
            through,
            unit=top,
            cost_types=None,
            budget_kind=budget_kind,
        )
    )
    return rows


def years_of(
    ledger: Ledger, unit: str, years: Sequence[int]
) -> list[tuple[int, float | None, float | None]]:
    """``(year, net outcome, % change against the year before)`` for each of ``years``: the
    seed's three-year tables (jan–dec)."""
    out = []
    previous: float | None = None
    for i, year in enumerate(years):
        value = ledger.total(unit=unit, year=year)
        out.append((year, value, change(value, previous) if i else None))
        previous = value
    return out


# -- volumes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Volumes:
    """The placement volumes of one committee: (unit, month, measure, regi, kind) → value."""

    values: dict[tuple[str, Month, VolumeMeasure, Regi, AmountKind], float]
    synthetic: bool = False

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> Volumes:
        """From the store's ``(unit, month, measure, regi, kind, value, synthetic)``."""
        values = {}
        synthetic = False
        for unit, month, measure, regi, kind, value, synth in rows:
            values[
                (unit, Month.parse(month), VolumeMeasure(measure), Regi(regi), AmountKind(kind))
            ] = float(value)
            synthetic = synthetic or bool(synth)
        return cls(values, synthetic)

    def units(self) -> list[str]:
        return sorted({k[0] for k in self.values})

    def series(
        self,
        unit: str,
        measure: VolumeMeasure = VolumeMeasure.PLACED,
        *,
        regi: Regi | None = None,
        kind: AmountKind = AmountKind.OUTCOME,
    ) -> list[tuple[Month, float]]:
        """The monthly series of ``unit`` (both regier summed when ``regi`` is None)."""
        sums: dict[Month, float] = defaultdict(float)
        for (u, month, m, r, k), value in self.values.items():
            if u == unit and m is measure and k is kind and (regi is None or r is regi):
                sums[month] += value
        return sorted(sums.items())

    def total(
        self,
        unit: str,
        year: int,
        *,
        through: int = 12,
        measure: VolumeMeasure = VolumeMeasure.CARE_DAYS,
        regi: Regi | None = None,
        kind: AmountKind = AmountKind.OUTCOME,
    ) -> float | None:
        values = [
            v
            for m, v in self.series(unit, measure, regi=regi, kind=kind)
            if m.year == year and m.month <= through
        ]
        return sum(values) if values else None

    def mean_placed(
        self, unit: str, year: int, *, first: int = 1, last: int = 12, regi: Regi | None = None
    ) -> float | None:
        """The average number placed per month over months ``first`` to ``last``."""
        values = [
            v
            for m, v in self.series(unit, VolumeMeasure.PLACED, regi=regi)
            if m.year == year and first <= m.month <= last
        ]
        return sum(values) / len(values) if values else None


def cost_per_care_day(cost: float | None, care_days: float | None) -> float | None:
    """Kronor per vårddygn (a cost given negative is turned positive); None when unknown."""
    if cost is None or not care_days:
        return None
    return abs(cost) / care_days


def cost_per_resident(net_cost: float | None, residents: float | None) -> float | None:
    """Kronor per invånare: a net cost (positive, as drift per verksamhet shows it; a net
    income is negative) over the residents (31 December, as Kolada's kr/inv); None when
    either is unknown."""
    if net_cost is None or not residents:
        return None
    return net_cost / residents


@dataclass(frozen=True)
class VolumePriceSplit:
    """A cost deviation split into how much is volume and how much is price, in whole öre.

    ``volume = (V₁ − V₀) × P₀`` (the change in vårddygn at the reference price, rounded to the
    öre) and ``price = (C₁ − C₀) − volume``, which is ``(P₁ − P₀) × V₁`` to the öre. Whole öre
    are integers, so the two parts add up to the deviation exactly; :meth:`rounded` keeps that
    true in any shown unit (tkr)."""

    reference_ore: int
    actual_ore: int
    reference_volume: float
    actual_volume: float
    volume_ore: int
    price_ore: int

    @property
    def deviation_ore(self) -> int:
        return self.actual_ore - self.reference_ore

    @property
    def volume(self) -> float:
        return self.volume_ore / 100

    @property
    def price(self) -> float:
        return self.price_ore / 100

    @property
    def deviation(self) -> float:
        return self.deviation_ore / 100

    def rounded(self, kronor: int = 1000) -> tuple[int, int, int]:
        """``(volume, price, deviation)`` rounded to whole ``kronor`` (1 000: tkr) so that the
        first two still add up to the third: the price part takes the rounding."""
        step = kronor * 100
        deviation = round(self.deviation_ore / step)
        volume = round(self.volume_ore / step)
        return volume, deviation - volume, deviation


def volume_price_split(
    reference_cost: float, reference_volume: float, actual_cost: float, actual_volume: float
) -> VolumePriceSplit:
    """Split ``actual_cost − reference_cost`` (kronor; costs as positive amounts; the reference
    is the budget or the previous year) into its volume and price parts."""
    if reference_volume <= 0 or actual_volume < 0:
        raise ValueError("volymerna måste vara positiva")
    reference, actual = round(reference_cost * 100), round(actual_cost * 100)
    volume = round((actual_volume - reference_volume) * reference / reference_volume)
    return VolumePriceSplit(
        reference, actual, reference_volume, actual_volume, volume, actual - reference - volume
    )


def rounded_total(values: Iterable[float | None], unit: float = 1000) -> int:
    """The sum of the values each rounded to ``unit`` (tkr): a table's total row that adds up
    to the rows it shows, as the verksamhetsberättelse's Drift per verksamhet prints it."""
    return sum(round(v / unit) for v in values if v is not None)
