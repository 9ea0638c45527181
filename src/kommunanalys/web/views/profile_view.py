"""The area profile's view model: the profile of a resolved :class:`Place`, its assessments
against the benchmark, and what the page offers around it (the level switch, the benchmark
choices, the spine charts). Built without HTTP; the route only renders it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kommunanalys.analysis.assessment import Assessment, assess_profile
from kommunanalys.model import DOMAINS, Area, Level
from kommunanalys.query import AreaProfile, Dataset, Place
from kommunanalys.web.views.presenters import profile_json
from kommunanalys.web.views.spine_view import profile_spines


@dataclass(frozen=True)
class ProfileView:
    ds: Dataset
    place: Place
    profile: AreaProfile
    domain: str | None
    benchmark: Area | None  # None: the kommun (the default benchmark)
    assessments: dict[str, Assessment]

    def context(self) -> dict[str, Any]:
        """The page's template context."""
        return {
            "spines": {
                s.domain: s for s in profile_spines(self.ds, self.profile, self.assessments)
            },
            "profile": self.profile,
            "domains": DOMAINS,
            "domain": self.domain,
            "switch": level_switch(self.ds, self.place, self.profile),
            "assessments": self.assessments,
            "benchmark": self.benchmark or self.ds.kommun,
            "benchmark_choices": benchmark_choices(self.ds, self.place),
        }

    def data(self) -> dict[str, Any]:
        """The JSON twin (also the API's profile)."""
        return profile_json(self.profile, self.ds.version, self.assessments)


def profile_view(
    ds: Dataset,
    place: Place,
    domain: str | None = None,
    benchmark_code: str | None = None,
    *,
    benchmark_for_kommun: bool = False,
) -> ProfileView:
    """The profile of ``place`` (one ``domain`` or all), assessed against ``benchmark_code``
    in the same vintage (the kommun when None). The page of the kommun itself has no
    benchmark chooser and ignores it; the API (``benchmark_for_kommun``) does not."""
    profile = ds.profile_at(place, domain)
    ignored = place.area.level is Level.KOMMUN and not benchmark_for_kommun
    benchmark = ds.area_at(benchmark_code, place) if benchmark_code and not ignored else None
    assessments = assess_profile(ds, profile, benchmark)
    return ProfileView(ds, place, profile, domain, benchmark, assessments)


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
