"""The ranking table's rows made column by column in Python (web/views/ranking_table.py) are
the markup the template's Jinja loop made, byte for byte: the loop, and the cells per row it
drew (``table_cells``, as it was before the rows were made column by column), are kept here
as the reference."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kommunanalys import i18n
from kommunanalys.formatting import format_number, value_formatter
from kommunanalys.i18n.labels import label, status_label
from kommunanalys.model import Gender, Level
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import Outcome
from kommunanalys.store import Store
from kommunanalys.web import create_app
from kommunanalys.web.rendering import templates
from kommunanalys.web.views import ranking_table
from kommunanalys.web.views.indicator_values import (
    AreaValue,
    Cells,
    LevelValues,
    level_values,
    outcome_tone,
)
from kommunanalys.web.views.profile_cards import OUTCOME_MARK
from kommunanalys.web.views.ranking_table import table_body
from kommunanalys.web.views.ranking_view import ranks

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


def table_cells(
    found: LevelValues, rows: list[AreaValue], numbers: list[int | None], highlight: str | None
) -> list[dict[str, Any]]:
    """The table's rows as the plain cells the loop above drew (ranking_view.py's
    ``table_cells`` before the rows were made column by column)."""
    lang = i18n.current_language()
    unit = i18n.unit_name(found.indicator.unit)
    value = value_formatter(found.indicator, lang=lang, unit=unit)
    bare = value_formatter(found.indicator, lang=lang, with_unit=False, unit=unit)
    badges: dict[Outcome, tuple[str, str] | None] = {}
    missing = i18n.gettext("Uppgift saknas.")
    chosen = i18n.gettext("(valt område)")
    no_cells: Cells = (None, None, None, None, "", False)
    if found.indicator.is_category:
        numbers = [None] * len(rows)
    out = []
    for r, rank in zip(rows, numbers, strict=True):
        a = r.area
        v, numerator, denominator, status, _, synthetic = r.cells() or no_cells
        bounds = r.bounds()
        badge = None
        if r.comparison:
            outcome = r.comparison.outcome
            if outcome not in badges:
                tone = outcome_tone(outcome)
                words = f"{OUTCOME_MARK.get(outcome, '')} {label(outcome).capitalize()}"
                badges[outcome] = (tone, words) if tone else None
            badge = badges[outcome]
        if status:
            note = status_label(status)
        elif v is None:
            note = missing
        else:
            note = ""
        out.append(
            {
                "rank": "" if rank is None else rank,
                "code": a.code,
                "name": a.name,
                "parent": a.parent if a.level is Level.DESO else None,
                "chosen": chosen if a.code == highlight else None,
                "value": value(v) if v is not None else "–",
                "ci": f"{bare(bounds[0])}–{value(bounds[1])}" if bounds else "",
                "badge": badge,
                "numerator": _count(numerator, lang),
                "denominator": _count(denominator, lang),
                "note": note,
                "synthetic": synthetic,
            }
        )
    return out


def _count(x: float | None, lang: str) -> str:
    return "" if x is None else format_number(x, 0, lang=lang)


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
        body = table_body(found, rows, ranks(rows), highlight, synthetic)
    finally:
        i18n.use_language(i18n.SWEDISH)
    assert str(body) == _reference(cells, found.year, synthetic)
    assert body.count("<tr>") == len(rows) > 5
    if indicator == "andel_ledarledd_fritid":  # the synthetic share with intervals
        assert any(c["badge"] for c in cells) and any(c["synthetic"] for c in cells)


def test_every_text_is_escaped_once(dataset: Dataset) -> None:
    found = level_values(
        dataset, dataset.indicator("andel_ledarledd_fritid"), "2023", Level.DESO, Gender.TOTAL
    )
    rows = []
    for k, r in enumerate(found.ranked()[:4]):
        row = copy.copy(r)
        row.area = dataclasses.replace(
            r.area, code=f'x{k}"><script>', name="Å & <Ö>", parent="<p>" if k % 2 else None
        )
        rows.append(row)
    highlight = rows[1].area.code
    body = table_body(found, rows, ranks(rows), highlight, "<s>")
    assert str(body) == _reference(table_cells(found, rows, ranks(rows), highlight), "2023", "<s>")
    assert "<script>" not in body and "&lt;script&gt;" in body and "&lt;s&gt;" in body
    assert "&lt;p&gt;" in body and "&lt;Ö&gt;" in body


def test_a_name_holding_the_joining_character_is_escaped_alone(dataset: Dataset) -> None:
    """The heads are escaped in one call joined by NUL; a name that holds NUL itself (a
    custom area's name is typed by a user) still gives the reference rows, not an error."""
    found = level_values(
        dataset, dataset.indicator("andel_ledarledd_fritid"), "2023", Level.DESO, Gender.TOTAL
    )
    rows = []
    for k, r in enumerate(found.ranked()[:3]):
        row = copy.copy(r)
        row.area = dataclasses.replace(r.area, code=f"c{k}", name=f"a\x00<b>{k}")
        rows.append(row)
    body = table_body(found, rows, ranks(rows), None, "x")
    assert str(body) == _reference(table_cells(found, rows, ranks(rows), None), "2023", "x")
    assert "a\x00&lt;b&gt;1" in body


def test_a_national_sized_table_is_the_same(dataset: Dataset) -> None:
    """Every row of a level, each made column by column, equals the reference row by row
    when the rows repeat (a national table's length: 6 000 rows)."""
    found = level_values(
        dataset, dataset.indicator("andel_ledarledd_fritid"), "2023", Level.DESO, Gender.TOTAL
    )
    rows = found.ranked() * (6000 // len(found.ranked()) + 1)
    numbers = list(range(1, len(rows) + 1))
    body = table_body(found, rows, numbers, None, "x")
    assert str(body) == _reference(table_cells(found, rows, numbers, None), found.year, "x")


def test_the_body_is_kept_per_data_version_and_language(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The all-rows page's table is made once per data version, indicator, year, level,
    benchmark, chosen area and language: a repeated request reads the kept body."""
    made: list[int] = []
    real = ranking_table.table_body

    def counted(*args: Any) -> Any:
        made.append(1)
        return real(*args)

    monkeypatch.setattr("kommunanalys.web.views.page_views.table_body", counted)
    client = TestClient(create_app(demo_store))  # a new dataset: nothing kept yet
    url = "/indikator/andel_ledarledd_fritid?niva=deso&ar=2022&alla=1&jamfor=00"
    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.text == again.text and len(made) == 1
    english = client.get(url + "&lang=en")
    assert english.status_code == 200 and len(made) == 2
    assert client.get(url + "&lang=en").text == english.text and len(made) == 2
    other = client.get(url.replace("2022", "2023"))
    assert other.status_code == 200 and len(made) == 3
