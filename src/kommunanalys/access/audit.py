"""What the audit trail means: the named events and what admins may see of them.

The trail itself (append-only, in the database) is :class:`kommunanalys.store.audit.AuditLog`,
reached as ``store.audit``; callers record through it inside the transaction of the change an
event describes. This module names the events that are more than one call
(:func:`record_export`, :func:`record_role_change`) and redacts the data values of events
shown to admins (:func:`redacted`): an admin manages users, not data.

The public must not grow the database (issue 23): a signed-in user's refusal is recorded each
time, an anonymous one through :class:`AnonymousRefusals` — one row per address and route per
window, the rest counted in memory and written as one ``access.denied.repeated`` row.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from kommunanalys.config import LIMITS, Limits
from kommunanalys.store.audit import AuditEvent, AuditLog

#: the actor of an anonymous request's events
PUBLIC_ACTOR = "allmänheten"
#: the key refusals are counted under when ``Limits.audit_anonymous_keys`` are in use
OVERFLOW = ("*", "*", "*")


def record_export(
    log: AuditLog,
    actor: str,
    what: str,
    *,
    fmt: str,
    rows: int,
    selection: Any = None,
) -> None:
    """An export that contained unprotected values (an analyst's download): who, what, which
    selection, how many rows. Call it only for unprotected exports; the public's exports carry
    published values and are not personal data access."""
    log.record(actor, "export", what, new=selection, detail=f"{fmt}, {rows} rader")


def record_role_change(log: AuditLog, actor: str, username: str, old: Any, new: Any) -> None:
    log.record(actor, "user.change", f"user/{username}", old=old, new=new)


#: actions whose old/new hold data values (counts that may be below the disclosure rule)
DATA_ACTIONS = frozenset({"goals.value"})
REDACTED = "(datavärde, visas inte för administratörer)"


def redacted(event: AuditEvent) -> AuditEvent:
    """The event without its data values, for admins' eyes."""
    if event.action not in DATA_ACTIONS:
        return event
    return AuditEvent(
        event.id,
        event.at,
        event.actor,
        event.action,
        event.target,
        REDACTED if event.old is not None else None,
        REDACTED if event.new is not None else None,
        event.detail,
    )


class AnonymousRefusals:
    """Anonymous refusals (403s), recorded so that the public cannot grow the database.

    The key is (address, method, route): the route is the app's path template
    (``/indikator/{indicator_id}/historik``), so a 60 KB path is one key, not a new one per
    path, and the keys are bounded by addresses × routes — and by
    ``Limits.audit_anonymous_keys``, beyond which refusals share one overflow key. The first
    refusal of a key in a window of ``Limits.audit_anonymous_window`` seconds is an
    ``access.denied`` row (its path capped by the audit log); the rest of that window are
    counted in memory, and a window with more than one refusal ends as one
    ``access.denied.repeated`` row (how many, from where, on which route, since when), written
    at the next refusal after the window or by :meth:`flush`. A counted window is lost if the
    process stops before that: at most one row's worth per key."""

    def __init__(
        self,
        log: AuditLog,
        limits: Limits = LIMITS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.log = log
        self.limits = limits
        self.clock = clock
        self._lock = threading.Lock()
        #: key → [start of the window (clock), wall-clock start, refusals after the first]
        self._windows: dict[tuple[str, str, str], list[Any]] = {}

    def refused(self, address: str, method: str, route: str, path: str, detail: str) -> None:
        now = self.clock()
        with self._lock:
            due = self._ended(now)
            key = (address, method, route)
            if key not in self._windows and len(self._windows) >= self.limits.audit_anonymous_keys:
                key = OVERFLOW
            window = self._windows.get(key)
            first = window is None
            if window is None:
                self._windows[key] = [now, datetime.now(UTC), 0]
            else:
                window[2] += 1
        self._write(due)
        if first:
            self.log.record(PUBLIC_ACTOR, "access.denied", path, detail=detail)

    def flush(self) -> None:
        """Write every counted window now (at shutdown, or from a test)."""
        with self._lock:
            due = self._ended(None)
        self._write(due)

    def _ended(self, now: float | None) -> list[tuple[tuple[str, str, str], list[Any]]]:
        """The windows that have ended (all of them when ``now`` is None), removed."""
        span = self.limits.audit_anonymous_window
        ended = [(k, w) for k, w in self._windows.items() if now is None or now - w[0] >= span]
        for key, _ in ended:
            del self._windows[key]
        return ended

    def _write(self, ended: list[tuple[tuple[str, str, str], list[Any]]]) -> None:
        for (address, method, route), (_, since, count) in ended:
            if count:
                self.log.record(
                    PUBLIC_ACTOR,
                    "access.denied.repeated",
                    f"{method} {route}",
                    new={
                        "count": count,
                        "address": address,
                        "since": since.replace(tzinfo=None).isoformat(timespec="seconds"),
                        "window_seconds": self.limits.audit_anonymous_window,
                    },
                )


def fields(text: str | None) -> list[tuple[str, str]] | None:
    """An event's ``old`` or ``new`` (JSON text, as the trail keeps it) as (field, value) pairs to
    show: an object's fields in their order, a list as its items joined; ``None`` for a text that
    is not JSON (shown as it is)."""
    if text is None:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    if isinstance(parsed, dict):
        return [(str(k), _shown(v)) for k, v in parsed.items()]
    if isinstance(parsed, list):
        return [("", _shown(parsed))]
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value)
