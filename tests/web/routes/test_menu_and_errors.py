"""The main menu offers only what the user may open (the same check as the route's), and the
403/404 pages carry the site's header and menu like every other page."""

from __future__ import annotations

import re

import pytest

from tests.site import Site

#: the menu entries that need a role, by their link
GUARDED = ("/rapportering", "/import", "/admin")


def _menu_links(html: str) -> list[str]:
    menu = html.split('id="huvudmeny"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"?]+)', menu)


@pytest.mark.parametrize("username", [None, "admin", "analytiker", "hr.redaktor"])
def test_every_menu_entry_opens_for_the_user_it_is_shown_to(
    site: Site, username: str | None
) -> None:
    client = site.login(username) if username else site.anonymous()
    links = _menu_links(client.get("/").text)
    for path in GUARDED:
        status = client.get(path, follow_redirects=False).status_code
        if path in links:
            assert status == 200, f"{username} sees {path} in the menu, which answers {status}"
        else:
            assert status in (303, 403), f"{username} is not offered {path}, which opens"


def test_the_admin_is_not_offered_the_data_entry(site: Site) -> None:
    assert "/rapportering" not in _menu_links(site.login("admin").get("/").text)


@pytest.mark.parametrize("path", ["/finns-inte", "/omrade/0000X000", "/admin"])
def test_error_pages_carry_the_header_and_menu(site: Site, path: str) -> None:
    response = site.login("analytiker").get(path)
    assert response.status_code in (403, 404)
    html = response.text
    assert 'id="huvudmeny"' in html
    assert 'class="skip"' in html
    assert "Logga ut" in html  # the signed-in user is still shown as signed in
    assert response.headers["content-type"].startswith("text/html")
