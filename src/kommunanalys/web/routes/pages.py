"""The HTML pages (and their JSON twins). Thin: all logic lives in :mod:`kommunanalys.query`."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.analysis.insights import Finding, area_insights
from kommunanalys.analysis.narrative import LanguageModelConfig, Narrative, narrate
from kommunanalys.analysis.similar import similar_areas
from kommunanalys.errors import ErrorCode
from kommunanalys.i18n import current_language
from kommunanalys.model import DOMAINS, Area, Gender, Level
from kommunanalys.query import Dataset, QueryError, UnknownArea
from kommunanalys.web.dependencies import DatasetDep, LanguageModelDep
from kommunanalys.web.json_response import kept_json
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond, split_suffix, wants_json
from kommunanalys.web.views.chart_context import level_in_context, page_address
from kommunanalys.web.views.indicator_values import (
    benchmark_choices,
    benchmark_param,
    level_values,
)
from kommunanalys.web.views.links import href
from kommunanalys.web.views.page_views import (
    equality_view,
    indicator_view,
    indicators_view,
    insights_view,
    overview_view,
)
from kommunanalys.web.views.profile_view import profile_view
from kommunanalys.web.views.ranking_view import (
    chart_response,
    ranking_chart,
    ranking_download,
    ranking_json,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])


#: the query parameters of the pages: Swedish keys in the URL, English names in Python
YearQuery = Annotated[str | None, Query(alias="ar")]
DomainQuery = Annotated[str | None, Query(alias="doman")]
BenchmarkQuery = Annotated[str | None, Query(alias="jamfor")]


@router.get("/")
@router.get("/index.json")
def overview(request: Request, ds: DatasetDep) -> Response:
    return respond(request, "index.html", overview_view(ds))


@router.get("/omrade")
def choose_area(
    ds: DatasetDep,
    area: Annotated[str, Query(alias="omrade")],
    year: YearQuery = None,
    domain: DomainQuery = None,
    benchmark: BenchmarkQuery = None,
) -> Response:
    """Target of the area chooser form (works without JavaScript)."""
    ds.area(area)  # 404 for an unknown code
    if benchmark == ds.kommun.code:
        benchmark = None  # the default benchmark: keep the permalink short
    params = (("ar", year), ("doman", domain), ("jamfor", benchmark))
    query = "&".join(f"{k}={quote(v)}" for k, v in params if v)
    return RedirectResponse(f"/omrade/{area}" + (f"?{query}" if query else ""), status_code=303)


@router.get("/omrade/{code}", name="area_view")
def area_profile(
    request: Request,
    ds: DatasetDep,
    code: str,
    year: YearQuery = None,
    domain: DomainQuery = None,
    benchmark_code: BenchmarkQuery = None,
) -> Response:
    code, as_json = split_suffix(code)
    if domain and domain not in DOMAINS:
        domain = None
    view = profile_view(ds, ds.place(code, year), domain, benchmark_code)
    return respond(request, "area.html", view, json_suffix=as_json)


@router.get("/omrade/{code}/insikter", name="area_insights_view")
@router.get("/omrade/{code}/insikter.json")
def area_insights_page(
    request: Request,
    ds: DatasetDep,
    config: LanguageModelDep,
    code: str,
    year_chosen: YearQuery = None,
    summary: Annotated[bool, Query(alias="sammanfattning")] = False,
) -> Response:
    place = ds.place(code, year_chosen or None)
    area, year = place.area, place.year
    try:
        similar = similar_areas(ds, area.code, year) if area.level is not Level.KOMMUN else None
    except QueryError:
        similar = None
    findings = area_insights(ds, area.code, year, similar)
    links = [href(request, f.link) for f in findings]
    narrative = None
    if config and summary:
        narrative = _narrative(ds, config, area, year, findings)
    view = insights_view(
        ds, place, findings, links, similar, narrative, language_model=config is not None
    )
    return respond(request, "insights.html", view)


@router.get("/jamlikhet", name="equality_view")
@router.get("/jamlikhet.json")
def equality_page(
    request: Request,
    ds: DatasetDep,
    indicator: Annotated[str | None, Query(alias="indikator")] = None,
    year: YearQuery = None,
) -> Response:
    return respond(request, "equality.html", equality_view(ds, indicator, year))


@router.get("/indikatorer")
@router.get("/indikatorer.json")
def indicators(request: Request, ds: DatasetDep, domain: DomainQuery = None) -> Response:
    return respond(request, "indicators.html", indicators_view(ds, domain), twin_key="indicators")


@router.get("/indikator/{indicator_id}")
def indicator_page(
    request: Request,
    ds: DatasetDep,
    indicator_id: str,
    year: YearQuery = None,
    level_name: Annotated[str, Query(alias="niva")] = "regso",
    highlight: Annotated[str | None, Query(alias="omrade")] = None,
    show_all: Annotated[bool, Query(alias="alla")] = False,
    sep: Annotated[str | None, Query()] = None,
    benchmark: BenchmarkQuery = None,
) -> Response:
    """All areas of a level ranked, with intervals and the comparison with the benchmark
    (``jamfor=``: the kommun, its län or riket; by default the kommun, and riket for a level
    of kommuner), as a table and a bar chart; ``.json``, ``.csv``, ``.xlsx``, ``.svg`` and
    ``.png`` give the data and the chart."""
    indicator_id, suffix = _split_chart_suffix(indicator_id)
    indicator = ds.indicator(indicator_id)
    level = RANKING_LEVELS.get(level_name)
    if level is None:
        raise UnknownArea(ErrorCode.UNKNOWN_LEVEL, v=level_name)
    found = level_values(ds, indicator, year or None, level, Gender.TOTAL, benchmark)
    if suffix == "json" or (suffix is None and wants_json(request)):
        # the twin needs no chart; a national one is 2 MB, so its bytes are kept
        compared = found.benchmark.code if found.benchmark else None
        key = ("ranking", indicator.id, found.year, level, compared)
        return kept_json(ds, key, lambda: ranking_json(found, found.ranked()))
    ranked = found.ranked()
    if suffix in ("csv", "xlsx"):
        return ranking_download(found, ranked, suffix, sep, benchmark_param(ds, found))
    chart = ranking_chart(ds, found, ranked, highlight)
    if suffix in ("svg", "png"):
        exported = level_in_context(chart, found, _page_address(request))
        return chart_response(exported, f"{indicator.id}-{found.year}-{level.value}", suffix)
    view = indicator_view(
        ds, indicator, found, ranked, chart, highlight=highlight, show_all=show_all
    )
    view["_levels"] = ds.levels_offered(indicator.id, RANKING_LEVELS, level)
    view["_benchmark_choices"] = benchmark_choices(ds)
    return respond(request, "indicator.html", view)


def _page_address(request: Request) -> str:
    """The page an export was made from (:func:`chart_context.page_address`)."""
    return page_address(request.url.path, request.query_params.multi_items())


#: the ranking's level picker: URL key → level
RANKING_LEVELS = {"kommun": Level.KOMMUN, "regso": Level.REGSO, "deso": Level.DESO}


def _split_chart_suffix(name: str) -> tuple[str, str | None]:
    """``("antal_invanare", "svg")`` for ``"antal_invanare.svg"``; also .json, .png, .csv
    and .xlsx."""
    for suffix in ("json", "svg", "png", "csv", "xlsx"):
        if name.endswith(f".{suffix}"):
            return name[: -len(suffix) - 1], suffix
    return name, None


def _narrative(
    ds: Dataset, config: LanguageModelConfig, area: Area, year: str, findings: list[Finding]
) -> Narrative:
    """The model's summary, asked for once per area and year; a failure is not kept, so the
    next request tries again."""
    key = ("narrative", area.code, area.division, year, current_language())  # findings' words
    done = ds.memo(key, lambda: narrate(config, f"{area.name} {year}", findings))
    if done.text is None:
        ds.forget(key)
    return done
