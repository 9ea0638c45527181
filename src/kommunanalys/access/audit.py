"""The append-only audit trail: who did what, when, to what, old → new.

Only :func:`record` writes; nothing updates or deletes an event. Callers pass the backend they
are writing with, so that the event lands in the same transaction as the change it describes.
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


def events(
    backend: Backend,
    *,
    action: str | None = None,
    target_prefix: str | None = None,
    limit: int = 500,
) -> list[AuditEvent]:
    """The newest ``limit`` events, newest first, optionally filtered."""
    where, params = [], []
    if action:
        where.append("action = ?")
        params.append(action)
    if target_prefix:
        where.append("starts_with(target, ?)")
        params.append(target_prefix)
    sql = "SELECT id, happened_at, actor, action, target, old, new, detail FROM audit_event"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    rows = backend.query(sql, (*params, limit))
    return [AuditEvent(*r) for r in rows]
