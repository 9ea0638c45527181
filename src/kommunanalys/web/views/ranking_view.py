"""The ranking on /indikator/{id}: the bar chart, its JSON and the chart, CSV and Excel
downloads.

Values come ranked from :mod:`kommunanalys.web.views.indicator_values` (gated, with intervals and
the comparison with the benchmark: the kommun, its län or riket); this module only turns them
into a chart and a JSON twin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi.responses import Response

from kommunanalys import i18n
from kommunanalys.charts import Bar, bar_chart
from kommunanalys.charts.png import svg_to_png
from kommunanalys.formatting import decimals_for, value_formatter
from kommunanalys.i18n import N_
from kommunanalys.i18n.labels import label
from kommunanalys.query import LEVEL_NAMES, Dataset
from kommunanalys.web.views import exports
from kommunanalys.web.views.indicator_values import AreaValue, LevelValues
from kommunanalys.web.views.level_json import OutcomeLabels, area_row, level_json
from kommunanalys.web.views.map_view import display_name, parent_names
from kommunanalys.web.views.profile_cards import OUTCOME_MARK


def ranks(rows: list[AreaValue]) -> list[int | None]:
    """Rank 1 for the highest value, ties sharing a rank; None where there is no value."""
    out: list[int | None] = []
    previous: float | None = None
    rank = 0
    for k, r in enumerate(rows):
        if r.number is None:
            out.append(None)
            continue
        if r.number != previous:
            rank = k + 1
            previous = r.number
        out.append(rank)
    return out


#: Above this many areas (a national level) the chart shows only the kommun's own areas: a
#: bar per area of Sweden is unreadable and megabytes large. The table keeps every area.
MAX_BARS = 400


def table_rows(found: LevelValues, rows: list[AreaValue], everything: bool) -> list[AreaValue]:
    """The rows an HTML table shows: all up to :data:`MAX_BARS` areas (or when asked for
    with ``alla=1``), else the kommun's own areas. The JSON twin always has every area."""
    if everything or len(rows) <= MAX_BARS:
        return rows
    return [r for r in rows if r.area.kommun == found.kommun.code]


def chart_rows(found: LevelValues, rows: list[AreaValue]) -> list[AreaValue]:
    """The rows the chart draws: all, or the kommun's own areas above :data:`MAX_BARS`."""
    if len(rows) <= MAX_BARS:
        return rows
    return [r for r in rows if r.area.kommun == found.kommun.code][:MAX_BARS]


def ranking_chart(
    ds: Dataset, found: LevelValues, rows: list[AreaValue], highlight: str | None
) -> str:
    indicator = found.indicator
    rows = chart_rows(found, rows)
    division = rows[0].area.division if rows else None
    parents = parent_names(ds, found.level, division) if division else {}
    bars = [
        Bar(
            display_name(r.area, parents),
            r.number,
            r.interval.lower if r.interval else None,
            r.interval.upper if r.interval else None,
            f"/omrade/{r.area.code}?ar={found.year}",
            highlight=r.area.code == highlight,
            note="skyddad" if r.suppressed else None,
            tone=r.tone,
        )
        for r in rows
    ]
    # the benchmark's line (the kommun's where the rows are not compared, as before)
    reference = found.benchmark_value if found.benchmark is not None else found.kommun_value
    return bar_chart(
        bars,
        title=i18n.ranking_title(indicator, LEVEL_NAMES[found.level], found.year),
        unit=i18n.unit_name(indicator.unit),
        decimals=decimals_for(indicator),
        benchmark=reference.value if reference is not None else None,
        benchmark_label=(found.benchmark or found.kommun).name,
        width=860,
        ident="ranking",
    )


def chart_response(svg: str, name: str, suffix: str) -> Response:
    if suffix == "png":
        return Response(
            svg_to_png(svg),
            media_type="image/png",
            headers={"Content-Disposition": f'inline; filename="{name}.png"'},
        )
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={"Content-Disposition": f'inline; filename="{name}.svg"'},
    )


def ranking_json(found: LevelValues, rows: list[AreaValue]) -> dict[str, Any]:
    """The ranking's JSON twin: :func:`level_json`'s shared fields, then the rows ranked,
    each with its ``rank`` (None without a value)."""
    return {**level_json(found), "values": ranked_rows(found, rows)}


def ranked_rows(found: LevelValues, rows: list[AreaValue]) -> list[dict[str, Any]]:
    """The ranking twin's ``values``: every area's row with its ``rank``."""
    formatted = value_formatter(found.indicator)
    values = []
    category = found.indicator.is_category  # a class code is not ranked as a number
    labels = OutcomeLabels()  # each comparison's word translated once, not per row
    for r, rank in zip(rows, ranks(rows), strict=True):
        row = area_row(r, formatted, labels)
        row["rank"] = None if category else rank
        values.append(row)
    return values


def ranking_download(
    found: LevelValues,
    rows: list[AreaValue],
    fmt: str,
    sep: str | None,
    benchmark: dict[str, str] | None = None,
) -> Response:
    """The ranking as CSV (``sep=semikolon`` for Swedish Excel) or Excel: every area in the
    twin's order with its rank, through the shared export code; ``benchmark`` is the page's
    ``jamfor`` parameter (:func:`indicator_values.benchmark_param`) for the address."""
    indicator = found.indicator
    numbers = [exports.Number(k, 0) if k is not None else None for k in ranks(rows)]
    if indicator.is_category:
        numbers = [None] * len(rows)  # a class code is not ranked as a number
    sheet = exports.level_sheet(
        found,
        rows,
        (N_("Rang"), list(numbers)),
        i18n.ranking_title(indicator, LEVEL_NAMES[found.level], found.year),
        f"/indikator/{indicator.id}?"
        + urlencode({"ar": found.year, "niva": found.level.value, **(benchmark or {})}),
        f"{indicator.id}-{found.year}-{found.level.value}",
    )
    return exports.download(sheet, fmt, sep)


def comparison_badges(rows: list[AreaValue]) -> dict[str, tuple[str, str]]:
    """Each compared area's badge (tone, mark and label) by code, as the ranking's table
    shows it: the map's table draws the same."""
    words: dict[str, str] = {}
    out: dict[str, tuple[str, str]] = {}
    for r in rows:
        if r.comparison and r.tone:
            outcome = r.comparison.outcome
            if outcome not in words:
                words[outcome] = f"{OUTCOME_MARK.get(outcome, '')} {label(outcome).capitalize()}"
            out[r.area.code] = (r.tone, words[outcome])
    return out
