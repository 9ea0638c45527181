"""The profile is short and right (issue 21 items 7 and 11): each domain's key figures first
and the rest folded, no card twice, a class code not compared as a number, and a chosen
benchmark's own value shown and compared with in the spine charts."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from kommunanalys.catalog.key_figures import KEY_FIGURES, SAME_MEASURE
from kommunanalys.model import Gender
from kommunanalys.query import Dataset
from kommunanalys.web.rendering import twin
from kommunanalys.web.views.profile_view import profile_view


def _cards(view: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {c["indicator"]: c for d in twin(view)["domains"] for c in d["indicators"]}


def test_every_pair_of_identical_indicators_is_declared_once(dataset: Dataset) -> None:
    """The root of "Antal invånare and Befolkning show the same number": two catalogue
    entries read from one cell. Any pair with identical values must be declared."""
    series: dict[str, tuple] = {}  # type: ignore[type-arg]
    rows = dataset.values(
        [i.id for i in dataset.catalogue if not i.is_view], genders=[Gender.TOTAL]
    )
    by: dict[str, list] = {}  # type: ignore[type-arg]
    for v in rows:
        by.setdefault(v.indicator, []).append((v.area, v.division, v.period, v.age_group, v.value))
    for ind, found in by.items():
        series[ind] = tuple(sorted(found, key=str))
    same = [
        (a, b) for a in series for b in series if a < b and series[a] == series[b] and series[a]
    ]
    assert same, "the demo has the known pair"
    for a, b in same:
        assert SAME_MEASURE.get(a) == b or SAME_MEASURE.get(b) == a, (a, b)


def test_a_profile_shows_each_measure_once(dataset: Dataset) -> None:
    cards = _cards(profile_view(dataset, dataset.place("0126R007", "2023")))
    assert "antal_invanare" in cards and "befolkning" not in cards


def test_a_class_code_is_not_compared_or_ranked(dataset: Dataset) -> None:
    cards = _cards(profile_view(dataset, dataset.place("0126R007", "2023")))
    assert cards["omradestyp"]["value"] is not None
    assert cards["omradestyp"]["comparison"] is None and cards["omradestyp"]["trend"] is None


def test_key_figures_first_and_the_rest_folded(client: TestClient) -> None:
    html = client.get("/omrade/0126R007", params={"ar": "2023"}).text
    sections = html.split('<section class="domain"')[1:]
    assert len(sections) >= 4
    for section in sections:
        domain = re.search(r"<h2 [^>]*>([^<]+)</h2>", section)
        assert domain
        key, _, more = section.partition('<details class="more-cards">')
        shown = re.findall(r'data-indicator="(\w+)"', key)
        assert 1 <= len(shown) <= 3, (domain[1], shown)
        wanted = KEY_FIGURES.get(domain[1].strip(), ())
        assert set(shown) <= set(wanted) or len(shown) == 3
        assert more and "<summary>" in more
    assert html.count('<li class="card') == len(set(re.findall(r'data-indicator="(\w+)"', html)))
    # one domain chosen: nothing folded
    one = client.get("/omrade/0126R007", params={"ar": "2023", "doman": "Fritid"}).text
    assert "more-cards" not in one


def test_the_chosen_benchmarks_value_is_shown_and_compared(client: TestClient) -> None:
    params = {"ar": "2023", "jamfor": "0126R015"}
    page = client.get("/omrade/0126R007", params=params).text
    # andel_barn_i_forskolan: better than Skogås östra in the demo (behorighet_no was, until
    # befolkning 7–20 became an estimate from the real bands, issue 21 item 15)
    card = page.split('data-indicator="andel_barn_i_forskolan"')[1].split("</li>")[0]
    assert "än Skogås östra" in card
    assert re.search(r'<p class="benchmark">Skogås östra: [\d,]+', card)
    # the spine charts compare with the chosen benchmark, not "ej jämförd" everywhere
    assert "än skogås östra" in page or "med skogås östra" in page
    data = client.get("/omrade/0126R007.json", params=params).json()
    assert data["benchmark"]["code"] == "0126R015"
    cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
    shown = cards["andel_barn_i_forskolan"]
    assert shown["benchmark_value"]["value"] == shown["comparison"]["benchmark"]
    # without a chosen benchmark the kommun's value is the card's own line, no second one
    plain = client.get("/omrade/0126R007", params={"ar": "2023"}).text
    assert '<p class="benchmark">' not in plain
