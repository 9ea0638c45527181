"""The disclosure gate (primary suppression).

Every value that leaves the store for output — page, JSON, CLI, export — passes
:meth:`DisclosureGate.publish`. For a sensitive indicator (or a share whose numerator is
sensitive) a count below the indicator's minimum cell size, and any share or rate computed
from such a count or from a denominator below it, is replaced by the suppression mark: the
value, numerator and denominator are removed, never rounded or hinted at.

Zeros are published (an empty cell reveals nobody); secondary suppression across margins is
a later step and will live here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kommunanalys.catalog.indicators import DEFAULT_MIN_CELL, Catalogue
from kommunanalys.goals.model import GoalValue
from kommunanalys.model import Indicator, Value

SUPPRESSED = "skyddad"
SUPPRESSION_TEXT = "Värdet visas inte för att skydda enskilda."


class DisclosureGate:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def rule(self, indicator: Indicator) -> int | None:
        """The minimum cell size that applies to ``indicator``, or None when it is not sensitive."""
        base = self.catalogue.base(indicator)
        if base.sensitive:
            return base.min_cell or DEFAULT_MIN_CELL
        if base.is_ratio and base.numerator:
            numerator = self.catalogue.get(base.numerator)
            if numerator is not None and numerator.sensitive:
                return numerator.min_cell or DEFAULT_MIN_CELL
        return None

    def publish(self, values: Iterable[Value]) -> list[Value]:
        return [self.publish_one(v) for v in values]

    def publish_one(self, value: Value) -> Value:
        indicator = self.catalogue.get(value.indicator)
        if indicator is None:  # unknown to the catalogue: nothing may leave
            return self._suppress(value)
        threshold = self.rule(indicator)
        if threshold is None:
            return value
        if indicator.is_ratio:
            small = _small(value.numerator, threshold) or _small(value.denominator, threshold)
            if value.value is not None and (value.numerator is None or value.denominator is None):
                small = True  # a sensitive share without its counts cannot be checked
        else:
            small = _small(value.value, threshold)
        return self._suppress(value) if small else value

    @staticmethod
    def _suppress(value: Value) -> Value:
        return replace(value, value=None, numerator=None, denominator=None, status=SUPPRESSED)


def _small(count: float | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


def publish_goal_value(value: GoalValue, *, protected: bool = True) -> GoalValue:
    """A goal value as it may leave the system.

    Goal values describe a whole committee and are published in its reports; what could point
    at individuals is a small numerator or denominator behind a share ("4 av 4"). For readers
    without a login (``protected``) a numerator or denominator below the default minimum cell
    size is removed from the value, both together, so that neither can be derived."""
    if not protected:
        return value
    if _small(value.numerator, DEFAULT_MIN_CELL) or _small(value.denominator, DEFAULT_MIN_CELL):
        return replace(value, numerator=None, denominator=None)
    return value
