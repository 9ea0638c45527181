"""The pages' view dicts, built without HTTP from the dataset (kommunanalys.web.views.page_views,
map_page), and the one rule that splits a view into its JSON twin and the template's context
(kommunanalys.web.rendering): a twin is the same document the route publishes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from kommunanalys.analysis.insights import area_insights
from kommunanalys.analysis.similar import similar_areas
from kommunanalys.model import Gender, Level
from kommunanalys.query import Dataset
from kommunanalys.web.rendering import Deferred, page_only, template_context, twin
from kommunanalys.web.views.indicator_values import level_values
from kommunanalys.web.views.map_page import map_page_view
from kommunanalys.web.views.map_view import build_map, parse_params
from kommunanalys.web.views.page_views import (
    DEFAULT_EQUALITY_INDICATOR,
    equality_view,
    indicator_view,
    indicators_view,
    insights_view,
    overview_view,
)
from kommunanalys.web.views.ranking_view import ranking_chart


def test_keys_starting_with_an_underscore_are_for_the_template_only() -> None:
    view: dict[str, Any] = {"year": "2023", "profile": {"json": 1}, "_profile": "object"}
    assert twin(view) == {"year": "2023", "profile": {"json": 1}}
    common = {"user": "the signed-in user", "year": "not this one"}
    context = template_context({**view, "user": "a name"}, common)
    # the template-only object wins over the twin's key; what every page has wins over the twin
    assert context == {"year": "not this one", "profile": "object", "user": "the signed-in user"}
    assert page_only({"a": 1}) == {"_a": 1}
    assert template_context({"x": 1, **page_only({"x": 2})}) == {"x": 2}


def test_the_overviews_twin_is_index_json(client: TestClient, dataset: Dataset) -> None:
    view = overview_view(dataset)
    assert twin(view) == client.get("/index.json").json()
    context = template_context(view)
    assert context["profile"].area == dataset.kommun  # the page's object, not the twin's JSON
    regso = context["regso"]
    assert [a["code"] for a in view["areas"]] == [r.code for r in regso]
    assert all(d.parent == r.code for r in regso for d in context["deso_by_regso"][r.code])


def test_the_insights_twin_is_the_pages_json(client: TestClient, dataset: Dataset) -> None:
    place = dataset.place("0126R007", "2023")
    similar = similar_areas(dataset, "0126R007", "2023")
    findings = area_insights(dataset, "0126R007", "2023", similar)
    page = client.get("/omrade/0126R007/insikter.json", params={"ar": "2023"})
    links = [f["link"] for f in page.json()["findings"]]  # made from the routes' names
    view = insights_view(dataset, place, findings, links, similar, None, language_model=False)
    assert twin(view) == page.json()
    assert view["_area"] == place.area and view["_findings"] == findings
    assert len(view["findings"]) == len(findings) and view["narrative"] is None


def test_the_equality_view_with_and_without_an_indicator(
    client: TestClient, dataset: Dataset
) -> None:
    none = equality_view(dataset, None, None)
    assert twin(none) == client.get("/jamlikhet.json").json()
    assert twin(none)["indicators"] == [i.id for i in none["_indicators"]]
    # none chosen: the page opens on the default indicator's scan, not empty (issue 21, 14)
    assert none["_result"] is not None
    assert twin(none)["indicator"]["id"] == DEFAULT_EQUALITY_INDICATOR == none["_chosen"]
    chosen = none["indicators"][0]
    one = equality_view(dataset, chosen, None)
    page = client.get("/jamlikhet.json", params={"indikator": chosen})
    assert twin(one) == page.json() and one["_result"] is not None


def test_the_indicator_catalogues_twin_is_a_list(client: TestClient, dataset: Dataset) -> None:
    view = indicators_view(dataset, "Befolkning")
    published = client.get("/indikatorer.json", params={"doman": "Befolkning"}).json()
    assert view["indicators"] == published and isinstance(published, list)
    assert all(i.domain == "Befolkning" for i in view["_indicators"])
    assert template_context(view)["indicators"] == view["_indicators"]


def test_the_rankings_twin_is_the_kept_json(client: TestClient, dataset: Dataset) -> None:
    indicator = dataset.indicator("antal_invanare")
    found = level_values(dataset, indicator, "2023", Level.DESO, Gender.TOTAL)
    ranked = found.ranked()
    chart = ranking_chart(dataset, found, ranked, None)
    view = indicator_view(
        dataset, indicator, found, ranked, chart, highlight=None, show_all=False
    )
    page = client.get("/indikator/antal_invanare.json", params={"ar": "2023", "niva": "deso"})
    assert twin(view) == page.json()
    assert view["_all_count"] == len(ranked) == len(twin(view)["values"])
    assert len(view["_rows"]) == len(view["_ranks"]) <= len(ranked)
    assert view["_query"] == "ar=2023&niva=deso" and view["_map_level"] == "deso"


def test_the_map_pages_twin_is_karta_json(client: TestClient, dataset: Dataset) -> None:
    params = parse_params(dataset, "antal_invanare", "2023", "regso", None, None, None)
    view = build_map(dataset, params)
    query = params.query(view.year)
    page_view = map_page_view(dataset, view, query, show_all=True)
    published = client.get(f"/karta.json?{query}").json()
    assert twin(page_view) == published
    assert page_view["_view"] is view and page_view["_all_count"] == len(view.values.rows)
    assert len(page_view["_rows"]) == len(published["areas"])


def test_a_deferred_twin_value_is_made_only_for_the_twin() -> None:
    made: list[int] = []
    view = {"rows": Deferred(lambda: made.append(1) or [1, 2]), "n": 2, "_chart": "<svg/>"}
    assert "rows" not in template_context(view) and made == []  # the page never pays for it
    assert twin(view) == {"rows": [1, 2], "n": 2} and made == [1]


def test_a_deferred_template_value_is_made_only_for_the_page() -> None:
    made: list[int] = []
    view = {"n": 1, "_chart": Deferred(lambda: made.append(1) or "<svg/>")}
    assert twin(view) == {"n": 1} and made == []  # the twin never draws the chart
    assert template_context(view)["chart"] == "<svg/>" and made == [1]
