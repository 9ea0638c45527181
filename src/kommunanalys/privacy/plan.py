"""The suppression plan: every cell of a sensitive count that may not be published.

**Primary** cells break the rule themselves (a count of 1–4 with the default minimum of 5; a
zero where the rule protects zeros; the numerator of a sensitive share whose denominator is
below the share's minimum). **Secondary** cells are published-looking cells hidden so that no
primary cell can be worked out from the margins (:mod:`.relations`: areas and gender).

The algorithm works on one indicator, period and age group at a time (no relation crosses
them) and is deterministic:

1. Mark the primary cells.
2. Greedy, to a fixed point over all margin groups: a group that contains a planned cell must
   have at least two hidden cells, and when its total is published the planned members must
   add up to at least the minimum cell size (the hidden sum is total minus the published
   members, so it is public: "4 + 0 hidden" would tell that the suppressed cell is 4 or
   less). The complement is the smallest published member that closes the gap (ties by
   area code), the total only when no member is left; hiding a cell puts its other groups
   back on the work list.
3. Exact check (:mod:`.derivable`): a cell that is only the bridge between two protected
   patterns can still be computed from a combination of groups. For every such cell the
   smallest published cell of one of its groups is hidden too, then step 2 runs again,
   until no planned cell is derivable.

The gate hides every planned cell, and every share or rate whose numerator or denominator
cell is planned.

The plan is computed chunk by chunk (:func:`compute_plan_chunked`: one indicator and period at
a time when it is read from the store), so its memory is bounded by the largest slice rather
than by the database; and its small decompositions run with one BLAS thread (a multi-threaded
BLAS spends far more on starting threads than on a matrix of a few hundred cells, and the
machine's other work suffers).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet

import numpy as np
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from kommunanalys.model import Value
from kommunanalys.privacy.derivable import reachable, solve
from kommunanalys.privacy.margins import GENDERS, Margins, build_margins, slice_margins
from kommunanalys.privacy.relations import Cell, SumRelation
from kommunanalys.privacy.rules import Rule, Rules
from kommunanalys.privacy.suppression_plan import SuppressionPlan
from kommunanalys.store.disclosure import NumberedInputs

PRIMARY = "primär"
SECONDARY = "sekundär"

#: One value the plan reads: indicator, area, division, period, gender, age group, value
#: (division and gender as text or as their enums).
PlanInput = tuple[str, str, str, str, str, str, float | None]
#: A chunk of the plan's input: the indicator to plan in it (None: every planned indicator
#: in it) and its values, with every value of the indicator's (period, age group) slices in
#: the chunk and those of its sensitive shares' denominators in the same slices.
Chunk = tuple[str | None, Iterable[PlanInput]]
#: One slice (indicator, period, age group) numbered: its cells' numbers (each once) and
#: their values (NaN: no value).
Slices = dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]]
#: A chunk the store numbered (:func:`~kommunanalys.store.disclosure.numbered_plan_inputs`):
#: the indicator to plan, the period, the indicators and age groups its slice numbers count
#: in, and its rows.
NumberedChunk = tuple[str, str, Sequence[str], Sequence[str], NumberedInputs]


class _Numbering:
    """The numbered cells and groups (:mod:`.margins`) of every slice planned so far: built
    once, again only when a slice has an area no relation and no earlier slice had.

    ``areas`` are the store's areas in its order, when the store numbers cells
    (:meth:`cells`)."""

    def __init__(
        self, relations: Sequence[SumRelation], areas: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.relations = relations
        self.areas = areas
        self.nodes: set[tuple[str, str]] = set(areas)
        self.add(())

    def add(self, nodes: Iterable[tuple[str, str]]) -> None:
        self.nodes.update(nodes)
        self.margins = build_margins(self.nodes, self.relations)
        #: Per store area, its position among the numbering's nodes.
        self._positions = self.margins.node_positions(self.areas)

    def cells(self, numbers: np.ndarray) -> np.ndarray:
        """The cell numbers of the store's ``numbers``: ``3 × n + gender``, ``n`` an index
        into ``areas``, the genders in :data:`~.margins.GENDERS`' order."""
        size = len(GENDERS)
        return self._positions[numbers // size] * size + numbers % size


def compute_plan(
    values: Iterable[Value], rules: Rules, relations: Sequence[SumRelation]
) -> SuppressionPlan:
    """The plan for every count indicator with a rule, from the current (unrounded) values.

    ``values`` must hold those indicators' values and the denominators of their sensitive
    shares (other values are ignored)."""
    rows = (
        (v.indicator, v.area, v.division, v.period, v.gender, v.age_group, v.value) for v in values
    )
    return compute_plan_chunked([(None, rows)], rules, relations)


def compute_plan_chunked(
    chunks: Iterable[Chunk], rules: Rules, relations: Sequence[SumRelation]
) -> SuppressionPlan:
    """The plan from ``chunks`` (see :data:`Chunk`); only one chunk is held at a time."""
    planned = set(rules.planned())
    plan = SuppressionPlan()
    numbering = _Numbering(relations)
    with threadpool_limits(limits=1, user_api="blas"):
        for owner, rows in chunks:
            wanted = planned | {d for i in planned for d, _ in rules.small_denominators(i)}
            kept = [r for r in rows if r[0] in wanted]
            try:
                slices = _numbered(kept, numbering.margins.number)
            except KeyError:  # an area no relation and no earlier slice had: number it too
                number = numbering.margins.number
                numbering.add({(r[1], r[2]) for r in kept if (r[1], r[2], r[4]) not in number})
                slices = _numbered(kept, numbering.margins.number)
            _plan_slices(plan, owner, slices, rules, planned, numbering.margins)
    return plan


def compute_plan_numbered(
    chunks: Iterable[NumberedChunk],
    areas: Sequence[tuple[str, str]],
    rules: Rules,
    relations: Sequence[SumRelation],
) -> SuppressionPlan:
    """The plan from chunks the store numbered: ``areas`` are the areas in the store's order
    (:func:`~kommunanalys.store.disclosure.plan_areas`). The same plan as
    :func:`compute_plan_chunked`; no row's key becomes a Python object."""
    planned = set(rules.planned())
    plan = SuppressionPlan()
    numbering = _Numbering(relations, areas)
    with threadpool_limits(limits=1, user_api="blas"):
        for owner, period, indicators, ages, rows in chunks:
            slices = _numbered_slices(numbering, period, indicators, ages, rows)
            _plan_slices(plan, owner, slices, rules, planned, numbering.margins)
    return plan


def _numbered_slices(
    numbering: _Numbering,
    period: str,
    indicators: Sequence[str],
    ages: Sequence[str],
    inputs: NumberedInputs,
) -> Slices:
    """The slices of a numbered chunk; the values the store could not number are numbered
    here (a new area added to the numbering)."""
    ids, numbers, values, rest = inputs
    slices: Slices = {}
    if rest:
        numbering.add({(r[1], r[2]) for r in rest})
        slices = _numbered(rest, numbering.margins.number)
    cells = numbering.cells(numbers)
    starts = np.flatnonzero(np.diff(ids, prepend=-1))
    ends = [*starts[1:].tolist(), len(ids)]
    per_age = max(len(ages), 1)
    for start, end in zip(starts.tolist(), ends, strict=True):
        i, j = divmod(int(ids[start]), per_age)
        key = (indicators[i], period, ages[j])
        found = (cells[start:end], values[start:end])
        if key in slices:  # some of its values were numbered here
            found = (
                np.concatenate((slices[key][0], found[0])),
                np.concatenate((slices[key][1], found[1])),
            )
        slices[key] = found
    return slices


def _plan_slices(
    plan: SuppressionPlan,
    owner: str | None,
    slices: Slices,
    rules: Rules,
    planned: AbstractSet[str],
    margins: Margins,
) -> None:
    """Plan every slice of ``owner`` (every planned indicator when None) in ``slices``."""
    for indicator, period, age in sorted(slices):
        if indicator not in planned or (owner is not None and indicator != owner):
            continue
        rule = rules.rule(indicator)
        assert rule is not None
        numbers, values = slices[(indicator, period, age)]
        forced = np.zeros(len(margins), dtype=bool)
        for denominator, share_rule in rules.small_denominators(indicator):
            if (found := slices.get((denominator, period, age))) is not None:
                forced |= small_denominators(_known(len(margins), *found), share_rule)
        planned_cells, unchecked = _plan_numbers(margins, numbers, values, rule, forced)
        plan.unchecked += unchecked
        if planned_cells:
            target = plan.cells.setdefault(indicator, {})
            for n, reason in planned_cells.items():
                (area, division), gender = margins.cells[n]
                target[(area, division, period, gender, age)] = reason


def _numbered(rows: Iterable[PlanInput], number: dict[tuple[str, str, str], int]) -> Slices:
    """Per (indicator, period, age group): the cells' numbers and values (the last reading
    of a cell wins; a KeyError for a cell without a number)."""
    found: dict[tuple[str, str, str], dict[int, float | None]] = {}
    for indicator, area, division, period, gender, age, value in rows:
        cells = found.get((indicator, period, age))
        if cells is None:
            cells = found[(indicator, period, age)] = {}
        cells[number[(area, division, gender)]] = value
    return {
        key: (np.fromiter(cells, dtype=np.int64, count=len(cells)),
              np.array(list(cells.values()), dtype=float))
        for key, cells in found.items()
    }


def primary_cells(values: np.ndarray, rule: Rule) -> np.ndarray:
    """:meth:`Rule.primary` of every value at once (NaN: no value, never primary)."""
    small = (values > 0) & (values < rule.min_cell)
    return small | (values == 0) if rule.protect_zeros else small


def small_denominators(values: np.ndarray, rule: Rule) -> np.ndarray:
    """:meth:`Rule.small_denominator` of every value at once (NaN: no value)."""
    return (values > 0) & (values < rule.min_cell)


def _known(size: int, numbers: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The value of every cell number (NaN where the slice has no cell or no value)."""
    out = np.full(size, np.nan)
    out[numbers] = values
    return out


def plan_slice(
    cells: dict[Cell, float | None],
    relations: Sequence[SumRelation],
    rule: Rule,
    forced: AbstractSet[Cell] = frozenset(),
) -> tuple[dict[Cell, str], int]:
    """The planned cells of one indicator, period and age group, and how many of them sit in
    components too large for the exact check."""
    margins = build_margins({node for node, _ in cells}, relations)
    numbers = np.array([margins.number[(a, d, g)] for (a, d), g in cells], dtype=np.int64)
    values = np.array(list(cells.values()), dtype=float)
    chosen = np.zeros(len(margins), dtype=bool)
    chosen[[margins.number[(a, d, g)] for (a, d), g in forced if (a, d, g) in margins.number]] = 1
    planned, unchecked = _plan_numbers(margins, numbers, values, rule, chosen)
    return {margins.cells[n]: reason for n, reason in planned.items()}, unchecked


def _plan_numbers(
    margins: Margins,
    numbers: np.ndarray,
    values: np.ndarray,
    rule: Rule,
    forced: np.ndarray,
) -> tuple[dict[int, str], int]:
    """:func:`plan_slice` on numbered cells (``numbers[i]``, each once, has ``values[i]``,
    NaN for none; ``forced`` marks the cell numbers to hide as primary whenever they have a
    value)."""
    known = _known(len(margins), numbers, values)
    primary = primary_cells(known, rule) | (forced & ~np.isnan(known))
    plan: dict[int, str] = {n: PRIMARY for n in np.flatnonzero(primary).tolist()}
    if not plan:
        return plan, 0
    # the greedy and the exact check look single cells up: a list, None for no value
    vals: list[float | None] = [None if v != v else v for v in known.tolist()]
    present = np.zeros(len(margins), dtype=bool)
    present[numbers] = True
    groups_of = slice_margins(margins, present).groups_of
    group_cells = margins.group_cells
    queue: deque[int] = deque(sorted({i for c in plan for i in groups_of(c)}))
    queued = set(queue)

    def hide(cell: int) -> None:
        plan[cell] = SECONDARY
        for i in groups_of(cell):
            if i not in queued:
                queue.append(i)
                queued.add(i)

    def settle() -> None:
        while queue:
            i = queue.popleft()
            queued.discard(i)
            for cell in _complements(group_cells[i], vals, plan, rule.min_cell):
                hide(cell)

    def hidden(cell: int) -> bool:
        return cell in plan or vals[cell] is None

    def total_of(i: int) -> int:
        return group_cells[i][0]

    settle()
    unchecked = 0
    for _ in range(int(present.sum()) + 1):
        reached = reachable(group_cells.__getitem__, groups_of, hidden, list(plan))
        found, too_large = solve(
            group_cells.__getitem__, total_of, reached, hidden, plan.__contains__
        )
        unchecked = len(too_large)
        breakers = {
            b
            for cell in sorted(found)
            if (b := _breaker(cell, group_cells, groups_of, vals, plan)) is not None
        }
        if not breakers:
            break
        for cell in sorted(breakers):
            hide(cell)
        settle()
    return plan, unchecked


def _complements(
    group: tuple[int, ...], vals: list[float | None], plan: dict[int, str], min_cell: int
) -> list[int]:
    """The cells to hide so that ``group`` (total, then members) protects its planned cells
    (step 2)."""
    if not any(c in plan for c in group):
        return []
    total, members = group[0], group[1:]
    chosen: list[int] = []

    def is_hidden(cell: int) -> bool:
        return cell in plan or cell in chosen or vals[cell] is None

    while True:
        hidden_count = sum(1 for c in group if is_hidden(c))
        total_published = not is_hidden(total)
        hidden_sum = sum(vals[c] or 0.0 for c in members if c in plan or c in chosen)
        need_sum = total_published and hidden_sum < min_cell
        if hidden_count >= 2 and not need_sum:
            return chosen
        candidates = sorted(
            (value, c) for c in members if not is_hidden(c) and (value := vals[c]) is not None
        )
        if not candidates:
            if total_published:
                chosen.append(total)
                continue
            return chosen
        if need_sum:
            gap = min_cell - hidden_sum
            fitting = [c for c in candidates if c[0] >= gap]
            chosen.append(fitting[0][1] if fitting else candidates[-1][1])
        else:
            chosen.append(candidates[0][1])


def _breaker(
    cell: int,
    group_cells: list[tuple[int, ...]],
    groups_of: Callable[[int], list[int]],
    vals: list[float | None],
    plan: dict[int, str],
) -> int | None:
    """The smallest published cell in a group of ``cell`` (or, failing that, of the hidden
    cells connected to it): hiding it breaks the combination that derives ``cell``."""
    seen_cells = {cell}
    frontier = [cell]
    seen_groups: set[int] = set()
    while frontier:
        candidates: list[tuple[float, bool, int]] = []
        next_frontier: list[int] = []
        for current in frontier:
            for i in groups_of(current):
                if i in seen_groups:
                    continue
                seen_groups.add(i)
                group = group_cells[i]
                for other in group:
                    value = vals[other]
                    if other not in plan and value is not None:
                        candidates.append((value, other == group[0], other))
                    elif other not in seen_cells:
                        seen_cells.add(other)
                        next_frontier.append(other)
        if candidates:
            return min(candidates)[2]
        frontier = next_frontier
    return None
