"""The HTML pages (and their JSON twins). Thin: all logic lives in :mod:`kommunanalys.query`."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from kommunanalys.analysis.assessment import assess_profile
from kommunanalys.analysis.equality import scan
from kommunanalys.analysis.insights import Finding, area_insights
from kommunanalys.analysis.narrative import LanguageModelConfig, Narrative, narrate
from kommunanalys.analysis.similar import similar_areas
from kommunanalys.catalog.areas import division_for
from kommunanalys.model import DOMAINS, Area, Gender, Level
from kommunanalys.query import AreaProfile, Dataset, QueryError, UnknownArea
from kommunanalys.web.i18n import current_language, gettext, request_language
from kommunanalys.web.json_response import kept_json
from kommunanalys.web.rendering import respond, split_suffix, wants_json
from kommunanalys.web.views.indicator_values import level_values
from kommunanalys.web.views.presenters import (
    area_json,
    finding_json,
    indicator_json,
    narrative_json,
    profile_json,
    scan_json,
    similar_json,
    version_json,
)
from kommunanalys.web.views.ranking_view import (
    chart_response,
    chart_rows,
    ranking_chart,
    ranking_json,
    ranks,
    table_rows,
)
from kommunanalys.web.views.spine_view import profile_spines

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])


def _dataset(request: Request) -> Dataset:
    return request.app.state.dataset


@router.get("/")
@router.get("/index.json")
def overview(request: Request) -> Response:
    ds = _dataset(request)
    profile = ds.profile(ds.kommun.code, None)
    year = profile.year
    regso = ds.areas(Level.REGSO, division_for(Level.REGSO, int(year)))
    deso_division = division_for(Level.DESO, int(year))
    deso_by_regso: dict[str, list[Area]] = {r.code: [] for r in regso}
    for d in ds.areas(Level.DESO, deso_division):  # one pass: 6 000 DeSO nationally
        if d.parent in deso_by_regso:
            deso_by_regso[d.parent].append(d)
    data = {
        "kommun": area_json(ds.kommun),
        "year": year,
        "profile": profile_json(profile, ds.version),
        "areas": [
            {**area_json(r), "deso": [area_json(d) for d in deso_by_regso[r.code]]} for r in regso
        ],
        "data_version": version_json(ds.version),
    }
    return respond(
        request,
        "index.html",
        {"profile": profile, "regso": regso, "deso_by_regso": deso_by_regso},
        data,
    )


@router.get("/omrade")
def choose_area(
    request: Request,
    omrade: str = Query(...),
    ar: str | None = None,
    doman: str | None = None,
    jamfor: str | None = None,
) -> Response:
    """Target of the area chooser form (works without JavaScript)."""
    ds = _dataset(request)
    ds.area(omrade)  # 404 for an unknown code
    if jamfor == ds.kommun.code:
        jamfor = None  # the default benchmark: keep the permalink short
    params = (("ar", ar), ("doman", doman), ("jamfor", jamfor))
    query = "&".join(f"{k}={quote(v)}" for k, v in params if v)
    return RedirectResponse(f"/omrade/{omrade}" + (f"?{query}" if query else ""), status_code=303)


@router.get("/omrade/{code}")
def area_profile(
    request: Request,
    code: str,
    ar: str | None = None,
    doman: str | None = None,
    jamfor: str | None = None,
) -> Response:
    code, as_json = split_suffix(code)
    ds = _dataset(request)
    if doman and doman not in DOMAINS:
        doman = None
    profile = ds.profile(code, ar, doman)
    switch = _level_switch(ds, profile)
    at_kommun = profile.area.level is Level.KOMMUN  # the kommun has no benchmark chooser
    benchmark = ds.area(jamfor, profile.year) if jamfor and not at_kommun else None
    assessments = assess_profile(ds, profile, benchmark)
    return respond(
        request,
        "area.html",
        {
            "spines": {s.domain: s for s in profile_spines(ds, profile, assessments)},
            "profile": profile,
            "domains": DOMAINS,
            "domain": doman,
            "switch": switch,
            "assessments": assessments,
            "benchmark": benchmark or ds.kommun,
            "benchmark_choices": _benchmark_choices(ds, profile),
        },
        lambda: profile_json(profile, ds.version, assessments),
        json_suffix=as_json,
    )


@router.get("/omrade/{code}/insikter")
@router.get("/omrade/{code}/insikter.json")
def area_insights_page(
    request: Request, code: str, ar: str | None = None, sammanfattning: bool = False
) -> Response:
    ds = _dataset(request)
    ar = ds.check_year(ar or None)
    area = ds.area(code, ar)
    year = ar or ds.latest_year(area)
    try:
        similar = similar_areas(ds, area.code, year) if area.level is not Level.KOMMUN else None
    except QueryError:
        similar = None
    findings = area_insights(ds, area.code, year, similar)
    config: LanguageModelConfig | None = request.app.state.language_model
    narrative = None
    if config and sammanfattning:
        narrative = _narrative(ds, config, area, year, findings)
    data = {
        "area": area_json(area),
        "year": year,
        "findings": [finding_json(f) for f in findings],
        "similar": similar_json(similar) if similar else None,
        "narrative": narrative_json(narrative),
        "language_model": config is not None,
        "data_version": version_json(ds.version),
    }
    return respond(
        request,
        "insights.html",
        {
            "area": area,
            "year": year,
            "years": ds.years,
            "findings": findings,
            "similar": similar,
            "narrative": narrative,
            "language_model": config is not None,
            "catalogue": ds.catalogue,
        },
        data,
    )


@router.get("/jamlikhet")
@router.get("/jamlikhet.json")
def equality_page(
    request: Request, indikator: str | None = None, ar: str | None = None
) -> Response:
    ds = _dataset(request)
    testable = [
        i
        for i in ds.catalogue
        if not i.is_view and i.value_type.value in ("proportion", "rate") and i.numerator
    ]
    result = scan(ds, indikator, ar or None) if indikator else None
    data = scan_json(result) if result else {"indicators": [i.id for i in testable]}
    return respond(
        request,
        "equality.html",
        {
            "result": result,
            "indicators": testable,
            "years": ds.years,
            "chosen": indikator,
            "ar": ar,
        },
        data,
    )


@router.get("/indikatorer")
@router.get("/indikatorer.json")
def indicators(request: Request, doman: str | None = None) -> Response:
    ds = _dataset(request)
    chosen = [i for i in ds.catalogue if not doman or i.domain == doman]
    return respond(
        request,
        "indicators.html",
        {"indicators": chosen, "domains": DOMAINS, "domain": doman},
        [indicator_json(i) for i in chosen],
    )


@router.get("/indikator/{indicator_id}")
def indicator_page(
    request: Request,
    indicator_id: str,
    ar: str | None = None,
    niva: str = "regso",
    omrade: str | None = None,
    alla: bool = False,
) -> Response:
    """All areas of a level ranked, with intervals and the comparison with the kommun, as a
    table and a bar chart; ``.json``, ``.svg`` and ``.png`` give the data and the chart."""
    indicator_id, suffix = _split_chart_suffix(indicator_id)
    ds = _dataset(request)
    indicator = ds.indicator(indicator_id)
    level = {"regso": Level.REGSO, "deso": Level.DESO, "kommun": Level.KOMMUN}.get(niva)
    if level is None:
        raise UnknownArea(
            gettext("Okänd nivå '%(v)s' (välj kommun, regso eller deso).") % {"v": niva}
        )
    found = level_values(ds, indicator, ar or None, level, Gender.TOTAL)
    if suffix == "json" or (suffix is None and wants_json(request)):
        # the twin needs no chart; a national one is 2 MB, so its bytes are kept
        key = ("ranking", indicator.id, found.year, level)
        return kept_json(ds, key, lambda: ranking_json(found, found.ranked()))
    ranked = found.ranked()
    chart = ranking_chart(ds, found, ranked, omrade)
    if suffix in ("svg", "png"):
        return chart_response(chart, f"{indicator.id}-{found.year}-{level.value}", suffix)
    query = urlencode({"ar": found.year, "niva": level.value})
    shown = table_rows(found, ranked, alla)
    numbered = dict(zip((id(r) for r in ranked), ranks(ranked), strict=True))
    return respond(
        request,
        "indicator.html",
        {
            "indicator": indicator,
            "year": found.year,
            "level": level,
            "rows": shown,
            "ranks": [numbered[id(r)] for r in shown],
            "all_count": len(ranked),
            "found": found,
            "chart": Markup(chart),  # built from escaped text only (charts.svg.esc)
            "chart_limited": len(chart_rows(found, ranked)) < len(ranked),
            "query": query,
            "highlight": omrade,
            "years": ds.years,
            "base": ds.catalogue.base(indicator),
            "map_level": level.value if level is not Level.KOMMUN else None,
        },
        lambda: ranking_json(found, ranked),
        json_suffix=suffix == "json",
    )


def _split_chart_suffix(name: str) -> tuple[str, str | None]:
    """``("antal_invanare", "svg")`` for ``"antal_invanare.svg"``; also .json and .png."""
    for suffix in ("json", "svg", "png"):
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


def _benchmark_choices(ds: Dataset, profile: AreaProfile) -> list[Area]:
    """The kommun, then the RegSO of the profile's year: what an area can be compared with."""
    regso = ds.areas(Level.REGSO, division_for(Level.REGSO, int(profile.year)))
    return [ds.kommun, *[a for a in regso if a.code != profile.area.code]]


def _level_switch(ds: Dataset, profile: AreaProfile) -> dict[str, str | None]:
    """Where "Växla till DeSO/RegSO" leads: the first child, or the parent."""
    area, year = profile.area, int(profile.year)
    if area.level is Level.KOMMUN:
        regso = ds.areas(Level.REGSO, division_for(Level.REGSO, year))
        deso = ds.areas(Level.DESO, division_for(Level.DESO, year))
        return {"regso": regso[0].code if regso else None, "deso": deso[0].code if deso else None}
    if area.level is Level.REGSO:
        return {"regso": None, "deso": profile.children[0].code if profile.children else None}
    return {"regso": area.parent, "deso": None}
