"""The demo build writes the same content however fast it gets (issue 22: calamine instead of
openpyxl, bulk inserts): every part's digest equals the one recorded with the old build."""

from __future__ import annotations

from kommunanalys.store import Store
from tests.demo.content_digest import digests_of

# Recorded from a database built before issue 22 (`python -m tests.demo.content_digest DB`);
# recorded again after issue 21 item 15 recalibrated the synthetic demo data on purpose.
RECORDED = {
    "catalogue": "189:310361e6ded8b756",
    "areas": "172:6102a19613e82522",
    "area_changes": "31:389dda3ad3a58826",
    "custom_area_members": "29:e3d66b7cf62625ee",
    "observations_scb": "5521:cb4ed5a5f7c5ce86",
    "observations_synthetic": "55998:2a7bc7da25afc244",
    "derived_values": "172908:2facd12aad920d56",
    "disclosure_plan": "1909:fbf12d7385aa9b5f",
}


def test_demo_content_is_the_recorded_one(demo_store: Store) -> None:
    assert digests_of(demo_store.backend.query) == RECORDED
