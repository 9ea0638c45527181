"""Domain objects → JSON-ready rows, below the web and the CLI so both print the same shape:
``indicator, area, division, period, gender, value, numerator, denominator, status`` for a
value, and one dict each for an indicator, an area, an insight and an equality scan. The web's
page twins and /api/v1 build on these (:mod:`kommunanalys.web.views.presenters`), and so do the
CLI's ``--format json|csv`` outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kommunanalys.formatting import format_value
from kommunanalys.i18n.labels import label, status_msgid
from kommunanalys.model import Area, Indicator, Value

if TYPE_CHECKING:  # the analysis layer (scipy, statsmodels) loads only when used
    from kommunanalys.analysis.equality import EqualityScan, Gap
    from kommunanalys.analysis.insights import Finding
    from kommunanalys.stats.difference import Difference
    from kommunanalys.stats.inequality import SlopeIndex
    from kommunanalys.stats.intervals import Interval


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
    if (text := status_msgid(v.status)) is not None:
        data["status_text"] = text
    return data


def interval_json(interval: Interval | None) -> dict[str, Any] | None:
    if interval is None:
        return None
    return {
        "lower": interval.lower,
        "upper": interval.upper,
        "level": interval.level,
        "method": interval.method,
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


def finding_json(f: Finding, link: str | None = None) -> dict[str, Any]:
    """A finding; ``link`` is the URL of the view that shows it, which the web makes from its
    routes (:func:`kommunanalys.web.views.links.href`): without one (the CLI) there is none."""
    data = {
        "kind": f.kind,
        "kind_label": label(f.kind),
        "indicator": f.indicator.id,
        "indicator_name": f.indicator.name_sv,
        "area": f.area.code,
        "area_name": f.area.name,
        "year": f.year,
        "text": f.text,
        "outcome": f.outcome,
        "outcome_label": label(f.outcome),
        "value": f.value,
        "interval": interval_json(f.interval),
        "reference": f.reference,
        "reference_label": f.reference_label,
        "method": f.method,
        "level": f.level,
        "p_value": f.p_value,
        "link": link,
        "strength": f.strength,
    }
    if link is None:
        del data["link"]
    return data


def gap_json(g: Gap) -> dict[str, Any]:
    return {
        "kind": g.kind,
        "kind_label": label(g.kind),
        "area": area_json(g.area),
        "group": str(g.group),
        "reference": str(g.reference),
        "value": g.value,
        "reference_value": g.reference_value,
        "difference": difference_json(g.difference),
        "q_value": g.q_value,
        "significant": g.significant,
    }


def sii_json(
    sii: SlopeIndex | None, basis: str | None, indicator: Indicator | None = None
) -> dict[str, Any] | None:
    if sii is None:
        return None
    gap = None
    if indicator is not None and indicator.polarity.value in ("high_good", "low_good"):
        gap = sii.attributable_gap(indicator.polarity.value == "high_good")
    return {
        "classes_values": [
            {
                "class": g.klass,
                "areas": g.areas,
                "population": g.population,
                "value": g.value,
                "lower": g.lower,
                "upper": g.upper,
            }
            for g in sii.groups
        ],
        "overall": sii.overall,
        "attributable_gap": None if gap is None else {"absolute": gap[0], "relative": gap[1]},
        "sii": sii.sii,
        "lower": sii.lower,
        "upper": sii.upper,
        "rii": sii.rii,
        "rii_lower": sii.rii_lower,
        "rii_upper": sii.rii_upper,
        "p_value": sii.p_value,
        "level": sii.level,
        "transform": sii.transform,
        "repetitions": sii.repetitions,
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
        "slope_index": sii_json(scan.sii, scan.sii_basis, scan.indicator),
        "not_tested": scan.not_tested,
    }
