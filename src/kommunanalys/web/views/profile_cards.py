"""The profile's cards as precomputed view dicts: every text a card shows, formatted and
translated here once, so the template draws all cards in one loop of plain lookups (a Jinja
macro per card was a quarter of the profile's time, issue 22).

A card dict holds text only (escaped by the template) and :class:`~markupsafe.Markup` where a
translated message carries its own markup (``&nbsp;``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from kommunanalys import i18n
from kommunanalys.formatting import format_number, value_formatter
from kommunanalys.i18n.labels import label, status_label
from kommunanalys.i18n.words import name_is_swedish, swedish_only
from kommunanalys.model import Area, Level, Quality, ValueType
from kommunanalys.query import AreaProfile, Card
from kommunanalys.stats.comparison import INTERVAL_OUTCOMES, Outcome
from kommunanalys.stats.trend import TrendResult

if TYPE_CHECKING:
    from kommunanalys.analysis.assessment import Assessment

OUTCOME_MARK = {
    Outcome.BETTER: "▲",
    Outcome.SIMILAR: "●",
    Outcome.WORSE: "▼",
    Outcome.HIGHER: "△",
    Outcome.LOWER: "▽",
}
TREND_MARK = {
    TrendResult.INCREASING: "↗",
    TrendResult.DECREASING: "↘",
    TrendResult.NO_CHANGE: "→",
}
TREND_CLASS = {TrendResult.IMPROVING: "good", TrendResult.WORSENING: "bad"}


def outcome_class(outcome: Outcome) -> str:
    """The CSS class of an outcome's badge: the code itself, "quintile" for a quintile."""
    return outcome.value if outcome in INTERVAL_OUTCOMES else "quintile"


def _msg(msgid: str, **values: Any) -> Markup:
    """A translated message whose text is markup (as Jinja's ``{% trans %}``): the values
    escaped, the message not."""
    return Markup(i18n.gettext(msgid)) % values


def card_views(
    profile: AreaProfile,
    assessments: dict[str, Assessment] | None,
    benchmark: Area | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Each section's cards (by domain) as view dicts, in the reader's language.

    ``benchmark``: a chosen benchmark other than the kommun, whose value of each indicator
    (the assessment's) the card shows beside the kommun's."""
    lang = i18n.current_language()
    words = card_words()
    area = profile.area
    level = area.level.value if area.level is not Level.KOMMUN else "regso"
    shown_benchmark = benchmark if benchmark is not None and benchmark.code != area.code else None
    return {
        section.domain: [
            _card(
                card,
                (assessments or {}).get(card.indicator.id),
                profile,
                level,
                lang,
                words,
                shown_benchmark,
            )
            for card in section.cards
        ]
        for section in profile.sections
    }


def card_words() -> dict[str, Any]:
    """The words every card repeats, translated once per page."""
    return {
        "women": i18n.gettext("Kvinnor"),
        "men": i18n.gettext("Män"),
        "missing": i18n.gettext("Uppgift saknas för året."),
        "quality": i18n.gettext("Kvalitetssäkras"),
        "synthetic": i18n.gettext("Syntetiska demodata"),
        "source": i18n.gettext("Källa"),
        "all_areas": i18n.gettext("Alla områden"),
        "among": i18n.gettext("bland jämförbara områden"),
        "strict": _msg("(även på 99,8&nbsp;%%-nivån)"),
    }


def _card(
    card: Card,
    a: Assessment | None,
    profile: AreaProfile,
    level: str,
    lang: str,
    words: dict[str, Any],
    benchmark: Area | None,
) -> dict[str, Any]:
    ind = card.indicator
    v = card.value
    fmt: Callable[[float | None], str] = value_formatter(
        ind, lang=lang, unit=i18n.unit_name(ind.unit)
    )
    cmp = a.comparison if a else None
    cmp_class = outcome_class(cmp.outcome) if cmp and cmp.outcome != Outcome.NOT_COMPARED else ""
    out: dict[str, Any] = {
        "id": ind.id,
        "classes": "card"
        + (" synthetic" if v and v.synthetic else "")
        + (f" cmp-{cmp_class}" if cmp_class else ""),
        "comparison": cmp.outcome.value if cmp and cmp_class else None,
        "name": i18n.indicator_name(ind),
        "name_sv": name_is_swedish(ind),
        "checked": ind.quality is Quality.BEING_ASSURED,
        "synthetic": bool(v and v.synthetic),
        "value": None,
        "status": None,
        "tip": None,
        "badge": None,
        "trend": None,
        "genders": [],
        "kommun": None,
        "benchmark": None,
        "source": f"{ind.source}. {ind.definition}",
        "source_sv": swedish_only(),
        "counts": None,
        "href": f"/indikator/{ind.id}?ar={profile.year}&niva={level}",
    }
    if v and v.value is not None:
        out["value"] = fmt(v.value)
        if a and a.interval:
            tip = _msg(
                "95&nbsp;%% konfidensintervall %(lower)s – %(upper)s",
                lower=fmt(a.interval.lower),
                upper=fmt(a.interval.upper),
            )
            if a.strict_interval:
                tip += Markup("; ") + _msg(
                    "99,8&nbsp;%%: %(lower)s – %(upper)s",
                    lower=fmt(a.strict_interval.lower),
                    upper=fmt(a.strict_interval.upper),
                )
            out["tip"] = tip + Markup(" (%s).") % i18n.gettext(a.interval.method)
        if cmp and cmp_class:
            if cmp_class == "quintile":
                phrase = " " + words["among"]
            elif cmp.benchmark is not None:
                msgid = "med %(label)s" if cmp.outcome == Outcome.SIMILAR else "än %(label)s"
                phrase = " " + i18n.gettext(msgid) % {"label": cmp.benchmark_label}
            else:
                phrase = ""
            strict = (
                cmp.outcome != Outcome.SIMILAR
                and cmp_class != "quintile"
                and cmp.strict == cmp.outcome
            )
            out["badge"] = {
                "class": cmp_class,
                "text": f"{OUTCOME_MARK.get(cmp.outcome, '')} {label(cmp.outcome).capitalize()}",
                "phrase": phrase,
                "strict": words["strict"] if strict else None,
            }
        trend = a.trend if a else None
        if trend and trend.periods >= 5:
            out["trend"] = {
                "class": TREND_CLASS.get(trend.assessment, "flat"),
                "mark": TREND_MARK.get(trend.direction, ""),
                "text": f"{label(trend.assessment).capitalize()} {trend.first}–{trend.last}",
                "span": label(trend.span),
            }
    else:
        missing = words["missing"]
        out["status"] = status_label(v.status, "Uppgift saknas för året.") if v else missing
    for g, word in (("K", words["women"]), ("M", words["men"])):
        gv = card.genders.get(g)
        if gv is None:
            continue
        text: str = fmt(gv.value) if gv.value is not None else "–"
        if gv.value is not None and ind.value_type is ValueType.COUNT and v and v.value:
            share = format_number(100 * gv.value / v.value, 1, lang=lang)
            text = Markup("%s (%s&nbsp;%%)") % (text, share)
        out["genders"].append((g, word, text))
    if card.kommun_value and profile.area.level is not Level.KOMMUN:
        out["kommun"] = f"{profile.kommun.name}: {fmt(card.kommun_value.value)}"
    if benchmark is not None:
        own = a.benchmark.value if a and a.benchmark else None
        shown = fmt(own) if own is not None else "–"
        out["benchmark"] = f"{benchmark.name}: {shown}"
    if v and v.numerator is not None and v.denominator is not None:
        out["counts"] = i18n.gettext("%(numerator)s av %(denominator)s") % {
            "numerator": format_number(v.numerator, 0, lang=lang),
            "denominator": format_number(v.denominator, 0, lang=lang),
        }
    return out
