"""Public answers kept by data version with ETags (issue 19's benchmark): a repeat is a lookup,
If-None-Match gets 304, new data empties the cache, signed-in users and answers that set a
cookie are never kept, and the memory is bounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kommunanalys import refresh
from kommunanalys.config import Settings
from kommunanalys.goals.model import GoalValue, Grade
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app
from kommunanalys.web.response_cache import ResponseCache

PROFILE = "/omrade/0126R007?ar=2023"
CACHE = "x-kommunanalys-cache"


def _app(store: Store) -> FastAPI:
    return create_app(store, settings=Settings.for_tests(), response_cache=True)


def _cache_of(app: FastAPI) -> ResponseCache:
    """The app's cache layer (the middleware stack is built at the first request)."""
    layer = app.middleware_stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app  # type: ignore[union-attr]
    return layer


def test_a_repeated_public_view_is_kept_and_answers_if_none_match(demo_store: Store) -> None:
    client = TestClient(_app(demo_store))
    first = client.get(PROFILE)
    assert first.status_code == 200 and first.headers[CACHE] == "miss"
    again = client.get(PROFILE)
    assert again.headers[CACHE] == "hit" and again.text == first.text
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    twin = client.get(PROFILE.replace("?", ".json?"))
    assert twin.headers[CACHE] == "miss" and twin.json()  # its own entry
    unchanged = client.get(PROFILE, headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    english = client.get(PROFILE, headers={"Cookie": "lang=en"})
    assert english.headers[CACHE] == "miss" and english.text != first.text


def test_new_data_empties_the_cache(demo_store: Store) -> None:
    app = _app(demo_store)
    client = TestClient(app)
    client.get(PROFILE)
    assert client.get(PROFILE).headers[CACHE] == "hit"
    app.state.dataset = Dataset(demo_store)  # what an import does: a new dataset
    assert client.get(PROFILE).headers[CACHE] == "miss"
    assert _cache_of(app).size[0] == 1


def test_signed_in_users_and_other_views_are_never_kept(demo_store: Store) -> None:
    client = TestClient(_app(demo_store))
    for _ in range(2):
        signed_in = client.get(PROFILE, headers={"Cookie": "ka_session=some-token"})
        assert CACHE not in signed_in.headers
        for url in ("/mal", "/login", "/", "/omrade/0126R007/insikter"):
            assert CACHE not in client.get(url).headers, url
    for _ in range(2):  # sets the language cookie (a new visitor each time): never kept
        chosen = TestClient(client.app).get(PROFILE + "&lang=en")
        assert "set-cookie" in chosen.headers and CACHE not in chosen.headers


def test_the_cache_is_bounded(demo_store: Store) -> None:
    app = _app(demo_store)
    client = TestClient(app)
    page = len(client.get(PROFILE).content)
    cache = _cache_of(app)
    cache.max_bytes = 3 * page
    for year in ("2020", "2021", "2022", "2023", "2024"):
        client.get(f"/omrade/0126R007?ar={year}")
    kept, size = cache.size
    assert 0 < kept <= 4 and size <= 3 * page


def test_an_editors_goal_value_keeps_the_public_views_and_shows_on_the_goal_pages(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Goal values and grades are read from the store itself, never from the readers'
    snapshot: an editor's save must not replace the snapshot (every kept answer and result
    thrown away at each save: bench/load.py's p95 of seconds), and the goal pages show it
    at once."""
    monkeypatch.setattr(refresh, "CHECK_INTERVAL", 0.0)
    store = Store.open(demo_copy)
    try:
        app = _app(store)
        client = TestClient(app)
        assert client.get(PROFILE).headers[CACHE] == "miss"
        dataset, version = app.state.dataset, store.data_version()
        repo: GoalRepository = app.state.goals
        value = GoalValue("sjukfranvaro", 2025, "delår 1", 6.4)
        repo.save_value("socialnamnden", value, "redaktor", expected_version=0)
        repo.set_grade("socialnamnden", 2024, "sund-ekonomi", Grade.HIGH, "Skäl.", "ana",
                       suggested=Grade.HIGH)
        assert store.data_version() == version  # the snapshot's data did not change
        assert client.get(PROFILE).headers[CACHE] == "hit"
        assert app.state.publisher.wait(timeout=30)
        assert app.state.dataset is dataset
        stored = [v for v in repo.values("socialnamnden", "sjukfranvaro") if v.year == 2025]
        assert [v.value for v in stored] == [6.4]
    finally:
        store.close()
