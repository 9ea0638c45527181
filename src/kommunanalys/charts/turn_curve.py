"""The "turn the curve" chart of an intervention's follow-up: the indicator's published values,
and the trend of the years before the start carried forward with its prediction interval.

Drawn from one entry of :func:`kommunanalys.effect.followup.follow_up` (plain data): a
protected value is a gap with its status, never a number — the entry holds none.
"""

from __future__ import annotations

from typing import Any

from kommunanalys.charts.lines import Point, Series, line_chart
from kommunanalys.i18n import gettext as _


def turn_curve_chart(
    entry: dict[str, Any], *, title: str, unit: str, decimals: int, focusable: bool = True
) -> str:
    """The SVG of ``entry``: the actual series and, where estimated, the baseline."""
    rows = entry["series"]
    actual = Series(
        _("Utfall"),
        [Point(r["period"], r["value"], note=r["status"]) for r in rows],
    )
    series = [actual]
    if any(r["forecast"] is not None for r in rows):
        series.append(
            Series(
                _("Trend före starten, framskriven (95 % prediktionsintervall)"),
                [
                    Point(r["period"], r["forecast"], r["lower"], r["upper"])
                    for r in rows
                    if r["forecast"] is not None
                ],
                interval=_("95 % PI"),
            )
        )
    return line_chart(
        series,
        title=title,
        unit=unit,
        years=[r["period"] for r in rows],
        decimals=decimals,
        focusable=focusable,
        include_zero=False,
    )
