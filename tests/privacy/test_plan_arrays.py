"""The plan's vectorised rule tests agree with :class:`Rule`, value by value."""

from __future__ import annotations

import numpy as np

from kommunanalys.privacy.plan import primary_cells, small_denominators
from kommunanalys.privacy.rules import Rule

VALUES = [None, -1.0, 0.0, 0.5, 1.0, 4.0, 4.999, 5.0, 6.0, 9.0, 10.0, 1e9]


def test_primary_cells_is_rule_primary_for_every_value() -> None:
    array = np.array(VALUES, dtype=float)
    for rule in (Rule(5), Rule(5, protect_zeros=True), Rule(10), Rule(3, protect_zeros=True)):
        assert primary_cells(array, rule).tolist() == [rule.primary(v) for v in VALUES]


def test_small_denominators_is_rule_small_denominator_for_every_value() -> None:
    array = np.array(VALUES, dtype=float)
    for rule in (Rule(5), Rule(5, protect_zeros=True), Rule(10)):
        assert small_denominators(array, rule).tolist() == [
            rule.small_denominator(v) for v in VALUES
        ]
