"""The ranking table's body as one string: the rows of :func:`ranking_view.table_cells` joined
in Python, the words every row repeats escaped once per page.

A national table has 6 000 rows of eight cells; drawn by a Jinja loop, the per-cell expression
calls (and their autoescape) were nine tenths of the page's time (issue 22). Here every text of
the table is escaped in one call (joined by a character escaping leaves alone, then split), and
the markup is the one the template's loop made, byte for byte
(``tests/web/views/test_ranking_table.py`` renders both and compares).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

#: the texts of each row, in the order the row's markup takes them
TEXTS = ("rank", "code", "name", "parent", "chosen", "value", "ci", "numerator", "denominator")
#: joins the texts for the one escape: a control character no text of a table holds
_SEP = "\x00"


def table_body(cells: list[dict[str, Any]], year: str, synthetic: str) -> Markup:
    """The ``<tr>`` rows of ``cells`` (the dicts of :func:`ranking_view.table_cells`) for the
    ranking of ``year``; ``synthetic`` is the translated word of a synthetic value's mark.
    The cells hold plain text (never :class:`~markupsafe.Markup`): all of it is escaped."""
    synth = f' <span class="synth">◇ {escape(synthetic)}</span>'
    ar = escape(year)
    keys = (*TEXTS, "note")
    width = len(keys)
    texts = ["" if c[k] is None else str(c[k]) for c in cells for k in keys]
    joined = _SEP.join(texts)
    if joined.count(_SEP) != max(len(texts) - 1, 0):
        raise ValueError("a table text holds the separator NUL")
    escaped = str(escape(joined)).split(_SEP) if texts else []
    badges: dict[tuple[str, str], str] = {}  # (tone, text) → its span, once per page
    rows = []
    for k, c in enumerate(cells):
        rank, code, name, parent, chosen, value, ci, num, den, note = escaped[
            k * width : (k + 1) * width
        ]
        badge = c["badge"]
        if badge and badge not in badges:
            badges[badge] = f'<span class="badge b-{escape(badge[0])}">{escape(badge[1])}</span>'
        rows.append(
            f'\n  <tr>\n    <td class="num">{rank}</td>'
            f'\n    <th scope="row"><a href="/omrade/{code}?ar={ar}">{name}</a>'
            + (f' <span class="code">{parent}</span>' if parent else "")
            + (f" <strong>{chosen}</strong>" if chosen else "")
            + f'</th>\n    <td class="num">{value}</td>\n    <td class="num ci">{ci}</td>'
            f"\n    <td>{badges[badge] if badge else ''}</td>"
            f'\n    <td class="num">{num}</td>\n    <td class="num">{den}</td>'
            f"\n    <td>{note}{synth if c['synthetic'] else ''}</td>\n  </tr>\n  "
        )
    return Markup("".join(rows))  # every text above escaped
