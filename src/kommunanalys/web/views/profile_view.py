"""The area profile's view model: the profile of a resolved :class:`Place`, its assessments
against the benchmark, and what the page offers around it (the level switch, the benchmark
choices, the spine charts). Built without HTTP; the route only renders it."""

from __future__ import annotations

from typing import Any

from kommunanalys.analysis.assessment import assess_profile
from kommunanalys.model import DOMAINS, Area, Level
from kommunanalys.query import AreaProfile, Dataset, Place
from kommunanalys.web.rendering import Deferred
from kommunanalys.web.views.presenters import profile_json
from kommunanalys.web.views.profile_cards import card_views, card_words
from kommunanalys.web.views.spine_view import profile_spines


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
    profile = ds.profile_at(place, domain)
    ignored = place.area.level is Level.KOMMUN and not benchmark_for_kommun
    benchmark = ds.area_at(benchmark_code, place) if benchmark_code and not ignored else None
    assessments = assess_profile(ds, profile, benchmark)
    return {
        **profile_json(profile, ds.version, assessments),
        "_profile": profile,
        "_assessments": assessments,
        "_benchmark": benchmark or ds.kommun,
        "_domain": domain,
        "_domains": DOMAINS,
        "_spines": Deferred(  # the page's charts: the twin and the API never draw them
            lambda: {s.domain: s for s in profile_spines(ds, profile, assessments)}
        ),
        "_card_views": Deferred(lambda: card_views(profile, assessments)),
        "_words": Deferred(card_words),
        "_switch": level_switch(ds, place, profile),
        "_benchmark_choices": benchmark_choices(ds, place),
    }


def benchmark_choices(ds: Dataset, place: Place) -> list[Area]:
    """The kommun, then the RegSO of the place's year: what an area can be compared with."""
    regso = ds.areas(Level.REGSO, place.division(Level.REGSO))
    return [ds.kommun, *[a for a in regso if a.code != place.area.code]]


def level_switch(ds: Dataset, place: Place, profile: AreaProfile) -> dict[str, str | None]:
    """Where "Växla till DeSO/RegSO" leads: the first child, or the parent."""
    area = place.area
    if area.level is Level.KOMMUN:
        regso = ds.areas(Level.REGSO, place.division(Level.REGSO))
        deso = ds.areas(Level.DESO, place.division(Level.DESO))
        return {"regso": regso[0].code if regso else None, "deso": deso[0].code if deso else None}
    if area.level is Level.REGSO:
        return {"regso": None, "deso": profile.children[0].code if profile.children else None}
    return {"regso": area.parent, "deso": None}
