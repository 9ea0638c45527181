"""Routes: compare areas (/jamfor), compare years (/utveckling) and the bubble chart (/bubblor).

Every view answers at its path as HTML, and with a suffix as ``.json``, ``.csv``, ``.xlsx``,
``.svg`` or ``.png``: one handler reads the URL (the whole state, see
:mod:`kommunanalys.web.views.compare_params`), computes the view once
(:mod:`kommunanalys.analysis.comparison`) and hands the same object to the template, the JSON
twin, the export and the chart. The area profile's exports live here too
(``/omrade/{code}/export.csv``), because the profile's own route belongs to ``pages``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from kommunanalys.analysis.area_pairs import MAX_PAIRED_AREAS, area_pairs
from kommunanalys.analysis.comparison import (
    AreaComparison,
    bubble_view,
    compare_areas,
    compare_years,
)
from kommunanalys.catalog.areas import division_for
from kommunanalys.charts.limits import check_cells
from kommunanalys.config import Limits
from kommunanalys.errors import ErrorCode
from kommunanalys.i18n import gettext, indicator_name
from kommunanalys.i18n.messages import error_text
from kommunanalys.model import ALL_AGES, DOMAINS, Gender, Indicator, Level
from kommunanalys.query import Dataset
from kommunanalys.web.dependencies import DatasetDep, get_settings
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import page_only, respond
from kommunanalys.web.views import compare_charts, compare_params, exports
from kommunanalys.web.views.chart_context import PRESENTATION_KEYS
from kommunanalys.web.views.compare_params import GENDER_NAMES, BadParameter, permalink
from kommunanalys.web.views.compare_presenters import (
    area_comparison_json,
    area_groups,
    area_pairs_json,
    bubble_view_json,
    indicator_groups,
    year_comparison_json,
)
from kommunanalys.web.views.presenters import version_json
from kommunanalys.web.views.profile_view import profile_view

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])

#: The bubble chart's first view: child poverty against organised leisure, sized by population.
BUBBLE_DEFAULTS = (
    "andel_hemmaboende_barn_0_17_lag_inkomststandard",
    "andel_ledarledd_fritid",
    "antal_invanare",
)
#: The first indicator a series shows when none is chosen.
SERIES_DEFAULT = "antal_invanare"


@dataclass(frozen=True)
class Output:
    """One computed view and the ways it can be given out."""

    template: str
    view: Callable[[], dict[str, Any]]  # the page's view dict (rendering.py): twin and context
    sheet: Callable[[], exports.Sheet]
    chart: Callable[[], compare_charts.ChartPages]
    name: str
    status_code: int = 200


#: The query parameters of the comparison views: Swedish keys in the URL, English names in
#: Python. Each is read as a list, as given (a key may repeat, or have a second spelling):
#: :func:`compare_params.values_of` and :func:`compare_params.value_of` check and join them.
Given = list[str] | None
AreasQuery = Annotated[Given, Query(alias="omraden")]
AreaQuery = Annotated[Given, Query(alias="omrade")]
IndicatorsQuery = Annotated[Given, Query(alias="indikatorer")]
IndicatorQuery = Annotated[Given, Query(alias="indikator")]
DomainQuery = Annotated[Given, Query(alias="doman")]
DomainSpeltQuery = Annotated[Given, Query(alias="domän")]
GenderQuery = Annotated[Given, Query(alias="kon")]
YearQuery = Annotated[Given, Query(alias="ar")]
LevelQuery = Annotated[Given, Query(alias="niva")]
SizeQuery = Annotated[Given, Query(alias="storlek")]
ColourQuery = Annotated[Given, Query(alias="farg")]
BenchmarkQuery = Annotated[Given, Query(alias="jamfor")]
AxisQuery = Annotated[Given, Query()]  # ``x`` and ``y``: the same in both languages
SeparatorQuery = Annotated[Given, Query()]  # ``sep``: komma or semikolon, for the CSV


#: The suffixes that are files made from the view (bounded by :class:`Limits`).
EXPORTS = ("csv", "xlsx", "svg", "png")


def _limits(request: Request) -> Limits:
    return get_settings(request).limits


def _bound(request: Request, fmt: str | None, cells: int) -> None:
    """An export of ``cells`` values is refused before anything is computed when it is over
    the limit (60 DeSO × 60 indicators answers 400 at once)."""
    if fmt in EXPORTS:
        check_cells(cells, _limits(request))


def _answer(
    request: Request, ds: Dataset, fmt: str | None, out: Output, sep: Given = None
) -> Response:
    limits = _limits(request)
    if fmt in ("csv", "xlsx"):
        return exports.download(out.sheet(), fmt, compare_params.value_of("sep", sep), limits)
    if fmt in ("svg", "png"):
        page = request.query_params.get("sida")
        return compare_charts.download(out.chart(), fmt, out.name, page, limits)
    base = request.url.path.rsplit(".", 1)[0] if fmt else request.url.path
    query = request.url.query
    links = exports.links(base, query)
    view = {
        **out.view(),
        "links": links,
        "data_version": version_json(ds.version),
        "_permalink": base + (f"?{query}" if query else ""),
    }
    return respond(
        request, out.template, view, json_suffix=fmt == "json", status_code=out.status_code
    )


def _start(request: Request, path: str) -> tuple[str | None, Response | None]:
    """The format asked for (None for HTML), or a redirect to the permalink form."""
    fmt = compare_params.check_format(request.path_params.get("fmt"))
    if fmt is None:
        return None, compare_params.canonical_redirect(request, path)
    return fmt, None


# -- /jamfor ---------------------------------------------------------------------------------------


@router.get("/jamfor")
@router.get("/jamfor.{fmt}")
def compare_areas_page(
    request: Request,
    ds: DatasetDep,
    areas_given: AreasQuery = None,
    area_given: AreaQuery = None,
    indicators_given: IndicatorsQuery = None,
    indicator_given: IndicatorQuery = None,
    domain_given: DomainQuery = None,
    domain_spelt: DomainSpeltQuery = None,
    gender_given: GenderQuery = None,
    year_given: YearQuery = None,
    sep: SeparatorQuery = None,
) -> Response:
    fmt, redirect = _start(request, "/jamfor")
    if redirect:
        return redirect
    q = compare_params
    codes = q.values_of("omraden", areas_given, area_given)
    ids = q.values_of("indikatorer", indicators_given, indicator_given)
    domain = q.domain(q.value_of("doman", domain_given, domain_spelt))
    gender = q.gender(q.value_of("kon", gender_given))[0]
    year = q.year(ds, q.value_of("ar", year_given))
    chosen = q.indicators(ds, ids)
    q.areas(ds, codes, year)  # unknown codes: 404 before anything else
    defaulted = not codes
    if defaulted:
        latest = division_for(Level.REGSO, int(year or ds.years[-1]))
        codes = [ds.kommun.code, *[a.code for a in ds.areas(Level.REGSO, latest)]]
    if not chosen:
        domain = domain or DOMAINS[0]
        chosen = [i for i in ds.catalogue.in_domain(domain) if not i.is_view]
    _bound(request, fmt, len(codes) * len(chosen))  # before any value is read
    year = year or _latest_year(ds, codes, chosen, gender)
    areas = q.areas(ds, codes, year)
    too_few = None
    if len(areas) < 2:
        names = ", ".join(a.name for a in areas)
        too_few = BadParameter(ErrorCode.TOO_FEW_AREAS, n=len(areas), names=names)
    error = error_text(too_few) if too_few else None
    result = None if too_few else compare_areas(ds, areas, chosen, year, gender)
    pairs = area_pairs(ds, result) if result else None
    context = {
        "result": result,
        "pairs": pairs,
        "max_paired": MAX_PAIRED_AREAS,
        "error": error,
        "defaulted": defaulted,
        # what is ticked is what the URL chose: nothing when the page shows its default
        "chosen_codes": [] if defaulted else [a.code for a in areas],
        "clear_href": permalink(
            "/jamfor",
            [
                ("ar", q.value_of("ar", year_given)),
                ("kon", q.value_of("kon", gender_given)),
                ("doman", domain if not ids else None),
                ("indikatorer", ",".join(ids)),
            ],
        ),
        "chosen_ids": ids,
        "domain": domain if not ids else None,
        "gender": gender,
        "years": ds.years,
        "groups": area_groups(ds, year),
        "indicator_groups": indicator_groups(ds),
        "domains": DOMAINS,
        "GENDER_NAMES": GENDER_NAMES,
        "charts": compare_charts.area_bars(result) if result else [],
    }
    if result is None:
        if too_few and fmt not in (None, "json"):
            raise too_few
        return respond(
            request,
            "jamfor.html",
            {"detail": error, **page_only({**context, "links": None, "permalink": None})},
            json_suffix=fmt == "json",
            status_code=400,
        )
    title = _compare_title(result)
    return _answer(
        request,
        ds,
        fmt,
        Output(
            "jamfor.html",
            lambda: {
                **area_comparison_json(result),
                "default_choice": defaulted,
                "areas_against_each_other": area_pairs_json(pairs) if pairs else None,
                **page_only(context),
            },
            lambda: exports.area_comparison_sheet(result, title, _address(request)),
            lambda: compare_charts.area_bars_pages(result, title, _address(request)),
            "jamfor",
        ),
        sep,
    )


def _compare_title(result: AreaComparison) -> str:
    gender = "" if result.gender is Gender.TOTAL else f", {gettext(GENDER_NAMES[result.gender])}"
    return gettext("Jämförelse av områden %(year)s") % {"year": result.year} + gender.lower()


def _latest_year(ds: Dataset, codes: list[str], indicators: list[Indicator], gender: Gender) -> str:
    """The newest year in which any of the indicators has a value for any of the areas (for
    the chosen gender; a gender view has its own)."""
    views = {i.id: i.view_gender for i in indicators}
    periods = {
        v.period
        for v in ds.values([i.id for i in indicators], areas=codes)
        if v.value is not None
        and v.age_group == ALL_AGES
        and v.gender is (views.get(v.indicator) or gender)
    }
    return max(periods) if periods else ds.years[-1]


def _address(request: Request) -> str:
    """The page's permalink (the export's own address without its suffix)."""
    path = request.url.path.rsplit(".", 1)[0]
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in PRESENTATION_KEYS]
    return permalink(path, kept)


# -- /utveckling -----------------------------------------------------------------------------------


@router.get("/utveckling")
@router.get("/utveckling.{fmt}")
def compare_years_page(
    request: Request,
    ds: DatasetDep,
    area_given: AreaQuery = None,
    areas_given: AreasQuery = None,
    indicator_given: IndicatorQuery = None,
    indicators_given: IndicatorsQuery = None,
    gender_given: GenderQuery = None,
    sep: SeparatorQuery = None,
) -> Response:
    fmt, redirect = _start(request, "/utveckling")
    if redirect:
        return redirect
    q = compare_params
    codes = q.values_of("omrade", area_given, areas_given)
    ids = q.values_of("indikator", indicator_given, indicators_given)
    gender_text = q.value_of("kon", gender_given)
    genders = q.gender(gender_text, allow_all=True)
    areas = q.areas(ds, codes or [ds.kommun.code], None)
    chosen = q.indicators(ds, ids or [SERIES_DEFAULT])
    _bound(request, fmt, len(areas) * len(chosen) * len(genders) * len(ds.years))
    result = compare_years(ds, areas, chosen, genders)
    title = gettext("Utveckling över åren")
    context = {
        "result": result,
        "areas": areas,
        "indicators": chosen,
        "defaulted": not codes or not ids,
        "chosen_codes": [a.code for a in areas],
        "chosen_ids": [i.id for i in chosen],
        "gender_choice": (gender_text or "T").upper() if gender_text != "alla" else "alla",
        "groups": area_groups(ds, None),
        "indicator_groups": indicator_groups(ds),
        "GENDER_NAMES": GENDER_NAMES,
        "charts": compare_charts.year_lines(result),
    }
    return _answer(
        request,
        ds,
        fmt,
        Output(
            "utveckling.html",
            lambda: {**year_comparison_json(result), **page_only(context)},
            lambda: exports.year_comparison_sheet(result, title, _address(request)),
            lambda: compare_charts.year_lines_pages(result, title, _address(request)),
            "utveckling",
        ),
        sep,
    )


# -- /bubblor --------------------------------------------------------------------------------------


@router.get("/bubblor")
@router.get("/bubblor.{fmt}")
def bubbles_page(
    request: Request,
    ds: DatasetDep,
    level_given: LevelQuery = None,
    x: AxisQuery = None,
    y: AxisQuery = None,
    size_given: SizeQuery = None,
    colour_given: ColourQuery = None,
    year_given: YearQuery = None,
    sep: SeparatorQuery = None,
) -> Response:
    fmt, redirect = _start(request, "/bubblor")
    if redirect:
        return redirect
    q = compare_params
    level = q.level(q.value_of("niva", level_given))
    x_id = q.value_of("x", x) or BUBBLE_DEFAULTS[0]
    y_id = q.value_of("y", y) or BUBBLE_DEFAULTS[1]
    size_text = q.value_of("storlek", size_given)
    size_id = None if size_text == "ingen" else size_text or BUBBLE_DEFAULTS[2]
    colour_text = q.value_of("farg", colour_given)
    colour_id = None if colour_text in (None, "ingen") else colour_text
    x_axis, y_axis = ds.indicator(x_id), ds.indicator(y_id)
    size = ds.indicator(size_id) if size_id else None
    colour = ds.indicator(colour_id) if colour_id else None
    year = q.year(ds, q.value_of("ar", year_given)) or _common_year(ds, [x_axis, y_axis], level)
    view = bubble_view(ds, x_axis, y_axis, size, colour, level, year)
    title = gettext("%(y)s och %(x)s per %(level)s %(year)s") % {
        "y": indicator_name(y_axis),
        "x": indicator_name(x_axis),
        "level": "DeSO" if level is Level.DESO else "RegSO",
        "year": year,
    }
    context = {
        "view": view,
        "title": title,
        "years": ds.years,
        "indicator_groups": indicator_groups(ds),
        "size_default": size_text is None,
        "charts": compare_charts.bubble_figures(view, title),
    }
    return _answer(
        request,
        ds,
        fmt,
        Output(
            "bubblor.html",
            lambda: {**bubble_view_json(view), **page_only(context)},
            lambda: exports.bubble_sheet(view, title, _address(request)),
            lambda: compare_charts.bubble_pages(view, title, _address(request)),
            "bubblor",
        ),
        sep,
    )


def _common_year(ds: Dataset, indicators: list[Indicator], level: Level) -> str:
    """The newest year in which both axes have values at ``level``."""
    found: dict[str, set[str]] = {}
    for v in ds.values([i.id for i in indicators]):
        at_level = v.division is division_for(level, int(v.period))
        if v.value is not None and at_level and v.age_group == ALL_AGES:
            found.setdefault(v.indicator, set()).add(v.period)
    common = set.intersection(*(found.get(i.id, set()) for i in indicators))
    return max(common) if common else ds.years[-1]


# -- the area profile's exports --------------------------------------------------------------------


@router.get("/omrade/{code}/export.{fmt}")
def profile_export(
    request: Request,
    ds: DatasetDep,
    code: str,
    fmt: str,
    domain_given: DomainQuery = None,
    domain_spelt: DomainSpeltQuery = None,
    year_given: YearQuery = None,
    benchmark_given: BenchmarkQuery = None,
    sep: SeparatorQuery = None,
) -> Response:
    """The profile as CSV or Excel: the same cards, assessments and benchmark as the page."""
    if fmt not in ("csv", "xlsx"):
        raise BadParameter(ErrorCode.UNKNOWN_PROFILE_FORMAT, v=fmt)
    q = compare_params
    domain = q.domain(q.value_of("doman", domain_given, domain_spelt))
    year = q.year(ds, q.value_of("ar", year_given))
    benchmark_code = q.value_of("jamfor", benchmark_given)
    view = profile_view(ds, ds.place(code, year), domain, benchmark_code)
    profile = view["_profile"]
    address = permalink(
        f"/omrade/{profile.area.code}",
        [("ar", profile.year), ("doman", domain), ("jamfor", benchmark_code)],
    )
    sheet = exports.profile_sheet(profile, view["_assessments"], view["_benchmark"], address)
    return exports.download(sheet, fmt, q.value_of("sep", sep), _limits(request))
