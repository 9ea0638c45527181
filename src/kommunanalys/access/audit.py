"""What the audit trail means: the named events and what admins may see of them.

The trail itself (append-only, in the database) is :class:`kommunanalys.store.audit.AuditLog`,
reached as ``store.audit``; callers record through it inside the transaction of the change an
event describes. This module names the events that are more than one call
(:func:`record_export`, :func:`record_role_change`) and redacts the data values of events
shown to admins (:func:`redacted`): an admin manages users, not data.
"""

from __future__ import annotations

import json
from typing import Any

from kommunanalys.store.audit import AuditEvent, AuditLog


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
