"""The population pyramid's page (``/omrade/{code}/pyramid``) and its JSON twin."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kommunanalys.analysis.pyramid import Pyramid, population_pyramid
from kommunanalys.charts.pyramid import PyramidRow, pyramid_chart
from kommunanalys.formatting import format_number
from kommunanalys.i18n import current_language, gettext
from kommunanalys.model import Value
from kommunanalys.query import Dataset, Place
from kommunanalys.report.json_rows import area_json, value_json


def pyramid_view(ds: Dataset, place: Place) -> dict[str, Any]:
    """The pyramid of ``place`` (its twin: every band's gated counts and shares) and the
    chart and table of the page."""
    pyramid = population_pyramid(ds, place)
    rows = pyramid_rows(pyramid)
    lang = current_language()
    title = gettext("Befolkningspyramid %(name)s %(year)s") % {
        "name": pyramid.area.name,
        "year": pyramid.year,
    }
    return {
        "area": area_json(pyramid.area),
        "kommun": area_json(pyramid.kommun),
        "year": pyramid.year,
        "years": list(pyramid.years),
        "population": _json(pyramid.population),
        "sum_of_bands": pyramid.total(),
        "complete": pyramid.complete,
        "bands": [
            {
                "band": b.label,
                "age_from": b.low,
                "age_to": b.high,
                "indicator": b.indicator,
                "men": _json(b.men),
                "women": _json(b.women),
                "men_share": r.men,
                "women_share": r.women,
                "kommun_men_share": r.reference_men,
                "kommun_women_share": r.reference_women,
            }
            for b, r in zip(pyramid.bands, rows, strict=True)
        ],
        "_pyramid": pyramid,
        "_title": title,
        "_chart": Markup(pyramid_chart(rows, title=title, reference_label=pyramid.kommun.name)),
        "_table": [
            (
                r.label,
                _count(b.men, lang),
                _share(r.men, lang),
                _count(b.women, lang),
                _share(r.women, lang),
                _share(r.reference_men, lang),
                _share(r.reference_women, lang),
            )
            for b, r in zip(pyramid.bands, rows, strict=True)
        ],
    }


def pyramid_rows(pyramid: Pyramid) -> list[PyramidRow]:
    """Each band's share of the area's population (the sum of its bands), and the kommun's."""
    own, kommun = pyramid.total(), pyramid.total(of_kommun=True)

    def share(v: Value | None, total: float) -> float | None:
        if v is None or v.value is None or not total:
            return None
        return 100 * v.value / total

    return [
        PyramidRow(
            b.label,
            share(b.men, own),
            share(b.women, own),
            share(b.kommun_men, kommun),
            share(b.kommun_women, kommun),
        )
        for b in pyramid.bands
    ]


def _json(v: Value | None) -> dict[str, Any] | None:
    return value_json(v) if v is not None else None


def _count(v: Value | None, lang: str) -> str:
    return format_number(v.value, 0, lang=lang) if v is not None and v.value is not None else "–"


def _share(x: float | None, lang: str) -> str:
    return "–" if x is None else format_number(x, 1, lang=lang) + "\u00a0%"
