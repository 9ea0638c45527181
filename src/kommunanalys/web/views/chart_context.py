"""The context every exported chart carries (issue 21 item 10): a downloaded SVG or PNG has no
page around it, so it says itself what it shows — its heading, the view and year, the level,
the source, the page's address and, when any value drawn is synthetic, a band saying so
(:func:`kommunanalys.charts.svg.with_context` draws it). Used by the comparison views'
downloads, the map's and the ranking's.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from kommunanalys.charts import svg
from kommunanalys.i18n import N_, gettext, indicator_name
from kommunanalys.model import Indicator, Level
from kommunanalys.web.views.indicator_values import LevelValues

#: The band on every exported chart that draws a synthetic value.
SYNTHETIC_MARK = N_("Syntetiska demodata: inte verklig statistik")
LEVEL_WORDS = {Level.KOMMUN: N_("Kommun"), Level.REGSO: "RegSO", Level.DESO: "DeSO"}


#: query keys that choose how a page is shown, not what: left out of an export's address
PRESENTATION_KEYS = frozenset({"lang", "sida", "sep"})


def page_address(path: str, query: Iterable[tuple[str, str]]) -> str:
    """The address an export names as its page: ``path`` without the download's suffix, and the
    query without the keys of :data:`PRESENTATION_KEYS` (an export made in English names the
    same page as one made in Swedish, so the two differ only in their words)."""
    base = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    kept = [(k, v) for k, v in query if k not in PRESENTATION_KEYS]
    return base + (f"?{urlencode(kept)}" if kept else "")


def in_context(
    chart: str,
    heading: str,
    view_title: str,
    levels: Iterable[Level],
    indicators: Iterable[Indicator],
    address: str,
    synthetic: bool,
) -> str:
    """``chart`` under its context header (lines left out when they would be empty)."""
    words = list(dict.fromkeys(gettext(LEVEL_WORDS[level]) for level in levels))
    sources = sorted({i.source for i in indicators if i.source})
    lines = [
        view_title,
        f"{gettext('Nivå')}: {', '.join(words)}" if words else "",
        f"{gettext('Källa')}: {'; '.join(sources)}" if sources else "",
        address,
    ]
    mark = gettext(SYNTHETIC_MARK) if synthetic else None
    return svg.with_context(chart, heading, lines, mark)


def level_in_context(chart: str, found: LevelValues, address: str) -> str:
    """A map or ranking of one indicator over a level's areas, under its context."""
    synthetic = any(r.value is not None and r.value.synthetic for r in found.rows)
    year = f"{gettext('År')}: {found.year}"
    return in_context(
        chart,
        indicator_name(found.indicator),
        year,
        [found.level],
        [found.indicator],
        address,
        synthetic,
    )
