"""The URL of a view the domain points to (a finding's
:class:`~kommunanalys.analysis.insights.Link`), made from the routes' names (``name=`` of the
page routes in :mod:`kommunanalys.web.routes.pages`) so that a moved route moves its links."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

from kommunanalys.analysis.insights import Link, Page

#: the name of the route that shows each page
ROUTES = {
    Page.AREA_CARD: "area_view",
    Page.AREA_INSIGHTS: "area_insights_view",
    Page.EQUALITY: "equality_view",
}


def href(request: Request, link: Link) -> str:
    """``/omrade/0126R001?ar=2025#c-andel_x``, ``/jamlikhet?indikator=andel_x&ar=2025``, …"""
    route = ROUTES[link.page]
    if link.page is Page.EQUALITY:
        path = request.app.url_path_for(route)
        query = {"indikator": link.indicator, "ar": link.year}
    else:
        path = request.app.url_path_for(route, code=link.area)
        query = {"ar": link.year}
    fragment = f"#c-{link.indicator}" if link.page is Page.AREA_CARD else ""
    return f"{path}?{urlencode(query)}{fragment}"
