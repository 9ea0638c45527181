"""Public answers kept by data version with ETags (issue 19's benchmark): a repeat is a lookup,
If-None-Match gets 304, new data empties the cache, signed-in users and answers that set a
cookie are never kept, and the memory is bounded."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

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
from kommunanalys.web.response_cache import COMPUTING, ResponseCache

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


def test_requests_for_an_answer_being_computed_wait_for_it_and_are_answered_once(
    demo_store: Store,
) -> None:
    """A cold page asked by many at once (a new server, new data) is computed once: the
    others wait for the first and get what it kept; an answer that is not kept (a 404) is
    computed by each."""
    calls: list[str] = []

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        await asyncio.sleep(0.05)
        status = 404 if scope["path"].endswith("saknas") else 200
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<p>svar</p>"})

    app = _app(demo_store)
    cache = ResponseCache(slow_app)

    async def get(path: str) -> tuple[int, bytes]:
        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"",
                 "headers": [], "app": app}
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b""}

        await cache(scope, receive, send)
        state = dict(sent[0]["headers"]).get(b"x-kommunanalys-cache", b"-")
        return sent[0]["status"], state

    async def many() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(get(PROFILE.split("?")[0]) for _ in range(5)),
                                    *(get("/omrade/saknas") for _ in range(3)))

    answers = asyncio.run(many())
    assert calls.count(PROFILE.split("?")[0]) == 1  # computed once for five askers
    assert sorted(answers[:5]) == [(200, b"hit")] * 4 + [(200, b"miss")]
    assert calls.count("/omrade/saknas") == 3 and [a[0] for a in answers[5:]] == [404] * 3


def test_at_most_computing_answers_are_computed_at_once(demo_store: Store) -> None:
    """Cold pages queue for a few computing slots instead of all sharing the interpreter with
    the event loop that sends the kept answers."""
    running, most = 0, 0

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.02)
        running -= 1
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<p>svar</p>"})

    app = _app(demo_store)
    cache = ResponseCache(slow_app)

    async def get(path: str) -> None:
        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"",
                 "headers": [], "app": app}

        async def send(message: dict[str, Any]) -> None:
            pass

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b""}

        await cache(scope, receive, send)

    async def many() -> None:
        await asyncio.gather(*(get(f"/omrade/0126R00{n}") for n in range(COMPUTING + 4)))

    asyncio.run(many())
    assert most == COMPUTING
