"""Public answers kept by data version (issue 19's load benchmark): a page about the data changes
only when the data does, so a repeated view costs a lookup, not a recomputation.

An ASGI middleware, outermost, switched on by ``kommunanalys serve``. It keeps, in memory and
bounded (bytes in all, bytes per answer, least recently used first out), the whole answer —
status, headers with the security headers, body — of a GET to a data view (profile, ranking,
map, compare, development, bubbles, the indicator list, the API; never exports, history,
insights, goals, administration or login) made **without a session cookie**, when the answer
is a 200 of HTML, JSON or SVG that sets no cookie. The key: method, path, query, the
``Accept``, ``Accept-Language`` and ``Cookie`` headers (the language cookie), and the data
version (the dataset object and its :class:`~kommunanalys.query.DataVersion`). An import or a
status change replaces the dataset: the next request finds a new version and empties the cache.

Every kept answer carries an ``ETag`` (a digest of its body); a request whose
``If-None-Match`` names it gets ``304 Not Modified`` without a body.

One computation per answer: while a request computes an answer that is not kept yet, the
requests for the same key wait for it and are answered from what it kept (a cold page asked
by many at once — a new server, new data — was computed once per asker, each on the same
two cores, bench/load.py); if it kept nothing (not keepable, or it failed), each computes its
own. And at most :data:`COMPUTING` answers are computed at once (the others queue): a new
server's first minute computed some sixty pages in forty threads at once, and the event
loop — which sends every kept answer — got a fortieth of the interpreter, so kept answers
waited seconds behind pages being computed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: data views whose answer depends only on the dataset (and the language)
CACHED_PREFIXES = (
    "/omrade/",
    "/indikator/",
    "/indikatorer",
    "/karta",
    "/jamfor",
    "/utveckling",
    "/bubblor",
    "/api/v1/",
)
#: parts of those paths that are not pure data views (audited exports, history, insights)
EXCLUDED_PARTS = ("/export.", "/historik", "/insikter")
KEPT_TYPES = (b"text/html", b"application/json", b"image/svg+xml")
KEY_HEADERS = (b"accept", b"accept-language", b"cookie")
SESSION_COOKIE = b"ka_session"
MAX_BYTES = 64 * 2**20
MAX_ENTRY_BYTES = 4 * 2**20
STATUS_HEADER = b"x-kommunanalys-cache"
#: how long (s) a request waits for another's computation of the same answer before it
#: computes its own
WAIT_FOR_OTHER_S = 60.0
#: answers of the cached views computed at once (more queue; the rest of the app is not held)
COMPUTING = max(2, os.cpu_count() or 2)


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


@dataclass
class _Flight:
    """An answer being computed: the requests waiting for it, each on its event loop."""

    waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = field(
        default_factory=list
    )

    def land(self) -> None:
        for loop, waiter in self.waiters:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits there
                loop.call_soon_threadsafe(_release, waiter)


def _release(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class ResponseCache:
    """The middleware; ``max_bytes`` bounds the bodies kept in all."""

    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self._entries: OrderedDict[tuple[Any, ...], Kept] = OrderedDict()
        self._bytes = 0
        self._version: object = None
        self._lock = threading.Lock()
        self._flights: dict[tuple[Any, ...], _Flight] = {}
        # one semaphore per event loop (uvicorn has one; a test client may make several)
        self._computing: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, asyncio.Semaphore
        ] = weakref.WeakKeyDictionary()

    @property
    def size(self) -> tuple[int, int]:
        """(answers kept, bytes of their bodies)."""
        with self._lock:
            return len(self._entries), self._bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable_request(scope):
            await self.app(scope, receive, send)
            return
        key = self._key(scope)
        kept, flight, other = self._lookup(key, lead=True)
        if other is not None:  # another request computes this answer: wait for it
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(other, WAIT_FOR_OTHER_S)
            kept, flight, _ = self._lookup(key, lead=False)
        if kept is not None:
            await _answer(kept, scope, send, b"hit")
            return
        try:
            async with self._limit():
                await self._compute(key, scope, receive, send)
        finally:
            if flight is not None:
                with self._lock:
                    self._flights.pop(key, None)
                flight.land()

    def _limit(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        with self._lock:
            found = self._computing.get(loop)
            if found is None:
                found = self._computing[loop] = asyncio.Semaphore(COMPUTING)
            return found

    def _lookup(
        self, key: tuple[Any, ...], *, lead: bool
    ) -> tuple[Kept | None, _Flight | None, asyncio.Future[None] | None]:
        """The kept answer; or the flight this request now leads (``lead``: nobody computes
        the answer yet); or a future that is done when the request computing it finishes."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
                return kept, None, None
            flight = self._flights.get(key)
            if flight is None:
                if not lead:
                    return None, None, None
                flight = self._flights[key] = _Flight()
                return None, flight, None
            loop = asyncio.get_running_loop()
            waiter: asyncio.Future[None] = loop.create_future()
            flight.waiters.append((loop, waiter))
            return None, None, waiter

    async def _compute(self, key: tuple[Any, ...], scope: Scope, receive: Receive,
                       send: Send) -> None:
        start: Message | None = None
        parts: list[bytes] = []
        size = 0
        passing = False  # not keepable: the rest goes straight through

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                if not _keepable_start(message):
                    passing = True
                    await send(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                size += len(parts[-1])
                if size > self.max_entry_bytes:  # too big to keep: send what there is
                    passing = True
                    assert start is not None
                    await send(start)
                    await send({"type": "http.response.body", "body": b"".join(parts),
                                "more_body": message.get("more_body", False)})
                elif not message.get("more_body", False):
                    assert start is not None
                    body = b"".join(parts)
                    headers = [(k, v) for k, v in start.get("headers", [])
                               if k.lower() not in (b"etag", STATUS_HEADER)]
                    etag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
                    kept_now = Kept(start["status"], headers, body, etag)
                    self._keep(key, kept_now)
                    await _answer(kept_now, scope, send, b"miss")
            else:
                await send(message)

        await self.app(scope, receive, capture)

    def _key(self, scope: Scope) -> tuple[Any, ...]:
        state = scope["app"].state
        state.publisher.check()  # another process's import: a new dataset (at most once a second)
        dataset = state.dataset
        version = (id(dataset), dataset.version)
        with self._lock:
            if version != self._version:  # new data: nothing kept is current any more
                self._entries.clear()
                self._bytes = 0
                self._version = version
        headers = dict(scope.get("headers", []))
        return (
            version,
            scope["method"],
            scope["path"],
            scope.get("query_string", b""),
            *(headers.get(h, b"") for h in KEY_HEADERS),
        )

    def _keep(self, key: tuple[Any, ...], kept: Kept) -> None:
        with self._lock:
            if key[0] != self._version:  # the data changed while this was computed
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = kept
            self._bytes += len(kept.body)
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)


def _cacheable_request(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    path: str = scope["path"]
    if not path.startswith(CACHED_PREFIXES) or any(p in path for p in EXCLUDED_PARTS):
        return False
    cookie = dict(scope.get("headers", [])).get(b"cookie", b"")
    return SESSION_COOKIE not in cookie  # signed-in users see their own menus and tokens


def _keepable_start(message: Message) -> bool:
    if message["status"] != 200:
        return False
    headers = dict((k.lower(), v) for k, v in message.get("headers", []))
    if b"set-cookie" in headers:
        return False
    return headers.get(b"content-type", b"").split(b";")[0].strip() in KEPT_TYPES


async def _answer(kept: Kept, scope: Scope, send: Send, state: bytes) -> None:
    headers = dict(scope.get("headers", []))
    wanted = headers.get(b"if-none-match", b"")
    extra = [(b"etag", kept.etag), (STATUS_HEADER, state)]
    if kept.etag in [tag.strip() for tag in wanted.split(b",")]:
        plain = [(k, v) for k, v in kept.headers if k.lower() != b"content-length"]
        await send({"type": "http.response.start", "status": 304, "headers": plain + extra})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": kept.status,
                "headers": kept.headers + extra})
    body = b"" if scope["method"] == "HEAD" else kept.body
    await send({"type": "http.response.body", "body": body})
