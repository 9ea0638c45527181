"""The area profile's view model: the profile of a resolved :class:`Place`, its assessments
against the benchmark, and what the page offers around it (the level switch, the benchmark
choices, the spine charts). Built without HTTP; the route only renders it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from kommunanalys.analysis.assessment import assess_profile
from kommunanalys.catalog.key_figures import KEY_FIGURES, SAME_MEASURE
from kommunanalys.model import DOMAINS, Area, Division, Level
from kommunanalys.query import AreaProfile, Dataset, Place, Section
from kommunanalys.web.rendering import Deferred
from kommunanalys.web.views.presenters import profile_json
from kommunanalys.web.views.profile_cards import card_views, card_words
from kommunanalys.web.views.spine_view import kept_spines


def profile_view(
    ds: Dataset,
    place: Place,
    domain: str | None = None,
    benchmark_code: str | None = None,
    *,
    benchmark_for_kommun: bool = False,
) -> dict[str, Any]:
    """The profile of ``place`` (one ``domain`` or all), assessed against ``benchmark_code``
    in the same vintage (the kommun when None). The page of the kommun itself has no
    benchmark chooser and ignores it; the API (``benchmark_for_kommun``) does not.

    The view dict (see :mod:`kommunanalys.web.rendering`): the twin is :func:`profile_json`
    (also the API's profile); ``_profile``, ``_assessments`` and ``_benchmark`` (the kommun
    when none is chosen) are what the page, the CSV export and the spine charts read."""
    profile = once_each(ds.profile_at(place, domain))
    ignored = place.area.level is Level.KOMMUN and not benchmark_for_kommun
    benchmark = ds.area_at(benchmark_code, place) if benchmark_code and not ignored else None
    assessments = assess_profile(ds, profile, benchmark)
    # a chosen benchmark other than the kommun: its values are shown beside the kommun's
    other = benchmark if benchmark is not None and benchmark.code != ds.kommun.code else None
    twin = _Once(lambda: profile_json(profile, ds.version, assessments, other))
    return {
        # the twin's keys, made only when the twin is asked for (the page draws from `_`)
        **{key: Deferred(partial(twin.get, key)) for key in PROFILE_KEYS},
        "_profile": profile,
        "_assessments": assessments,
        "_benchmark": benchmark or ds.kommun,
        "_domain": domain,
        "_domains": DOMAINS,
        "_spines": Deferred(  # the page's charts: the twin and the API never draw them
            lambda: {s.domain: s for s in kept_spines(ds, profile, assessments, domain, other)}
        ),
        "_card_groups": Deferred(
            lambda: {
                d: key_first(d, cards, folded=domain is None)
                for d, cards in card_views(profile, assessments, other).items()
            }
        ),
        "_words": Deferred(card_words),
        "_switch": level_switch(ds, place, profile),
        "_benchmark_choices": benchmark_choices(ds, place),
        "_area_choices": area_choices(ds, place),
    }


def once_each(profile: AreaProfile) -> AreaProfile:
    """``profile`` without the cards of an indicator the catalogue keeps twice under two
    names (:data:`~kommunanalys.catalog.key_figures.SAME_MEASURE`) where the first is shown."""
    sections = []
    for section in profile.sections:
        shown = {c.indicator.id for c in section.cards}
        cards = [c for c in section.cards if SAME_MEASURE.get(c.indicator.id) not in shown]
        sections.append(Section(section.domain, cards) if len(cards) < len(shown) else section)
    return replace(profile, sections=sections)


def key_first(
    domain: str, cards: list[dict[str, Any]], *, folded: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A domain's cards as (key figures, the rest): the domain's key figures
    (:data:`~kommunanalys.catalog.key_figures.KEY_FIGURES`) in their order (the seed's), or its
    first three cards where it has none of them. Not ``folded`` (one domain chosen), all are
    key figures."""
    if not folded:
        return cards, []
    order = KEY_FIGURES.get(domain, ())
    key = sorted((c for c in cards if c["id"] in order), key=lambda c: order.index(c["id"]))
    key = key or cards[:3]
    chosen = {c["id"] for c in key}
    return key, [c for c in cards if c["id"] not in chosen]


#: the keys of :func:`profile_json`, in its order
PROFILE_KEYS = (
    "area",
    "year",
    "years",
    "kommun",
    "parent",
    "benchmark",
    "children",
    "replaced_by",
    "synthetic",
    "series_break_2025",
    "domains",
    "data_version",
)


class _Once:
    """A dict made on first use and kept (the twin's keys share one :func:`profile_json`)."""

    def __init__(self, make: Callable[[], dict[str, Any]]) -> None:
        self._make = make
        self._made: dict[str, Any] | None = None

    def get(self, key: str) -> Any:
        if self._made is None:
            self._made = self._make()
        return self._made[key]


def in_kommun(ds: Dataset, level: Level, division: Division, kommun: str) -> list[Area]:
    """The areas of ``level`` and ``division`` in ``kommun``, once per dataset: what the
    profile's choosers offer, so that a page about one area does not grow with the number
    of areas in the database (9 357 options at national scale, issue 22)."""
    return ds.memo(
        ("areas-in-kommun", level, division, kommun),
        lambda: [a for a in ds.areas(level, division) if a.kommun == kommun],
    )


def area_choices(ds: Dataset, place: Place) -> list[tuple[str, str]]:
    """The area chooser's options (code, text): the areas of the place's level in its
    kommun, in the vintage of the place's year (a DeSO by code, with its RegSO): a DeSO that
    ended at the 2025 redraw is not offered for 2024–2025."""
    area = place.area
    if area.level is Level.KOMMUN:
        return [(area.code, area.name)]
    kommun = area.kommun or ds.kommun.code
    return [
        (a.code, f"{a.code} ({a.parent})" if a.level is Level.DESO else a.name)
        for a in in_kommun(ds, area.level, place.division(area.level), kommun)
    ]


def benchmark_choices(ds: Dataset, place: Place) -> list[Area]:
    """The kommun, then its RegSO of the place's year: what an area can be compared with."""
    kommun = place.area.kommun or ds.kommun.code
    regso = in_kommun(ds, Level.REGSO, place.division(Level.REGSO), kommun)
    return [ds.kommun, *[a for a in regso if a.code != place.area.code]]


def level_switch(ds: Dataset, place: Place, profile: AreaProfile) -> dict[str, str | None]:
    """Where "Växla till DeSO/RegSO" leads: the first child, or the parent."""
    area = place.area
    if area.level is Level.KOMMUN:
        regso = in_kommun(ds, Level.REGSO, place.division(Level.REGSO), area.code)
        deso = in_kommun(ds, Level.DESO, place.division(Level.DESO), area.code)
        return {"regso": regso[0].code if regso else None, "deso": deso[0].code if deso else None}
    if area.level is Level.REGSO:
        return {"regso": None, "deso": profile.children[0].code if profile.children else None}
    return {"regso": area.parent, "deso": None}
