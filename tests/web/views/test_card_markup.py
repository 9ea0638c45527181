"""The profile's cards joined in Python (web/views/card_markup.py) are the markup the
``_card.html`` template made, byte for byte: that template is kept beside this test as the
reference (reference_card.html) and both are rendered from the same card dicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from kommunanalys import i18n
from kommunanalys.analysis.assessment import assess_profile
from kommunanalys.query import Dataset
from kommunanalys.web.rendering import templates
from kommunanalys.web.views.card_markup import cards_markup
from kommunanalys.web.views.profile_cards import card_views, card_words

REFERENCE = templates.env.from_string((Path(__file__).parent / "reference_card.html").read_text())


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    ("code", "year", "benchmark"),
    [
        ("0126C1020", "2022", None),  # a DeSO: intervals, badges, genders, suppressed cells
        ("0126R007", "2023", "0126R001"),  # a RegSO against another RegSO
        ("0126", "2025", None),  # the kommun: no kommun line, trends
        ("0126R003", "2020", None),
    ],
)
def test_the_cards_are_the_templates_markup(
    dataset: Dataset, code: str, year: str, benchmark: str | None, lang: str
) -> None:
    i18n.use_language(lang)
    try:
        place = dataset.place(code, year)
        profile = dataset.profile_at(place)
        other = dataset.area_at(benchmark, place) if benchmark else None
        assessments = assess_profile(dataset, profile, other)
        words = card_words()
        groups = card_views(profile, assessments, other)
        pairs = [
            (cards_markup(c, words), REFERENCE.render(cards=c, words=words))
            for c in groups.values()
        ]
    finally:
        i18n.use_language(i18n.SWEDISH)
    for made, reference in pairs:
        assert str(made) == reference
    cards = [card for domain in groups.values() for card in domain]
    assert len(cards) > 20 and any(c["genders"] for c in cards)
    assert any(c["badge"] for c in cards) or code == "0126"  # the kommun is compared with none


def test_every_text_is_escaped_once_and_markup_kept() -> None:
    card = {
        "id": 'x"<y>',
        "classes": "card & co",
        "comparison": "better",
        "name": "<b>namn</b>",
        "name_sv": True,
        "checked": True,
        "synthetic": True,
        "value": "1 < 2",
        "status": None,
        "tip": Markup("95&nbsp;% <i>kept</i>"),  # a translated message's own markup
        "badge": {"class": "better", "text": "▲ <Bättre>", "phrase": " än <K>", "strict": "s&t"},
        "trend": {"class": "good", "mark": "↗", "text": "Förbättras 2020–2025 & <x>"},
        "genders": [("K", "Kvinnor", "3 & 4"), ("M", "Män", "<5>")],
        "kommun": "Huddinge: <1>",
        "benchmark": "R & D: 2",
        "source": "SCB <k>",
        "source_sv": "",
        "counts": "3 av <4>",
        "href": "/indikator/x?ar=2023&niva=deso",
    }
    words = {k: f"<{k}> &" for k in ("quality", "synthetic", "source", "all_areas")}
    missing = {**card, "value": None, "status": "Skyddad <5>", "genders": [], "checked": False}
    for cards in ([card], [missing], [card, missing], []):
        made = cards_markup(cards, words)
        assert str(made) == REFERENCE.render(cards=cards, words=words)
        assert not cards or ("<b>namn" not in made and "&lt;b&gt;namn" in made)
    assert "<i>kept</i>" in cards_markup([card], words)
