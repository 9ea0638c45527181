"""The main menu offers only what the user may open (the same check as the route's), and the
403/404 pages carry the site's header and menu like every other page."""

from __future__ import annotations

import re

import pytest

from tests.site import Site

#: the menu entries that need a role, by their link
GUARDED = ("/rapportering", "/import", "/admin")


def _menu_links(html: str) -> list[str]:
    menu = html.split('id="huvudmeny"', 1)[1].split("</nav>", 1)[0]
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


#: the menu's groups (issue 18 item 7): each group's links, in order
GROUPS = {
    "Områden": [
        "/", "/omrade/0126", "/jamfor", "/utveckling", "/karta", "/oversiktstabell",
        "/omrade/0126/pyramid", "/bubblor", "/indikatorer", "/jamlikhet",
    ],
    "Mål och uppföljning": ["/mal", "/omstallning", "/effektlogik", "/insatser"],
    "Ekonomi och personal": ["/ekonomi", "/personal"],
}


def _groups(html: str) -> dict[str, tuple[str, str, list[str]]]:
    """Each group's button text -> (aria-controls, the list's id, the list's links)."""
    menu = html.split('id="huvudmeny"', 1)[1].split("</nav>", 1)[0]
    found = {}
    for match in re.finditer(
        r'<button type="button" class="group-toggle" aria-expanded="true" '
        r'aria-controls="([^"]+)" hidden>([^<]+)</button>\s*<ul id="([^"]+)"[^>]*>(.*?)</ul>',
        menu,
        re.S,
    ):
        controls, name, list_id, body = match.groups()
        found[name] = (controls, list_id, re.findall(r'<a href="([^"?]+)', body))
    return found


def test_the_menu_is_grouped_behind_disclosure_buttons(site: Site) -> None:
    html = site.anonymous().get("/").text
    groups = _groups(html)
    assert list(groups) == list(GROUPS)
    for name, (controls, list_id, links) in groups.items():
        assert controls == list_id
        assert links == [
            link.replace("0126", html.split('href="/omrade/', 1)[1].split('"', 1)[0])
            for link in GROUPS[name]
        ]
    # after the groups: the API, signing in and the language, as plain entries
    top = _menu_links(html)
    assert top[-3:-1] == ["/openapi.json", "/login"]


def test_the_current_page_and_its_group_are_marked(site: Site) -> None:
    client = site.anonymous()
    html = client.get("/omstallning").text
    assert html.count('aria-current="page"') == 1
    assert '<a href="/omstallning" aria-current="page">' in html
    assert '<li class="menu-group current">' in html
    assert html.split('<li class="menu-group current">', 1)[1].split("</li>", 1)[0].count(
        'aria-controls="meny-mal"'
    ) == 1
    # a page under a group's entry marks the group but no link as the page
    html = client.get("/ekonomi/finansiering").text
    assert 'aria-current="page"' not in html.split("</nav>", 1)[0]
    current = html.split('<li class="menu-group current">', 1)[1]
    assert 'aria-controls="meny-verksamhet"' in current.split("</button>", 1)[0]


def test_the_menu_does_not_shadow_a_pages_own_names(site: Site) -> None:
    """The objective page has its own ``area_links``; a name set at base.html's top level once
    hid it and the page answered 500."""
    response = site.anonymous().get("/mal/forebyggande?namnd=socialnamnden&ar=2024")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/effektlogik/lyckad-skolgang",
        "/datatillgang",
        "/projekt/skogas",
        "/insatser",
        "/insatser/narvaroteam-skogas",
    ],
)
def test_the_effect_logic_pages_mark_their_group(site: Site, path: str) -> None:
    """Issue 18's views (effect logic, data availability, project, interventions) belong to
    "Mål och uppföljning": on each of them that group is the current one."""
    html = site.anonymous().get(path).text
    current = html.split('<li class="menu-group current">', 1)[1]
    assert 'aria-controls="meny-mal"' in current.split("</button>", 1)[0]

