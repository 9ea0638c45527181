"""The interventions register: ``/insatser`` and ``/insatser/{id}`` (one dict per page: the
keys are the JSON twin, the ``_`` keys the template's), and the follow-up's CSV/Excel sheet.

The follow-up (:mod:`kommunanalys.effect.followup`) is built once, as codes; here its labels
are put beside the codes, its charts drawn and its sheet made from the same dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kommunanalys.charts.turn_curve import turn_curve_chart
from kommunanalys.effect.followup import COMPARISONS, FOLLOWED, follow_up
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.model import Intervention, Item, Movement, Outcome
from kommunanalys.effect.model import WantedDirection as Wanted
from kommunanalys.formatting import decimals_for
from kommunanalys.i18n import N_, gettext, indicator_name, unit_name
from kommunanalys.i18n.labels import label, status_label
from kommunanalys.query import Dataset
from kommunanalys.stats.intervention import FollowUpResult
from kommunanalys.store import Store
from kommunanalys.web.views.exports import Number, Sheet

#: the methods of a follow-up entry, by their key
METHODS = ("baseline", "did", "its")


def intervention_json(i: Intervention) -> dict[str, Any]:
    return {
        "id": i.id,
        "name": i.name,
        "description": i.description,
        "areas": list(i.areas),
        "target_group": i.target_group,
        "ages": i.ages or None,
        "gender": i.gender,
        "gender_label": label(i.gender) if i.gender else None,
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


def labelled_follow_up(ds: Dataset, result: dict[str, Any]) -> dict[str, Any]:
    """The follow-up's dict with the label of every code beside it, in the reader's language."""
    known = {i.id: i for i in ds.catalogue}
    out = dict(result)
    entries = []
    for entry in result["results"]:
        indicator = known[entry["indicator"]]
        e = dict(entry)
        e["indicator_name"] = indicator_name(indicator)
        e["unit"] = unit_name(indicator.unit)
        e["wanted_label"] = label(Wanted(entry["wanted"]))
        followed = FOLLOWED.get(entry["gender"])
        e["gender_label"] = label(followed) if followed else None
        # the area, and whose values follow it where not everyone's (heading and chart)
        e["place"] = ", ".join(x for x in (entry["area_name"], e["gender_label"]) if x)
        e["verdict_label"] = label(Movement(entry["verdict"]))
        e["reason_label"] = label(FollowUpResult(entry["reason"]))
        for method in METHODS:
            e[method] = {
                **entry[method],
                "result_label": label(FollowUpResult(entry[method]["result"])),
            }
        e["series"] = [
            {**s, "status_text": status_label(s["status"]) if s["status"] else None}
            for s in entry["series"]
        ]
        entries.append(e)
    out["results"] = entries
    return out


def linked_items(
    items: Mapping[str, tuple[Outcome, Item]], intervention: Intervention
) -> list[dict[str, Any]]:
    """The effect logic items ``intervention`` names that are loaded (``items``:
    :meth:`InterventionRepository.items`), each with its cell (an item's text may stand in two
    cells: "Ökad skolnärvaro")."""
    return [
        {
            "ref": ref,
            "outcome": items[ref][0].id,
            "outcome_name": items[ref][0].name,
            "text": items[ref][1].text,
            "level": items[ref][1].level.value,
            "level_label": label(items[ref][1].level),
            "column": items[ref][1].column.value,
            "column_label": label(items[ref][1].column),
        }
        for ref in intervention.items
        if ref in items
    ]


def _cells(
    linked: list[dict[str, Any]], intervention: Intervention
) -> list[tuple[str, str | None]]:
    """Each named item with its cell in words ("indikerad, målgrupp: lång sikt"), or None."""
    by_ref = {i["ref"]: f"{i['level_label']}, {i['column_label']}" for i in linked}
    return [(ref, by_ref.get(ref)) for ref in intervention.items]


def intervention_view(
    ds: Dataset, store: Store, intervention_id: str, comparisons: int = COMPARISONS
) -> dict[str, Any]:
    repo = InterventionRepository(store)
    found = repo.get(intervention_id)
    items = repo.items()
    refs = {ref: (o.name, i.text) for ref, (o, i) in items.items()}
    linked = linked_items(items, found)
    known = {i.id: i for i in ds.catalogue}
    result = labelled_follow_up(ds, follow_up(ds, found, comparisons))
    charts = [
        turn_curve_chart(
            e,
            title=f"{e['indicator_name']}, {e['place']}",
            unit=e["unit"],
            decimals=decimals_for(known[e["indicator"]]),
        )
        if any(s["value"] is not None or s["status"] for s in e["series"])
        else None  # nothing published to draw
        for e in result["results"]
    ]
    return {
        "intervention": intervention_json(found),
        "linked_items": linked,
        "follow_up": result,
        "_i": found,
        "_area_names": _area_names(ds),
        "_items": [(ref, refs.get(ref), cell) for ref, cell in _cells(linked, found)],
        "_indicators": [(ind, known.get(ind)) for ind in found.indicators],
        "_first_area": found.areas[0] if found.areas else ds.kommun.code,
        "_charts": charts,
        "_decimals": {
            e["indicator"]: decimals_for(known[e["indicator"]]) for e in result["results"]
        },
    }


#: the follow-up sheet's columns (msgids: headed in the reader's language, as every export)
SHEET_COLUMNS = (
    N_("Insats-id"),
    N_("Indikator"),
    N_("Område"),
    N_("År"),
    N_("Efter start"),
    N_("Värde"),
    N_("Status"),
    N_("Trend före starten"),
    N_("Prediktionsintervall, nedre"),
    N_("Prediktionsintervall, övre"),
    N_("Bedömning av uppföljningen"),
    N_("Metod"),
    N_("Effekt"),
    N_("Effekt, nedre"),
    N_("Effekt, övre"),
    N_("Skäl"),
    N_("Kön"),
)


def follow_up_sheet(ds: Dataset, intervention_id: str, result: dict[str, Any]) -> Sheet:
    """The follow-up as a tidy sheet: one row per indicator, area and year; only published
    values (a protected one is an empty cell with its status)."""
    known = {i.id: i for i in ds.catalogue}
    rows: list[tuple[Any, ...]] = []
    for e in result["results"]:
        d = decimals_for(known[e["indicator"]])

        def num(x: float | None, decimals: int = d) -> Number | None:
            return None if x is None else Number(x, decimals + 1)

        method = e["verdict_method"]
        effect = None
        if method == "did":
            effect = e["did"]["effect"]
        elif method == "its":
            effect = e["its"]["level_change"]
        for s in e["series"]:
            rows.append(
                (
                    intervention_id,
                    e["indicator"],
                    e["area"],
                    s["period"],
                    gettext("ja") if s["after"] else gettext("nej"),
                    None if s["value"] is None else Number(s["value"], d),
                    s["status"] or "",
                    num(s["forecast"]),
                    num(s["lower"]),
                    num(s["upper"]),
                    e["verdict"],
                    method or "",
                    num(effect["estimate"]) if effect else None,
                    num(effect["lower"]) if effect else None,
                    num(effect["upper"]) if effect else None,
                    e["reason"],
                    e["gender"],
                )
            )
    return Sheet(
        title=gettext("Uppföljning av insatsen %(id)s") % {"id": intervention_id},
        columns=tuple(gettext(c) for c in SHEET_COLUMNS),
        rows=rows,
        name=f"uppfoljning-{intervention_id}",
    )
