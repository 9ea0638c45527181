"""A finding's link: the domain names the view, the web makes its URL from the route names
(kommunanalys.web.views.links); the URLs are the ones the insights have always linked to."""

from __future__ import annotations

from fastapi.testclient import TestClient
from starlette.requests import Request

from kommunanalys.analysis.insights import Link, Page
from kommunanalys.web.views.links import ROUTES, href


def _request(client: TestClient) -> Request:
    return Request({"type": "http", "app": client.app, "headers": [], "query_string": b""})


def test_every_page_a_finding_links_to_has_a_route() -> None:
    assert set(ROUTES) == set(Page)


def test_links_are_the_paths_of_the_views(client: TestClient) -> None:
    request = _request(client)
    card = Link(Page.AREA_CARD, "2025", "0126R001", "andel_x")
    assert href(request, card) == "/omrade/0126R001?ar=2025#c-andel_x"
    insights = Link(Page.AREA_INSIGHTS, "2025", "0126R001")
    assert href(request, insights) == "/omrade/0126R001/insikter?ar=2025"
    equality = Link(Page.EQUALITY, "2023", indicator="andel_x")
    assert href(request, equality) == "/jamlikhet?indikator=andel_x&ar=2023"


def test_the_insights_twin_and_page_carry_the_links(client: TestClient) -> None:
    data = client.get("/omrade/0126R001/insikter.json?ar=2025").json()
    links = [f["link"] for f in data["findings"]]
    assert links and all(link.startswith(("/omrade/", "/jamlikhet?")) for link in links)
    page = client.get("/omrade/0126R001/insikter?ar=2025").text
    assert all(f'href="{link.replace("&", "&amp;")}"' in page for link in links)
