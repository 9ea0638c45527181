"""When the suppression plan is computed, stored and trusted.

The plan is computed **at refresh** (right after the derived values are replaced, from the
same values) and stored in ``disclosure_plan``; every reader (web app, CLI) loads it instead
of recomputing. It is stored with a fingerprint of the rules, the area relations and the
sensitive values it was computed from; a reader whose fingerprint differs (values replaced
without a refresh, a changed catalogue, a database from before the plan existed) computes the
plan in memory instead of trusting the stored one. A stale plan is never used.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.model import Division, Gender
from kommunanalys.privacy.relations import AreaNode, SumRelation, area_relations
from kommunanalys.privacy.rules import Rules
from kommunanalys.privacy.suppression_plan import SuppressionPlan
from kommunanalys.store import Store
from kommunanalys.store.disclosure import (
    load_plan,
    numbered_plan_inputs,
    plan_age_groups,
    plan_areas,
    plan_periods,
    save_plan,
    values_fingerprint,
)

if TYPE_CHECKING:
    from kommunanalys.privacy.plan import NumberedChunk


def custom_members(store: Store) -> Mapping[AreaNode, Sequence[AreaNode]]:
    """The parts of every custom area (level ``custom``), per vintage. This is the one place
    they are fed in; the plan, the gate and ``disclosure-check`` protect them like RegSO."""
    return store.custom_members()


def relations_of(store: Store) -> list[SumRelation]:
    return area_relations(store.areas(), store.area_changes(), custom_members(store))


def _inputs(rules: Rules) -> list[str]:
    planned = rules.planned()
    return sorted(set(planned) | {d for i in planned for d, _ in rules.small_denominators(i)})


def fingerprint(store: Store, rules: Rules, relations: Sequence[SumRelation]) -> str:
    areas = hashlib.sha256(repr(relations).encode()).hexdigest()[:16]
    return f"{rules.fingerprint()}|{areas}|{values_fingerprint(store, _inputs(rules))}"


def compute_for(
    store: Store, rules: Rules, relations: Sequence[SumRelation] | None = None
) -> SuppressionPlan:
    """The plan from the stored values, read one planned indicator and period at a time
    (with its sensitive shares' denominators), so that memory does not grow with the data;
    the database numbers the cells (:func:`.plan.compute_plan_numbered`).

    The computation (numpy, the linear algebra) is imported here: a reader of the stored
    plan does not load it."""
    from kommunanalys.privacy.plan import compute_plan_numbered

    relations = relations_of(store) if relations is None else relations
    return compute_plan_numbered(_chunks(store, rules), plan_areas(store), rules, relations)


def _chunks(store: Store, rules: Rules) -> Iterator[NumberedChunk]:
    from kommunanalys.privacy.margins import GENDERS  # numpy: only where a plan is computed

    ages = plan_age_groups(store, _inputs(rules))
    for indicator in sorted(rules.planned()):
        wanted = [indicator, *sorted({d for d, _ in rules.small_denominators(indicator)})]
        for period in plan_periods(store, indicator):
            rows = numbered_plan_inputs(store, wanted, period, ages, GENDERS)
            yield indicator, period, wanted, ages, rows


def refresh_plan(store: Store, catalogue: Catalogue) -> SuppressionPlan:
    """Compute the plan from the current derived values and store it."""
    started = time.perf_counter()
    rules = Rules(catalogue)
    relations = relations_of(store)
    plan = compute_for(store, rules, relations)
    save_plan(
        store, plan.rows(), fingerprint(store, rules, relations), time.perf_counter() - started
    )
    return plan


def current_plan(store: Store, catalogue: Catalogue) -> SuppressionPlan:
    """The stored plan when it was computed from exactly these rules, areas and values;
    otherwise a freshly computed one (not stored: readers may be read-only)."""
    rules = Rules(catalogue)
    relations = relations_of(store)
    stored, rows = load_plan(store)
    if stored is not None and stored == fingerprint(store, rules, relations):
        return plan_from_rows(rows)
    return compute_for(store, rules, relations)


def plan_from_rows(rows: Sequence[tuple[str, str, str, str, str, str, str]]) -> SuppressionPlan:
    plan = SuppressionPlan()
    for indicator, area, division, period, gender, age, reason in rows:
        plan.cells.setdefault(indicator, {})[
            (area, Division(division), period, Gender(gender), age)
        ] = reason
    return plan
