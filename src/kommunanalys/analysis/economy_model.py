"""The economy's domain: verksamheter, cost types, amount kinds, placement volumes, months.

Codes only (``StrEnum``s, labelled in :mod:`kommunanalys.i18n.labels`) and small value
objects; what the database keeps is :mod:`kommunanalys.store.economy`, how a ledger extract
becomes rows :mod:`kommunanalys.ingest.economy`, and the analysis
:mod:`kommunanalys.analysis.economy`.

Months are the economy's own periods (``2024-03``): the goals' :class:`Period` (helår, delår)
is not used here; a delår is the number of months it covers (:data:`DELAR_MONTHS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class UnitLevel(StrEnum):
    """A verksamhet's place in the tree nämnd → verksamhet → insats."""

    NAMND = "namnd"
    VERKSAMHET = "verksamhet"
    INSATS = "insats"


class CostType(StrEnum):
    """A row of the resultaträkning. Amounts are signed as it prints them: intäkter positive,
    costs negative, so the sum of a verksamhet's rows is its result (negative = net cost)."""

    INTAKTER = "intakter"
    PERSONAL = "personal"
    LOKALER = "lokaler"
    BIDRAG = "bidrag"
    KOP_AV_VERKSAMHET = "kop_av_verksamhet"
    OVRIGT = "ovrigt"


class SummaryRow(StrEnum):
    """The resultaträkning's sum rows below the cost types."""

    COSTS = "costs"
    RESULT = "result"


#: the cost types that are costs (the resultaträkning's "Verksamhetens kostnader")
COSTS = tuple(c for c in CostType if c is not CostType.INTAKTER)


class AmountKind(StrEnum):
    """Which figure an amount is: the budget, the revised budget, the outcome or a forecast."""

    BUDGET = "budget"
    REVISED_BUDGET = "revised_budget"
    OUTCOME = "outcome"
    FORECAST = "forecast"


class Regi(StrEnum):
    """Who runs a placement: bought from an external provider, or the kommun's own."""

    EXTERNAL = "external"
    OWN = "own"


class VolumeMeasure(StrEnum):
    """What a volume counts: placed persons (average in the month) or placement days."""

    PLACED = "placed"
    CARE_DAYS = "care_days"


#: the months a delår covers: delår 1 to April, delår 2 to August, helår the whole year
DELAR_MONTHS = {"delar1": 4, "delar2": 8, "helar": 12}

_MONTH = re.compile(r"^(\d{4})-?(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, the economy's period; written ``2024-03``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"månad {self.month} finns inte (1–12)")

    @classmethod
    def parse(cls, text: object) -> Month:
        """``2024-03``, ``202403`` or ``2024-3``; a ``ValueError`` in Swedish otherwise."""
        raw = str(text).strip()
        match = _MONTH.match(raw)
        if not match:
            raise ValueError(f"'{raw}' är ingen månad (skriv ÅÅÅÅ-MM)")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


@dataclass(frozen=True)
class Unit:
    """A node of the verksamhet tree, with the ledger codes (ansvar/verksamhet) booked on it."""

    code: str
    name: str
    level: UnitLevel
    parent: str | None = None
    ledger_codes: tuple[str, ...] = ()
