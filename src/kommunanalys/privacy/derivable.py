"""Which hidden cells can be worked out exactly from the published ones.

Each margin group is a linear equation ``total - sum(members) = 0``. With the published cells
filled in, the hidden cells are the unknowns of a linear system; a hidden cell is *derivable*
when every solution gives it the same value, i.e. when its unit vector lies in the row space
of the system's matrix. That covers one-unknown groups (RegSO minus its other DeSO, T minus
K) and every linear combination of groups (a cell that is a "bridge" between two otherwise
protected patterns), whatever the values are.

The system falls apart into independent components (unknowns that share no equation); each
is checked with a singular value decomposition. Components larger than
:data:`MAX_COMPONENT` unknowns are not decomposed (the cost grows with the cube) and are
returned as unchecked, never silently as safe.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from kommunanalys.privacy.relations import Cell, Group

#: Unknowns in one component above which the exact check is skipped (and reported).
MAX_COMPONENT = 4000
_TOLERANCE = 1e-7
#: A cell as the check sees it: a number (the plan) or a :data:`Cell` (the audit).
C = TypeVar("C", bound=Hashable)


@dataclass
class Derivation:
    """The result of a check: derivable hidden cells and the groups that gave them away."""

    derivable: dict[Cell, list[Group]] = field(default_factory=dict)
    unchecked: set[Cell] = field(default_factory=set)


def derivable_cells(
    groups: Sequence[Group],
    hidden: Callable[[Cell], bool],
    protected: Callable[[Cell], bool],
    start: Iterable[Cell] | None = None,
    of_cell: Mapping[Cell, Sequence[int]] | None = None,
) -> Derivation:
    """The ``protected`` hidden cells that ``groups`` let anybody compute exactly.

    ``hidden(cell)`` is True for every cell whose value is not published (suppressed, missing,
    or no cell at all); ``protected(cell)`` for the hidden cells that must stay hidden.

    Given ``start`` (every protected cell) and ``of_cell`` (the indexes of each cell's
    groups), only the groups connected to a protected cell through hidden cells are read:
    the same components, found without going through every group of the slice."""
    if start is None:
        indexes: Iterable[int] = range(len(groups))
    else:
        assert of_cell is not None, "start needs of_cell"
        indexes = reachable(lambda n: groups[n].cells, lambda c: of_cell.get(c, ()), hidden, start)
    derivable, unchecked = solve(
        lambda n: groups[n].cells, lambda n: groups[n].total, indexes, hidden, protected
    )
    return Derivation({c: [groups[n] for n in found] for c, found in derivable.items()}, unchecked)


def solve(
    cells_of: Callable[[int], Sequence[C]],
    total_of: Callable[[int], C],
    indexes: Iterable[int],
    hidden: Callable[[C], bool],
    protected: Callable[[C], bool],
) -> tuple[dict[C, list[int]], set[C]]:
    """The exact check over the groups ``indexes`` (each given by its cells and its total):
    the derivable protected cells with the groups that give each away, and the protected
    cells in components too large to check. Cells are anything sortable: the plan numbers
    them (:mod:`.margins`), the audit passes :data:`~.relations.Cell` tuples."""
    equations: list[tuple[int, list[C]]] = []
    for n in indexes:
        unknown = [c for c in cells_of(n) if hidden(c)]
        if unknown:
            equations.append((n, unknown))
    parent: dict[C, C] = {}

    def find(cell: C) -> C:
        root = cell
        while parent[root] != root:
            root = parent[root]
        while parent[cell] != root:
            parent[cell], cell = root, parent[cell]
        return root

    for _, unknown in equations:
        for cell in unknown:
            parent.setdefault(cell, cell)
        first = find(unknown[0])
        for cell in unknown[1:]:
            root = find(cell)
            if root != first:
                parent[root] = first
    components: dict[C, list[int]] = {}
    for e, (_, unknown) in enumerate(equations):
        components.setdefault(find(unknown[0]), []).append(e)
    derivable: dict[C, list[int]] = {}
    unchecked: set[C] = set()
    for rows in components.values():
        cells = sorted({c for e in rows for c in equations[e][1]})  # type: ignore[type-var]
        if not any(protected(c) for c in cells):
            continue
        if len(cells) > MAX_COMPONENT:
            unchecked.update(c for c in cells if protected(c))
            continue
        column = {c: i for i, c in enumerate(cells)}
        matrix = np.zeros((len(rows), len(cells)))
        for r, e in enumerate(rows):
            n, unknown = equations[e]
            total = total_of(n)
            for cell in unknown:
                matrix[r, column[cell]] = 1.0 if cell == total else -1.0
        for i in _determined_columns(matrix):
            cell = cells[i]
            if protected(cell):
                derivable[cell] = [equations[e][0] for e in rows if cell in equations[e][1]]
    return derivable, unchecked


def reachable(
    cells_of: Callable[[int], Sequence[C]],
    groups_of: Callable[[C], Sequence[int]],
    hidden: Callable[[C], bool],
    start: Iterable[C],
) -> list[int]:
    """The indexes (ascending) of the groups connected to ``start`` through hidden cells."""
    seen_cells = set(start)
    frontier = list(seen_cells)
    found: set[int] = set()
    while frontier:
        cell = frontier.pop()
        for n in groups_of(cell):
            if n in found:
                continue
            found.add(n)
            for other in cells_of(n):
                if other not in seen_cells and hidden(other):
                    seen_cells.add(other)
                    frontier.append(other)
    return sorted(found)


def _determined_columns(matrix: np.ndarray) -> list[int]:
    """Columns whose unit vector lies in the row space of ``matrix``."""
    if matrix.shape[0] == 1:  # one equation: determined only if it has a single unknown
        nonzero = np.flatnonzero(matrix[0])
        return [int(nonzero[0])] if len(nonzero) == 1 else []
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > _TOLERANCE * max(1.0, singular[0])).sum())
    if rank == 0:
        return []
    projection = (vt[:rank] ** 2).sum(axis=0)
    return [int(i) for i in np.flatnonzero(projection > 1 - 1e-6)]
