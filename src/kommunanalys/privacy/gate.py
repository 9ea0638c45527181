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

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from kommunanalys.catalog.indicators import DEFAULT_MIN_CELL, Catalogue
from kommunanalys.i18n.labels import VALUE_STATUS
from kommunanalys.model import Indicator, Value, ValueType
from kommunanalys.privacy.rules import Rule, Rules, round_count
from kommunanalys.privacy.suppression_plan import PlanKey, SuppressionPlan

if TYPE_CHECKING:  # a slice is read by the store; the gate only passes it (no engine loaded)
    from kommunanalys.store.value_slice import ValueSlice

SUPPRESSED = "skyddad"
SUPPRESSION_TEXT = VALUE_STATUS[SUPPRESSED]


class DisclosureGate:
    def __init__(self, catalogue: Catalogue, plan: SuppressionPlan | None = None) -> None:
        self.catalogue = catalogue
        self.rules = Rules(catalogue)
        #: Without a plan only primary suppression applies: give one for anything public
        #: (:class:`kommunanalys.query.Dataset` always does).
        self.plan = plan if plan is not None else SuppressionPlan()
        self._decisions: dict[str, Decision] = {}

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
        key = (value.area, value.division, value.period, value.gender, value.age_group)
        out = self._decision(value.indicator)(key, value.value, value.numerator, value.denominator)
        if out is None:
            return self._suppress(value)
        if out == (value.value, value.numerator, value.denominator):
            return value
        return replace(value, value=out[0], numerator=out[1], denominator=out[2])

    def publish_slice(self, found: ValueSlice) -> ValueSlice:
        """A slice (one indicator, period, gender and division) as it may leave: the decisions
        of :meth:`publish_one`, made row by row over the slice's columns without a
        :class:`Value` per row, and none at all where the indicator's every value leaves
        unchanged (decided once, as in :meth:`publish`)."""
        if self._leaves_unchanged(found.indicator):
            return found
        decide = self._decision(found.indicator)
        division, period, gender = found.division, found.period, found.gender
        value, numerator, denominator, status = [], [], [], []
        for area, age, v, n, d, s in zip(
            found.area,
            found.age_group,
            found.value,
            found.numerator,
            found.denominator,
            found.status,
            strict=True,
        ):
            out = decide((area, division, period, gender, age), v, n, d)
            if out is None:
                out, s = _HIDDEN, SUPPRESSED
            value.append(out[0])
            numerator.append(out[1])
            denominator.append(out[2])
            status.append(s)
        return replace(
            found, value=value, numerator=numerator, denominator=denominator, status=status
        )

    def _decision(self, indicator_id: str) -> Decision:
        """The gate's decision for one value of ``indicator_id`` (made once per indicator and
        gate: the catalogue, rules and plan behind a gate never change)."""
        found = self._decisions.get(indicator_id)
        if found is None:
            found = self._decisions[indicator_id] = self._make_decision(indicator_id)
        return found

    def _make_decision(self, indicator_id: str) -> Decision:
        """A function of a value's key, value, numerator and denominator: None where it is
        hidden, else its published value, numerator and denominator (rounded where a rule
        rounds)."""
        indicator = self.catalogue.get(indicator_id)
        if indicator is None:  # unknown to the catalogue: nothing may leave
            return _hide_all
        base = self.catalogue.base(indicator)
        rule = self.rules.rule(base)
        plan = self.plan
        if base.is_ratio:
            numerator_id, denominator_id = base.numerator, base.denominator
            numerator_base = self.rules.rounding(numerator_id)
            denominator_base = self.rules.rounding(denominator_id)

            def ratio(key: PlanKey, v: Num, n: Num, d: Num) -> Published | None:
                if plan.hides(numerator_id, key) or plan.hides(denominator_id, key):
                    return None
                if rule is not None:
                    if v is not None and (n is None or d is None):
                        return None  # a sensitive share without its counts
                    if rule.primary(n) or rule.small_denominator(d):
                        return None
                if not numerator_base and not denominator_base:
                    return v, n, d
                return v, round_count(n, numerator_base), round_count(d, denominator_base)

            return ratio
        base_id, is_count = base.id, base.value_type is ValueType.COUNT
        base_round = self.rules.rounding(base_id)

        def single(key: PlanKey, v: Num, n: Num, d: Num) -> Published | None:
            if rule is not None:
                if plan.hides(base_id, key):
                    return None
                if is_count:
                    if rule.primary(v):
                        return None
                elif v is not None and 0 < v < rule.min_cell:
                    return None  # a sensitive non-count: the old cautious rule
            if base_round and is_count and v is not None:
                return round_count(v, base_round), n, d
            return v, n, d

        return single

    @staticmethod
    def _suppress(value: Value) -> Value:
        return replace(value, value=None, numerator=None, denominator=None, status=SUPPRESSED)


Num = float | None
#: A value's published value, numerator and denominator.
Published = tuple[Num, Num, Num]
#: :meth:`DisclosureGate._decision`: key, value, numerator, denominator → published or None.
Decision = Callable[[PlanKey, Num, Num, Num], "Published | None"]
_HIDDEN: Published = (None, None, None)


def _hide_all(key: PlanKey, v: Num, n: Num, d: Num) -> Published | None:
    return None


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
