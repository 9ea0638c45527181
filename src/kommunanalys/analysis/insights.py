"""Insights: a ranked feed of statistically supported findings, in plain Swedish.

Per area the feed holds

* deviations from the kommun (the kommun value outside the area's 95 % interval; marked as
  a clear deviation when it also lies outside the 99,8 % interval),
* deviations from similar areas (their pooled value outside the area's interval),
* significant trends over at least five years,
* significant gaps between women and men in the area (Benjamini–Hochberg across the area's
  gender tests).

Per indicator the feed is the equality scan's candidates. Nothing non-significant is called
a difference; every finding carries its numbers, interval, method and level and a
:class:`Link` to the view that shows it (which view and for what, not a URL: the web builds
the URL from its route names). Only gated values are used, and counts of sensitive indicators are
left out altogether (their shares carry the finding without small numbers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from kommunanalys.analysis.assessment import Assessment, assess_profile
from kommunanalys.analysis.equality import FDR, EqualityScan, Gap, GapKind, scan
from kommunanalys.analysis.similar import SimilarAreas, similar_areas
from kommunanalys.formatting import NBSP, format_number, format_value
from kommunanalys.i18n import current_language, indicator_name
from kommunanalys.i18n import gettext as _
from kommunanalys.i18n.labels import label, phrase
from kommunanalys.model import ALL_AGES, Area, Gender, Indicator, Level, ValueType
from kommunanalys.query import Card, Dataset, QueryError
from kommunanalys.stats.comparison import QUINTILE_METHOD, Comparison, Outcome, compare
from kommunanalys.stats.difference import proportion_difference
from kommunanalys.stats.intervals import Interval
from kommunanalys.stats.trend import Trend, TrendResult


class FindingKind(StrEnum):
    """What a finding is about; its words are in :data:`kommunanalys.i18n.labels.FINDING_KIND`."""

    DEVIATION = "deviation"
    CLEAR_DEVIATION = "clear_deviation"
    SIMILAR_DEVIATION = "similar_deviation"
    TREND = "trend"
    GENDER_GAP = "gender_gap"
    AREA_GAP = "area_gap"
    AGE_GAP = "age_gap"


class GenderOutcome(StrEnum):
    """Which gender has the higher value in a gender gap (the outcome of such a finding)."""

    HIGHER_FOR_WOMEN = "higher_for_women"
    HIGHER_FOR_MEN = "higher_for_men"


class Page(StrEnum):
    """The view a finding links to."""

    AREA_CARD = "area_card"  # the indicator's card in the area's profile
    AREA_INSIGHTS = "area_insights"  # the area's insights (with its similar areas)
    EQUALITY = "equality"  # the equality scan of the indicator


@dataclass(frozen=True, slots=True)
class Link:
    """Where a finding is shown: a :class:`Page` and what it shows (the web makes the URL,
    :func:`kommunanalys.web.views.links.href`)."""

    page: Page
    year: str
    area: str = ""
    indicator: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    indicator: Indicator
    area: Area
    year: str
    text: str
    outcome: Outcome | TrendResult | GenderOutcome  # better/…, improving/…, higher_for_women/…
    value: float | None
    interval: Interval | None
    reference: float | None
    reference_label: str
    method: str
    level: float
    p_value: float | None
    link: Link
    strength: float  # for ranking: how clearly the data show it (larger = clearer)


def area_insights(
    ds: Dataset, code: str, year: str | None = None, similar: SimilarAreas | None = None
) -> list[Finding]:
    """Findings for one area and year, strongest first. ``similar`` may be passed when the
    caller has already found the area's similar areas."""
    profile = ds.profile(code, year)
    area, year = profile.area, profile.year
    assessed = assess_profile(ds, profile)
    cards = [c for s in profile.sections for c in s.cards if not _sensitive_count(ds, c.indicator)]
    findings: list[Finding] = []
    for card in cards:
        a = assessed.get(card.indicator.id)
        if a is None:
            continue
        if a.comparison and a.comparison.significant and a.comparison.method != QUINTILE_METHOD:
            findings.append(_deviation(card, area, year, a.interval, a.comparison))
        if a.trend and a.trend.significant:
            findings.append(_trend(card.indicator, area, a.trend))
    if area.level is not Level.KOMMUN:
        if similar is None:
            try:
                similar = similar_areas(ds, area.code, year)
            except QueryError:
                similar = None
        if similar is not None:
            findings.extend(_similar(ds, area, year, cards, similar, assessed))
    findings.extend(_gender_gaps(area, year, cards))
    findings.sort(key=lambda f: -f.strength)
    return findings


def indicator_insights(ds: Dataset, indicator_id: str, year: str | None = None) -> list[Finding]:
    """The equality scan's candidates for one indicator, as findings."""
    result = scan(ds, indicator_id, year)
    return [_gap(result, g) for g in result.candidates]


# -- one finding each -----------------------------------------------------------------------------


def _deviation(
    card: Card, area: Area, year: str, interval: Interval | None, comparison: Comparison
) -> Finding:
    ind, v = card.indicator, card.value
    assert v is not None and v.value is not None and interval is not None
    strict = comparison.strict not in (Outcome.SIMILAR, Outcome.NOT_COMPARED)
    text = _(
        "%(name)s i %(area)s är %(value)s (%(interval)s), %(phrase)s %(benchmark)s "
        "(%(benchmark_value)s)."
    ) % {
        "name": indicator_name(ind),
        "area": area.name,
        "value": _value(v.value, ind),
        "interval": _interval_text(interval, ind),
        "phrase": phrase(comparison.outcome),
        "benchmark": _(comparison.benchmark_label),
        "benchmark_value": _value(comparison.benchmark, ind),
    }
    if strict:
        text += " " + _("Skillnaden håller även på 99,8 %-nivån.")
    return Finding(
        kind=FindingKind.CLEAR_DEVIATION if strict else FindingKind.DEVIATION,
        indicator=ind,
        area=area,
        year=year,
        text=text,
        outcome=comparison.outcome,
        value=v.value,
        interval=interval,
        reference=comparison.benchmark,
        reference_label=comparison.benchmark_label,
        method=comparison.method,
        level=comparison.level,
        p_value=None,
        link=Link(Page.AREA_CARD, year, area.code, ind.id),
        strength=_z_distance(v.value, comparison.benchmark, interval) + (2.0 if strict else 0.0),
    )


def _trend(ind: Indicator, area: Area, t: Trend) -> Finding:
    assert t.slope is not None and t.p_value is not None
    per_year = _slope_text(t.slope, ind)
    judged = f" ({label(t.assessment)})" if t.assessment != t.direction else ""
    text = _(
        "%(name)s i %(area)s %(direction)s%(judged)s %(first)s–%(last)s: i genomsnitt "
        "%(per_year)s per år (%(p)s, %(method)s)."
    ) % {
        "name": indicator_name(ind),
        "area": area.name,
        "direction": label(t.direction),
        "judged": judged,
        "first": t.first,
        "last": t.last,
        "per_year": per_year,
        "p": _p_text("p", t.p_value),
        "method": _(t.method),
    }
    return Finding(
        kind=FindingKind.TREND,
        indicator=ind,
        area=area,
        year=t.last or "",
        text=text,
        outcome=t.assessment,
        value=t.slope,
        interval=None,
        reference=None,
        reference_label="",
        method=t.method,
        level=t.level,
        p_value=t.p_value,
        link=Link(Page.AREA_CARD, t.last or "", area.code, ind.id),
        strength=-math.log10(max(t.p_value, 1e-300)) / 2,
    )


def _similar(
    ds: Dataset,
    area: Area,
    year: str,
    cards: list[Card],
    similar: SimilarAreas,
    assessed: dict[str, Assessment],
) -> list[Finding]:
    neighbours = [a for a, _ in similar.neighbours]
    if not neighbours:
        return []
    names = ", ".join(a.name if a.level is Level.REGSO else a.code for a in neighbours)
    ratio_cards = [
        c
        for c in cards
        if c.indicator.value_type is ValueType.PROPORTION and c.value and c.value.value is not None
    ]
    pooled: dict[str, list[tuple[float, float]]] = {c.indicator.id: [] for c in ratio_cards}
    for v in ds.values(
        list(pooled), areas=[a.code for a in neighbours], years=[year], genders=[Gender.TOTAL]
    ):
        if (
            v.division is area.division
            and v.age_group == ALL_AGES
            and v.numerator is not None
            and v.denominator
        ):
            pooled[v.indicator].append((v.numerator, v.denominator))
    out = []
    for card in ratio_cards:
        ind, own = card.indicator, card.value
        parts = pooled[ind.id]
        if len(parts) < len(neighbours) or own is None or own.value is None:
            continue  # a neighbour is missing or suppressed: no fair pooled value
        reference = sum(n for n, _ in parts) / sum(d for _, d in parts) * ind.multiplier
        bounds, strict = assessed[ind.id].interval, assessed[ind.id].strict_interval
        if bounds is None or strict is None:
            continue
        comparison = compare(
            (bounds.lower, bounds.upper),
            (strict.lower, strict.upper),
            reference,
            polarity=ind.polarity.value,
            method=bounds.method,
            benchmark_label="liknande områden",
        )
        if not comparison.significant:
            continue
        text = _(
            "%(name)s i %(area)s är %(value)s (%(interval)s), %(phrase)s liknande områden "
            "(%(names)s) där värdet sammantaget är %(reference)s."
        ) % {
            "name": indicator_name(ind),
            "area": area.name,
            "value": _value(own.value, ind),
            "interval": _interval_text(bounds, ind),
            "phrase": phrase(comparison.outcome),
            "names": names,
            "reference": _value(reference, ind),
        }
        out.append(
            Finding(
                kind=FindingKind.SIMILAR_DEVIATION,
                indicator=ind,
                area=area,
                year=year,
                text=text,
                outcome=comparison.outcome,
                value=own.value,
                interval=bounds,
                reference=reference,
                reference_label=f"liknande områden ({names})",
                method=bounds.method,
                level=bounds.level,
                p_value=None,
                link=Link(Page.AREA_INSIGHTS, year, area.code),
                strength=_z_distance(own.value, reference, bounds),
            )
        )
    return out


def _gender_gaps(area: Area, year: str, cards: list[Card]) -> list[Finding]:
    tests = []
    for card in cards:
        ind = card.indicator
        women, men = card.genders.get(Gender.WOMEN.value), card.genders.get(Gender.MEN.value)
        if ind.value_type is not ValueType.PROPORTION or not women or not men:
            continue
        if women.numerator is None or men.numerator is None:
            continue
        if not women.denominator or not men.denominator:
            continue
        diff = proportion_difference(
            women.numerator,
            women.denominator,
            men.numerator,
            men.denominator,
            multiplier=ind.multiplier,
        )
        tests.append((ind, women.value, men.value, diff))
    if not tests:
        return []
    from scipy.stats import false_discovery_control  # scipy.stats: 0.5 s to import

    q_values = false_discovery_control([d.p_value for *_, d in tests], method="bh")
    out = []
    for (ind, vk, vm, diff), q in zip(tests, q_values, strict=True):
        if q >= FDR:
            continue
        text = _(
            "%(name)s i %(area)s: kvinnor %(women)s, män %(men)s. Skillnaden är %(gap)s "
            "(%(span)s, 95 %% KI; %(q)s)."
        ) % {
            "name": indicator_name(ind),
            "area": area.name,
            "women": _value(vk, ind),
            "men": _value(vm, ind),
            "gap": _gap_text(diff.estimate, ind),
            "span": _span_text(diff.lower, diff.upper, ind),
            "q": _p_text("q", float(q)),
        }
        out.append(
            Finding(
                kind=FindingKind.GENDER_GAP,
                indicator=ind,
                area=area,
                year=year,
                text=text,
                outcome=GenderOutcome.HIGHER_FOR_WOMEN
                if diff.estimate > 0
                else GenderOutcome.HIGHER_FOR_MEN,
                value=vk,
                interval=Interval(diff.lower, diff.upper, diff.level, diff.method),
                reference=vm,
                reference_label="män",
                method=diff.method,
                level=diff.level,
                p_value=float(q),
                link=Link(Page.EQUALITY, year, indicator=ind.id),
                strength=-math.log10(max(float(q), 1e-300)) / 2,
            )
        )
    return out


_GAP_FINDINGS = {
    GapKind.AREA: FindingKind.AREA_GAP,
    GapKind.GENDER: FindingKind.GENDER_GAP,
    GapKind.AGE: FindingKind.AGE_GAP,
}


def _gap(result: EqualityScan, gap: Gap) -> Finding:
    ind, diff = result.indicator, gap.difference
    kind = _GAP_FINDINGS[gap.kind]
    text = _(
        "%(name)s %(year)s, %(area)s: %(group)s %(value)s, %(reference)s %(reference_value)s. "
        "Skillnaden är %(gap)s (%(span)s, 95 %% KI; %(q)s)."
    ) % {
        "name": indicator_name(ind),
        "year": result.year,
        "area": gap.area.name,
        "group": gap.group.shown(),
        "value": _value(gap.value, ind),
        "reference": gap.reference.shown(),
        "reference_value": _value(gap.reference_value, ind),
        "gap": _gap_text(diff.estimate, ind),
        "span": _span_text(diff.lower, diff.upper, ind),
        "q": _p_text("q", gap.q_value),
    }
    return Finding(
        kind=kind,
        indicator=ind,
        area=gap.area,
        year=result.year,
        text=text,
        outcome=Outcome.HIGHER if diff.estimate > 0 else Outcome.LOWER,
        value=gap.value,
        interval=Interval(diff.lower, diff.upper, diff.level, diff.method),
        reference=gap.reference_value,
        reference_label=str(gap.reference),
        method=diff.method,
        level=diff.level,
        p_value=gap.q_value,
        link=Link(Page.AREA_CARD, result.year, gap.area.code, ind.id),
        strength=-math.log10(max(gap.q_value, 1e-300)) / 2,
    )


# -- wording ----------------------------------------------------------------------------------


def _sensitive_count(ds: Dataset, indicator: Indicator) -> bool:
    return indicator.value_type is ValueType.COUNT and ds.gate.rule(indicator) is not None


def _number(x: float, decimals: int) -> str:
    return format_number(x, decimals, lang=current_language())


def _value(x: float | None, ind: Indicator, *, with_unit: bool = True) -> str:
    """A value as the reader's language writes it, with the unit as it names it."""
    return format_value(
        x, ind, lang=current_language(), with_unit=with_unit, unit=_(ind.unit) if ind.unit else None
    )


def _interval_text(interval: Interval, ind: Indicator) -> str:
    level = _number(interval.level * 100, 1 if interval.level > 0.99 else 0)
    return (
        f"{level}{NBSP}% " + _("KI") + f" {_value(interval.lower, ind, with_unit=False)}–"
        f"{_value(interval.upper, ind)}"
    )


def _unit_of_change(ind: Indicator) -> str:
    return _("procentenheter") if ind.unit == "%" else _(ind.unit)


def _gap_text(x: float, ind: Indicator) -> str:
    return f"{_number(x, 1)}{NBSP}{_unit_of_change(ind)}"


def _span_text(lower: float, upper: float, ind: Indicator) -> str:
    return _("%(lower)s till %(upper)s") % {
        "lower": _number(lower, 1),
        "upper": _gap_text(upper, ind),
    }


def _slope_text(x: float, ind: Indicator) -> str:
    decimals = 2 if abs(x) < 1 else 1
    return f"{'+' if x > 0 else ''}{_number(x, decimals)}{NBSP}{_unit_of_change(ind)}"


def _p_text(name: str, p: float) -> str:
    """ "p = 0,012" or "p < 0,001"."""
    if p < 0.001:
        return f"{name} < {_number(0.001, 3)}"
    return f"{name} = {_number(p, 3)}"


def _z_distance(value: float, reference: float | None, interval: Interval) -> float:
    """How many standard errors separate value and reference (the interval's half-width / z)."""
    if reference is None:
        return 0.0
    half = (interval.upper - interval.lower) / 2
    return abs(value - reference) / (half / 1.96) if half > 0 else 0.0
