"""A polite JSON-over-HTTP client for the open statistics APIs (Kolada, SCB PxWeb).

* a rate limit (``max_calls`` per ``per_seconds``, a sliding window), so that SCB's
  "30 calls per 10 seconds" and Kolada's fair use are kept;
* retries with exponential backoff on 429 and 5xx and on connection errors, honouring
  ``Retry-After``;
* only the configured base URL is ever contacted: absolute URLs (e.g. Kolada's
  ``next_page``) must start with it;
* the transport, clock and sleep are injectable, so tests run against recorded responses
  without waiting and without a network.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from kommunanalys import __version__
from kommunanalys.errors import ErrorCode
from kommunanalys.sources.adapter import SourceError

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class ApiError(SourceError):
    """An API answered with an error, or could not be reached after the retries: a code, the
    values of its message and the HTTP ``status`` if there was one."""

    def __init__(self, code: ErrorCode, /, *, status: int | None = None, **values: Any) -> None:
        super().__init__(code, **values, **({} if status is None else {"status": status}))
        self.status = status


class RateLimit:
    """At most ``max_calls`` calls in any window of ``per_seconds`` seconds."""

    def __init__(
        self,
        max_calls: int,
        per_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_calls < 1 or per_seconds <= 0:
            raise ValueError("rate limit needs max_calls >= 1 and per_seconds > 0")
        self.max_calls = max_calls
        self.per_seconds = per_seconds
        self._clock = clock
        self._sleep = sleep
        self._calls: deque[float] = deque()

    def wait(self) -> float:
        """Block until a call is allowed; return the seconds waited."""
        waited = 0.0
        now = self._clock()
        while self._calls and now - self._calls[0] >= self.per_seconds:
            self._calls.popleft()
        if len(self._calls) >= self.max_calls:
            delay = self.per_seconds - (now - self._calls[0])
            if delay > 0:
                self._sleep(delay)
                waited = delay
            now = self._clock()
            while self._calls and now - self._calls[0] >= self.per_seconds - 1e-9:
                self._calls.popleft()
            if len(self._calls) >= self.max_calls:  # a clock that did not move (tests)
                self._calls.popleft()
        self._calls.append(self._clock())
        return waited


class ApiClient:
    """GET and POST JSON against one API base URL, politely."""

    def __init__(
        self,
        base_url: str,
        *,
        rate_limit: RateLimit | None = None,
        retries: int = 4,
        backoff: float = 1.0,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.rate_limit = rate_limit or RateLimit(10, 1.0, sleep=sleep)
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self.calls = 0
        import httpx  # here, not at import: httpx costs the CLI's start 0.15 s

        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={
                "Accept": "application/json",
                "User-Agent": f"kommunanalys/{__version__} (+https://github.com/kommunanalys)",
            },
            follow_redirects=False,
        )
        self._transport_error: type[Exception] = httpx.TransportError

    def url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("http://", "https://")):
            if not path_or_url.startswith(self.base_url + "/") and path_or_url != self.base_url:
                raise ApiError(ErrorCode.API_FOREIGN_URL, url=path_or_url, base=self.base_url)
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    def get_json(self, path_or_url: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._request("GET", path_or_url, params=params)

    def post_json(
        self, path_or_url: str, body: Any, params: Mapping[str, Any] | None = None
    ) -> Any:
        return self._request("POST", path_or_url, params=params, json=body)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, path_or_url: str, **kwargs: Any) -> Any:
        url = self.url(path_or_url)
        last: ApiError | None = None
        for attempt in range(self.retries + 1):
            self.rate_limit.wait()
            self.calls += 1
            try:
                response = self._http.request(method, url, **kwargs)
            except self._transport_error as exc:
                reason = f"{exc.__class__.__name__}: {exc}"
                last = ApiError(ErrorCode.API_NO_CONTACT, url=url, reason=reason)
                self._pause(attempt, None)
                continue
            if response.status_code in RETRY_STATUSES:
                last = ApiError(ErrorCode.API_STATUS_RETRIED, url=url, status=response.status_code)
                self._pause(attempt, response.headers.get("Retry-After"))
                continue
            if response.status_code >= 400:
                status, body = response.status_code, _short(response.text)
                raise ApiError(ErrorCode.API_STATUS, url=url, status=status, body=body)
            try:
                return response.json()
            except ValueError:
                raise ApiError(
                    ErrorCode.API_NOT_JSON, url=url, body=_short(response.text)
                ) from None
        raise ApiError(ErrorCode.API_GAVE_UP, reason=last, n=self.retries + 1)

    def _pause(self, attempt: int, retry_after: str | None) -> None:
        if attempt >= self.retries:
            return
        delay = self.backoff * (2**attempt)
        if retry_after:
            with contextlib.suppress(ValueError):
                delay = max(delay, float(retry_after))
        self._sleep(min(delay, 120.0))


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
