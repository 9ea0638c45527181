"""The append-only audit trail: who did what, when, to what, old → new.

Only :func:`record` (and its named helpers :func:`record_export`, :func:`record_role_change`)
writes; nothing updates or deletes an event. DuckDB has no triggers, so append-only is kept by
the code: this module issues only INSERT and SELECT on ``audit_event``, and a test scans the
whole package for any other statement on the table. Callers pass the backend they are writing
with, so that the event lands in the same transaction as the change it describes.

Events whose old/new values carry data (a goal value with its small counts) are shown to
admins redacted (:func:`redacted`): an admin manages users, not data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kommunanalys.store.backend import Backend


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    old: str | None
    new: str | None
    detail: str


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    backend: Backend,
    actor: str,
    action: str,
    target: str,
    *,
    old: Any = None,
    new: Any = None,
    detail: str = "",
) -> None:
    backend.execute(
        "INSERT INTO audit_event (happened_at, actor, action, target, old, new, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            datetime.now(UTC).replace(tzinfo=None),
            actor,
            action,
            target,
            _text(old),
            _text(new),
            detail,
        ),
    )


def record_export(
    backend: Backend,
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
    record(backend, actor, "export", what, new=selection, detail=f"{fmt}, {rows} rader")


def record_role_change(backend: Backend, actor: str, username: str, old: Any, new: Any) -> None:
    record(backend, actor, "user.change", f"user/{username}", old=old, new=new)


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


def _where(action: str | None, actor: str | None, target_prefix: str | None) -> tuple[str, list]:
    where: list[str] = []
    params: list[Any] = []
    if action:
        where.append("action = ?")
        params.append(action)
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if target_prefix:
        where.append("starts_with(target, ?)")
        params.append(target_prefix)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def events(
    backend: Backend,
    *,
    action: str | None = None,
    actor: str | None = None,
    target_prefix: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[AuditEvent]:
    """The newest ``limit`` events after skipping ``offset``, newest first, optionally filtered."""
    where, params = _where(action, actor, target_prefix)
    sql = "SELECT id, happened_at, actor, action, target, old, new, detail FROM audit_event"
    sql += where + " ORDER BY id DESC LIMIT ? OFFSET ?"
    rows = backend.query(sql, (*params, limit, offset))
    return [AuditEvent(*r) for r in rows]


def count(
    backend: Backend,
    *,
    action: str | None = None,
    actor: str | None = None,
    target_prefix: str | None = None,
) -> int:
    where, params = _where(action, actor, target_prefix)
    return int(backend.query("SELECT count(*) FROM audit_event" + where, params)[0][0])


def actions(backend: Backend) -> list[str]:
    """Every action that occurs, for the admin page's filter (an allow-list, not free text)."""
    return [r[0] for r in backend.query("SELECT DISTINCT action FROM audit_event ORDER BY 1")]
