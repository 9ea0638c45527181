"""The suppression plan as the gate reads it: the planned cells and their reasons.

Kept apart from its computation (:mod:`.plan`, with numpy, threadpoolctl and the linear
algebra of :mod:`.derivable`): a reader that loads the stored plan — ``kommunanalys values``,
every :class:`~kommunanalys.query.Dataset` — imports only this (issue 22 goal 4: the command
line starts in under 0.5 s)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kommunanalys.model import Division, Gender

#: A planned cell of one indicator: area, division, period, gender, age group.
PlanKey = tuple[str, Division, str, Gender, str]


@dataclass
class SuppressionPlan:
    """Planned cells by indicator, each with its reason (primär/sekundär)."""

    cells: dict[str, dict[PlanKey, str]] = field(default_factory=dict)
    #: Planned cells in components too large for the exact check (see :mod:`.derivable`).
    unchecked: int = 0

    def hides(self, indicator: str | None, key: PlanKey) -> bool:
        if indicator is None:
            return False
        planned = self.cells.get(indicator)
        return planned is not None and key in planned

    def reason(self, indicator: str, key: PlanKey) -> str | None:
        return self.cells.get(indicator, {}).get(key)

    def __len__(self) -> int:
        return sum(len(c) for c in self.cells.values())

    def rows(self) -> Iterator[tuple[str, str, str, str, str, str, str]]:
        """(indicator, area, division, period, gender, age group, reason), sorted."""
        for indicator in sorted(self.cells):
            for (area, division, period, gender, age), reason in sorted(
                self.cells[indicator].items()
            ):
                yield indicator, area, division.value, period, gender.value, age, reason
