"""Effect logic in the database: a loaded file replaces what was there, in one transaction
with one audit event that says which outcomes were added, changed or removed."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from kommunanalys.effect.logic_file import read_logic_file
from kommunanalys.effect.model import (
    Delivery,
    EffectLogic,
    Frequency,
    GridColumn,
    Item,
    Outcome,
    OwnerKind,
    PreventionLevel,
    Project,
    SourceInfo,
    WantedDirection,
)
from kommunanalys.errors import ErrorCode
from kommunanalys.query import QueryError
from kommunanalys.store import Store

#: the audit trail's action for a loaded effect logic file
LOAD_ACTION = "effect_logic.load"


class UnknownOutcome(QueryError):
    """No outcome has this id (a page answers 404)."""


class EffectLogicRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows = store.effect_logic

    # -- writing -------------------------------------------------------------------------
    def save(self, logic: EffectLogic, actor: str, *, file: str = "") -> dict[str, int]:
        """Replace the stored effect logic by ``logic``; returns how many outcomes were added,
        changed, removed and left unchanged (what the audit event records)."""
        old = {o.id: o for o in self.load().outcomes}
        new = {o.id: o for o in logic.outcomes}
        counts = {
            "added": sum(1 for k in new if k not in old),
            "changed": sum(1 for k in new if k in old and old[k] != new[k]),
            "removed": sum(1 for k in old if k not in new),
            "unchanged": sum(1 for k in new if k in old and old[k] == new[k]),
        }
        rows: dict[str, list[tuple[Any, ...]]] = {
            "effect_project": [(p.id, p.name, p.area, i) for i, p in enumerate(logic.projects)],
            "effect_project_goal": [
                (p.id, j, goal) for p in logic.projects for j, goal in enumerate(p.goals)
            ],
            "effect_outcome": [
                (o.id, o.name, o.owner_kind.value, o.owner, o.description, o.position)
                for o in logic.outcomes
            ],
            "effect_item": [
                (
                    i.outcome,
                    i.position,
                    i.level.value,
                    i.column.value,
                    i.text,
                    i.direction.value,
                    i.need,
                )
                for o in logic.outcomes
                for i in o.items
            ],
            "effect_item_indicator": [
                (i.outcome, i.position, j, ind)
                for o in logic.outcomes
                for i in o.items
                for j, ind in enumerate(i.indicators)
            ],
            "effect_source": [
                (
                    s.indicator,
                    s.source_system,
                    _value(s.frequency),
                    _value(s.delivery),
                    s.responsible,
                )
                for s in logic.sources
            ],
        }
        with self.store.transaction():
            self.rows.replace_all(rows)
            self.store.audit.record(
                actor,
                LOAD_ACTION,
                "effektlogik",
                old=sorted(old),
                new=counts,
                detail=_detail(file, old, new),
            )
        return counts

    # -- reading -------------------------------------------------------------------------
    def load(self) -> EffectLogic:
        """Everything stored (empty when no file was loaded)."""
        goals: dict[str, list[str]] = defaultdict(list)
        for project, _, text in self.rows.table("effect_project_goal"):
            goals[project].append(text)
        projects = tuple(
            Project(pid, name, area, tuple(goals[pid]))
            for pid, name, area, _ in self.rows.table("effect_project")
        )
        links: dict[tuple[str, int], list[str]] = defaultdict(list)
        for outcome, number, _, indicator in self.rows.table("effect_item_indicator"):
            links[(outcome, number)].append(indicator)
        items: dict[str, list[Item]] = defaultdict(list)
        for outcome, number, level, column, text, direction, need in self.rows.table("effect_item"):
            items[outcome].append(
                Item(
                    outcome,
                    number,
                    PreventionLevel(level),
                    GridColumn(column),
                    text,
                    WantedDirection(direction),
                    tuple(links[(outcome, number)]),
                    need,
                )
            )
        outcomes = tuple(
            Outcome(oid, name, OwnerKind(kind), owner, description, position, tuple(items[oid]))
            for oid, name, kind, owner, description, position in self.rows.table("effect_outcome")
        )
        sources = tuple(
            SourceInfo(
                ind,
                system,
                Frequency(freq) if freq else None,
                Delivery(delivery) if delivery else None,
                responsible,
            )
            for ind, system, freq, delivery, responsible in self.rows.table("effect_source")
        )
        return EffectLogic(projects, outcomes, sources)

    def outcome(self, outcome_id: str) -> Outcome:
        for o in self.load().outcomes:
            if o.id == outcome_id:
                return o
        raise UnknownOutcome(ErrorCode.UNKNOWN_OUTCOME, outcome=outcome_id)


def _value(code: Frequency | Delivery | None) -> str | None:
    return None if code is None else code.value


def _detail(file: str, old: dict[str, Outcome], new: dict[str, Outcome]) -> str:
    parts = [file] if file else []
    added = [k for k in new if k not in old]
    changed = [k for k in new if k in old and old[k] != new[k]]
    removed = [k for k in old if k not in new]
    for word, ids in (("nya", added), ("ändrade", changed), ("borttagna", removed)):
        if ids:
            parts.append(f"{word}: {', '.join(ids)}")
    return "; ".join(parts)


def load_file(store: Store, path: str | Path, actor: str) -> tuple[EffectLogic, dict[str, int]]:
    """Read, validate (against the store's catalogue and areas) and save an effect logic file:
    all or nothing; raises :class:`kommunanalys.effect.logic_file.EffectLogicFileError`."""
    logic = read_logic_file(
        path, {i.id for i in store.indicators()}, {a.code for a in store.areas()}
    )
    return logic, EffectLogicRepository(store).save(logic, actor, file=Path(path).name)
