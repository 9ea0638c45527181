"""Words of the catalogue and the statistics that pages show, marked for ``pybabel extract``.

Domains, units and levels are Swedish text in the catalogue and the store: they are translated
through gettext where they are shown. Indicator names come from the catalogue itself (``name_en``).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kommunanalys.i18n.catalogue import N_, gettext
from kommunanalys.i18n.language import is_english
from kommunanalys.model import Indicator

# -- catalogue text: indicator names from the catalogue, domains and units through gettext ----

DOMAINS = (
    N_("Befolkning"),
    N_("Förskola och skola"),
    N_("Fritid"),
    N_("Stöd och insatser"),
    N_("Boende"),
    N_("Inkomst och arbete"),
)
UNITS = (N_("antal"), N_("klass"), N_("poäng"), N_("tkr"), N_("kr"), N_("år"))
LEVELS = (N_("Riket"), N_("Län"), N_("Kommun"), N_("RegSO"), N_("DeSO"), N_("Eget område"))


#: the words of the statistics (``kommunanalys.stats``: methods, quality, statuses) that pages
#: show, translated by ``tr`` (the outcomes' and the value statuses' words are labels:
#: :mod:`kommunanalys.i18n.labels`)
STATISTICS_WORDS = (
    N_("kvintil bland jämförbara områden"),
    N_("Wilson"),
    N_("exakt Poisson"),
    N_("Byar"),
    N_("normalapproximation"),
    N_("Students t, n − 1 frihetsgrader"),
    N_("inget intervall: en totalräkning ur ett register har inget urvalsfel"),
    N_("Totalt"),
    N_("Kvinnor"),
    N_("Män"),
    N_("kvantiler"),
    N_("fasta gränser (jämna intervall)"),
    N_("chi2-test för trend i andelar (Cochran–Armitage)"),
    N_("chi2-test för trend i Poissonkvoter"),
    N_("Kendalls tau med Theil–Sen-lutning"),
    N_("lutningsindex för ojämlikhet (SII, RII), PHE:s simuleringsmetod"),
)

#: the goal follow-up's words (``kommunanalys.goals.model``) that are not codes' labels
#: (directions, grades, statuses: :mod:`kommunanalys.i18n.labels`)
GOAL_WORDS = (
    N_("helår"),
    N_("delår 1"),
    N_("delår 2"),
    N_("Följs upp på helår"),
)

#: the periods' states
#: (``kommunanalys.goals.repository``) and the groups of the equality scan
ACCESS_WORDS = (
    N_("öppen"),
    N_("låst"),
    N_("kvinnor"),
    N_("män"),
    N_("övriga åldrar"),
    N_("liknande områden"),
    N_("(datavärde, visas inte för administratörer)"),  # access.audit.REDACTED
)


def indicator_name(indicator: Indicator) -> str:
    """The indicator's name in the reader's language (Swedish when it has no English name)."""
    if is_english() and indicator.name_en:
        return indicator.name_en
    return indicator.name_sv


def name_is_swedish(indicator: Any) -> bool:
    """True when the shown name is Swedish on an English page (for a ``lang`` attribute)."""
    return is_english() and not getattr(indicator, "name_en", "")


def swedish_only() -> Markup:
    """`` lang="sv"`` on an English page, for catalogue text that exists only in Swedish."""
    return Markup(' lang="sv"') if is_english() else Markup("")


def domain_name(domain: str) -> str:
    return gettext(domain) if domain else domain


def unit_name(unit: str) -> str:
    return gettext(unit) if unit else unit


# -- titles that map_view.py and ranking_view.py build (for them to call; see the report) -----


def ranking_title(indicator: Any, level_name: str, year: str) -> str:
    """ "Antal invånare per RegSO 2023" / "Number of residents by RegSO 2023"."""
    return gettext("%(name)s per %(level)s %(year)s") % {
        "name": indicator_name(indicator),
        "level": gettext(level_name),
        "year": year,
    }


def map_title(indicator: Any, gender_name: str | None, level_name: str, year: str) -> str:
    """The map's title, with the gender (lower case) after the name when not the total."""
    gender = f", {gettext(gender_name).lower()}" if gender_name else ""
    return gettext("%(name)s%(gender)s per %(level)s %(year)s") % {
        "name": indicator_name(indicator),
        "gender": gender,
        "level": gettext(level_name),
        "year": year,
    }


#: text that map_view.py and goals/chart.py build, in the catalogue so that their owners only
#: have to call gettext (see the i18n report: map_view.py is being reworked for speed)
MAP_WORDS = (
    N_("RegSO-gräns"),
    N_("DeSO %(code)s i %(where)s"),
    N_("Okänd klassindelning '%(v)s': välj %(methods)s."),
    # kommunanalys.web.views.map_view: the map's colouring (farg=)
    N_("jämförelse"),
    N_("värdeklasser"),
    # kommunanalys.goals.chart (the goal charts on /mal/{id}; see the i18n report)
    N_("utfall"),
    N_("målvärde %(year)s"),
)
