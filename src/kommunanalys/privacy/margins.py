"""The margin groups of a slice as numbers: what the suppression plan works on.

A national slice (one indicator, period and age group) has about 23 000 cells and 25 000
margin groups. As tuples of tuples in dicts, building the groups of every slice and looking
cells up took most of the plan's time. Here every cell an indicator's slices can have is
numbered once (:class:`Margins`, in the sort order of :data:`~.relations.Cell`, so that
ordering numbers orders cells the same way), every group is numbered once in the order of
:func:`~.relations.groups_for`, and a slice is a value per number (:class:`SliceMargins`):
which groups exist in it is one vectorised test, and each cell's groups are an index array.

Every node has one cell per gender, consecutive: a cell's number is ``3 × node + gender`` (in
the order of :data:`GENDERS`), so the store can number a slice's cells in the database
(:func:`~kommunanalys.store.disclosure.numbered_plan_inputs`) by the areas' order alone.

A group exists in a slice when its total is a cell of the slice and at least one of its parts
is (the rule of :func:`~.relations.groups_for`); a slice's groups keep their numbers, so
they come in the same relative order as there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from kommunanalys.model import Division, Gender
from kommunanalys.privacy.relations import GENDER_PARTS, Cell, SumRelation

_GENDERS = tuple(sorted(Gender))
#: The genders in the order of a node's cells: cell ``3 × node + i`` has gender ``GENDERS[i]``.
GENDERS: tuple[str, ...] = tuple(g.value for g in _GENDERS)


@dataclass(frozen=True)
class Margins:
    """Every cell of ``nodes`` × genders, numbered in sorted order, and every margin group
    the relations can give among them (total first, then the members, per group)."""

    cells: list[Cell]
    #: A cell's number; looked up by (area, division, gender) as text or as enums.
    number: dict[tuple[str, str, str], int]
    #: The cells of each group: total, then members.
    group_cells: list[tuple[int, ...]]
    #: All groups' cells flat (``group_cells`` joined) and the group of each entry.
    _flat: np.ndarray
    _flat_group: np.ndarray
    _totals: np.ndarray
    #: Per group, the start of its members in ``_members`` (and the end as the last entry).
    _member_start: np.ndarray
    _members: np.ndarray

    def __len__(self) -> int:
        return len(self.cells)

    def node_positions(self, nodes: Sequence[tuple[str, str]]) -> np.ndarray:
        """The position of each of ``nodes`` (area, division) among this numbering's nodes:
        its cells are ``3 × position + i`` for the genders of :data:`GENDERS` (a KeyError for
        a node without a number)."""
        first = GENDERS[0]
        return np.fromiter(
            (self.number[(a, d, first)] // len(GENDERS) for a, d in nodes),
            dtype=np.int64,
            count=len(nodes),
        )


def build_margins(nodes: Iterable[tuple[str, str]], relations: Sequence[SumRelation]) -> Margins:
    """The numbered cells and groups for ``nodes`` and every node of ``relations``."""
    every = set(nodes)
    for relation in relations:
        every.add(relation.parent)
        every.update(relation.children)
    ordered = sorted((a, Division(d)) for a, d in every)
    cells: list[Cell] = sorted((node, g) for node in ordered for g in _GENDERS)
    number: dict[tuple[str, str, str], int] = {
        (a, d, g): i for i, ((a, d), g) in enumerate(cells)
    }
    groups: list[tuple[int, ...]] = []
    for relation in relations:
        pa, pd = relation.parent
        for gender in _GENDERS:
            groups.append(
                (number[(pa, pd, gender)], *(number[(a, d, gender)] for a, d in relation.children))
            )
    for a, d in ordered:
        groups.append((number[(a, d, Gender.TOTAL)], *(number[(a, d, g)] for g in GENDER_PARTS)))
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    flat = np.fromiter((c for g in groups for c in g), dtype=np.int64, count=int(sizes.sum()))
    # each group's first index (none when there is no group)
    starts = (np.cumsum(sizes) - sizes).astype(np.int64)
    is_member = np.ones(len(flat), dtype=bool)
    is_member[starts] = False
    member_counts = sizes - 1
    return Margins(
        cells=cells,
        number=number,
        group_cells=groups,
        _flat=flat,
        _flat_group=np.repeat(np.arange(len(groups), dtype=np.int64), sizes),
        _totals=flat[starts],
        _member_start=np.concatenate(([0], np.cumsum(member_counts))).astype(np.int64),
        _members=flat[is_member],
    )


@dataclass(frozen=True)
class SliceMargins:
    """The groups of one slice: ``groups_of(cell)`` are the numbers (ascending) of the
    existing groups ``cell`` is in."""

    margins: Margins
    _start: list[int]
    _groups: list[int]

    def groups_of(self, cell: int) -> list[int]:
        return self._groups[self._start[cell] : self._start[cell + 1]]


def slice_margins(margins: Margins, present: np.ndarray) -> SliceMargins:
    """The groups that exist where ``present`` (a bool per cell number) marks the cells."""
    if len(margins.group_cells) == 0:
        return SliceMargins(margins, [0] * (len(margins) + 1), [])
    members = present[margins._members].astype(np.int64)
    known_members = np.add.reduceat(members, margins._member_start[:-1])
    exists = present[margins._totals] & (known_members > 0)
    keep = exists[margins._flat_group]
    cells = margins._flat[keep]
    groups = margins._flat_group[keep]
    order = np.argsort(cells, kind="stable")  # per cell, its groups stay ascending
    counts = np.bincount(cells, minlength=len(margins))
    start = np.concatenate(([0], np.cumsum(counts)))
    return SliceMargins(margins, start.tolist(), groups[order].tolist())
