"""Security of the web app, as the issue names the tests: roles and object-level checks, CSRF,
logout, SQL injection in every parameter of every route, hostile uploads, error pages, headers.

Routes and their parameters are enumerated from the app itself (:func:`routes`), so a new
route is covered without editing this file.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kommunanalys.goals.repository import GoalRepository
from kommunanalys.web import app as app_module
from tests.site import CID, PASSWORDS, Site, csrf_of, make_site
from tests.web.app_routes import RouteInfo, routes

JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def shared_site(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the read-only sweeps (many requests, no writes expected)."""
    site = make_site(demo_db, tmp_path_factory.mktemp("security"))
    yield site
    site.store.close()


#: parameters some routes read by hand from the query string (lists, sorting): sent to the
#: routes that declare no query parameters, so they are attacked too
HAND_READ = ("omraden", "indikatorer", "indikator", "ar", "kon", "niva", "sort", "ordning")
INJECTIONS = (
    "' OR '1'='1",
    "1; DROP TABLE observation; --",
    "0126' UNION SELECT password_hash, username FROM app_user --",
    '") OR 1=1 --',
    "../../../../etc/passwd",
)
LEAKS = re.compile(
    r"Traceback|duckdb|Binder Error|Parser Error|SELECT |/work/|site-packages|\$argon2", re.I
)


def sample_values(site: Site) -> dict[str, str]:
    """Real values for path parameters: the kommun, an indicator, an objective, a user."""
    dataset = site.app.state.dataset
    return {
        "code": dataset.kommun.code,
        "indicator_id": sorted(i.id for i in dataset.catalogue)[0],
        "oid": GoalRepository(site.store).objectives(CID, 2024)[0].id,
        "username": "analytiker",
    }


def sample_path(
    site: Site,
    info: RouteInfo,
    override: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> str:
    """The route's path with real values (``values``: :func:`sample_values`, read from the
    site when not given)."""
    chosen = {
        **(values if values is not None else sample_values(site)),
        "fmt": "html" if info.path.startswith("/mal/") else "json",
        **(override or {}),
    }
    path = info.path
    for name in info.path_params:
        path = path.replace("{" + name + "}", quote(chosen.get(name, "x"), safe=""))
    return path


def _role_for(path: str) -> str:
    return "admin" if path.startswith("/admin") else "analytiker"


def _counts(site: Site) -> tuple[int, ...]:
    q = site.store.backend.query
    return tuple(
        q(f"SELECT count(*) FROM {t}")[0][0] for t in ("app_user", "observation", "goal_value")
    )


def _get_routes(site: Site) -> list[RouteInfo]:
    return [r for r in routes(site.app) if "GET" in r.methods and r.path != "/login/oidc"]


# -- the named tests ----------------------------------------------------------------------------
def test_public_user_on_analyst_routes_is_403_with_an_audit_entry(site: Site) -> None:
    anonymous = site.anonymous()
    indicator = sorted(i.id for i in site.app.state.dataset.catalogue)[0]
    analyst_routes = [
        ("GET", "/import"),
        ("GET", "/import.json"),
        ("GET", "/rapportering"),
        ("GET", "/rapportering.json"),
        ("GET", f"/indikator/{indicator}/historik.json"),
        ("POST", "/import/bekrafta"),
        ("POST", "/rapportering/period"),
        ("POST", f"/indikator/{indicator}/status"),
        ("POST", "/mal/x/bedomning"),
        ("GET", "/admin"),
        ("GET", "/admin/logg.json"),
    ]
    for method, path in analyst_routes:
        before = len(site.events("access.denied"))
        form = {
            "token": "x",
            "namnd": CID,
            "ar": "2025",
            "period": "helår",
            "state": "låst",
            "kvalitet": "preliminar",
            "grade": "x",
        }
        response = (
            anonymous.get(path, headers=JSON)
            if method == "GET"
            else anonymous.post(path, data=form, headers=JSON)
        )
        assert response.status_code == 403, (method, path, response.text)
        denied = site.events("access.denied")
        assert len(denied) == before + 1, path
        assert denied[0].actor == "allmänheten" and denied[0].target == path
    # the public's own pages stay open
    assert anonymous.get("/", headers=JSON).status_code == 200


def _other_units_indicator(site: Site, unit: str) -> str:
    rows = site.store.backend.query(
        "SELECT id FROM goal_indicator WHERE committee = ? AND responsible_unit <> ? "
        "ORDER BY id LIMIT 1",
        (CID, unit),
    )
    return rows[0][0]


def test_unit_editor_on_another_units_indicator_via_crafted_id_is_403(site: Site) -> None:
    editor = site.login("hr.redaktor")
    other = _other_units_indicator(site, "hr")
    crafted = editor.post(
        "/rapportering",
        data={
            "namnd": CID,
            "ar": "2025",
            "period": "delår 1",
            f"value__{other}": "1",
            f"version__{other}": "0",
            "csrf": csrf_of(editor),
        },
        headers=JSON,
    )
    assert crafted.status_code == 403
    assert "annan enhet" in crafted.json()["detail"]
    assert site.events("access.denied")[0].actor == "hr.redaktor"
    stored = site.store.backend.query(
        "SELECT count(*) FROM goal_value WHERE indicator = ? AND year = 2025", (other,)
    )
    assert stored[0][0] == 0
    # an editor's page lists only their unit's indicators
    rows = editor.get("/rapportering.json", params={"ar": "2025"}).json()["rows"]
    assert other not in {
        r["indicator"]["id"] if isinstance(r.get("indicator"), dict) else r.get("id") for r in rows
    }


def test_two_editors_saving_the_same_value_second_gets_a_conflict_nothing_lost(
    site: Site,
) -> None:
    """Also: tests/web/routes/test_goal_pages.py::test_the_second_save_of_the_same_version_is_…"""
    from kommunanalys.access.roles import Role

    site.accounts.add_user("hr.tva", "hr-losenord-tva-2025", Role.EDITOR, committee=CID, unit="hr")
    PASSWORDS["hr.tva"] = "hr-losenord-tva-2025"
    try:
        first, second = site.login("hr.redaktor"), site.login("hr.tva")
        form = {"namnd": CID, "ar": "2025", "period": "delår 1", "version__sjukfranvaro": "0"}
        one = first.post(
            "/rapportering",
            headers=JSON,
            follow_redirects=False,
            data={**form, "value__sjukfranvaro": "6,4", "csrf": csrf_of(first)},
        )
        assert one.status_code == 303
        two = second.post(
            "/rapportering",
            headers=JSON,
            follow_redirects=False,
            data={**form, "value__sjukfranvaro": "7,9", "csrf": csrf_of(second)},
        )
        assert two.status_code == 409
        rows = site.store.backend.query(
            "SELECT value, entered_by FROM goal_value WHERE indicator = 'sjukfranvaro' "
            "AND year = 2025 AND period = 'delår 1'"
        )
        assert rows == [(6.4, "hr.redaktor")]  # the first value is kept, not overwritten
    finally:
        PASSWORDS.pop("hr.tva")


def test_csrf_missing_is_rejected_on_every_form(site: Site) -> None:
    """Every POST route, with its required fields but no CSRF token, by a user of the right
    role: 403 and nothing written. (``/login`` has no session yet: it is covered by the
    cross-site check below.)"""
    posts = [r for r in routes(site.app) if "POST" in r.methods and r.path != "/login"]
    assert len(posts) >= 10
    clients = {name: site.login(name) for name in ("admin", "analytiker")}
    before = _counts(site)
    for info in posts:
        client = clients[_role_for(info.path)]
        form = {name: "1" for name in info.required_form if name != "fil"}
        form.update({"role": "analyst", "namnd": CID, "period": "helår", "state": "låst"})
        files = {"fil": ("a.csv", b"a,b\n1,2\n", "text/csv")} if "fil" in info.form_fields else None
        path = sample_path(site, info)
        response = client.post(path, data=form, files=files, headers=JSON, follow_redirects=False)
        assert response.status_code == 403, (path, response.status_code, response.text)
        assert "Formuläret" in response.json()["detail"], path
    assert _counts(site) == before


def test_cross_site_form_posts_are_refused_even_with_a_valid_token(site: Site) -> None:
    analyst = site.login("analytiker")
    csrf = csrf_of(analyst)
    for headers in (
        {"Origin": "https://evil.test"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},
    ):
        response = analyst.post("/logout", data={"csrf": csrf}, headers=headers)
        assert response.status_code == 403
        login = TestClient(site.app).post(
            "/login", data={"username": "admin", "password": PASSWORDS["admin"]}, headers=headers
        )
        assert login.status_code == 403 and "ka_session" not in login.cookies
    same = analyst.post(
        "/logout",
        data={"csrf": csrf},
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert same.status_code == 303


def test_logout_invalidates_the_session(site: Site) -> None:
    """Also: tests/web/routes/test_goal_pages.py::test_login_sets_an_httponly_cookie_and_logout_…"""
    analyst = site.login("analytiker")
    token = analyst.cookies["ka_session"]
    assert analyst.get("/import.json").status_code == 200
    out = analyst.post("/logout", data={"csrf": csrf_of(analyst)}, follow_redirects=False)
    assert out.status_code == 303
    replay = TestClient(site.app)
    replay.cookies.set("ka_session", token)
    assert replay.get("/import.json").status_code == 403
    assert replay.get("/login.json").json()["user"] is None
    assert (
        site.store.backend.query(
            "SELECT count(*) FROM app_session WHERE username = ?", ("analytiker",)
        )[0][0]
        == 0
    )


def _without(text: str, value: str) -> str:
    """The answer without the echoed input (a message may name what it could not find, whole
    or shortened to its first 40 characters and "…", as sources.numbers does)."""
    for echoed in (value, value[:40] + "…"):
        for form in (
            echoed,
            json.dumps(echoed, ensure_ascii=False)[1:-1],
            json.dumps(echoed)[1:-1],
            html.escape(echoed),
            html.escape(echoed, False),
        ):
            text = text.replace(form, "")
    return text


def _sweep_cases(site: Site) -> Iterator[tuple[RouteInfo, str, str]]:
    for info in _get_routes(site):
        names = list(info.query_params) or list(HAND_READ)
        for name in names + [f"path:{p}" for p in info.path_params]:
            for value in INJECTIONS:
                yield info, name, value


def test_sql_injection_strings_in_every_filter_and_sort_parameter(shared_site: Site) -> None:
    """Every GET route × every parameter (declared, read by hand, and path) × injection
    strings: a 4xx or a normal answer, never a 500, no SQL or paths in the answer, and the
    database unchanged."""
    site = shared_site
    clients = {name: site.login(name) for name in ("admin", "analytiker")}
    for client in clients.values():
        client.headers.update({"Accept": "application/json"})
    before = _counts(site)
    seen_routes = set()
    values = sample_values(site)  # once, not once per request (the objectives are a query)
    for info, name, value in _sweep_cases(site):
        client = clients[_role_for(info.path)]
        if name.startswith("path:"):
            path, params = sample_path(site, info, {name[5:]: value}, values), {}
        else:
            path, params = sample_path(site, info, values=values), {name: value}
        response = client.get(path, params=params)
        assert response.status_code < 500, (path, params, response.text[:300])
        assert not LEAKS.search(_without(response.text, value)), (path, params, response.text)
        seen_routes.add(info.path)
    assert _counts(site) == before
    assert site.accounts.user("analytiker") is not None
    assert len(seen_routes) >= 40  # every GET route of the app was attacked


def test_dot_dot_slash_in_an_upload_name_is_never_a_path(site: Site, tmp_path: Path) -> None:
    """Also: tests/web/routes/test_import_pages.py::test_upload_name_is_never_used_as_a_path."""
    analyst = site.login("analytiker")
    csrf = csrf_of(analyst)
    for name in (
        "../../kommunanalys-evil.csv",
        "..\\..\\kommunanalys-evil.csv",
        "/etc/cron.d/evil",
        "a\x00.csv",
    ):
        response = analyst.post(
            "/import",
            data={"csrf": csrf},
            files={"fil": (name, b"indikator,omrade\n", "text/csv")},
            headers=JSON,
        )
        assert response.status_code < 500, name
    uploads = site.app.state.pending_imports.folder
    stored = {p.name for p in Path(uploads).rglob("*") if p.is_file()}
    assert stored <= {"data", "mappning.toml"}
    for folder in (Path(uploads).parent, Path(uploads).parent.parent, Path.cwd()):
        assert not (folder / "kommunanalys-evil.csv").exists()


def test_a_zip_bomb_upload_is_refused_cleanly(site: Site) -> None:
    """The checks themselves: tests/sources/test_file_safety.py::test_zip_bomb_by_ratio and
    ::test_zip_bomb_is_refused_before_anything_is_unpacked. Here: through the web upload."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)
    analyst = site.login("analytiker")
    response = analyst.post(
        "/import",
        data={"csrf": csrf_of(analyst)},
        files={"fil": ("befolkning.xlsx", buffer.getvalue(), "application/octet-stream")},
        headers=JSON,
    )
    assert response.status_code == 422
    assert "zip-bomb" in str(response.json())


def test_a_request_body_above_the_limit_is_refused_before_it_is_read(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "MAX_BODY_BYTES", 1000)
    analyst = site.login("analytiker")
    big = analyst.post("/import", files={"fil": ("a.csv", b"x" * 5000, "text/csv")})
    assert big.status_code == 413 and "gränsen" in big.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b"x" * 500

    chunked = analyst.post(
        "/rapportering",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **JSON},
    )
    assert chunked.status_code == 411


def test_an_unexpected_error_is_a_generic_page_that_leaks_nothing(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Binder Error: SELECT secret FROM /work/main/app_user")

    monkeypatch.setattr(site.app.state.dataset, "profile_at", broken)  # what the pages call
    client = TestClient(site.app, raise_server_exceptions=False)
    code = site.app.state.dataset.kommun.code
    with caplog.at_level("ERROR", logger="kommunanalys.web"):
        page = client.get(f"/omrade/{code}")
        data = client.get(f"/omrade/{code}", headers=JSON)
    assert page.status_code == 500 and data.status_code == 500
    assert "Ett oväntat fel inträffade" in page.text and "Något gick fel" in page.text
    assert data.json() == {"detail": app_module.GENERIC_ERROR}
    for response in (page, data):
        assert not LEAKS.search(response.text) and "RuntimeError" not in response.text
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "SELECT secret" in caplog.text  # … but the server's log has it


def test_security_headers_on_every_kind_of_answer(site: Site) -> None:
    client = site.anonymous()
    for path in ("/", "/index.json", "/finns-inte", "/import", "/static/app.css"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_httponly_and_samesite(site: Site) -> None:
    response = TestClient(site.app).post(
        "/login",
        data={"username": "analytiker", "password": PASSWORDS["analytiker"]},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_a_write_the_disk_refuses_is_a_503_page_and_json(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kommunanalys.store.backend import DatabaseUnavailable

    def refused(*args: object, **kwargs: object) -> None:
        raise DatabaseUnavailable()

    monkeypatch.setattr(site.app.state.dataset, "profile_at", refused)
    client = TestClient(site.app, raise_server_exceptions=False)
    code = site.app.state.dataset.kommun.code
    page = client.get(f"/omrade/{code}")
    data = client.get(f"/omrade/{code}", headers=JSON)
    assert page.status_code == 503 and data.status_code == 503
    assert "kan inte skriva just nu" in page.text and page.headers["Retry-After"] == "30"
    assert "kan inte skriva just nu" in data.json()["detail"]


def test_a_statement_beyond_the_memory_limit_is_a_503_naming_the_limit(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB's out-of-memory error (issue 23 item 7) is the project's message, not a 500."""
    from kommunanalys.store.backend import DatabaseOutOfMemory

    def too_large(*args: object, **kwargs: object) -> None:
        raise DatabaseOutOfMemory(2 * 10**9)

    monkeypatch.setattr(site.app.state.dataset, "profile_at", too_large)
    client = TestClient(site.app, raise_server_exceptions=False)
    code = site.app.state.dataset.kommun.code
    page = client.get(f"/omrade/{code}")
    data = client.get(f"/omrade/{code}", headers=JSON)
    assert page.status_code == 503 and data.status_code == 503
    assert "minnesgränsen 2000 MB (KOMMUNANALYS_DB_MEMORY)" in data.json()["detail"]
    assert "Databasen fick inte plats i minnet" in html.unescape(page.text)
