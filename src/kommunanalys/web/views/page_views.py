"""The view dicts of the site's pages: one function per page, ``<page>_view(...) -> dict``.

Each dict feeds both the page and its JSON twin (the rule is in
:mod:`kommunanalys.web.rendering`): the keys without a leading ``_`` are the twin as published,
the ``_`` keys the objects only the template needs. Built without HTTP from a
:class:`Dataset`; the routes read the URL, call one of these and hand the dict to ``respond``.
The area profile's view is :mod:`kommunanalys.web.views.profile_view`, the map's
:mod:`kommunanalys.web.views.map_view`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from kommunanalys import i18n
from kommunanalys.analysis.equality import scan
from kommunanalys.analysis.insights import Finding
from kommunanalys.analysis.narrative import Narrative
from kommunanalys.analysis.similar import SimilarAreas
from kommunanalys.catalog.key_figures import OVERVIEW_FIGURES
from kommunanalys.model import DOMAINS, Area, Indicator, Level
from kommunanalys.query import Dataset, Place
from kommunanalys.report.json_rows import area_json, finding_json, indicator_json, scan_json
from kommunanalys.web.rendering import Deferred
from kommunanalys.web.views.indicator_values import AreaValue, LevelValues, benchmark_param
from kommunanalys.web.views.level_json import level_json
from kommunanalys.web.views.presenters import (
    narrative_json,
    profile_json,
    similar_json,
    version_json,
)
from kommunanalys.web.views.profile_cards import card_views, card_words
from kommunanalys.web.views.ranking_table import kept_area_heads, kept_table_body, table_body
from kommunanalys.web.views.ranking_view import (
    MAX_BARS,
    ranked_rows,
    ranks,
    table_rows,
)


def overview_view(ds: Dataset) -> dict[str, Any]:
    """The start page: the kommun's profile in its latest year and its RegSO with their DeSO."""
    place = ds.place(ds.kommun.code)
    profile = ds.profile_at(place)
    regso = ds.areas(Level.REGSO, place.division(Level.REGSO))
    deso_by_regso: dict[str, list[Area]] = {r.code: [] for r in regso}
    for d in ds.areas(Level.DESO, place.division(Level.DESO)):  # one pass: 6 000 DeSO nationally
        if d.parent in deso_by_regso:
            deso_by_regso[d.parent].append(d)
    return {
        "kommun": area_json(ds.kommun),
        "year": profile.year,
        "profile": profile_json(profile, ds.version),
        "areas": [
            {**area_json(r), "deso": [area_json(d) for d in deso_by_regso[r.code]]} for r in regso
        ],
        "data_version": version_json(ds.version),
        "_profile": profile,
        "_regso": regso,
        "_deso_by_regso": deso_by_regso,
        "_key_cards": Deferred(
            lambda: [
                c
                for cards in card_views(profile, None).values()
                for c in cards
                if c["id"] in OVERVIEW_FIGURES
            ]
        ),
        "_words": Deferred(card_words),
    }


def insights_view(
    ds: Dataset,
    place: Place,
    findings: list[Finding],
    links: list[str],
    similar: SimilarAreas | None,
    narrative: Narrative | None,
    *,
    language_model: bool,
) -> dict[str, Any]:
    """An area's findings, its similar areas and the language model's summary (when asked)."""
    area, year = place.area, place.year
    return {
        "area": area_json(area),
        "year": year,
        "findings": [finding_json(f, link) for f, link in zip(findings, links, strict=True)],
        "similar": similar_json(similar) if similar else None,
        "narrative": narrative_json(narrative),
        "language_model": language_model,
        "data_version": version_json(ds.version),
        "_area": area,
        "_years": ds.years,
        "_findings": findings,
        "_links": links,
        "_similar": similar,
        "_narrative": narrative,
        "_catalogue": ds.catalogue,
    }


#: what /jamlikhet opens on when no indicator is chosen: a real SCB share whose numerator and
#: denominator are published for every area, so that the scan can test it (children living in
#: low income standard), else the first indicator it can scan
DEFAULT_EQUALITY_INDICATOR = "andel_hemmaboende_barn_0_17_lag_inkomststandard"


def equality_view(ds: Dataset, indicator: str | None, year: str | None) -> dict[str, Any]:
    """The equality scan of one indicator (none chosen: the default one), beside the
    indicators it can scan."""
    testable = [
        i
        for i in ds.catalogue
        if not i.is_view and i.value_type.value in ("proportion", "rate") and i.numerator
    ]
    if not indicator and testable:
        ids = [i.id for i in testable]
        indicator = DEFAULT_EQUALITY_INDICATOR if DEFAULT_EQUALITY_INDICATOR in ids else ids[0]
    result = scan(ds, indicator, year or None) if indicator else None
    return {
        "indicators": [i.id for i in testable],
        **(scan_json(result) if result else {}),
        "_result": result,
        "_indicators": testable,
        "_years": ds.years,
        "_chosen": indicator,
        "_ar": year,
    }


def indicators_view(ds: Dataset, domain: str | None) -> dict[str, Any]:
    """The indicator catalogue, of one domain or all; the twin is the list under
    ``"indicators"`` (see ``respond(twin_key=…)``)."""
    chosen = [i for i in ds.catalogue if not domain or i.domain == domain]
    return {
        "indicators": [indicator_json(i) for i in chosen],
        "_indicators": chosen,
        "_domains": DOMAINS,
        "_domain": domain,
    }


def indicator_view(
    ds: Dataset,
    indicator: Indicator,
    found: LevelValues,
    ranked: list[AreaValue],
    chart: str,
    *,
    highlight: str | None,
    show_all: bool,
) -> dict[str, Any]:
    """One indicator's areas ranked: the twin is :func:`ranking_json` (which the route's
    ``.json`` serves kept, without the page's chart and table), then the table and chart."""
    level = found.level
    benchmark = found.benchmark.code if found.benchmark else None
    shown = table_rows(found, ranked, show_all)
    numbers = ranks(ranked)
    if shown is not ranked:  # the kommun's own areas: their ranks among all
        numbered = dict(zip((id(r) for r in ranked), numbers, strict=True))
        numbers = [numbered[id(r)] for r in shown]
    return {
        **level_json(found),  # the twin is ranking_json's, its rows made only for the twin
        "values": Deferred(lambda: ranked_rows(found, ranked)),
        "_indicator": indicator,
        "_year": found.year,
        "_level": level,
        "_rows": shown,
        "_ranks": numbers,
        "_table_body": Deferred(
            lambda: kept_table_body(
                ds,
                (indicator.id, found.year, level, found.gender, benchmark, highlight, show_all),
                lambda: table_body(
                    found,
                    shown,
                    numbers,
                    highlight,
                    i18n.gettext("Syntetiska demodata"),
                    kept_area_heads(ds, found),
                ),
            )
        ),
        "_all_count": len(ranked),
        "_found": found,
        "_chart": Markup(chart),  # built from escaped text only (charts.svg.esc)
        "_chart_limited": len(ranked) > MAX_BARS,  # chart_rows: the kommun's areas only
        "_query": urlencode(
            {"ar": found.year, "niva": level.value, **benchmark_param(ds, found)}
        ),
        "_benchmark": found.benchmark,
        "_highlight": highlight,
        "_years": ds.years,
        "_base": ds.catalogue.base(indicator),
        "_map_level": level.value if level is not Level.KOMMUN else None,
    }
