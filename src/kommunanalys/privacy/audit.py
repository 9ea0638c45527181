"""The disclosure audit behind ``kommunanalys disclosure-check``.

It does not trust the plan: it reads what the public outputs publish (every value through
the gate: a :class:`Published`, which :class:`kommunanalys.query.Dataset` is — passed in, so
that privacy does not import the query layer built on it) and tries to recover each suppressed
count the way an outsider would:

- **directly** from another output: a share's published numerator, or its published value
  times its published denominator; a share's published denominator;
- **from margins**: every linear combination of the area and gender relations
  (:mod:`.relations`, :mod:`.derivable`) with the published cells filled in.

Every suppressed cell recovered is a leak. Cells in components too large for the exact check
are listed as unchecked (never as safe).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.model import Gender, Indicator, Value
from kommunanalys.privacy.derivable import derivable_cells
from kommunanalys.privacy.gate import SUPPRESSED, DisclosureGate
from kommunanalys.privacy.planning import relations_of
from kommunanalys.privacy.relations import Cell, groups_for
from kommunanalys.store import Store


class Published(Protocol):
    """What the public outputs read: the catalogue, the gate, and every value through it."""

    store: Store
    catalogue: Catalogue
    gate: DisclosureGate

    def values(self, indicators: list[str]) -> list[Value]: ...


@dataclass(frozen=True, slots=True)
class Leak:
    """A suppressed cell that the published outputs give away, and how."""

    indicator: str
    area: str
    division: str
    period: str
    gender: str
    age_group: str
    how: str


@dataclass
class AuditReport:
    indicators: list[str] = field(default_factory=list)
    published_cells: int = 0
    suppressed_cells: int = 0
    leaks: list[Leak] = field(default_factory=list)
    unchecked: list[Leak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks and not self.unchecked


def audit(ds: Published) -> AuditReport:
    """Every suppressed count the public outputs of ``ds`` let anybody recover."""
    report = AuditReport()
    relations = relations_of(ds.store)
    for count_id in ds.gate.rules.planned():
        count = ds.catalogue[count_id]
        report.indicators.append(count_id)
        published = ds.values([count_id])
        known: dict[tuple[str, str], dict[Cell, float | None]] = defaultdict(dict)
        suppressed: set[tuple[str, str, Cell]] = set()
        for v in published:
            cell = ((v.area, v.division), v.gender)
            known[(v.period, v.age_group)][cell] = v.value
            if v.status == SUPPRESSED:
                suppressed.add((v.period, v.age_group, cell))
            elif v.value is not None:
                report.published_cells += 1
        report.suppressed_cells += len(suppressed)
        for via, learnt in _through_shares(ds, count):
            cell = ((learnt.area, learnt.division), learnt.gender)
            slot = known[(learnt.period, learnt.age_group)]
            if (learnt.period, learnt.age_group, cell) in suppressed:
                report.leaks.append(_leak(count_id, learnt.period, learnt.age_group, cell, via))
                suppressed.discard((learnt.period, learnt.age_group, cell))
            if slot.get(cell) is None:
                slot[cell] = learnt.value
        for (period, age), cells in sorted(known.items()):
            hidden_here = {c for p, a, c in suppressed if p == period and a == age}
            if not hidden_here:
                continue
            found = derivable_cells(
                groups_for(cells, relations),
                lambda c, cells=cells: cells.get(c) is None,  # type: ignore[misc]
                hidden_here.__contains__,
            )
            for cell, groups in sorted(found.derivable.items()):
                kinds = sorted({g.kind for g in groups})
                how = "marginaler: " + ", ".join(kinds)
                report.leaks.append(_leak(count_id, period, age, cell, how))
            for cell in sorted(found.unchecked):
                report.unchecked.append(
                    _leak(count_id, period, age, cell, "för stor för exakt kontroll")
                )
    report.leaks.sort(key=lambda x: (x.indicator, x.period, x.area, x.division, x.gender))
    return report


def _through_shares(ds: Published, count: Indicator) -> list[tuple[str, Value]]:
    """Values of ``count`` that shares publish: their numerator (or value × denominator)
    and their denominator."""
    out: list[tuple[str, Value]] = []
    for share in ds.catalogue:
        if not share.is_ratio or share.is_view:
            continue
        as_numerator = share.numerator == count.id
        as_denominator = share.denominator == count.id
        if not as_numerator and not as_denominator:
            continue
        for v in ds.values([share.id]):
            learnt: float | None = None
            if as_numerator:
                learnt = v.numerator
                if learnt is None and v.value is not None and v.denominator:
                    learnt = v.value * v.denominator / share.multiplier
            if as_denominator and learnt is None:
                learnt = v.denominator
            if learnt is not None:
                out.append((f"andelen {share.id}", _as(v, count.id, learnt)))
    return out


def _as(v: Value, indicator: str, value: float) -> Value:
    return Value(indicator, v.area, v.division, v.period, v.gender, value, age_group=v.age_group)


def _leak(indicator: str, period: str, age: str, cell: Cell, how: str) -> Leak:
    (area, division), gender = cell
    return Leak(indicator, area, division.value, period, Gender(gender).value, age, how)
