"""The additive relations between published cells that could reveal a hidden one.

Every relation is "a total equals the sum of its parts" (:class:`Group`) inside one indicator,
one period and one age group:

- **areas** (:class:`SumRelation`, from the area catalogue): a RegSO is the sum of its DeSO,
  the kommun the sum of its RegSO — per vintage (DeSO 2018 → RegSO 2020, DeSO 2025 → RegSO
  2025); a custom area (level ``custom``) the sum of the DeSO it is made of; an area whose
  code and boundary are the same in both vintages equals itself ("samma område") when a year
  has values in both;
- **gender**: T = K + M in every area.

Relations across years do not exist in our data as sums (no multi-year totals and no flows
are published); the year-to-year channel is the published difference, which the web layer
only ever computes from two published cells (see docs/privacy.md, "Närliggande år").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kommunanalys.catalog.areas import REGSO_BROKEN
from kommunanalys.derive import HIERARCHY
from kommunanalys.model import Area, AreaChange, Division, Gender, Level

AreaNode = tuple[str, Division]
#: One cell of an indicator in one period and age group: (area node, gender).
Cell = tuple[AreaNode, Gender]

GENDER_PARTS = (Gender.WOMEN, Gender.MEN)
HIERARCHY_KIND = "områdeshierarki"
CUSTOM_KIND = "eget område"
SAME_AREA_KIND = "samma område i båda indelningarna"
GENDER_KIND = "kön (T = K + M)"


@dataclass(frozen=True, slots=True)
class SumRelation:
    """``parent`` = sum of ``children`` for every count, in every period and gender."""

    parent: AreaNode
    children: tuple[AreaNode, ...]
    kind: str = HIERARCHY_KIND


@dataclass(frozen=True, slots=True)
class Group:
    """One margin group: ``total`` = sum of ``members``."""

    total: Cell
    members: tuple[Cell, ...]
    kind: str

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.members)


def area_relations(
    areas: Iterable[Area],
    changes: Iterable[AreaChange] = (),
    members: Mapping[AreaNode, Sequence[AreaNode]] | None = None,
) -> list[SumRelation]:
    """Every "parent = sum of children" relation the area catalogue implies, sorted.

    ``members`` gives the parts of custom areas (a custom area is a set of DeSO or RegSO whose
    counts are summed): any area listed there becomes the parent of its parts, so custom
    areas are protected by the same plan as the statistical hierarchy."""
    areas = list(areas)
    by_division: dict[Division, list[Area]] = defaultdict(list)
    for area in areas:
        by_division[area.division].append(area)
    relations: list[SumRelation] = []
    for child_division, parent_division in HIERARCHY:
        parents = {a.code for a in by_division[parent_division]}
        children: dict[str, list[str]] = defaultdict(list)
        for area in by_division[child_division]:
            if area.parent and area.parent in parents:
                children[area.parent].append(area.code)
        relations.extend(
            SumRelation(
                (parent, parent_division),
                tuple((c, child_division) for c in sorted(codes)),
            )
            for parent, codes in children.items()
        )
    for parent, parts in (members or {}).items():
        if parts:
            relations.append(SumRelation(parent, tuple(sorted(parts)), CUSTOM_KIND))
    relations.extend(_same_area(areas, list(changes)))
    return sorted(relations, key=lambda r: (r.parent, r.children))


def _same_area(areas: list[Area], changes: list[AreaChange]) -> list[SumRelation]:
    """An unchanged DeSO or RegSO is one area in two vintages: equal wherever both have data."""
    changed_deso = {c.from_code for c in changes} | {c.to_code for c in changes}
    broken_regso = {c.from_code for c in changes if c.kind == REGSO_BROKEN}
    present = {(a.code, a.division) for a in areas}
    out = []
    for old, new, level in (
        (Division.DESO2018, Division.DESO2025, Level.DESO),
        (Division.REGSO2020, Division.REGSO2025, Level.REGSO),
    ):
        for area in areas:
            if area.division is not old or (area.code, new) not in present:
                continue
            if (level is Level.DESO and area.code in changed_deso) or (
                level is Level.REGSO and area.code in broken_regso
            ):
                continue
            out.append(SumRelation((area.code, old), ((area.code, new),), SAME_AREA_KIND))
    return out


def groups_for(cells: Mapping[Cell, object], relations: Sequence[SumRelation]) -> list[Group]:
    """The margin groups among ``cells`` (one indicator, period and age group), in a fixed
    order. A group exists when its total is a cell and at least one part is; parts without a
    cell are unpublished and count as hidden."""
    genders = sorted({g for _, g in cells})
    groups: list[Group] = []
    for relation in relations:
        for gender in genders:
            total = (relation.parent, gender)
            if total not in cells:
                continue
            parts = tuple((child, gender) for child in relation.children)
            if any(p in cells for p in parts):
                groups.append(Group(total, parts, relation.kind))
    for node in sorted({n for n, _ in cells}):
        total = (node, Gender.TOTAL)
        parts = tuple((node, g) for g in GENDER_PARTS)
        if total in cells and any(p in cells for p in parts):
            groups.append(Group(total, parts, GENDER_KIND))
    return groups
