"""Disclosure rules: which counts are too small to publish, per indicator.

The catalogue says per indicator ``sensitive``, ``min_cell`` (default 5), ``protect_zeros`` and
``round_to``. Here they become one :class:`Rule` per indicator that the gate and the
suppression plan share, with two consequences the catalogue does not spell out:

- a share or rate uses its numerator's rule when it has none of its own (a sensitive count
  stays sensitive when divided by a population);
- a count that is the numerator of a sensitive share inherits that share's rule when it has
  none of its own, so that the count is never published where its share is hidden (the
  stricter of two rules wins: larger minimum, zeros protected if either says so).

A share with a small denominator is suppressed; so that the share cannot be rebuilt from its
published numerator and denominator, the numerator's cell is then hidden too
(:meth:`Rules.small_denominators`).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from kommunanalys.catalog.indicators import DEFAULT_MIN_CELL, Catalogue
from kommunanalys.model import Indicator, ValueType


@dataclass(frozen=True, slots=True)
class Rule:
    """The rule for one indicator's counts."""

    min_cell: int = DEFAULT_MIN_CELL
    protect_zeros: bool = False
    round_to: int | None = None

    def primary(self, count: float | None) -> bool:
        """True when ``count`` itself may not be published (primary suppression)."""
        if count is None:
            return False
        return 0 < count < self.min_cell or (self.protect_zeros and count == 0)

    def small_denominator(self, count: float | None) -> bool:
        """A denominator this small makes a share disclosive (zero denominators give no share)."""
        return count is not None and 0 < count < self.min_cell

    def describe(self) -> str:
        """The rule in Swedish, for users (never mentions a value)."""
        parts = [f"antal under {self.min_cell} visas inte"]
        if self.protect_zeros:
            parts.append("inte heller nollor")
        if self.round_to:
            parts.append(f"antal avrundas till närmaste {self.round_to}-tal")
        return "; ".join(parts).capitalize() + "."

    def stricter(self, other: Rule) -> Rule:
        return Rule(
            min_cell=max(self.min_cell, other.min_cell),
            protect_zeros=self.protect_zeros or other.protect_zeros,
            round_to=self.round_to or other.round_to,
        )


def round_count(count: float | None, base: int | None) -> float | None:
    """``count`` rounded half up to a multiple of ``base`` (unchanged without a base)."""
    if count is None or not base:
        return count
    return float(math.floor(count / base + 0.5) * base)


class Rules:
    """The effective rule of every indicator of a catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        own: dict[str, Rule] = {}
        for ind in catalogue:
            if ind.is_view or not ind.sensitive:
                continue
            options = catalogue.disclosure(ind.id)
            own[ind.id] = Rule(
                ind.min_cell or DEFAULT_MIN_CELL, options.protect_zeros, options.round_to
            )
        rules = dict(own)
        #: count id → [(denominator id, rule of the share)] for sensitive shares
        self._shares_of: dict[str, list[tuple[str, Rule]]] = {}
        for ind in catalogue:
            if ind.is_view or not ind.is_ratio or not ind.numerator:
                continue
            share_rule = own.get(ind.id)
            if share_rule is None:
                continue
            current = rules.get(ind.numerator)
            rules[ind.numerator] = share_rule if current is None else current.stricter(share_rule)
            if ind.denominator:
                self._shares_of.setdefault(ind.numerator, []).append((ind.denominator, share_rule))
        for ind in catalogue:  # shares without a rule of their own use their numerator's
            if ind.is_ratio and not ind.is_view and ind.id not in rules and ind.numerator:
                numerator_rule = rules.get(ind.numerator)
                if numerator_rule is not None:
                    rules[ind.id] = numerator_rule
        self._rules = rules

    def rule(self, indicator: Indicator | str) -> Rule | None:
        """The suppression rule of ``indicator`` (a view uses its base's), or None when its
        values are published as they are."""
        ind = self.catalogue.get(indicator) if isinstance(indicator, str) else indicator
        if ind is None:
            return None
        return self._rules.get(self.catalogue.base(ind).id)

    def rounding(self, indicator_id: str | None) -> int | None:
        """The base published counts of ``indicator_id`` are rounded to, if any (also for
        counts that are not sensitive)."""
        if not indicator_id:
            return None
        return self.catalogue.disclosure(indicator_id).round_to

    def planned(self) -> list[str]:
        """Count indicators with a rule: the ones the suppression plan covers."""
        return sorted(
            i.id
            for i in self.catalogue
            if not i.is_view and i.value_type is ValueType.COUNT and i.id in self._rules
        )

    def small_denominators(self, count_id: str) -> list[tuple[str, Rule]]:
        """(denominator, rule) of every sensitive share whose numerator is ``count_id``."""
        return list(self._shares_of.get(count_id, ()))

    def fingerprint(self) -> str:
        """Changes whenever a rule that shapes the plan changes."""
        text = repr(
            sorted(
                (
                    i,
                    self._rules[i].min_cell,
                    self._rules[i].protect_zeros,
                    sorted((d, r.min_cell) for d, r in self.small_denominators(i)),
                )
                for i in self.planned()
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]
