"""The audit trail is append-only: no code path changes or deletes an event.

DuckDB has no triggers, so the guarantee is in the code: this test reads every module of the
package and fails if any SQL other than INSERT/SELECT touches ``audit_event``, and the web app
has no route that could (only the read-only admin log mentions it)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from fastapi.routing import APIRoute

from kommunanalys.access import audit
from kommunanalys.store import Store
from kommunanalys.web import create_app

PACKAGE = Path(str(resources.files("kommunanalys")))
WRITES = re.compile(
    r"\b(UPDATE|DELETE\s+FROM|TRUNCATE|DROP\s+TABLE|ALTER\s+TABLE)\s+audit_event\b", re.I
)


def test_no_code_path_updates_or_deletes_audit_events() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PACKAGE)}: {m.group(0)}" for m in WRITES.finditer(text)]
    assert offenders == []
    # the pattern does find such a statement
    assert WRITES.search('backend.execute("DELETE FROM audit_event WHERE id = ?")')


def test_no_route_writes_to_the_audit_log(store: Store) -> None:
    app = create_app(store)
    for route in app.routes:
        if isinstance(route, APIRoute) and "logg" in route.path:
            assert route.methods == {"GET"}, route.path


def test_events_are_kept_with_old_and_new_and_read_newest_first(store: Store) -> None:
    store.audit.record("anna", "user.change", "user/bo", old={"role": "a"}, new="b")
    audit.record_export(
        store.audit, "anna", "export/omrade", fmt="csv", rows=12, selection={"ar": "2024"}
    )
    newest, older = store.audit.events()
    assert (newest.action, newest.detail, newest.new) == (
        "export",
        "csv, 12 rader",
        '{"ar": "2024"}',
    )
    assert (older.old, older.new) == ('{"role": "a"}', "b")
    assert store.audit.count(actor="anna") == 2
    assert store.audit.events(limit=1, offset=1) == [older]
    assert store.audit.actions() == ["export", "user.change"]
    store.close()
