"""The profile's cards as markup, joined in Python from their view dicts
(:func:`~kommunanalys.web.views.profile_cards.card_views`).

A profile has some sixty cards of a dozen texts each; a Jinja loop over them (its expression
calls and their autoescape) was the largest part of the page's rendering (issue 22). Here each
text is escaped once with markupsafe (:class:`~markupsafe.Markup` passes as it is, as in a
template), and the markup is the one ``_card.html`` made, byte for byte: that template is kept
as the reference in ``tests/web/views/reference_card.html`` and the test renders both.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def cards_markup(cards: list[dict[str, Any]], words: dict[str, Any]) -> Markup:
    """The ``<li>`` of every card, in order; ``words`` are :func:`card_words`."""
    quality = escape(words["quality"])
    fixed = {
        "abbr": f'<abbr title="{quality}">*</abbr>',
        "synth": f'<span class="synth"><span aria-hidden="true">◇</span> '
        f"{escape(words['synthetic'])}</span>",
        "quality": f'<span class="quality">{quality}</span>',
        "source": escape(words["source"]),
        "all": escape(words["all_areas"]),
    }
    return Markup("\n" + "".join(_card(c, fixed) for c in cards))  # every text escaped


def _card(c: dict[str, Any], fixed: dict[str, str]) -> str:
    ident = escape(c["id"])
    out = [
        f'\n<li class="{escape(c["classes"])}" data-indicator="{ident}"',
        f' data-comparison="{escape(c["comparison"])}"' if c["comparison"] else "",
        f'>\n  <h3 id="c-{ident}"',
        ' lang="sv"' if c["name_sv"] else "",
        f">{escape(c['name'])}",
        fixed["abbr"] if c["checked"] else "",
        "</h3>\n  ",
    ]
    if c["value"] is not None:
        value = escape(c["value"])
        if c["tip"]:
            out.append(
                f'\n    \n    <p class="value"><span class="has-tip" tabindex="0" '
                f'aria-describedby="ki-{ident}">{value}</span>\n      <span class="tip" '
                f'role="tooltip" id="ki-{ident}">{escape(c["tip"])}</span></p>\n    \n    '
            )
        else:
            out.append(
                f'\n    \n    <p class="value" aria-describedby="c-{ident}">{value}</p>\n    \n    '
            )
        b = c["badge"]
        if b:
            strict = f' <span class="strict">{escape(b["strict"])}</span>' if b["strict"] else ""
            out.append(
                f'\n    <p class="bench"><span class="badge b-{escape(b["class"])}">'
                f"{escape(b['text'])}</span>{escape(b['phrase'])}{strict}</p>\n    "
            )
        out.append("\n    ")
        t = c["trend"]
        if t:
            out.append(
                f'\n    <p class="trend t-{escape(t["class"])}"><span aria-hidden="true">'
                f"{escape(t['mark'])}</span> {escape(t['text'])}</p>\n    "
            )
        out.append("\n  ")
    else:
        out.append(
            f'\n    <p class="value missing">–</p>\n    <p class="status">'
            f"{escape(c['status'])}</p>\n  "
        )
    out.append("\n  ")
    if c["genders"]:
        out.append('\n  <p class="genders">\n    ')
        out.extend(
            f'<span class="g-{escape(g)}">{escape(word)}: {escape(text)}</span>\n    '
            for g, word, text in c["genders"]
        )
        out.append("\n  </p>\n  ")
    out.append("\n  ")
    if c["benchmark"]:
        out.append(f'<p class="benchmark">{escape(c["benchmark"])}</p>')
    out.append("\n  ")
    if c["kommun"]:
        out.append(f'<p class="kommun">{escape(c["kommun"])}</p>')
    out.append('\n  <p class="meta">\n    ')
    if c["synthetic"]:
        out.append(fixed["synth"])
    out.append("\n    ")
    if c["checked"]:
        out.append(fixed["quality"])
    counts = f" ({escape(c['counts'])})" if c["counts"] else ""
    out.append(
        f'\n    <span class="info" tabindex="0" role="button" aria-describedby="t-{ident}">'
        f'{fixed["source"]}</span>\n    <span class="tip" role="tooltip" id="t-{ident}">'
        f"<span{escape(c['source_sv'])}>{escape(c['source'])}</span>{counts}</span>"
        f'\n    <a href="{escape(c["href"])}">{fixed["all"]}</a>\n  </p>\n</li>\n'
    )
    return "".join(out)
