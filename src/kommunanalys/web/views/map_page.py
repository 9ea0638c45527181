"""The map page's view dict: the map's JSON twin (:func:`map_view.map_json`) and what the
page shows around the SVG (the table, the choices). Apart from :mod:`map_view`, which the
ranking's chart reads, because it uses the ranking's table rows."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.police_areas import YEAR as POLICE_YEAR
from kommunanalys.charts.classify import METHODS
from kommunanalys.i18n.labels import label
from kommunanalys.model import DOMAINS
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import Outcome
from kommunanalys.web.rendering import Deferred, page_only
from kommunanalys.web.views.indicator_values import benchmark_choices
from kommunanalys.web.views.map_view import (
    COLOURINGS,
    GENDER_NAMES,
    MAP_LEVELS,
    MapView,
    class_rows,
    comparison_heading,
    map_header,
    map_rows,
    outcome_mark,
    parent_names,
    years_with_data,
)
from kommunanalys.web.views.profile_cards import outcome_class
from kommunanalys.web.views.ranking_view import table_rows


def map_page_view(ds: Dataset, view: MapView, query: str, *, show_all: bool) -> dict[str, Any]:
    """The map page's view dict: the twin :func:`map_json` (which the route's ``.json``
    serves kept), then the table, the choices and the SVG the page shows."""
    rows = table_rows(view.values, view.values.rows, show_all)
    division = division_for(view.params.level, int(view.year)) if view.year else None
    indicators = list(ds.catalogue)
    empty = all(r.number is None for r in view.values.rows)
    return {
        **map_header(view, query),  # the twin is map_json's, its rows made only for the twin
        "areas": Deferred(lambda: map_rows(view)),
        **page_only(
            {
                "view": view,
                "svg": Markup(view.svg),  # built from escaped text only (charts.svg.esc)
                "query": query,
                "classes": class_rows(view),
                "rows": sorted(rows, key=lambda r: (r.area.parent or "", r.area.code)),
                "all_count": len(view.values.rows),
                "indicators_by_domain": [
                    (d, [i for i in indicators if i.domain == d]) for d in DOMAINS
                ],
                "years": ds.years,
                "levels": ds.levels_offered(
                    view.params.indicator.id, MAP_LEVELS, view.params.level
                ),
                "methods": METHODS,
                "genders": GENDER_NAMES,
                "division": division,
                "parents": parent_names(ds, view.params.level, division) if division else {},
                "empty": empty,
                "police_year": POLICE_YEAR,
                "benchmark": view.values.benchmark,
                "benchmark_choices": benchmark_choices(ds),
                "badges": comparison_badges(view),
                "colourings": COLOURINGS,
                "comparison_heading": comparison_heading(view.values),
                # Offered only when the chosen year has no values.
                "years_with_data": years_with_data(ds, view.params.indicator, view.params.level)
                if empty
                else [],
            }
        ),
    }


def comparison_badges(view: MapView) -> dict[str, tuple[str, str]]:
    """Each compared area's badge (class, mark and word) by code, as the cards and the
    overview table show it, quintiles included: the map's table beside its colours."""
    polarity = view.params.indicator.polarity.value
    badges: dict[Outcome, tuple[str, str]] = {}  # each comparison's badge made once, not per row
    out: dict[str, tuple[str, str]] = {}
    for r in view.values.rows:
        c = r.comparison
        if c is not None and c.outcome is not Outcome.NOT_COMPARED:
            badge = badges.get(c.outcome)
            if badge is None:
                mark = outcome_mark(c.outcome, polarity)
                badge = badges[c.outcome] = (
                    outcome_class(c.outcome),
                    f"{mark} {label(c.outcome).capitalize()}",
                )
            out[r.area.code] = badge
    return out
