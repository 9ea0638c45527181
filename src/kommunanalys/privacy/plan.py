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

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from kommunanalys.model import Division, Gender, Value
from kommunanalys.privacy.derivable import derivable_cells
from kommunanalys.privacy.relations import Cell, Group, SumRelation, groups_for
from kommunanalys.privacy.rules import Rule, Rules

PRIMARY = "primär"
SECONDARY = "sekundär"

#: A planned cell of one indicator: area, division, period, gender, age group.
PlanKey = tuple[str, Division, str, Gender, str]
#: One value the plan reads: indicator, area, division, period, gender, age group, value.
PlanInput = tuple[str, str, Division, str, Gender, str, float | None]
#: A chunk of the plan's input: the indicator to plan in it (None: every planned indicator
#: in it) and its values, with every value of the indicator's (period, age group) slices in
#: the chunk and those of its sensitive shares' denominators in the same slices.
Chunk = tuple[str | None, Iterable[PlanInput]]
#: The margin groups of a slice and, per cell, the indexes of its groups.
Structure = tuple[list[Group], dict[Cell, list[int]]]


def margin_structure(cells: Mapping[Cell, object], relations: Sequence[SumRelation]) -> Structure:
    groups = groups_for(cells, relations)
    of_cell: dict[Cell, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        for cell in group.cells:
            of_cell[cell].append(i)
    return groups, of_cell


class _Structures:
    """The margin structure depends only on which cells a slice has, and the slices of an
    indicator mostly have the same cells: the last few structures are kept by cell set."""

    def __init__(self, relations: Sequence[SumRelation], keep: int = 4) -> None:
        self.relations = relations
        self.keep = keep
        self.kept: dict[frozenset[Cell], Structure] = {}

    def __call__(self, cells: Mapping[Cell, object]) -> Structure:
        key = frozenset(cells)
        found = self.kept.pop(key, None)
        if found is None:
            found = margin_structure(cells, self.relations)
            if len(self.kept) >= self.keep:
                del self.kept[next(iter(self.kept))]
        self.kept[key] = found  # the most recently used last
        return found


@dataclass
class SuppressionPlan:
    """Planned cells by indicator, each with its reason (primär/sekundär)."""

    cells: dict[str, dict[PlanKey, str]] = field(default_factory=dict)
    #: Planned cells in components too large for the exact check (see :mod:`.derivable`).
    unchecked: int = 0

    def hides(self, indicator: str | None, key: PlanKey) -> bool:
        if indicator is None:
            return False
        planned = self.cells.get(indicator)
        return planned is not None and key in planned

    def reason(self, indicator: str, key: PlanKey) -> str | None:
        return self.cells.get(indicator, {}).get(key)

    def __len__(self) -> int:
        return sum(len(c) for c in self.cells.values())

    def rows(self) -> Iterator[tuple[str, str, str, str, str, str, str]]:
        """(indicator, area, division, period, gender, age group, reason), sorted."""
        for indicator in sorted(self.cells):
            for (area, division, period, gender, age), reason in sorted(
                self.cells[indicator].items()
            ):
                yield indicator, area, division.value, period, gender.value, age, reason


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
    structures = _Structures(relations)
    with threadpool_limits(limits=1, user_api="blas"):
        for owner, rows in chunks:
            _plan_chunk(plan, owner, rows, rules, planned, structures)
    return plan


def _plan_chunk(
    plan: SuppressionPlan,
    owner: str | None,
    rows: Iterable[PlanInput],
    rules: Rules,
    planned: AbstractSet[str],
    structures: _Structures,
) -> None:
    wanted = planned | {d for i in planned for d, _ in rules.small_denominators(i)}
    slices: dict[tuple[str, str, str], dict[Cell, float | None]] = defaultdict(dict)
    for indicator, area, division, period, gender, age, value in rows:
        if indicator in wanted:
            slices[(indicator, period, age)][((area, division), gender)] = value
    for indicator, period, age in sorted(slices):
        if indicator not in planned or (owner is not None and indicator != owner):
            continue
        rule = rules.rule(indicator)
        assert rule is not None
        cells = slices[(indicator, period, age)]
        forced: set[Cell] = set()
        for denominator, share_rule in rules.small_denominators(indicator):
            below = slices.get((denominator, period, age), {})
            forced.update(c for c in cells if share_rule.small_denominator(below.get(c)))
        planned_cells, unchecked = plan_slice(cells, structures.relations, rule, forced, structures)
        plan.unchecked += unchecked
        if planned_cells:
            target = plan.cells.setdefault(indicator, {})
            for ((area, division), gender), reason in planned_cells.items():
                target[(area, division, period, gender, age)] = reason


def plan_slice(
    cells: dict[Cell, float | None],
    relations: Sequence[SumRelation],
    rule: Rule,
    forced: AbstractSet[Cell] = frozenset(),
    structure_of: Callable[[Mapping[Cell, object]], Structure] | None = None,
) -> tuple[dict[Cell, str], int]:
    """The planned cells of one indicator, period and age group, and how many of them sit in
    components too large for the exact check. ``structure_of`` gives the slice's margin
    structure (default: :func:`margin_structure` over ``relations``)."""
    plan: dict[Cell, str] = {
        c: PRIMARY
        for c in sorted(
            c for c, v in cells.items() if v is not None and (rule.primary(v) or c in forced)
        )
    }
    if not plan:
        return plan, 0
    if structure_of is None:
        groups, of_cell = margin_structure(cells, relations)
    else:
        groups, of_cell = structure_of(cells)
    queue: deque[int] = deque(sorted({i for c in plan for i in of_cell.get(c, ())}))
    queued = set(queue)

    def hide(cell: Cell) -> None:
        plan[cell] = SECONDARY
        for i in of_cell.get(cell, ()):
            if i not in queued:
                queue.append(i)
                queued.add(i)

    def settle() -> None:
        while queue:
            i = queue.popleft()
            queued.discard(i)
            for cell in _complements(groups[i], cells, plan, rule.min_cell):
                hide(cell)

    def hidden(cell: Cell) -> bool:
        return cell in plan or cells.get(cell) is None

    settle()
    unchecked = 0
    for _ in range(len(cells) + 1):
        found = derivable_cells(groups, hidden, plan.__contains__, list(plan), of_cell)
        unchecked = len(found.unchecked)
        breakers = {
            b
            for cell in sorted(found.derivable)
            if (b := _breaker(cell, groups, of_cell, cells, plan)) is not None
        }
        if not breakers:
            break
        for cell in sorted(breakers):
            hide(cell)
        settle()
    return plan, unchecked


def _complements(
    group: Group, cells: dict[Cell, float | None], plan: dict[Cell, str], min_cell: int
) -> list[Cell]:
    """The cells to hide so that ``group`` protects its planned cells (step 2)."""
    if not any(c in plan for c in group.cells):
        return []
    chosen: list[Cell] = []

    def is_hidden(cell: Cell) -> bool:
        return cell in plan or cell in chosen or cells.get(cell) is None

    while True:
        hidden_count = sum(1 for c in group.cells if is_hidden(c))
        total_published = not is_hidden(group.total)
        hidden_sum = sum(cells.get(c) or 0.0 for c in group.members if c in plan or c in chosen)
        need_sum = total_published and hidden_sum < min_cell
        if hidden_count >= 2 and not need_sum:
            return chosen
        candidates = sorted(
            (value, c)
            for c in group.members
            if not is_hidden(c) and (value := cells[c]) is not None
        )
        if not candidates:
            if total_published:
                chosen.append(group.total)
                continue
            return chosen
        if need_sum:
            gap = min_cell - hidden_sum
            fitting = [c for c in candidates if c[0] >= gap]
            chosen.append(fitting[0][1] if fitting else candidates[-1][1])
        else:
            chosen.append(candidates[0][1])


def _breaker(
    cell: Cell,
    groups: list[Group],
    of_cell: dict[Cell, list[int]],
    cells: dict[Cell, float | None],
    plan: dict[Cell, str],
) -> Cell | None:
    """The smallest published cell in a group of ``cell`` (or, failing that, of the hidden
    cells connected to it): hiding it breaks the combination that derives ``cell``."""
    seen_cells = {cell}
    frontier = [cell]
    seen_groups: set[int] = set()
    while frontier:
        candidates: list[tuple[float, bool, Cell]] = []
        next_frontier: list[Cell] = []
        for current in frontier:
            for i in of_cell.get(current, ()):
                if i in seen_groups:
                    continue
                seen_groups.add(i)
                for other in groups[i].cells:
                    value = cells.get(other)
                    if other not in plan and value is not None:
                        candidates.append((value, other == groups[i].total, other))
                    elif other not in seen_cells:
                        seen_cells.add(other)
                        next_frontier.append(other)
        if candidates:
            return min(candidates)[2]
        frontier = next_frontier
    return None
