"""Domain objects → JSON-ready dicts. Shared by the pages' JSON twins and the HTTP API, so
both use the same field names: ``indicator, area, period, gender, value, numerator,
denominator, status``."""

from __future__ import annotations

from typing import Any

from kommunanalys.formatting import format_value
from kommunanalys.model import Area, Indicator, Value
from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT
from kommunanalys.query import AreaProfile, Card, DataVersion

STATUS_TEXT = {
    SUPPRESSED: SUPPRESSION_TEXT,
    "..": "Uppgift saknas eller är för osäker för att redovisas (SCB: ..).",
    ".": "Uppgift kan inte förekomma.",
    "-": "Inget finns att redovisa.",
    "0": "Kan inte beräknas: nämnaren är noll.",
}


def indicator_json(ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "name": ind.name_sv,
        "name_en": ind.name_en,
        "domain": ind.domain,
        "value_type": ind.value_type.value,
        "unit": ind.unit,
        "multiplier": ind.multiplier,
        "numerator": ind.numerator,
        "denominator": ind.denominator,
        "weight": ind.weight,
        "view_of": ind.view_of,
        "view_gender": ind.view_gender.value if ind.view_gender else None,
        "polarity": ind.polarity.value,
        "sensitive": ind.sensitive,
        "min_cell": ind.min_cell,
        "source_kind": ind.source_kind,
        "source": ind.source,
        "kolada_id": ind.kolada_id,
        "quality": ind.quality.value,
        "by_gender": ind.by_gender,
        "in_seed": ind.in_seed,
        "definition": ind.definition,
    }


def area_json(area: Area) -> dict[str, Any]:
    return {
        "code": area.code,
        "name": area.name,
        "level": area.level.value,
        "division": area.division.value,
        "parent": area.parent,
    }


def value_json(v: Value, indicator: Indicator | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "indicator": v.indicator,
        "area": v.area,
        "division": v.division.value,
        "period": v.period,
        "gender": v.gender.value,
        "value": v.value,
        "numerator": v.numerator,
        "denominator": v.denominator,
        "status": v.status,
        "method": v.method,
        "synthetic": v.synthetic,
    }
    if indicator is not None:
        data["formatted"] = format_value(v.value, indicator)
    if v.status in STATUS_TEXT:
        data["status_text"] = STATUS_TEXT[v.status]
    return data


def card_json(card: Card) -> dict[str, Any]:
    ind = card.indicator
    return {
        "indicator": ind.id,
        "name": ind.name_sv,
        "unit": ind.unit,
        "value_type": ind.value_type.value,
        "quality": ind.quality.value,
        "source": ind.source,
        "value": value_json(card.value, ind) if card.value else None,
        "kommun": value_json(card.kommun_value, ind) if card.kommun_value else None,
        "genders": {g: value_json(v, ind) for g, v in card.genders.items()},
    }


def profile_json(profile: AreaProfile, version: DataVersion) -> dict[str, Any]:
    return {
        "area": area_json(profile.area),
        "year": profile.year,
        "years": profile.years,
        "kommun": area_json(profile.kommun),
        "parent": area_json(profile.parent) if profile.parent else None,
        "children": [a.code for a in profile.children],
        "replaced_by": [a.code for a in profile.replaced_by],
        "synthetic": profile.synthetic,
        "series_break_2025": profile.series_break,
        "domains": [
            {"domain": s.domain, "indicators": [card_json(c) for c in s.cards]}
            for s in profile.sections
        ],
        "data_version": version_json(version),
    }


def version_json(version: DataVersion) -> dict[str, Any]:
    latest = version.latest
    return {
        "imports": version.imports,
        "observations": version.observations,
        "synthetic": version.synthetic,
        "latest_import": None
        if latest is None
        else {
            "id": latest.id,
            "source": latest.source,
            "description": latest.description,
            "at": latest.started_at.isoformat(timespec="seconds"),
        },
    }
