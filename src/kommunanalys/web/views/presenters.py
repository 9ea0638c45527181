"""Domain objects → JSON-ready dicts for the pages' JSON twins and the HTTP API. The rows both
the web and the CLI publish (indicator, area, value, finding, equality scan) are built in
:mod:`kommunanalys.report.json_rows`; these build the web's larger shapes from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kommunanalys.i18n.labels import label
from kommunanalys.model import Area, Indicator
from kommunanalys.query import AreaProfile, Card, DataVersion
from kommunanalys.report.json_rows import area_json, interval_json, value_json
from kommunanalys.stats.intervals import COMPLETE_COUNT_NOTE, NO_INTERVAL

if TYPE_CHECKING:  # the analysis layer (scipy, statsmodels) loads only when used
    from kommunanalys.analysis.assessment import Assessment
    from kommunanalys.analysis.narrative import Narrative
    from kommunanalys.analysis.similar import SimilarAreas
    from kommunanalys.stats.comparison import Comparison
    from kommunanalys.stats.trend import Trend


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
        "benchmark_value": value_json(assessment.benchmark, ind)
        if assessment and assessment.benchmark
        else None,
        **assessment_json(assessment, ind),
    }


def profile_json(
    profile: AreaProfile,
    version: DataVersion,
    assessments: dict[str, Assessment] | None = None,
    benchmark: Area | None = None,
) -> dict[str, Any]:
    """The profile's twin; ``benchmark``: the chosen benchmark, when not the kommun (each
    card's ``benchmark_value`` is its value)."""
    assessed = assessments or {}
    return {
        "area": area_json(profile.area),
        "year": profile.year,
        "years": profile.years,
        "kommun": area_json(profile.kommun),
        "parent": area_json(profile.parent) if profile.parent else None,
        "benchmark": area_json(benchmark) if benchmark else None,
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


def comparison_json(c: Comparison | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "result": c.outcome,
        "result_label": label(c.outcome),
        "result_99_8": c.strict,
        "result_99_8_label": label(c.strict),
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
        "direction_label": label(t.direction),
        "assessment": t.assessment,
        "assessment_label": label(t.assessment),
        "slope_per_year": t.slope,
        "p_value": t.p_value,
        "periods": t.periods,
        "first": t.first,
        "last": t.last,
        "level": t.level,
        "method": t.method,
        "span": t.span,
        "span_label": label(t.span),
    }


def assessment_json(a: Assessment | None, ind: Indicator | None = None) -> dict[str, Any]:
    if a is None:
        return {"interval": None, "interval_99_8": None, "comparison": None, "trend": None}
    note = COMPLETE_COUNT_NOTE if ind is not None and ind.complete_count else NO_INTERVAL
    return {
        "interval": interval_json(a.interval),
        "interval_note": None if a.interval else note,
        "interval_99_8": interval_json(a.strict_interval),
        "comparison": comparison_json(a.comparison),
        "trend": trend_json(a.trend),
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
