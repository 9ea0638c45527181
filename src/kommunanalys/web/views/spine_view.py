"""Spine charts for the area profile: where the area lies among the municipality's areas of
the same level, one chart per domain, with the numbers as a table beside it.

The distribution is of the gated values of every area of the profile's level, vintage and
year (computed once per dataset, division and year). Counts are left out: areas differ in
size, so their counts say nothing about where an area stands.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from kommunanalys import i18n
from kommunanalys.charts import SpineRow, spine_chart
from kommunanalys.formatting import decimals_for
from kommunanalys.model import ALL_AGES, Area, Gender, Level, ValueType
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import LEVEL_NAMES, AreaProfile, Card, Dataset
from kommunanalys.web.kept import Recent
from kommunanalys.web.views.indicator_values import outcome_tone

if TYPE_CHECKING:
    from kommunanalys.analysis.assessment import Assessment

#: Fewer areas than this make no distribution worth drawing.
MIN_AREAS = 5


@dataclass(frozen=True, slots=True)
class Spine:
    domain: str
    svg: Markup
    rows: list[SpineRow]


def distributions(ds: Dataset, profile: AreaProfile) -> dict[str, list[float]]:
    """Sorted values of every indicator over the areas of the profile's level and vintage."""
    area = profile.area

    def compute() -> dict[str, list[float]]:
        ids = [i.id for i in ds.catalogue if not i.is_view and i.value_type is not ValueType.COUNT]
        codes = [a.code for a in ds.areas(area.level, area.division)]
        found: dict[str, list[float]] = defaultdict(list)
        for v in ds.values(ids, areas=codes, years=[profile.year], genders=[Gender.TOTAL]):
            if v.value is not None and v.division is area.division and v.age_group == ALL_AGES:
                found[v.indicator].append(v.value)
        return {k: sorted(v) for k, v in found.items()}

    return ds.memo(("spine-distribution", area.level, area.division, profile.year), compute)


#: How many profiles' spine charts a dataset keeps (the most recently drawn).
KEPT_SPINES = 512


def kept_spines(
    ds: Dataset,
    profile: AreaProfile,
    assessments: dict[str, Assessment],
    domain: str | None,
    benchmark: Area | None = None,
) -> list[Spine]:
    """:func:`profile_spines`, kept per dataset (one data version) by area, year, domain
    shown, benchmark and the reader's language."""
    kept = ds.memo("spine-charts", lambda: Recent[list[Spine]](KEPT_SPINES))
    area = profile.area
    key = (
        area.code,
        area.division,
        profile.year,
        domain,
        benchmark.code if benchmark else None,
        i18n.current_language(),
    )
    return kept.get(key, lambda: profile_spines(ds, profile, assessments, benchmark))


def profile_spines(
    ds: Dataset,
    profile: AreaProfile,
    assessments: dict[str, Assessment],
    benchmark: Area | None = None,
) -> list[Spine]:
    """One chart per domain; the vertical line and the circle's colour are the comparison
    with ``benchmark`` (a chosen area) or, when None, with the kommun."""
    area = profile.area
    against = benchmark.name if benchmark is not None else profile.kommun.name
    if area.level in (Level.KOMMUN, Level.LAN, Level.RIKET):  # no siblings to spread over
        return []
    spread = distributions(ds, profile)
    level = LEVEL_NAMES[area.level]
    out: list[Spine] = []
    for section in profile.sections:
        rows = []
        for card in section.cards:
            ind = card.indicator
            values = spread.get(ind.id, [])
            if ind.value_type is ValueType.COUNT or ind.is_category or len(values) < MIN_AREAS:
                continue
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
            assessment = assessments.get(ind.id)
            comparison = assessment.comparison if assessment else None
            own = card.value
            rows.append(
                SpineRow(
                    i18n.indicator_name(ind),
                    own.value if own is not None else None,
                    values[0],
                    q1,
                    median,
                    q3,
                    values[-1],
                    _benchmark_value(card, assessment, benchmark),
                    ind.polarity,
                    outcome_tone(comparison.outcome)
                    if comparison and comparison.benchmark_label == against
                    else None,
                    i18n.unit_name(ind.unit),
                    decimals_for(ind),
                    note=SUPPRESSED if own is not None and own.status == SUPPRESSED else None,
                    href=f"/indikator/{ind.id}?ar={profile.year}&niva={area.level.value}"
                    f"&omrade={area.code}",
                )
            )
        if not rows:
            continue
        svg = spine_chart(
            rows,
            title=i18n.gettext("%(domain)s: %(area)s bland kommunens %(level)s-områden %(year)s")
            % {
                "domain": i18n.domain_name(section.domain),
                "area": area.name,
                "level": i18n.gettext(level),
                "year": profile.year,
            },
            area_label=area.name if len(area.name) <= 14 else i18n.gettext("Området"),
            benchmark_label=against,
            ident=f"spine-{len(out) + 1}",
        )
        out.append(Spine(section.domain, Markup(svg), rows))  # escaped text only
    return out


def _benchmark_value(
    card: Card, assessment: Assessment | None, benchmark: Area | None
) -> float | None:
    if benchmark is None:
        return card.kommun_value.value if card.kommun_value else None
    chosen = assessment.benchmark if assessment else None
    return chosen.value if chosen else None
