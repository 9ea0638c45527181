"""Domain objects → JSON-ready dicts. Shared by the pages' JSON twins and the HTTP API, so
both use the same field names: ``indicator, area, period, gender, value, numerator,
denominator, status``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kommunanalys.formatting import format_value
from kommunanalys.model import Area, Indicator, Value
from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT
from kommunanalys.query import AreaProfile, Card, DataVersion
from kommunanalys.stats.intervals import NO_INTERVAL

if TYPE_CHECKING:  # the analysis layer (scipy, statsmodels) loads only when used
    from kommunanalys.analysis.assessment import Assessment
    from kommunanalys.analysis.equality import EqualityScan, Gap
    from kommunanalys.analysis.insights import Finding
    from kommunanalys.analysis.narrative import Narrative
    from kommunanalys.analysis.similar import SimilarAreas
    from kommunanalys.stats.comparison import Comparison
    from kommunanalys.stats.difference import Difference
    from kommunanalys.stats.inequality import SlopeIndex
    from kommunanalys.stats.intervals import Interval
    from kommunanalys.stats.trend import Trend

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
        "division": str(v.division),  # its value (a StrEnum), faster than .value
        "period": v.period,
        "gender": str(v.gender),
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


def card_json(card: Card, assessment: Assessment | None = None) -> dict[str, Any]:
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
        **assessment_json(assessment),
    }


def profile_json(
    profile: AreaProfile,
    version: DataVersion,
    assessments: dict[str, Assessment] | None = None,
) -> dict[str, Any]:
    assessed = assessments or {}
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
            {
                "domain": s.domain,
                "indicators": [card_json(c, assessed.get(c.indicator.id)) for c in s.cards],
            }
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


# -- statistics ---------------------------------------------------------------------------------


def interval_json(interval: Interval | None) -> dict[str, Any] | None:
    if interval is None:
        return None
    return {
        "lower": interval.lower,
        "upper": interval.upper,
        "level": interval.level,
        "method": interval.method,
    }


def comparison_json(c: Comparison | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "result": c.outcome,
        "result_99_8": c.strict,
        "significant": c.significant,
        "level": c.level,
        "method": c.method,
        "benchmark": c.benchmark,
        "benchmark_label": c.benchmark_label,
    }


def trend_json(t: Trend | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "direction": t.direction,
        "assessment": t.assessment,
        "slope_per_year": t.slope,
        "p_value": t.p_value,
        "periods": t.periods,
        "first": t.first,
        "last": t.last,
        "level": t.level,
        "method": t.method,
    }


def assessment_json(a: Assessment | None) -> dict[str, Any]:
    if a is None:
        return {"interval": None, "interval_99_8": None, "comparison": None, "trend": None}
    return {
        "interval": interval_json(a.interval),
        "interval_note": None if a.interval else NO_INTERVAL,
        "interval_99_8": interval_json(a.strict_interval),
        "comparison": comparison_json(a.comparison),
        "trend": trend_json(a.trend),
    }


def difference_json(d: Difference) -> dict[str, Any]:
    return {
        "estimate": d.estimate,
        "lower": d.lower,
        "upper": d.upper,
        "p_value": d.p_value,
        "level": d.level,
        "method": d.method,
    }


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "indicator": f.indicator.id,
        "indicator_name": f.indicator.name_sv,
        "area": f.area.code,
        "area_name": f.area.name,
        "year": f.year,
        "text": f.text,
        "outcome": f.outcome,
        "value": f.value,
        "interval": interval_json(f.interval),
        "reference": f.reference,
        "reference_label": f.reference_label,
        "method": f.method,
        "level": f.level,
        "p_value": f.p_value,
        "link": f.link,
        "strength": f.strength,
    }


def similar_json(s: SimilarAreas) -> dict[str, Any]:
    return {
        "areas": [{**area_json(a), "distance": d} for a, d in s.neighbours],
        "indicators": [{"indicator": i, "year": y} for i, y in s.indicators],
        "weights": s.weights,
        "method": "standardiserade indikatorer (z), viktat RMS-avstånd",
    }


def narrative_json(n: Narrative | None) -> dict[str, Any] | None:
    if n is None:
        return None
    return {"text": n.text, "error": n.error, "model": n.model, "findings_given": len(n.findings)}


def gap_json(g: Gap) -> dict[str, Any]:
    return {
        "kind": g.kind,
        "area": area_json(g.area),
        "group": g.group,
        "reference": g.reference,
        "value": g.value,
        "reference_value": g.reference_value,
        "difference": difference_json(g.difference),
        "q_value": g.q_value,
        "significant": g.significant,
    }


def sii_json(sii: SlopeIndex | None, basis: str | None) -> dict[str, Any] | None:
    if sii is None:
        return None
    return {
        "sii": sii.sii,
        "lower": sii.lower,
        "upper": sii.upper,
        "p_value": sii.p_value,
        "level": sii.level,
        "areas": sii.areas,
        "classes": sii.classes,
        "basis": basis,
        "method": sii.method,
    }


def scan_json(scan: EqualityScan) -> dict[str, Any]:
    return {
        "indicator": indicator_json(scan.indicator),
        "year": scan.year,
        "fdr": scan.fdr,
        "method": "Benjamini–Hochberg över alla tester i genomsökningen",
        "tests": len(scan.gaps),
        "candidates": [gap_json(g) for g in scan.candidates],
        "gaps": [gap_json(g) for g in scan.gaps],
        "slope_index": sii_json(scan.sii, scan.sii_basis),
        "not_tested": scan.not_tested,
    }
