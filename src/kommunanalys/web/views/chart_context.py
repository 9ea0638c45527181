"""The context every exported chart carries (issue 21 item 10): a downloaded SVG or PNG has no
page around it, so it says itself what it shows — its heading, the view and year, the level,
the source, the page's address and, when any value drawn is synthetic, a band saying so
(:func:`kommunanalys.charts.svg.with_context` draws it). Used by the comparison views'
downloads, the map's and the ranking's.
"""

from __future__ import annotations

from collections.abc import Iterable

from kommunanalys.charts import svg
from kommunanalys.i18n import N_, gettext, indicator_name
from kommunanalys.model import Indicator, Level
from kommunanalys.web.views.indicator_values import LevelValues

#: The band on every exported chart that draws a synthetic value.
SYNTHETIC_MARK = N_("Syntetiska demodata: inte verklig statistik")
LEVEL_WORDS = {Level.KOMMUN: N_("Kommun"), Level.REGSO: "RegSO", Level.DESO: "DeSO"}


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
