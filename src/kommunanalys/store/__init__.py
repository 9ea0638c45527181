"""Persistence: schema, engines and the :class:`Store` facade."""

from kommunanalys.store.store import Store

__all__ = ["Store"]
