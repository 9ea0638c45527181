"""The data version: one number, incremented in the transaction of every committed write that
changes the data the readers' snapshot serves (an import's merge, a refresh of the derived
values and the plan), so that every process using the database — several server workers, the
CLI beside a running server — can tell cheaply that another one changed it
(:class:`kommunanalys.refresh.Publisher` checks it and takes a new snapshot, and the public
answers kept for the old one are dropped).

Goal values and grades entered in the follow-up do not count: they are read from the store
itself, never from a snapshot, so every process shows them at once, and an editor's save
keeps the kept public pages (whose data it did not change) current.
"""

from __future__ import annotations

from kommunanalys.store.backend import Backend

#: The schema version that added the ``data_version`` table.
DATA_VERSION_SCHEMA = 12


def bump(backend: Backend) -> None:
    """One more change of the published data (inside the writer's transaction, if any)."""
    backend.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")


def current(backend: Backend) -> int:
    """The data version as ``backend`` sees it (a snapshot: as of the snapshot); 0 before
    migration 12 (a database opened read-only and not yet migrated)."""
    try:
        rows = backend.query("SELECT version FROM data_version WHERE id = 1")
    except Exception:  # no table yet (read-only, older schema; any engine's error): none
        return 0
    return int(rows[0][0]) if rows else 0
