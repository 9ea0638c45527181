"""The interventions register (insatser): loaded from a file or drafted from an insight.

"Omvandla insikter till insatser": an analyst who reads a finding on the insights page makes a
**draft** intervention already linked to the finding's area, indicator and the effect logic
items that indicator follows; it is described later (in the file, by id). Every write is one
transaction with its audit event (``intervention.load``, ``intervention.draft``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kommunanalys.effect.logic_file import read_interventions_file
from kommunanalys.effect.model import (
    Intervention,
    InterventionStatus,
    Item,
    Outcome,
    PreventionLevel,
    TargetGender,
)
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.errors import ErrorCode
from kommunanalys.query import QueryError
from kommunanalys.store import Store

LOAD_ACTION = "intervention.load"
DRAFT_ACTION = "intervention.draft"
#: the kinds of an intervention's links
ITEM, INDICATOR, AREA = "item", "indicator", "area"


class UnknownIntervention(QueryError):
    """No intervention has this id (a page answers 404)."""


def item_ref(outcome: str, number: int) -> str:
    """How a file and the store name an effect logic item: ``outcome:number``."""
    return f"{outcome}:{number}"


class InterventionRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows = store.effect_logic

    def items(self) -> dict[str, tuple[Outcome, Item]]:
        """``outcome:number`` → (outcome, item) of every loaded effect logic item (the effect
        logic read once)."""
        return {
            item_ref(o.id, i.position): (o, i)
            for o in EffectLogicRepository(self.store).load().outcomes
            for i in o.items
        }

    def item_refs(self) -> dict[str, tuple[str, str]]:
        """``outcome:number`` → (outcome name, item text) of every loaded effect logic item."""
        return {ref: (o.name, i.text) for ref, (o, i) in self.items().items()}

    # -- writing -------------------------------------------------------------------------
    def save(self, found: tuple[Intervention, ...], actor: str, *, file: str = "") -> int:
        """Write ``found`` (replacing interventions with the same ids; drafts and others
        stay); returns how many were new."""
        known = self.rows.intervention_ids()
        new = sum(1 for i in found if i.id not in known)
        with self.store.transaction():
            self._write(found, actor)
            self.store.audit.record(
                actor,
                LOAD_ACTION,
                "insatser",
                new={"new": new, "replaced": len(found) - new},
                detail="; ".join(x for x in (file, ", ".join(i.id for i in found)) if x),
            )
        return new

    def draft_from_finding(
        self, area: str, area_name: str, indicator: str, indicator_name: str, actor: str
    ) -> Intervention:
        """A draft intervention for ``indicator`` in ``area``, linked to the effect logic
        items the indicator follows."""
        known = self.rows.intervention_ids()
        number = 1
        while f"utkast-{number}" in known:
            number += 1
        items = tuple(
            item_ref(o.id, i.position)
            for o in EffectLogicRepository(self.store).load().outcomes
            for i in o.items
            if indicator in i.indicators
        )
        draft = Intervention.blank(
            f"utkast-{number}",
            InterventionStatus.DRAFT,
            actor,
            name=f"Utkast: {indicator_name}, {area_name}",
            areas=(area,),
            items=items,
            indicators=(indicator,),
        )
        with self.store.transaction():
            self._write((draft,), actor)
            self.store.audit.record(
                actor,
                DRAFT_ACTION,
                f"insatser/{draft.id}",
                new={"area": area, "indicator": indicator, "items": list(items)},
                detail=draft.name,
            )
        return draft

    def write(self, found: tuple[Intervention, ...], actor: str) -> None:
        """Write ``found`` without an audit event of its own: for a caller that records its
        own in the same transaction (:mod:`kommunanalys.effect.editing`)."""
        self._write(found, actor)

    def _write(self, found: tuple[Intervention, ...], actor: str) -> None:
        at = datetime.now(UTC).replace(tzinfo=None)
        rows = []
        links: list[tuple[Any, ...]] = []
        for i in found:
            rows.append(
                (
                    i.id,
                    i.name,
                    i.description,
                    i.target_group,
                    i.ages,
                    i.gender.value if i.gender else "",
                    i.level.value if i.level else None,
                    i.start,
                    i.end,
                    i.responsible,
                    i.cost,
                    i.status.value,
                    i.created_by or actor,
                    at,
                )
            )
            for kind, refs in ((AREA, i.areas), (ITEM, i.items), (INDICATOR, i.indicators)):
                links += [(i.id, kind, n, ref) for n, ref in enumerate(refs)]
        self.rows.replace_interventions(rows, links)

    # -- reading -------------------------------------------------------------------------
    def all(self) -> list[Intervention]:
        links: dict[tuple[str, str], list[str]] = defaultdict(list)
        for intervention, kind, _, ref in self.rows.intervention_links():
            links[(intervention, kind)].append(ref)
        out = []
        for r in self.rows.interventions():
            iid = r[0]
            out.append(
                Intervention(
                    id=iid,
                    name=r[1],
                    description=r[2],
                    areas=tuple(links[(iid, AREA)]),
                    target_group=r[3],
                    ages=r[4],
                    gender=TargetGender(r[5]) if r[5] else None,
                    level=PreventionLevel(r[6]) if r[6] else None,
                    start=r[7] or "",
                    end=r[8] or "",
                    responsible=r[9],
                    cost=r[10],
                    items=tuple(links[(iid, ITEM)]),
                    indicators=tuple(links[(iid, INDICATOR)]),
                    status=InterventionStatus(r[11]),
                    created_by=r[12],
                )
            )
        return out

    def get(self, intervention_id: str) -> Intervention:
        for i in self.all():
            if i.id == intervention_id:
                return i
        raise UnknownIntervention(ErrorCode.UNKNOWN_INTERVENTION, intervention=intervention_id)


def load_interventions(
    store: Store, path: str | Path, actor: str
) -> tuple[tuple[Intervention, ...], int]:
    """Read, validate and save an interventions file: all or nothing; returns the
    interventions and how many were new."""
    repo = InterventionRepository(store)
    found = read_interventions_file(
        path,
        {i.id for i in store.indicators()},
        {a.code for a in store.areas()},
        set(repo.item_refs()),
    )
    found = tuple(replace(i, created_by=actor) for i in found)
    return found, repo.save(found, actor, file=Path(path).name)
