"""The append-only audit trail in the database: who did what, when, to what, old → new.

Only :meth:`AuditLog.record` writes; nothing updates or deletes an event. DuckDB has no
triggers, so append-only is kept by the code: this module issues only INSERT and SELECT on
``audit_event``, and a test scans the whole package for any other statement on the table. The
log shares its store's connection, so an event lands in the same transaction as the change it
describes (:meth:`kommunanalys.store.Store.transaction`).

What an event means to whom (admins see data values redacted) is
:mod:`kommunanalys.access.audit`.

Every text field is capped when written (``Limits.audit_field`` characters for actor, target and
detail, ``Limits.audit_value`` for old and new), ending in ``…`` when cut: a request with a
60 KB path or user name stores a few hundred characters, not the whole of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kommunanalys.config import LIMITS, Limits
from kommunanalys.store.backend import Backend

#: what ends a capped field
CUT = "…"


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


def capped(text: str, most: int) -> str:
    """``text`` at most ``most`` characters, ending in :data:`CUT` when it was longer."""
    return text if len(text) <= most else text[: max(most - 1, 0)] + CUT


class AuditLog:
    """The ``audit_event`` table (reached as ``store.audit``)."""

    def __init__(self, backend: Backend, limits: Limits = LIMITS) -> None:
        self.backend = backend
        self.limits = limits

    def record(
        self,
        actor: str,
        action: str,
        target: str,
        *,
        old: Any = None,
        new: Any = None,
        detail: str = "",
    ) -> None:
        """Append one event; ``old`` and ``new`` are kept as text (JSON unless a string). Every
        field is capped (see the module's docstring)."""
        field, value = self.limits.audit_field, self.limits.audit_value
        old_text, new_text = _text(old), _text(new)
        self.backend.execute(
            "INSERT INTO audit_event (happened_at, actor, action, target, old, new, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                datetime.now(UTC).replace(tzinfo=None),
                capped(actor, field),
                capped(action, field),
                capped(target, field),
                capped(old_text, value) if old_text is not None else None,
                capped(new_text, value) if new_text is not None else None,
                capped(detail, field),
            ),
        )

    def _where(
        self, action: str | None, actor: str | None, target_prefix: str | None
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if action:
            where.append("action = ?")
            params.append(action)
        if actor:
            where.append("actor = ?")
            params.append(actor)
        if target_prefix:
            where.append(self.backend.dialect.starts_with("target", "?"))
            params.append(target_prefix)
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def events(
        self,
        *,
        action: str | None = None,
        actor: str | None = None,
        target_prefix: str | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[AuditEvent]:
        """The newest ``limit`` events after skipping ``offset``, newest first, optionally
        filtered."""
        where, params = self._where(action, actor, target_prefix)
        sql = "SELECT id, happened_at, actor, action, target, old, new, detail FROM audit_event"
        sql += where + " ORDER BY id DESC LIMIT ? OFFSET ?"
        rows = self.backend.query(sql, (*params, limit, offset))
        return [AuditEvent(*r) for r in rows]

    def count(
        self,
        *,
        action: str | None = None,
        actor: str | None = None,
        target_prefix: str | None = None,
    ) -> int:
        where, params = self._where(action, actor, target_prefix)
        return int(self.backend.query("SELECT count(*) FROM audit_event" + where, params)[0][0])

    def actions(self) -> list[str]:
        """Every action that occurs, for the admin page's filter (an allow-list, not free
        text)."""
        return [
            r[0] for r in self.backend.query("SELECT DISTINCT action FROM audit_event ORDER BY 1")
        ]
