"""The numbered margin groups (privacy/margins.py) are exactly those of ``groups_for``."""

from __future__ import annotations

import random

import numpy as np

from kommunanalys.model import Area, Division, Gender, Level
from kommunanalys.privacy.derivable import derivable_cells, reachable, solve
from kommunanalys.privacy.margins import build_margins, slice_margins
from kommunanalys.privacy.relations import area_relations, groups_for


def _relations() -> list:
    areas = [Area("k", "k", Level.KOMMUN, Division.KOMMUN)]
    for r in ("r1", "r2", "r3"):
        areas.append(Area(r, r, Level.REGSO, Division.REGSO2020, "k"))
        areas += [Area(f"{r}d{i}", "d", Level.DESO, Division.DESO2018, r) for i in range(3)]
    return area_relations(areas)


def test_cells_are_numbered_in_sort_order_and_looked_up_by_text() -> None:
    margins = build_margins([("x", Division.KOMMUN)], _relations())
    assert margins.cells == sorted(margins.cells)
    assert len(margins) == 14 * 3  # k, x, three RegSO, nine DeSO
    for n, ((area, division), gender) in enumerate(margins.cells):
        assert margins.number[(area, division.value, gender.value)] == n


def test_a_slices_groups_are_those_of_groups_for_in_the_same_order() -> None:
    relations = _relations()
    margins = build_margins([], relations)
    rng = random.Random(7)
    for _ in range(40):
        cells = {c: 1.0 for c in margins.cells if rng.random() < 0.6}
        present = [c in cells for c in margins.cells]
        structure = slice_margins(margins, np.array(present, dtype=bool))
        expected = [(g.total, g.members) for g in groups_for(cells, relations)]
        numbers = sorted({i for n in range(len(margins)) for i in structure.groups_of(n)})
        got = [
            (
                margins.cells[margins.group_cells[i][0]],
                tuple(margins.cells[c] for c in margins.group_cells[i][1:]),
            )
            for i in numbers
        ]
        assert got == expected
        for n, cell in enumerate(margins.cells):
            assert [got[numbers.index(i)] for i in structure.groups_of(n)] == [
                e for e in expected if cell == e[0] or cell in e[1]
            ]


def test_solve_on_numbers_agrees_with_derivable_cells() -> None:
    relations = _relations()
    margins = build_margins([], relations)
    node = ("r1d0", Division.DESO2018)
    cells = {c: 10.0 for c in margins.cells}
    hidden_cells = {(node, Gender.TOTAL), (node, Gender.WOMEN)}  # M is published: T - M = K
    groups = groups_for(cells, relations)
    expected = derivable_cells(groups, hidden_cells.__contains__, hidden_cells.__contains__)
    present = np.ones(len(margins), dtype=bool)
    groups_of = slice_margins(margins, present).groups_of
    hidden = {margins.cells.index(c) for c in hidden_cells}
    reached = reachable(margins.group_cells.__getitem__, groups_of, hidden.__contains__, hidden)
    found, unchecked = solve(
        margins.group_cells.__getitem__,
        lambda i: margins.group_cells[i][0],
        reached,
        hidden.__contains__,
        hidden.__contains__,
    )
    assert {margins.cells[n] for n in found} == set(expected.derivable) != set()
    assert unchecked == set()
