"""Anonymous requests must not grow the database (issue 23 item 5): the public's refusals are
counted per address and route per window, and every stored field is capped."""

from __future__ import annotations

from kommunanalys.access.audit import AnonymousRefusals
from kommunanalys.config import LIMITS, Limits
from kommunanalys.store import Store
from tests.site import Site

JSON = {"Accept": "application/json"}


def _rows(site: Site) -> int:
    return int(site.store.backend.query("SELECT count(*) FROM audit_event")[0][0])


def test_a_thousand_anonymous_403s_add_a_bounded_number_of_rows(site: Site) -> None:
    anonymous = site.anonymous()
    before = _rows(site)
    for _ in range(1_000):
        assert anonymous.get("/import", headers=JSON).status_code == 403
    assert _rows(site) - before == 1, "one row for the window, the rest counted"
    site.app.state.anonymous_refusals.flush()  # type: ignore[attr-defined]
    [repeated] = site.events("access.denied.repeated")
    assert '"count": 999' in (repeated.new or "") and repeated.target == "GET /import"
    assert _rows(site) - before == 2


def test_a_60_kb_path_stores_a_capped_value(site: Site) -> None:
    long_id = "x" * 60_000
    for client in (site.anonymous(), site.login("hr.redaktor")):
        answer = client.get(f"/indikator/{long_id}/historik", headers=JSON)
        assert answer.status_code == 403
    events = site.events("access.denied")
    assert len(events) == 2
    for event in events:
        assert len(event.target) <= LIMITS.audit_field and event.target.endswith("…")
    width = site.store.backend.query("SELECT max(length(target)) FROM audit_event")[0][0]
    assert width <= LIMITS.audit_field


def test_many_paths_of_one_route_are_one_key(site: Site) -> None:
    anonymous = site.anonymous()
    before = _rows(site)
    for k in range(200):
        anonymous.get(f"/indikator/id{k}/historik", headers=JSON)
    assert _rows(site) - before == 1


def test_signed_in_users_refusals_are_recorded_every_time(site: Site) -> None:
    editor = site.login("hr.redaktor")
    before = len(site.events("access.denied"))
    for _ in range(3):
        assert editor.get("/admin", headers=JSON).status_code == 403
    assert len(site.events("access.denied")) == before + 3


def test_every_field_of_the_audit_writer_is_capped(store: Store) -> None:
    store.audit.record("a" * 5_000, "x", "/" + "p" * 5_000, old="o" * 9_000, detail="d" * 5_000)
    [event] = store.audit.events()
    assert len(event.actor) == len(event.target) == len(event.detail) == LIMITS.audit_field
    assert len(event.old or "") == LIMITS.audit_value


def test_windows_and_the_key_bound(store: Store) -> None:
    now = [0.0]
    limits = Limits(audit_anonymous_window=60, audit_anonymous_keys=2)
    refusals = AnonymousRefusals(store.audit, limits, clock=lambda: now[0])
    for address in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"):
        for _ in range(5):
            refusals.refused(address, "GET", "/import", "/import", "nekad")
    # two keys, then the overflow key for the other addresses: three rows, not four
    assert store.audit.count(action="access.denied") == 3
    now[0] = 61.0
    refusals.refused("1.1.1.1", "GET", "/import", "/import", "nekad")  # a new window
    assert store.audit.count(action="access.denied.repeated") == 3
    assert store.audit.count(action="access.denied") == 4
