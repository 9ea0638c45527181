"""Public answers kept by data version with ETags (issue 19's benchmark): a repeat is a lookup,
If-None-Match gets 304, new data empties the cache, signed-in users and answers that set a
cookie are never kept, and the memory is bounded."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from kommunanalys.config import Settings
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
