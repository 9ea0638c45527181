"""The follow-up of an intervention: per linked indicator and area, what the data can say.

For every indicator of an intervention and every area it works in, the series of the area's
published values (through the :class:`~kommunanalys.query.Dataset`, past the disclosure gate;
women's or men's where the intervention is for girls and women or boys and men alone and the
indicator has values by gender, else the total: :func:`followed_gender`) and the three views
of :mod:`kommunanalys.stats.intervention`:

* the "turn the curve" baseline: the trend of the years before the start carried forward with
  its prediction interval, beside the actual values after;
* difference in differences against comparison areas chosen by the similar-areas model
  (:func:`kommunanalys.analysis.similar.similar_areas`) in the last year before the start —
  for a RegSO or DeSO the areas of its level and vintage, for a custom area the RegSO outside
  it; candidates whose series breaks at the 2025 redraw are not comparable over the years and
  are not offered;
* segmented regression where the series is long enough.

The **first year after** is the start year when the intervention started in the first half of
the year, else the next year (an annual value of a year in which the intervention ran a few
months is counted as before). The verdict per indicator (a :class:`Movement`) comes from
difference in differences when it could be estimated, else from the segmented regression's
change in level, else "kan inte bedömas" with the reason of the method that refused
(:class:`FollowUpResult`). A protected value is ``None`` here and never enters an estimate,
a chart or an export.

:func:`follow_up` builds the result once, as the JSON twin's dict; the page, its twin and the
CSV export render it. The dict holds codes only; the view puts their labels beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kommunanalys.analysis.similar import similar_areas
from kommunanalys.catalog.areas import division_for
from kommunanalys.effect.interventions import InterventionRepository, item_ref
from kommunanalys.effect.model import Intervention, Item, Movement, TargetGender
from kommunanalys.effect.model import WantedDirection as Wanted
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.model import ALL_AGES, Area, Gender, Indicator, Level, Polarity
from kommunanalys.query import Dataset, NoData, QueryError
from kommunanalys.stats import intervention as stats
from kommunanalys.stats.intervention import Estimate, FollowUpResult

#: comparison areas asked of the similar-areas model by default, and at most
COMPARISONS = 10
MAX_COMPARISONS = 40
#: the month from which a start counts from the next year on
LATE_START_MONTH = 7


@dataclass(frozen=True, slots=True)
class Verdict:
    movement: Movement
    method: str | None  # "did", "its", or None
    reason: FollowUpResult


def first_after_year(start: str) -> int | None:
    """The first year counted as after an intervention that started on ``start`` (ÅÅÅÅ-MM-DD):
    the start year from January to June, the next year from July on; ``None`` without a start."""
    if len(start) < 4 or not start[:4].isdigit():
        return None
    month = int(start[5:7]) if len(start) >= 7 and start[5:7].isdigit() else 1
    return int(start[:4]) + (1 if month >= LATE_START_MONTH else 0)


def wanted_direction(ds: Dataset, intervention: Intervention, indicator: Indicator) -> Wanted:
    """The direction the intervention wants of ``indicator``: that of its effect logic items
    that the indicator follows, else the indicator's polarity (lower is better: a decrease)."""
    refs = set(intervention.items)
    for ref, item in _items(ds).items():
        if ref in refs and indicator.id in item.indicators:
            return item.direction
    return Wanted.DECREASE if indicator.polarity is Polarity.LOW_GOOD else Wanted.INCREASE


#: the values that follow an intervention for one gender alone
_SERIES_OF = {TargetGender.FEMALE: Gender.WOMEN, TargetGender.MALE: Gender.MEN}
#: whom a follow-up of one gender's values follows, in the words of an intervention's target
#: (the ``gender`` of a result: a :class:`~kommunanalys.model.Gender` code)
FOLLOWED = {gender.value: target for target, gender in _SERIES_OF.items()}


def followed_gender(intervention: Intervention, indicator: Indicator) -> Gender:
    """Whose values follow ``intervention`` in ``indicator``: women's (and girls') or men's
    (and boys') where the intervention is for them alone and the indicator has values by
    gender, else everyone's (the total). An area with no value of that gender at all is
    followed by its total (:func:`indicator_follow_up`)."""
    if indicator.by_gender and intervention.gender in _SERIES_OF:
        return _SERIES_OF[intervention.gender]
    return Gender.TOTAL


def _items(ds: Dataset) -> dict[str, Item]:
    def compute() -> dict[str, Item]:
        logic = EffectLogicRepository(ds.store).load()
        return {item_ref(o.id, i.position): i for o in logic.outcomes for i in o.items}

    return ds.memo(("effect-items", ds.version), compute)


def candidates(ds: Dataset, area: Area, year: str) -> list[Area]:
    """The areas ``area`` may be compared with over the years: its level and vintage (a custom
    area: the RegSO of its vintage's years that share no DeSO with it), without a series break."""
    if area.level is Level.CUSTOM:
        members = ds.store.custom_members().get((area.code, area.division), ())
        parents = {a.parent for a in ds.areas(Level.DESO) if (a.code, a.division) in set(members)}
        regso = division_for(Level.REGSO, int(year))
        pool = [a for a in ds.areas(Level.REGSO, regso) if a.code not in parents]
    else:
        pool = [a for a in ds.areas(area.level, area.division) if a.code != area.code]
    return [a for a in pool if not ds.series_break(a)]


def _ranked(ds: Dataset, area: Area, before_year: str) -> list[tuple[Area, float]]:
    """Every candidate of ``area``, most similar first, in the year before the start (the
    same for each indicator: kept for the dataset's life)."""

    def compute() -> list[tuple[Area, float]]:
        if area.level is Level.KOMMUN:
            return []
        pool = candidates(ds, area, before_year)
        try:
            return similar_areas(
                ds,
                area.code,
                before_year if before_year in ds.years else None,
                k=len(pool),
                among=pool,
            ).neighbours
        except (NoData, QueryError):
            return []

    return ds.memo(("follow-up-ranked", area.code, area.division, before_year), compute)


def _all_series(
    ds: Dataset, indicator: Indicator, areas: list[Area], gender: Gender
) -> dict[str, dict[str, tuple[float | None, str | None]]]:
    """:func:`_series` of every area in ``areas``, read in one query."""
    if not areas:
        return {}
    found = ds.values([indicator.id], areas=[a.code for a in areas], genders=[gender])
    return {
        a.code: {
            v.period: (v.value, v.status) for v in ds.in_series(a, found) if v.age_group == ALL_AGES
        }
        for a in areas
    }


def _series(
    ds: Dataset, indicator: Indicator, area: Area, gender: Gender
) -> dict[str, tuple[float | None, str | None]]:
    """``area``'s published values of ``indicator`` for ``gender`` (all ages) per year:
    (value, status)."""
    found = ds.in_series(area, ds.values([indicator.id], areas=[area.code], genders=[gender]))
    return {v.period: (v.value, v.status) for v in found if v.age_group == ALL_AGES}


def _protected(series: dict[str, tuple[float | None, str | None]]) -> bool:
    return any(value is None and status for value, status in series.values())


def _missing(result: Any) -> Any:
    """``result`` with "too few years" for "protected values" (none was protected)."""
    if result.result is FollowUpResult.SUPPRESSED_VALUES:
        return replace(result, result=FollowUpResult.TOO_FEW_PERIODS)
    return result


def _estimate(e: Estimate | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "estimate": e.estimate,
        "lower": e.lower,
        "upper": e.upper,
        "p_value": e.p_value,
        "se": e.se,
        "df": e.df,
        "significant": e.significant,
    }


def _result(code: FollowUpResult) -> dict[str, str]:
    return {"result": code.value}


def verdict(
    did: stats.DifferenceInDifferences, its: stats.SegmentedRegression, wanted: Wanted
) -> Verdict:
    """What the follow-up may say: difference in differences first (it has a comparison),
    the segmented regression's change in level where it could not be estimated for want of
    comparison areas; otherwise "kan inte bedömas" and why."""
    chosen: tuple[str, Estimate | None, FollowUpResult]
    if did.result is FollowUpResult.ESTIMATED:
        chosen = ("did", did.effect, did.result)
    elif (
        did.result is FollowUpResult.TOO_FEW_COMPARISONS and its.result is FollowUpResult.ESTIMATED
    ):
        chosen = ("its", its.level_change, its.result)
    else:
        return Verdict(Movement.NOT_ASSESSED, None, did.result)
    method, effect, reason = chosen
    if effect is None or not effect.significant:
        return Verdict(Movement.NO_CHANGE, method, reason)
    up = effect.estimate > 0
    wanted_way = up == (wanted is Wanted.INCREASE)
    return Verdict(Movement.WANTED if wanted_way else Movement.UNWANTED, method, reason)


def indicator_follow_up(
    ds: Dataset,
    intervention: Intervention,
    indicator: Indicator,
    code: str,
    first_after: int,
    comparisons: int = COMPARISONS,
) -> dict[str, Any]:
    """One indicator in one area: the series, the three estimates and the verdict."""
    before_year = str(first_after - 1)
    area = ds.area(code, before_year if before_year in ds.years else None)
    periods = list(ds.years)
    gender = followed_gender(intervention, indicator)
    own = _series(ds, indicator, area, gender)
    if gender is not Gender.TOTAL and not own:
        # the area has no value of that gender in any year (the source splits it only for
        # other areas): its total is what can be followed (a protected value is a row)
        gender = Gender.TOTAL
        own = _series(ds, indicator, area, gender)
    values = [own.get(p, (None, None))[0] for p in periods]
    wanted = wanted_direction(ds, intervention, indicator)
    ranked = _ranked(ds, area, before_year)
    # the most similar areas whose series is whole in the years the area has a value: one
    # with a protected or missing value there is passed over for the next
    present = [p for p in periods if own.get(p, (None, None))[0] is not None]
    chosen: list[tuple[Area, float]] = []
    comparison_series = []
    passed_over = protected_over = 0
    found = _all_series(ds, indicator, [a for a, _ in ranked], gender)
    for candidate, distance in ranked:
        if len(chosen) == comparisons:
            break
        series = found[candidate.code]
        gaps = [series.get(p, (None, None)) for p in present]
        if any(value is None for value, _ in gaps):
            passed_over += 1
            protected_over += any(value is None and status for value, status in gaps)
            continue
        chosen.append((candidate, distance))
        comparison_series.append(series)
    comparison_values = [[s.get(p, (None, None))[0] for p in periods] for s in comparison_series]
    base = stats.baseline(periods, values, first_after)
    did = stats.difference_in_differences(periods, values, comparison_values, first_after)
    its = stats.segmented_regression(periods, values, first_after)
    if not _protected(own):
        # the years without a value were not protected but missing: too few years
        base, did, its = (_missing(r) for r in (base, did, its))
    if (
        did.result is FollowUpResult.TOO_FEW_COMPARISONS
        and len(chosen) < comparisons
        and len(chosen) + protected_over >= stats.MIN_COMPARISONS
    ):
        # there were candidates enough, but protected values left too few: the reason is the
        # protection, and the area's own series does not stand in for the comparison
        did = replace(did, result=FollowUpResult.SUPPRESSED_VALUES)
    judged = verdict(did, its, wanted)
    left_out = set(did.comparisons_left_out)
    forecast = {p.period: p for p in base.points}
    return {
        "indicator": indicator.id,
        "area": area.code,
        "area_name": area.name,
        "gender": gender.value,
        "wanted": wanted.value,
        "verdict": judged.movement.value,
        "verdict_method": judged.method,
        "reason": judged.reason.value,
        "series": [
            {
                "period": p,
                "after": int(p[:4]) >= first_after,
                "value": own.get(p, (None, None))[0],
                "status": own.get(p, (None, None))[1],
                "forecast": forecast[p].forecast if p in forecast else None,
                "lower": forecast[p].lower if p in forecast else None,
                "upper": forecast[p].upper if p in forecast else None,
            }
            for p in periods
        ],
        "baseline": {
            **_result(base.result),
            "slope": base.slope,
            "periods_before": base.periods_before,
            "suppressed": list(base.suppressed),
            "method": base.method,
        },
        "did": {
            **_result(did.result),
            "effect": _estimate(did.effect),
            "pretrend": _estimate(did.pretrend),
            "comparisons": did.comparisons,
            "periods_before": did.periods_before,
            "periods_after": did.periods_after,
            "suppressed": list(did.suppressed),
            "method": did.method,
        },
        "its": {
            **_result(its.result),
            "level_change": _estimate(its.level_change),
            "slope_change": _estimate(its.slope_change),
            "slope_before": its.slope_before,
            "periods_before": its.periods_before,
            "periods_after": its.periods_after,
            "suppressed": list(its.suppressed),
            "method": its.method,
        },
        "comparisons_passed_over": passed_over,
        "comparisons_passed_over_protected": protected_over,
        "comparison_areas": [
            {"code": a.code, "name": a.name, "distance": d, "used": k not in left_out}
            for k, (a, d) in enumerate(chosen)
        ],
    }


def follow_up(
    ds: Dataset, intervention: Intervention, comparisons: int = COMPARISONS
) -> dict[str, Any]:
    """The intervention's follow-up: one entry per indicator and area (the JSON twin's
    ``follow_up``)."""
    comparisons = max(1, min(comparisons, MAX_COMPARISONS))
    first_after = first_after_year(intervention.start)
    out: dict[str, Any] = {
        "first_year_after": first_after,
        "comparisons_asked": comparisons,
        "level": 0.95,
        "results": [],
    }
    if first_after is None:  # a draft without a start: nothing to follow up yet
        return out
    known = {i.id: i for i in ds.catalogue}
    for indicator_id in intervention.indicators:
        indicator = known.get(indicator_id)
        if indicator is None:
            continue
        for code in intervention.areas:
            try:
                out["results"].append(
                    indicator_follow_up(ds, intervention, indicator, code, first_after, comparisons)
                )
            except QueryError:  # an area that is no longer loaded
                continue
    return out


def follow_up_of(
    ds: Dataset, intervention_id: str, comparisons: int = COMPARISONS
) -> dict[str, Any]:
    """:func:`follow_up` of a stored intervention (:class:`UnknownIntervention` if none)."""
    return follow_up(ds, InterventionRepository(ds.store).get(intervention_id), comparisons)
