"""The effect logic pages: the list of outcomes (``/effektlogik``), an outcome's grid for an
area and year (``/effektlogik/{id}``), the data availability (``/datatillgang``) and an area
development project (``/projekt/{id}``).

Each view is one dict: its keys are the JSON twin, the ``_`` keys what only the template needs.
Values reach the grid through :mod:`kommunanalys.effect.area_view`, which reads them from the
:class:`~kommunanalys.query.Dataset`, past the disclosure gate.
"""

from __future__ import annotations

from typing import Any

from kommunanalys.effect.area_view import AreaGrid, IndicatorReading, ItemReading, area_grid
from kommunanalys.effect.availability import (
    DataAvailability,
    IndicatorData,
    OutcomeData,
    data_availability,
)
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.model import (
    EffectLogic,
    GridColumn,
    Item,
    Outcome,
    OwnerKind,
    PreventionLevel,
    Project,
)
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.errors import ErrorCode
from kommunanalys.i18n.labels import label, level_note
from kommunanalys.model import Area, Level
from kommunanalys.query import Dataset, QueryError
from kommunanalys.report.json_rows import area_json
from kommunanalys.store import Store
from kommunanalys.web.views.presenters import card_json

#: the area levels offered in the grid's chooser, in order
CHOOSER_LEVELS = (Level.KOMMUN, Level.CUSTOM, Level.REGSO, Level.DESO)


def stored_logic(ds: Dataset) -> EffectLogic:
    return EffectLogicRepository(ds.store).load()


# -- /effektlogik ----------------------------------------------------------------------------


def effect_list_view(ds: Dataset) -> dict[str, Any]:
    logic = stored_logic(ds)
    availability = data_availability(ds.store, logic)
    coverage = {o.outcome.id: o for o in availability.outcomes}
    return {
        "projects": [project_json(p) for p in logic.projects],
        "outcomes": [{**outcome_json(o), **coverage_json(coverage[o.id])} for o in logic.outcomes],
        "_logic": logic,
        "_coverage": coverage,
        "_projects": {p.id: p for p in logic.projects},
    }


def project_json(p: Project) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "area": p.area, "goals": list(p.goals)}


def outcome_json(o: Outcome) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "owner_kind": o.owner_kind,
        "owner_kind_label": label(o.owner_kind),
        "owner": o.owner,
        "description": o.description,
        "items": len(o.items),
    }


def coverage_json(o: OutcomeData) -> dict[str, Any]:
    return {"items_with_data": o.covered, "coverage": o.coverage}


# -- /effektlogik/{id} -----------------------------------------------------------------------


def default_area(ds: Dataset, logic: EffectLogic, outcome: Outcome) -> str:
    """The area of the outcome's project, else the kommun."""
    if outcome.owner_kind is OwnerKind.PROJECT:
        for p in logic.projects:
            if p.id == outcome.owner:
                return p.area
    return ds.kommun.code


def effect_grid_view(
    ds: Dataset, outcome_id: str, area_code: str | None, year: str | None
) -> dict[str, Any]:
    logic = stored_logic(ds)
    outcome = EffectLogicRepository(ds.store).outcome(outcome_id)
    place = ds.place(area_code or default_area(ds, logic, outcome), year or None)
    grid = area_grid(ds, outcome, place)
    profile = grid.profile
    return {
        "outcome": outcome_json(outcome),
        "area": area_json(profile.area),
        "year": profile.year,
        "years": profile.years,
        "kommun": area_json(profile.kommun),
        "synthetic": any(
            r.card is not None and r.card.value is not None and r.card.value.synthetic
            for i in grid.items
            for r in i.readings
        ),
        "grid": grid_json(grid),
        "_grid": grid,
        "_levels": list(PreventionLevel),
        "_level_notes": {level: level_note(level) for level in PreventionLevel},
        "_columns": list(GridColumn),
        "_choices": area_choices(ds, place.division),
        "_movement_class": MOVEMENT_CLASS,
    }


#: the badge class of a movement (the comparison badges' colours: good, bad, neither)
MOVEMENT_CLASS = {
    "wanted": "better",
    "unwanted": "worse",
    "no_change": "similar",
    "not_assessed": "quintile",
}


def area_choices(ds: Dataset, division_of: Any) -> list[tuple[Level, list[Area]]]:
    """The areas to choose among, per level, in the year's vintage."""
    out = []
    for level in CHOOSER_LEVELS:
        areas = ds.areas(level, division_of(level)) if level is not Level.KOMMUN else [ds.kommun]
        if areas:
            out.append((level, sorted(areas, key=lambda a: a.name)))
    return out


def grid_json(grid: AreaGrid) -> list[dict[str, Any]]:
    return [
        {
            "level": level,
            "level_label": label(level),
            "level_note": level_note(level),
            "cells": [
                {
                    "column": column,
                    "column_label": label(column),
                    "items": [item_reading_json(r) for r in grid.cell(level, column)],
                }
                for column in GridColumn
            ],
        }
        for level in PreventionLevel
    ]


def item_json(item: Item) -> dict[str, Any]:
    return {
        "number": item.position,
        "text": item.text,
        "level": item.level,
        "column": item.column,
        "direction": item.direction,
        "direction_label": label(item.direction),
        "data_missing": item.data_missing,
        "need": item.need or None,
    }


def item_reading_json(r: ItemReading) -> dict[str, Any]:
    movement = r.movement
    return {
        **item_json(r.item),
        "movement": movement,
        "movement_label": label(movement) if movement else None,
        "indicators": [reading_json(x) for x in r.readings],
    }


def reading_json(r: IndicatorReading) -> dict[str, Any]:
    ind = r.indicator
    if r.card is not None:
        data = card_json(r.card, r.assessment)
    else:
        data = {"indicator": ind.id, "name": ind.name_sv, "unit": ind.unit, "value": None}
    return {**data, "movement": r.movement, "movement_label": label(r.movement)}


# -- /datatillgang ---------------------------------------------------------------------------


def availability_view(ds: Dataset) -> dict[str, Any]:
    logic = stored_logic(ds)
    found = data_availability(ds.store, logic)
    return {
        "outcomes": [outcome_data_json(o) for o in found.outcomes],
        "agenda": agenda_json(found),
        "_found": found,
        "_names": {o.id: o.name for o in logic.outcomes},
    }


def indicator_data_json(d: IndicatorData) -> dict[str, Any]:
    return {
        "indicator": d.indicator,
        "name": d.name,
        "availability": d.availability,
        "availability_label": label(d.availability),
        "source_system": d.source_system or None,
        "lowest_level": d.lowest_level.value if d.lowest_level else None,
        "latest_period": d.latest_period,
        "frequency": d.frequency,
        "frequency_label": label(d.frequency) if d.frequency else None,
        "delivery": d.delivery,
        "delivery_label": label(d.delivery) if d.delivery else None,
        "responsible": d.responsible or None,
        "last_import": d.last_import,
        "last_import_at": d.last_import_at.isoformat(timespec="seconds")
        if d.last_import_at
        else None,
        "synthetic": d.synthetic,
        "entered": d.entered,
    }


def outcome_data_json(o: OutcomeData) -> dict[str, Any]:
    return {
        **outcome_json(o.outcome),
        **coverage_json(o),
        "matrix": [
            {
                **item_json(d.item),
                "level_label": label(d.item.level),
                "column_label": label(d.item.column),
                "availability": d.availability,
                "availability_label": label(d.availability),
                "indicators": [indicator_data_json(x) for x in d.indicators],
            }
            for d in o.items
        ],
    }


def agenda_json(found: DataAvailability) -> list[dict[str, Any]]:
    return [
        {
            "rank": rank,
            "need": n.text,
            "indicator": n.indicator,
            "availability": n.availability,
            "availability_label": label(n.availability),
            "outcomes": list(n.outcomes),
            "items": [
                {"outcome": i.outcome, "number": i.position, "text": i.text} for i in n.items
            ],
        }
        for rank, n in enumerate(found.agenda, start=1)
    ]


# -- /projekt/{id} ---------------------------------------------------------------------------


def project_view(ds: Dataset, store: Store, project_id: str) -> dict[str, Any]:
    """An area development project: its area (the nulägesbild is the area's profile), its
    goals, its outcomes with their coverage, and the interventions in its area."""
    logic = stored_logic(ds)
    project = next((p for p in logic.projects if p.id == project_id), None)
    if project is None:
        raise UnknownProject(ErrorCode.UNKNOWN_PROJECT, project=project_id)
    outcomes = [o for o in logic.outcomes if o.owner == project.id]
    coverage = {o.outcome.id: o for o in data_availability(ds.store, logic).outcomes}
    interventions = [i for i in InterventionRepository(store).all() if project.area in i.areas]
    area = ds.area(project.area)
    return {
        "project": project_json(project),
        "area": area_json(area),
        "outcomes": [{**outcome_json(o), **coverage_json(coverage[o.id])} for o in outcomes],
        "interventions": [i.id for i in interventions],
        "_project": project,
        "_area": area,
        "_outcomes": outcomes,
        "_coverage": coverage,
        "_interventions": interventions,
    }


class UnknownProject(QueryError):
    """No project has this id (a page answers 404)."""
