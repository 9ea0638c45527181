"""/admin: users and roles, the audit log; admins only, CSRF on every form, no data access."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kommunanalys.access.audit import REDACTED
from kommunanalys.access.roles import Role
from tests.site import CID, PASSWORDS, Site, csrf_of

JSON = {"Accept": "application/json"}


@pytest.mark.parametrize(
    "path", ["/admin", "/admin.json", "/admin/logg", "/admin/logg.json?handelse=login"]
)
@pytest.mark.parametrize("who", [None, "analytiker", "hr.redaktor"])
def test_only_admins_reach_the_admin_pages_and_refusals_are_audited(
    site: Site, path: str, who: str | None
) -> None:
    client = site.anonymous() if who is None else site.login(who)
    response = client.get(path, headers=JSON)
    assert response.status_code == 403
    denied = site.events("access.denied")
    assert denied and denied[0].actor == (who or "allmänheten")
    assert denied[0].target == path.split("?")[0]


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/admin/anvandare", {"username": "ny", "password": "x" * 12, "role": "admin"}),
        ("/admin/anvandare/analytiker", {"role": "admin"}),
        ("/admin/anvandare/admin/inaktivera", {}),
    ],
)
def test_an_analyst_cannot_use_the_admin_forms_even_with_a_valid_csrf(
    site: Site, path: str, form: dict[str, str]
) -> None:
    analyst = site.login("analytiker")
    response = analyst.post(path, data={**form, "csrf": csrf_of(analyst)}, headers=JSON)
    assert response.status_code == 403
    assert site.accounts.user("analytiker").role is Role.ANALYST  # type: ignore[union-attr]
    assert site.accounts.user("ny") is None
    assert site.accounts.user("admin") is not None


def test_admin_lists_users_in_html_and_json(site: Site) -> None:
    admin = site.login("admin")
    page = admin.get("/admin")
    assert page.status_code == 200
    for name in PASSWORDS:
        assert name in page.text
    data = admin.get("/admin.json").json()
    assert {u["username"] for u in data["users"]} == set(PASSWORDS)
    assert {"hr", "ekonomi"} <= {u["id"] for u in data["units"][CID]}
    assert data["roles"] == ["editor", "analyst", "admin"]
    assert all("password" not in str(u) for u in data["users"])


def test_every_admin_form_carries_the_csrf_token(site: Site) -> None:
    admin = site.login("admin")
    page = admin.get("/admin").text
    forms = page.count('<form method="post"')
    assert forms >= 1 + 2 * (len(PASSWORDS) - 1)  # add, change per user, deactivate others
    assert page.count('name="csrf" value="') == forms + 1  # + the logout form in the menu


@pytest.mark.parametrize("token", [None, "", "fel"])
def test_admin_forms_without_a_valid_csrf_are_refused(site: Site, token: str | None) -> None:
    admin = site.login("admin")
    form = {"username": "ny.person", "password": "ett-langt-losenord", "role": "analyst"}
    if token is not None:
        form["csrf"] = token
    assert admin.post("/admin/anvandare", data=form, headers=JSON).status_code == 403
    assert site.accounts.user("ny.person") is None


def test_admin_adds_a_user_who_can_log_in_and_it_is_audited(site: Site) -> None:
    admin = site.login("admin")
    form = {
        "username": "Ny.Person",
        "display_name": "Ny Person",
        "password": "ett-langt-losenord",
        "role": "editor",
        "committee": CID,
        "unit": "vux",
        "csrf": csrf_of(admin),
    }
    response = admin.post("/admin/anvandare", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/admin?klart=tillagd"
    assert "Användaren är tillagd" in admin.get(response.headers["location"]).text
    user = site.accounts.user("ny.person")
    assert user is not None and (user.role, user.unit) == (Role.EDITOR, "vux")
    added = site.events("user.add", actor="admin")
    assert added and added[0].target == "user/ny.person" and '"unit": "vux"' in added[0].new
    fresh = TestClient(site.app)
    login = fresh.post(
        "/login",
        data={"username": "ny.person", "password": "ett-langt-losenord"},
        follow_redirects=False,
    )
    assert login.status_code == 303


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"username": "x", "password": "kort", "role": "analyst"}, "minst"),
        ({"username": "a b", "password": "x" * 12, "role": "analyst"}, "får bara"),
        ({"username": "analytiker", "password": "x" * 12, "role": "analyst"}, "finns redan"),
        ({"username": "y", "password": "x" * 12, "role": "public"}, "Välj rollen"),
        ({"username": "y", "password": "x" * 12, "role": "superuser"}, "Välj rollen"),
        (
            {
                "username": "y",
                "password": "x" * 12,
                "role": "editor",
                "committee": CID,
                "unit": "finns-inte",
            },
            "finns inte",
        ),
        (
            {"username": "y", "password": "x" * 12, "role": "analyst", "committee": "'; DROP"},
            "finns inte",
        ),
    ],
)
def test_a_bad_new_user_is_a_400_with_a_swedish_message(
    site: Site, form: dict[str, str], message: str
) -> None:
    admin = site.login("admin")
    response = admin.post("/admin/anvandare", data={**form, "csrf": csrf_of(admin)}, headers=JSON)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    html = admin.post("/admin/anvandare", data={**form, "csrf": csrf_of(admin)})
    assert html.status_code == 400 and 'role="alert"' in html.text


def test_a_role_change_is_audited_old_to_new_and_ends_the_users_sessions(site: Site) -> None:
    editor = site.login("hr.redaktor")
    assert editor.get("/rapportering.json").status_code == 200
    admin = site.login("admin")
    response = admin.post(
        "/admin/anvandare/hr.redaktor",
        data={"role": "analyst", "committee": CID, "unit": "hr", "csrf": csrf_of(admin)},
        headers=JSON,
    )
    assert response.status_code == 200 and response.json()["user"]["role"] == "analyst"
    user = site.accounts.user("hr.redaktor")
    assert user is not None and user.role is Role.ANALYST and user.unit == ""
    change = site.events("user.change")[0]
    assert change.actor == "admin" and change.target == "user/hr.redaktor"
    assert '"role": "editor"' in change.old and '"role": "analyst"' in change.new
    # the old session is gone: the editor signs in again to get the new rights
    assert editor.get("/rapportering.json", follow_redirects=False).status_code == 403


def test_admin_deactivates_a_user_who_is_logged_out_and_cannot_log_in(site: Site) -> None:
    analyst = site.login("analytiker")
    admin = site.login("admin")
    response = admin.post(
        "/admin/anvandare/analytiker/inaktivera",
        data={"csrf": csrf_of(admin)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert analyst.get("/import.json").status_code == 403
    again = TestClient(site.app).post(
        "/login", data={"username": "analytiker", "password": PASSWORDS["analytiker"]}
    )
    assert again.status_code == 401
    assert site.events("user.deactivate")[0].target == "user/analytiker"
    data = admin.get("/admin.json").json()
    assert {u["username"]: u["active"] for u in data["users"]}["analytiker"] is False


def test_the_last_admin_cannot_be_demoted_and_no_admin_deactivates_themselves(
    site: Site,
) -> None:
    admin = site.login("admin")
    csrf = csrf_of(admin)
    demote = admin.post(
        "/admin/anvandare/admin", data={"role": "analyst", "csrf": csrf}, headers=JSON
    )
    assert demote.status_code == 400 and "sista" in demote.json()["detail"]
    itself = admin.post("/admin/anvandare/admin/inaktivera", data={"csrf": csrf}, headers=JSON)
    assert itself.status_code == 400 and "dig själv" in itself.json()["detail"]
    unknown = admin.post(
        "/admin/anvandare/finns-inte", data={"role": "analyst", "csrf": csrf}, headers=JSON
    )
    assert unknown.status_code == 400 and "finns inte" in unknown.json()["detail"]


def test_the_audit_log_filters_by_actor_and_event_and_pages(site: Site) -> None:
    for _ in range(3):
        site.login("analytiker")
    admin = site.login("admin")
    data = admin.get("/admin/logg.json", params={"aktor": "analytiker", "handelse": "login"}).json()
    assert data["total"] == 3 and len(data["events"]) == 3
    assert {e["actor"] for e in data["events"]} == {"analytiker"}
    assert "login" in data["actions"] and "user.add" in data["actions"]
    # an unknown event name is not a filter (allow-list), never an error
    unknown = admin.get("/admin/logg.json", params={"handelse": "x' OR 1=1 --"}).json()
    assert unknown["total"] == admin.get("/admin/logg.json").json()["total"]
    for _ in range(60):
        site.accounts.login("analytiker", PASSWORDS["analytiker"])
    first = admin.get("/admin/logg.json", params={"handelse": "login"}).json()
    assert first["pages"] == 2 and len(first["events"]) == 50
    second = admin.get("/admin/logg.json", params={"handelse": "login", "sida": 2}).json()
    assert len(second["events"]) == first["total"] - 50
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    page = admin.get("/admin/logg", params={"handelse": "login"}).text
    assert "Äldre" in page and "sida=2" in page
    assert admin.get("/admin/logg.json", params={"sida": 0}).status_code == 422


def test_admins_see_data_events_without_their_values(site: Site) -> None:
    editor = site.login("hr.redaktor")
    saved = editor.post(
        "/rapportering",
        data={
            "namnd": CID,
            "ar": "2025",
            "period": "delår 1",
            "value__sjukfranvaro": "3",
            "version__sjukfranvaro": "0",
            "csrf": csrf_of(editor),
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    stored = site.events("goals.value")[0]
    assert stored.new is not None and "3" in stored.new  # the trail keeps the value …
    admin = site.login("admin")
    shown = admin.get("/admin/logg.json", params={"handelse": "goals.value"}).json()["events"]
    assert shown[0]["new"] == REDACTED  # … an admin does not see it
    assert REDACTED in admin.get("/admin/logg", params={"handelse": "goals.value"}).text


def test_the_audit_log_shows_fields_not_raw_json(site: Site) -> None:
    """The before/after of an event were shown as raw JSON (issue 21, item 14)."""
    page = site.login("admin").get("/admin/logg?handelse=goals.load").text
    assert "{&#34;added&#34;" not in page and '{"added"' not in page
    assert "<dt>added</dt><dd>74</dd>" in page
    data = site.login("admin").get("/admin/logg.json?handelse=goals.load").json()
    assert data["events"][0]["new"].startswith("{")  # the twin keeps what the trail holds


def test_audit_fields_of_objects_lists_and_plain_text() -> None:
    from kommunanalys.access.audit import fields

    assert fields('{"role": "admin", "active": true, "deso": ["A", "B"]}') == [
        ("role", "admin"),
        ("active", "✓"),
        ("deso", "A, B"),
    ]
    assert fields('["x", null]') == [("", "x, –")]
    assert fields("inte json") is None and fields(None) is None
