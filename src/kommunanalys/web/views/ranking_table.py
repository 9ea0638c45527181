"""The ranking table's body as one string, made column by column from the level's rows.

A national table has 6 000 rows of eight cells; drawn by a Jinja loop, the per-cell expression
calls (and their autoescape) were nine tenths of the page's time (issue 22). Then the rows
were joined in Python from a dict of cells per row, which was still most of a cold page.
Here every word of the table (a comparison's badge, a status's note, the unit, "(valt
område)") is translated and escaped once per page, every number column formatted in one
pass (:func:`~kommunanalys.formatting.format_numbers`: the separators swapped once per
column), the areas' codes and names escaped in one call, and each row is one f-string. The
markup is the one the template's loop made, byte for byte (``tests/web/views/
test_ranking_table.py`` keeps that loop and the per-row cells it drew as the reference).

:func:`kept_table_body` keeps the most recent bodies of a dataset (one data version), as
the JSON twin's bytes are kept (:func:`~kommunanalys.web.json_response.kept_json`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from kommunanalys import i18n
from kommunanalys.formatting import decimals_for, format_numbers, unit_suffix
from kommunanalys.i18n.labels import label, status_label
from kommunanalys.model import Area, Level
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import Outcome
from kommunanalys.web.kept import Recent
from kommunanalys.web.views.indicator_values import (
    AreaValue,
    LevelValues,
    outcome_tone,
    row_columns,
)
from kommunanalys.web.views.profile_cards import OUTCOME_MARK

#: joins the texts for the one escape: a control character no text of a table holds
_SEP = "\x00"


def table_body(
    found: LevelValues,
    rows: list[AreaValue],
    numbers: list[int | None],
    highlight: str | None,
    synthetic: str,
    heads: Mapping[str, tuple[str, str]] | None = None,
) -> Markup:
    """The ``<tr>`` rows of ``rows`` (of ``found``, in the table's order) with their ranks
    ``numbers``; ``highlight`` is the chosen area's code, ``synthetic`` the translated word
    of a synthetic value's mark; ``heads`` the areas' :func:`area_heads` (made here when
    None). Every text is escaped."""
    indicator = found.indicator
    lang = i18n.current_language()
    decimals = decimals_for(indicator)
    suffix = str(escape(unit_suffix(indicator, i18n.unit_name(indicator.unit))))
    cols = row_columns(rows)
    # each column in one pass; an empty text where a row has no number
    shown = format_numbers(cols.value, decimals, lang=lang)
    lower = format_numbers(cols.lower, decimals, lang=lang)
    upper = format_numbers(cols.upper, decimals, lang=lang)
    numerators = format_numbers(cols.numerator, 0, lang=lang)
    denominators = format_numbers(cols.denominator, 0, lang=lang)
    if heads is None:
        heads = area_heads([r.area for r in rows])
    if indicator.is_category:
        numbers = [None] * len(rows)  # a class code is not ranked as a number
    ar = escape(found.year)
    synth = f' <span class="synth">◇ {escape(synthetic)}</span>'
    missing = str(escape(i18n.gettext("Uppgift saknas.")))
    badges = _Words(_badge)  # outcome → its badge, once per page
    notes = _Words(lambda status: str(escape(status_label(status))))  # status → its label
    texts = zip(
        numbers,
        [heads[r.area.code] for r in rows],
        [t + suffix if t else "–" for t in shown],
        [f"{lo}–{hi}{suffix}" if hi else "" for lo, hi in zip(lower, upper, strict=True)],
        [badges[r.comparison.outcome] if r.comparison else "" for r in rows],
        numerators,
        denominators,
        [
            notes[status] if status else (missing if v is None else "")
            for status, v in zip(cols.status, cols.value, strict=True)
        ],
        [synth if s else "" for s in cols.synthetic],
        strict=True,
    )
    out = [
        f'\n  <tr>\n    <td class="num">{"" if rank is None else rank}</td>'
        f'\n    <th scope="row"><a href="/omrade/{code}?ar={ar}{rest}</th>'
        f'\n    <td class="num">{value}</td>\n    <td class="num ci">{ci}</td>'
        f"\n    <td>{badge}</td>"
        f'\n    <td class="num">{num}</td>\n    <td class="num">{den}</td>'
        f"\n    <td>{note}{mark}</td>\n  </tr>\n  "
        for rank, (code, rest), value, ci, badge, num, den, note, mark in texts
    ]
    if highlight is not None:  # the chosen area's name is followed by "(valt område)"
        chosen = f" <strong>{escape(i18n.gettext('(valt område)'))}</strong></th>"
        for k, r in enumerate(rows):
            if r.area.code == highlight:
                out[k] = out[k].replace("</th>", chosen, 1)
    return Markup("".join(out))  # every text above escaped


def area_heads(areas: Iterable[Area]) -> dict[str, tuple[str, str]]:
    """Each area's row head by code: its code escaped, and what follows the year in its
    link: the name, and a DeSO's parent code, escaped (all texts in one call)."""
    areas = list(areas)
    texts: list[str] = []
    for a in areas:
        texts += (a.code, a.name, (a.parent or "") if a.level is Level.DESO else "")
    joined = _SEP.join(texts)
    if joined.count(_SEP) == max(len(texts) - 1, 0):
        escaped = str(escape(joined)).split(_SEP) if texts else []
    else:  # a name holds the separator itself: each text escaped on its own
        escaped = [str(escape(t)) for t in texts]
    return {
        a.code: (code, f'">{name}</a>' + (f' <span class="code">{parent}</span>' if parent else ""))
        for a, code, name, parent in zip(
            areas, escaped[0::3], escaped[1::3], escaped[2::3], strict=True
        )
    }


def kept_area_heads(ds: Dataset, found: LevelValues) -> dict[str, tuple[str, str]]:
    """:func:`area_heads` of every area of ``found``'s level, once per dataset and division
    (the areas never change within a data version)."""
    division = next((r.area.division for r in found.rows), None)
    heads = ds.memo(
        ("ranking-area-heads", found.level, division),
        lambda: area_heads(r.area for r in found.rows),
    )
    if any(r.area.code not in heads for r in found.rows):  # not the level's areas: made anew
        return area_heads(r.area for r in found.rows)
    return heads


class _Words(dict[Any, str]):
    """A page's words by key, each made (translated and escaped) at its first use."""

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> str:
        made = self[key] = self._make(key)
        return made


def _badge(outcome: Outcome) -> str:
    """A comparison's badge (its tone, mark and label), empty for an outcome without a tone."""
    tone = outcome_tone(outcome)
    if not tone:
        return ""
    words = f"{OUTCOME_MARK.get(outcome, '')} {label(outcome).capitalize()}"
    return f'<span class="badge b-{escape(tone)}">{escape(words)}</span>'


#: How many table bodies a dataset keeps: a national one (every DeSO) is about 2.4 MB.
KEPT_BODIES = 8


def kept_table_body(ds: Dataset, key: Hashable, make: Callable[[], Markup]) -> Markup:
    """``make()``'s body for ``key`` (what the rows depend on: indicator, year, level,
    benchmark, chosen area, rows shown), kept per dataset and reading language among the
    dataset's :data:`KEPT_BODIES` most recent ones. The data behind a Dataset never
    changes (an import makes a new one), so a body never goes stale."""
    kept = ds.memo(("ranking-table-bodies",), lambda: Recent[Markup](KEPT_BODIES))
    return kept.get((key, i18n.current_language()), make)
