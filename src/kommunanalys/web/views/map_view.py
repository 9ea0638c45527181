"""The map view: parameters from the URL, the gated values with their classes, and the SVG.

Shared by /karta, its JSON twin and the SVG/PNG downloads, so that all four show exactly the
same data. The projected polygons are kept per division and width (``Dataset.memo``):
projection is the only costly step, and the geography never changes under a Dataset.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlencode

from kommunanalys import i18n
from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.police_areas import YEAR as POLICE_YEAR
from kommunanalys.catalog.police_areas import PoliceArea, centre, within
from kommunanalys.charts import MapArea, choropleth, classify
from kommunanalys.charts.choropleth import Category
from kommunanalys.charts.classify import METHODS, QUANTILES, Classes
from kommunanalys.charts.geo import MapFrame, frame
from kommunanalys.charts.palettes import outcome_fill, sequential
from kommunanalys.errors import ErrorCode
from kommunanalys.formatting import decimals_for, value_formatter
from kommunanalys.i18n.labels import label
from kommunanalys.model import Area, Division, Gender, Indicator, Level
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import LEVEL_NAMES, Dataset
from kommunanalys.stats.comparison import INTERVAL_OUTCOMES, QUINTILE_OUTCOMES, Outcome
from kommunanalys.web.views.compare_params import BadParameter
from kommunanalys.web.views.indicator_values import (
    LevelValues,
    benchmark_area,
    level_values,
)
from kommunanalys.web.views.level_json import OutcomeLabels, area_row, level_json
from kommunanalys.web.views.overview_table_view import quintile_mark
from kommunanalys.web.views.profile_cards import OUTCOME_MARK

MAP_LEVELS = {"deso": Level.DESO, "regso": Level.REGSO}
GENDERS = {"T": Gender.TOTAL, "K": Gender.WOMEN, "M": Gender.MEN}
GENDER_NAMES = {Gender.TOTAL: "Totalt", Gender.WOMEN: "Kvinnor", Gender.MEN: "Män"}
#: ``polisen=`` (the Police's layer): the checkbox sends 1; off when left out.
POLICE_CHOICES = {"": False, "0": False, "nej": False, "1": True, "ja": True, "on": True}
#: ``farg=``: colour the areas by their comparison with the benchmark (as Fingertips' map)
#: or by value classes. Without it: by comparison where some area is compared, else by value.
BY_COMPARISON = "jamforelse"
BY_VALUE = "varde"
COLOURINGS: dict[str, str] = {BY_COMPARISON: "jämförelse", BY_VALUE: "värdeklasser"}
#: The order of the comparison colours in the legend and the twin.
OUTCOME_ORDER: tuple[Outcome, ...] = (
    Outcome.BETTER,
    Outcome.SIMILAR,
    Outcome.WORSE,
    Outcome.HIGHER,
    Outcome.LOWER,
    *QUINTILE_OUTCOMES["high_good"][::-1],
    *(o for o in QUINTILE_OUTCOMES["neutral"][::-1] if o is not Outcome.MIDDLE_FIFTH),
    Outcome.NOT_COMPARED,
)
CLASS_COUNT = 5
#: An area's interval (lower, upper, method) where it has none.
_NO_BOUNDS = (None, None, None)
#: The comparison code of a value not compared (its colour on a map coloured by comparison).
NOT_COMPARED = Outcome.NOT_COMPARED.value
MAP_WIDTH = 640
#: Shown when no indicator is chosen: a real SCB figure every area has.
DEFAULT_INDICATOR = "medianinkomst"


@dataclass(frozen=True, slots=True)
class MapParams:
    indicator: Indicator
    year: str | None
    level: Level
    method: str
    gender: Gender
    police: bool = False  # the Police's "utsatta områden" drawn over the areas
    #: the benchmark's code where it is not the level's default (``jamfor=``)
    benchmark: str | None = None
    #: ``farg=`` as asked for (None: the default, :data:`BY_COMPARISON` where some area is
    #: compared)
    colouring: str | None = None

    def query(self, year: str | None = None, **changes: str) -> str:
        """The URL query of these parameters (the URL is the view's whole state)."""
        params = {
            "indikator": self.indicator.id,
            "ar": year or self.year or "",
            "niva": self.level.value,
            "klasser": self.method,
            "kon": self.gender.value,
            "polisen": "1" if self.police else "",
            "jamfor": self.benchmark or "",
            "farg": self.colouring or "",
            **changes,
        }
        return urlencode({k: v for k, v in params.items() if v})


def parse_params(
    ds: Dataset,
    indikator: str | None,
    ar: str | None,
    niva: str | None,
    klasser: str | None,
    kon: str | None,
    polisen: str | None = None,
    jamfor: str | None = None,
    farg: str | None = None,
) -> MapParams:
    """The map's parameters, checked; a Swedish 4xx for anything unknown."""
    chosen = indikator or (
        DEFAULT_INDICATOR
        if ds.catalogue.get(DEFAULT_INDICATOR)
        else next(i.id for i in ds.catalogue if not i.is_view)
    )
    indicator = ds.indicator(chosen)  # 404 for an unknown id
    year = ds.check_year(ar or None)  # 404 for a year without data
    level = MAP_LEVELS.get((niva or "deso").lower())
    if level is None:
        raise BadParameter(ErrorCode.UNKNOWN_MAP_LEVEL, v=niva)
    method = (klasser or QUANTILES).lower()
    if method not in METHODS:
        raise BadParameter(ErrorCode.UNKNOWN_CLASSIFICATION, v=klasser, methods=" / ".join(METHODS))
    gender = GENDERS.get((kon or "T").upper())
    if gender is None:
        raise BadParameter(ErrorCode.UNKNOWN_GENDER, v=kon, choices="T, K, M")
    police = POLICE_CHOICES.get((polisen or "").lower())
    if police is None:
        raise BadParameter(ErrorCode.UNKNOWN_POLICE_CHOICE, v=polisen)
    colouring = (farg or "").strip().lower() or None
    if colouring is not None and colouring not in COLOURINGS:
        raise BadParameter(ErrorCode.UNKNOWN_MAP_COLOURING, v=farg, choices=" / ".join(COLOURINGS))
    chosen_benchmark = benchmark_area(ds, level, jamfor)
    default = benchmark_area(ds, level, None)
    benchmark = chosen_benchmark.code if chosen_benchmark and chosen_benchmark != default else None
    return MapParams(indicator, year, level, method, gender, police, benchmark, colouring)


@dataclass(frozen=True)
class MapView:
    params: MapParams
    values: LevelValues
    classes: Classes
    colours: tuple[str, ...]
    title: str
    decimals: int
    #: The class of each row of ``values.rows`` (None without a value), found once.
    class_of: tuple[int | None, ...]
    draw: Callable[[], str] = field(repr=False, compare=False)
    #: The Police's areas drawn over the map (when asked for), as the page lists them.
    police: tuple[PoliceArea, ...] = ()
    #: :data:`BY_COMPARISON` or :data:`BY_VALUE`: what the areas are coloured by
    colouring: str = BY_VALUE
    #: each row's comparison code (None without a value), the areas' colour by comparison
    outcomes: tuple[str | None, ...] = ()
    #: the comparison colours of the map, in legend order (the codes some area has)
    categories: tuple[Category, ...] = ()

    @property
    def year(self) -> str:
        return self.values.year

    @cached_property
    def svg(self) -> str:
        """The map, drawn when first asked for (the JSON twin does not need it)."""
        return self.draw()


def build_map(ds: Dataset, params: MapParams) -> MapView:
    """The map of ``params``. The most recent ones are kept (per dataset and reading
    language): the page, its twin and its SVG/PNG then share one view and one drawing."""
    return _kept_map(ds, params, i18n.current_language())


@lru_cache(maxsize=16)
def _kept_map(ds: Dataset, params: MapParams, language: str) -> MapView:
    indicator = params.indicator
    values = level_values(ds, indicator, params.year, params.level, params.gender, params.benchmark)
    classes = classify([r.number for r in values.rows], params.method, CLASS_COUNT)
    colours = sequential(classes.count, indicator.polarity) if classes.count else ()
    decimals = decimals_for(indicator)
    title = map_title(indicator, values)
    division = division_for(params.level, int(values.year)) if values.year else Division.KOMMUN
    class_of = tuple(classes.index(r.number) for r in values.rows)
    outcomes = tuple(
        None
        if r.number is None
        else (r.comparison.outcome.value if r.comparison else Outcome.NOT_COMPARED.value)
        for r in values.rows
    )
    compared = any(o not in (None, Outcome.NOT_COMPARED) for o in outcomes)
    colouring = params.colouring or (BY_COMPARISON if compared else BY_VALUE)
    categories = outcome_categories(indicator, outcomes) if colouring == BY_COMPARISON else ()

    def draw() -> str:
        parents = parent_names(ds, params.level, division)
        shapes = map_frame(ds, params.level, division, police=params.police)
        # Only a drawn area needs its name (its tooltip); the others count in the legend.
        areas = []
        for r, outcome in zip(values.rows, outcomes, strict=True):
            code = r.area.code
            low, high, _ = r.bounds() or _NO_BOUNDS
            areas.append(
                MapArea(
                    code,
                    display_name(r.area, parents) if code in shapes.paths else code,
                    r.number,
                    low,
                    high,
                    SUPPRESSED if r.suppressed else None,
                    f"/omrade/{code}?ar={values.year}",
                    category=outcome,
                )
            )
        return choropleth(
            areas,
            title=title,
            unit=i18n.unit_name(indicator.unit),
            classes=classes,
            polarity=indicator.polarity,
            decimals=decimals,
            frame=shapes,
            outline_label=i18n.gettext("RegSO-gräns") if params.level is Level.DESO else None,
            overlay_label=i18n.gettext("Polisens utsatta områden %(year)s") % {"year": POLICE_YEAR},
            ident="karta",
            categories=categories,
            category_title=comparison_heading(values),
            category_note=i18n.gettext(
                "Färgen är jämförelsen som områdets profil visar; ordet står i varje områdes "
                "namn och i tabellen."
            ),
        )

    police = police_near(ds, params.level, division) if params.police else ()
    return MapView(
        params,
        values,
        classes,
        colours,
        title,
        decimals,
        class_of,
        draw,
        police,
        colouring,
        outcomes,
        categories,
    )


def outcome_mark(outcome: Outcome, polarity: str) -> str:
    """The mark of a comparison, as the cards and the overview table show it: ▲ ● ▼ △ ▽
    for an interval's outcome, the fifth (1/5 lowest … 5/5) for a quintile."""
    if outcome in INTERVAL_OUTCOMES:
        return OUTCOME_MARK[outcome]
    return quintile_mark(outcome, polarity)


def outcome_categories(
    indicator: Indicator, outcomes: tuple[str | None, ...]
) -> tuple[Category, ...]:
    """The colour, mark and label of every comparison some area of the map has."""
    present = set(outcomes)
    polarity = indicator.polarity.value
    return tuple(
        Category(
            o.value,
            outcome_fill(o.value, polarity),
            f"{outcome_mark(o, polarity)} {label(o).capitalize()}".strip(),
        )
        for o in OUTCOME_ORDER
        if o.value in present
    )


def comparison_heading(values: LevelValues) -> str:
    """The legend's heading: what the areas are compared with."""
    if values.benchmark is None:
        return i18n.gettext("Jämförelse") + ":"
    return i18n.gettext("Jämfört med %(name)s:") % {"name": values.benchmark.name}


def parent_names(ds: Dataset, level: Level, division: Division) -> dict[str, str]:
    """RegSO names by code for a DeSO map (a DeSO has only a code as its name)."""
    if level is not Level.DESO:
        return {}
    parent = Division.REGSO2025 if division is Division.DESO2025 else Division.REGSO2020
    return {a.code: a.name for a in ds.areas(Level.REGSO, parent)}


def display_name(area: Area, parents: dict[str, str]) -> str:
    """ "Flemingsberg" for a RegSO, "DeSO 0126C1080 i Flemingsberg" for a DeSO."""
    if area.name != area.code:
        return area.name
    where = parents.get(area.parent or "")
    if not where:
        return f"DeSO {area.code}"
    return i18n.gettext("DeSO %(code)s i %(where)s") % {"code": area.code, "where": where}


def years_with_data(ds: Dataset, indicator: Indicator, level: Level) -> list[str]:
    """The years in which some area of ``level`` has a value of ``indicator`` (once per
    dataset): offered when the chosen year has none."""

    def compute() -> list[str]:
        gender = indicator.view_gender or Gender.TOTAL
        return [
            year
            for year in ds.years
            if any(
                v.value is not None
                for v in ds.values(
                    [indicator.id],
                    years=[year],
                    genders=[gender],
                    division=division_for(level, int(year)),
                )
            )
        ]

    return ds.memo(("years-with-data", indicator.id, level), compute)


def map_title(indicator: Indicator, values: LevelValues) -> str:
    """The title in the request's language (:func:`kommunanalys.i18n.map_title`)."""
    gender = None if values.gender is Gender.TOTAL else GENDER_NAMES[values.gender]
    return i18n.map_title(indicator, gender, LEVEL_NAMES[values.level], values.year)


def map_frame(
    ds: Dataset, level: Level, division: Division, width: int = MAP_WIDTH, *, police: bool = False
) -> MapFrame:
    """The areas' projected paths, once per dataset, division and width. On a DeSO map the
    RegSO of the same vintage are drawn over them as thicker borders; with ``police`` the
    Police's "utsatta områden" near the areas too."""

    def compute() -> MapFrame:
        # Geometry is read only here (Dataset keeps areas without it, to stay small).
        areas = ds.store.areas(level=level, division=division, with_geometry=True)
        outline = None
        if level is Level.DESO:
            parent = Division.REGSO2025 if division is Division.DESO2025 else Division.REGSO2020
            regso = ds.store.areas(level=Level.REGSO, division=parent, with_geometry=True)
            outline = _union(a.geometry for a in regso)
        shown = police_near(ds, level, division) if police else ()
        return frame(
            {a.code: a.geometry for a in areas},
            width,
            outline,
            {p.name: p.geometry for p in shown},
            {p.name: centre(p) for p in shown},
        )

    return ds.memo(("map-frame", level, division, width, police), compute)


def police_near(ds: Dataset, level: Level, division: Division) -> tuple[PoliceArea, ...]:
    """The Police's areas whose centre lies in one of the map's areas (once per division)."""

    def compute() -> tuple[PoliceArea, ...]:
        areas = ds.store.areas(level=level, division=division, with_geometry=True)
        return tuple(within([json.loads(a.geometry) for a in areas if a.geometry]))

    return ds.memo(("police-near", level, division), compute)


def _union(geometries: Any) -> dict[str, Any] | None:
    """Many geometries as one MultiPolygon (drawn as lines only: no dissolve needed)."""
    polygons: list[Any] = []
    for text in geometries:
        if not text:
            continue
        geometry = json.loads(text)
        if geometry["type"] == "Polygon":
            polygons.append(geometry["coordinates"])
        elif geometry["type"] == "MultiPolygon":
            polygons.extend(geometry["coordinates"])
    return {"type": "MultiPolygon", "coordinates": polygons} if polygons else None


def class_rows(view: MapView) -> list[dict[str, Any]]:
    """The classes with range, colour and count (legend, table and JSON)."""
    counts = [0] * view.classes.count
    for k in view.class_of:
        if k is not None:
            counts[k] += 1
    unit = view.params.indicator.unit
    return [
        {
            "class": k + 1,
            "lower": view.classes.edges[k],
            "upper": view.classes.edges[k + 1],
            "label": view.classes.label(k, unit, view.decimals),
            "colour": view.colours[k],
            "areas": counts[k],
        }
        for k in range(view.classes.count)
    ]


def map_json(view: MapView, query: str) -> dict[str, Any]:
    """The JSON twin: :func:`level_json`'s shared fields, the classes, and every area's row
    with its class, colour and profile link."""
    return {**map_header(view, query), "areas": map_rows(view)}


def map_rows(view: MapView) -> list[dict[str, Any]]:
    """The map twin's ``areas``: every area's row with its class, colour and profile link.
    What rows share is found once: the comparisons' words and colours (one per distinct
    comparison, not per area), the polarity and the year."""
    formatted = value_formatter(view.params.indicator)
    labels = OutcomeLabels()
    polarity = view.params.indicator.polarity.value
    by_comparison = view.colouring == BY_COMPARISON
    fills: dict[str, str] = {}
    colours = view.colours
    year = view.year
    rows = []
    for r, k in zip(view.values.rows, view.class_of, strict=True):
        row = area_row(r, formatted, labels)
        row["class"] = (k + 1) if k is not None else None
        row["colour"] = colours[k] if k is not None else None
        if by_comparison and r.number is not None:
            code = row["comparison"] or NOT_COMPARED
            fill = fills.get(code)
            if fill is None:
                fill = fills[code] = outcome_fill(code, polarity)
            row["colour"] = fill
        row["profile"] = f"/omrade/{r.area.code}?ar={year}"
        rows.append(row)
    return rows


def map_header(view: MapView, query: str) -> dict[str, Any]:
    """The map twin without its ``areas``."""
    p = view.params
    return {
        **level_json(view.values),
        "classification": {
            "method": p.method,
            "method_name": METHODS[p.method],
            "edges": list(view.classes.edges),
            "classes": class_rows(view),
        },
        "colouring": {
            "by": view.colouring,
            "name": COLOURINGS[view.colouring],
            "categories": [
                {
                    "comparison": c.code,
                    "label": c.label,
                    "colour": c.fill,
                    "areas": view.outcomes.count(c.code),
                }
                for c in view.categories
            ],
        },
        "police_areas": [
            {"name": a.name, "category": a.category, "place": a.place} for a in view.police
        ]
        if p.police
        else None,
        "svg": f"/karta.svg?{query}",
        "png": f"/karta.png?{query}",
    }
