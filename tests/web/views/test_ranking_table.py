"""The ranking table's rows joined in Python (web/views/ranking_table.py) are the markup the
template's Jinja loop made, byte for byte: the loop is kept here as the reference."""

from __future__ import annotations

from typing import Any

import pytest

from kommunanalys import i18n
from kommunanalys.model import Gender, Level
from kommunanalys.query import Dataset
from kommunanalys.web.rendering import templates
from kommunanalys.web.views.indicator_values import level_values
from kommunanalys.web.views.ranking_table import table_body
from kommunanalys.web.views.ranking_view import ranks, table_cells

#: the loop indicator.html drew its rows with before issue 22
REFERENCE = """
  {%- for c in cells %}
  <tr>
    <td class="num">{{ c['rank'] }}</td>
    <th scope="row"><a href="/omrade/{{ c['code'] }}?ar={{ year }}">{{ c['name'] }}</a>\
{% if c['parent'] %} <span class="code">{{ c['parent'] }}</span>{% endif %}\
{% if c['chosen'] %} <strong>{{ c['chosen'] }}</strong>{% endif %}</th>
    <td class="num">{{ c['value'] }}</td>
    <td class="num ci">{{ c['ci'] }}</td>
    <td>{% if c['badge'] %}<span class="badge b-{{ c['badge'][0] }}">{{ c['badge'][1] }}</span>\
{% endif %}</td>
    <td class="num">{{ c['numerator'] }}</td>
    <td class="num">{{ c['denominator'] }}</td>
    <td>{{ c['note'] }}{% if c['synthetic'] %} <span class="synth">◇ {{ synthetic }}</span>\
{% endif %}</td>
  </tr>
  {% endfor %}"""


def _reference(cells: list[dict[str, Any]], year: str, synthetic: str) -> str:
    return templates.env.from_string(REFERENCE).render(cells=cells, year=year, synthetic=synthetic)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    ("indicator", "level", "year"),
    [
        ("andel_ledarledd_fritid", Level.DESO, "2023"),  # intervals, badges, suppressed cells
        ("antal_invanare", Level.REGSO, "2023"),  # counts
        ("medianinkomst", Level.DESO, "2025"),  # a quintile comparison, the new vintage
    ],
)
def test_the_rows_are_the_templates_markup(
    dataset: Dataset, indicator: str, level: Level, year: str, lang: str
) -> None:
    i18n.use_language(lang)
    try:
        found = level_values(dataset, dataset.indicator(indicator), year, level, Gender.TOTAL)
        rows = found.ranked()
        highlight = rows[len(rows) // 2].area.code
        cells = table_cells(found, rows, ranks(rows), highlight)
        synthetic = i18n.gettext("Syntetiska demodata")
        body = table_body(cells, found.year, synthetic)
    finally:
        i18n.use_language(i18n.SWEDISH)
    assert str(body) == _reference(cells, found.year, synthetic)
    assert body.count("<tr>") == len(rows) > 5
    if indicator == "andel_ledarledd_fritid":  # the synthetic share with intervals
        assert any(c["badge"] for c in cells) and any(c["synthetic"] for c in cells)


def test_every_text_is_escaped_once() -> None:
    cell = {
        "rank": 1,
        "code": 'x"><script>',
        "name": "Å & <Ö>",
        "parent": "<p>",
        "chosen": "(valt & område)",
        "value": "1 < 2",
        "ci": "a–b",
        "badge": ("better", "▲ Bättre & <b>"),
        "numerator": "3",
        "denominator": "4",
        "note": "'skyddad'",
        "synthetic": True,
    }
    body = table_body(
        [cell, {**cell, "badge": None, "parent": None, "chosen": None}], "2023", "<s>"
    )
    assert str(body) == _reference(
        [cell, {**cell, "badge": None, "parent": None, "chosen": None}], "2023", "<s>"
    )
    assert "<script>" not in body and "&lt;script&gt;" in body and "&lt;s&gt;" in body
