"""The interventions register: ``/insatser`` and ``/insatser/{id}`` (one dict per page: the
keys are the JSON twin, the ``_`` keys the template's)."""

from __future__ import annotations

from typing import Any

from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.model import Intervention
from kommunanalys.i18n.labels import label
from kommunanalys.query import Dataset
from kommunanalys.store import Store


def intervention_json(i: Intervention) -> dict[str, Any]:
    return {
        "id": i.id,
        "name": i.name,
        "description": i.description,
        "areas": list(i.areas),
        "target_group": i.target_group,
        "ages": i.ages or None,
        "gender": i.gender or None,
        "level": i.level,
        "level_label": label(i.level) if i.level else None,
        "start": i.start or None,
        "end": i.end or None,
        "responsible": i.responsible or None,
        "cost": i.cost,
        "items": list(i.items),
        "indicators": list(i.indicators),
        "status": i.status,
        "status_label": label(i.status),
        "created_by": i.created_by,
    }


def _area_names(ds: Dataset) -> dict[str, str]:
    return {a.code: a.name for a in ds.areas()}


def interventions_view(ds: Dataset, store: Store) -> dict[str, Any]:
    """The register, read from the store itself (not the dataset's snapshot): a draft made a
    moment ago is in it."""
    found = InterventionRepository(store).all()
    return {
        "interventions": [intervention_json(i) for i in found],
        "_interventions": found,
        "_area_names": _area_names(ds),
    }


def intervention_view(ds: Dataset, store: Store, intervention_id: str) -> dict[str, Any]:
    repo = InterventionRepository(store)
    found = repo.get(intervention_id)
    refs = repo.item_refs()
    known = {i.id: i for i in ds.catalogue}
    return {
        "intervention": intervention_json(found),
        "_i": found,
        "_area_names": _area_names(ds),
        "_items": [(ref, refs.get(ref)) for ref in found.items],
        "_indicators": [(ind, known.get(ind)) for ind in found.indicators],
        "_first_area": found.areas[0] if found.areas else ds.kommun.code,
    }
