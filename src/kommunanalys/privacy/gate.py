"""The disclosure gate: the single place every outward value passes.

Every value that leaves the store for output — page, JSON, CLI, export, chart, map, insight,
language-model prompt — passes :meth:`DisclosureGate.publish` (through
:class:`kommunanalys.query.Dataset`). It applies, per indicator (:mod:`.rules`):

- **primary suppression**: a count below the minimum cell size (and a zero where the rule
  protects zeros) is hidden; a share or rate whose numerator is such a count or whose
  denominator is below the minimum is hidden, with its numerator and denominator;
- **secondary suppression**: every cell of the suppression plan (:mod:`.plan`) is hidden, and
  every share or rate whose numerator or denominator cell is in the plan — so that no hidden
  cell can be worked out from published margins (areas, gender) or from a share times its
  denominator;
- **rounding**: counts with a ``round_to`` base are published rounded (shares are computed
  from the unrounded counts).

A hidden value keeps its row but loses value, numerator and denominator; its status is
:data:`SUPPRESSED`. Nothing else about it is published (not whether it was hidden for being
small or as a complement: that would tell which side of the minimum it lies).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kommunanalys.catalog.indicators import DEFAULT_MIN_CELL, Catalogue
from kommunanalys.i18n.labels import VALUE_STATUS
from kommunanalys.model import Indicator, Value, ValueType
from kommunanalys.privacy.rules import Rule, Rules, round_count
from kommunanalys.privacy.suppression_plan import SuppressionPlan

SUPPRESSED = "skyddad"
SUPPRESSION_TEXT = VALUE_STATUS[SUPPRESSED]


class DisclosureGate:
    def __init__(self, catalogue: Catalogue, plan: SuppressionPlan | None = None) -> None:
        self.catalogue = catalogue
        self.rules = Rules(catalogue)
        #: Without a plan only primary suppression applies: give one for anything public
        #: (:class:`kommunanalys.query.Dataset` always does).
        self.plan = plan if plan is not None else SuppressionPlan()

    def rule(self, indicator: Indicator) -> int | None:
        """The minimum cell size that applies to ``indicator``, or None when it is not
        sensitive (kept for callers that only need the number)."""
        found = self.rules.rule(indicator)
        return found.min_cell if found else None

    def full_rule(self, indicator: Indicator) -> Rule | None:
        """The whole rule (minimum, zeros, rounding) of ``indicator``."""
        return self.rules.rule(indicator)

    def publish(self, values: Iterable[Value]) -> list[Value]:
        """Every value as it may leave: :meth:`publish_one` for each, except that values of an
        indicator whose every value would leave unchanged (no rule, no planned cell behind
        it, no rounding) are passed without the per-value work — the same result, decided
        once per indicator (a national ranking has 6 000 values)."""
        unchanged: dict[str, bool] = {}
        out = []
        for value in values:
            free = unchanged.get(value.indicator)
            if free is None:
                free = unchanged[value.indicator] = self._leaves_unchanged(value.indicator)
            out.append(value if free else self.publish_one(value))
        return out

    def _leaves_unchanged(self, indicator_id: str) -> bool:
        """True when :meth:`publish_one` returns every value of the indicator as it is."""
        indicator = self.catalogue.get(indicator_id)
        if indicator is None:
            return False
        base = self.catalogue.base(indicator)
        if self.rules.rule(base) is not None:
            return False
        if base.is_ratio:
            behind = [i for i in (base.numerator, base.denominator) if i is not None]
            return not any(self.plan.cells.get(i) or self.rules.rounding(i) for i in behind)
        return not self.rules.rounding(base.id)

    def publish_one(self, value: Value) -> Value:
        indicator = self.catalogue.get(value.indicator)
        if indicator is None:  # unknown to the catalogue: nothing may leave
            return self._suppress(value)
        base = self.catalogue.base(indicator)
        key = (value.area, value.division, value.period, value.gender, value.age_group)
        rule = self.rules.rule(base)
        if base.is_ratio:
            if self.plan.hides(base.numerator, key) or self.plan.hides(base.denominator, key):
                return self._suppress(value)
            if rule is not None:
                if value.value is not None and (
                    value.numerator is None or value.denominator is None
                ):
                    return self._suppress(value)  # a sensitive share without its counts
                if rule.primary(value.numerator) or rule.small_denominator(value.denominator):
                    return self._suppress(value)
            return self._rounded_ratio(value, base)
        if rule is not None:
            if self.plan.hides(base.id, key):
                return self._suppress(value)
            if base.value_type is ValueType.COUNT:
                if rule.primary(value.value):
                    return self._suppress(value)
            elif value.value is not None and 0 < value.value < rule.min_cell:
                return self._suppress(value)  # a sensitive non-count: the old cautious rule
        base_round = self.rules.rounding(base.id)
        if base_round and base.value_type is ValueType.COUNT and value.value is not None:
            return replace(value, value=round_count(value.value, base_round))
        return value

    def _rounded_ratio(self, value: Value, base: Indicator) -> Value:
        numerator_base = self.rules.rounding(base.numerator)
        denominator_base = self.rules.rounding(base.denominator)
        if not numerator_base and not denominator_base:
            return value
        return replace(
            value,
            numerator=round_count(value.numerator, numerator_base),
            denominator=round_count(value.denominator, denominator_base),
        )

    @staticmethod
    def _suppress(value: Value) -> Value:
        return replace(value, value=None, numerator=None, denominator=None, status=SUPPRESSED)


def _small(count: float | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


def publish_counts(
    numerator: float | None, denominator: float | None
) -> tuple[float | None, float | None]:
    """The numerator and denominator behind a published whole-unit figure, as they may leave
    for readers without a login.

    Such a figure (a committee's goal value) describes a whole unit; what could point at
    individuals is a small numerator or denominator behind a share ("4 av 4"). A numerator or
    denominator below the default minimum cell size is removed, both together, so that
    neither can be derived (:func:`kommunanalys.goals.followup.publish_goal_value`)."""
    if _small(numerator, DEFAULT_MIN_CELL) or _small(denominator, DEFAULT_MIN_CELL):
        return None, None
    return numerator, denominator


def publish_placements(count: float | None) -> float | None:
    """A committee's number of placements (placed in a month, or a year's average) as it may
    leave: below the default minimum cell size (and above zero) it could point at the few
    people placed, so it is withheld (None; the page says «skyddad») together with what is
    derived from it (vårddygn, cost per vårddygn, the forecast)."""
    return None if _small(count, DEFAULT_MIN_CELL) else count
