"""The HTTP API under /api/v1, documented by OpenAPI at /openapi.json.

Each endpoint declares its answer's schema (:mod:`kommunanalys.web.views.api_models`); the
answer is the presenters' dict, as in the pages' JSON twins."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from kommunanalys.model import Gender, Level
from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT
from kommunanalys.query import Dataset
from kommunanalys.report.json_rows import (
    area_json,
    difference_json,
    finding_json,
    indicator_json,
    scan_json,
    value_json,
)
from kommunanalys.web.dependencies import DatasetDep
from kommunanalys.web.views.api_models import (
    AreaOut,
    DifferenceOut,
    EqualityOut,
    FindingOut,
    IndicatorOut,
    ProfileOut,
    SimilarOut,
    ValueOut,
)
from kommunanalys.web.views.links import href
from kommunanalys.web.views.presenters import similar_json

#: every answer is the presenter's dict, key for key (see api_models)
router = APIRouter(prefix="/api/v1", tags=["v1"])

def _get(path: str, model: Any, summary: str) -> Any:
    """``router.get`` with the answer's schema; keys a dict did not set stay out."""
    return router.get(
        path, summary=summary, response_model=model, response_model_exclude_unset=True
    )


@_get("/indicators", list[IndicatorOut], "Indikatorkatalogen")
def list_indicators(ds: DatasetDep, domain: str | None = None) -> list[dict[str, Any]]:
    """All indicators with metadata (value type, unit, polarity, sensitivity, source …)."""
    return [indicator_json(i) for i in ds.catalogue if domain is None or i.domain == domain]


@_get("/indicators/{indicator_id}", IndicatorOut, "En indikator")
def get_indicator(ds: DatasetDep, indicator_id: str) -> dict[str, Any]:
    return indicator_json(ds.indicator(indicator_id))


@_get("/areas", list[AreaOut], "Områden")
def list_areas(ds: DatasetDep, level: Level | None = None) -> list[dict[str, Any]]:
    """Kommun, RegSO and DeSO areas of both vintages (``division``)."""
    return [area_json(a) for a in ds.areas(level)]


@_get("/areas/{code}/profile", ProfileOut, "Områdesprofil")
def area_profile(
    ds: DatasetDep,
    code: str,
    year: str | None = None,
    domain: str | None = None,
    benchmark: Annotated[
        str | None, Query(description="Jämförelseområde (standard: kommunen)")
    ] = None,
) -> dict[str, Any]:
    """The profile with each value's interval, comparison with the benchmark and trend."""
    from kommunanalys.web.rendering import twin
    from kommunanalys.web.views.profile_view import profile_view

    place = ds.place(code, year)
    return twin(profile_view(ds, place, domain, benchmark, benchmark_for_kommun=True))


@_get("/values", list[ValueOut], "Värden (efter röjandekontroll)")
def list_values(
    ds: DatasetDep,
    indicator: list[str] = Query(..., description="Indikator-id, en eller flera"),
    area: list[str] | None = Query(None, description="Områdeskod, en eller flera"),
    year: list[str] | None = Query(None, description="År, ett eller flera"),
    gender: list[Gender] | None = Query(None, description="T, K eller M"),
) -> list[dict[str, Any]]:
    """Values of one or more indicators: ``indicator, area, period, gender, value, numerator,
    denominator, status``. Suppressed values have ``value: null`` and ``status: "skyddad"``."""
    for code in area or []:
        ds.area(code)
    for y in year or []:
        ds.check_year(y)
    return [value_json(v) for v in ds.values(indicator, areas=area, years=year, genders=gender)]


@_get("/areas/{code}/insights", list[FindingOut], "Insikter för ett område")
def area_insights(
    request: Request, ds: DatasetDep, code: str, year: str | None = None
) -> list[dict[str, Any]]:
    """Statistically supported findings (deviations, trends, gender gaps), strongest first.
    Each has ``text``, ``value``, ``interval``, ``reference``, ``method``, ``level`` and
    ``link``."""
    from kommunanalys.analysis.insights import area_insights as feed

    ds.check_year(year)
    findings = feed(ds, ds.area(code, year).code, year)
    return [finding_json(f, href(request, f.link)) for f in findings]


@_get("/areas/{code}/similar", SimilarOut, "Liknande områden")
def similar(
    ds: DatasetDep,
    code: str,
    year: str | None = None,
    k: int = Query(5, ge=1, le=50),
    indicator: list[str] | None = Query(None, description="Indikatorer att jämföra på"),
    weight: list[float] | None = Query(None, description="En vikt per indikator, i samma ordning"),
) -> dict[str, Any]:
    """The ``k`` areas of the same level nearest on standardised indicators (by default the
    socio-economic ones), optionally weighted."""
    from kommunanalys.analysis.similar import similar_areas

    if weight and (not indicator or len(weight) != len(indicator)):
        raise HTTPException(
            422, "Ange en vikt (weight) per indikator (indicator), i samma ordning."
        )
    if weight and (not all(math.isfinite(w) and w >= 0 for w in weight) or not any(weight)):
        raise HTTPException(422, "Vikterna ska vara tal ≥ 0, och minst en större än 0.")
    weights = dict(zip(indicator or [], weight or [], strict=False)) or None
    return similar_json(similar_areas(ds, code, year, k=k, indicators=indicator, weights=weights))


@_get("/equality", EqualityOut, "Jämlikhetsgenomsökning")
def equality(ds: DatasetDep, indicator: str, year: str | None = None) -> dict[str, Any]:
    """Every tested gap between areas, genders and age groups with Benjamini–Hochberg
    q-values, the candidates (q < FDR) and the slope index of inequality."""
    from kommunanalys.analysis.equality import scan

    return scan_json(scan(ds, indicator, year))


@_get("/difference", DifferenceOut, "Skillnad mellan två områden eller två år")
def difference(
    ds: DatasetDep,
    indicator: str,
    area: str,
    year: str,
    other_area: str | None = Query(None, description="Standard: samma område"),
    other_year: str | None = Query(None, description="Standard: samma år"),
    gender: Gender = Gender.TOTAL,
) -> dict[str, Any]:
    """``area`` in ``year`` minus ``other_area`` in ``other_year``: the difference with its
    interval and p-value (Newcombe / score test for shares, score test for rates).

    Only two *published* values are ever differenced: when either cell is suppressed (small,
    or hidden so that a small one cannot be derived) there is no difference, only the fact
    of suppression — "this year minus last year" never reveals a hidden year."""
    from kommunanalys.analysis.difference import compare_values

    cells = [(area, year), (other_area or area, other_year or year)]
    _refuse_suppressed(ds, indicator, cells, gender)
    pair = compare_values(ds, indicator, area, year, other_area, other_year, gender)
    if SUPPRESSED in (pair.first[1].status, pair.second[1].status):  # never, but never print it
        raise HTTPException(404, f"Skillnaden visas inte. {SUPPRESSION_TEXT}")
    return {
        "indicator": pair.indicator.id,
        "first": {"area": area_json(pair.first[0]), **value_json(pair.first[1], pair.indicator)},
        "second": {
            "area": area_json(pair.second[0]),
            **value_json(pair.second[1], pair.indicator),
        },
        "difference": difference_json(pair.difference),
        "significant": pair.difference.significant,
    }


def _refuse_suppressed(
    ds: Dataset, indicator: str, cells: list[tuple[str, str]], gender: Gender
) -> None:
    """404 with the suppression text (and the rule) when a cell of the difference is
    suppressed."""
    wanted = ds.indicator(indicator).view_gender or gender
    for code, year in cells:
        ds.check_year(year)
        found = ds.area(code, year)
        for v in ds.values([indicator], areas=[found.code], years=[year], genders=[wanted]):
            if v.division is found.division and v.status == SUPPRESSED:
                rule = ds.gate.full_rule(ds.indicator(indicator))
                raise HTTPException(
                    404,
                    f"Skillnaden visas inte: värdet för {found.name} år {year} är skyddat. "
                    f"{SUPPRESSION_TEXT}" + (f" Regel: {rule.describe()}" if rule else ""),
                )
