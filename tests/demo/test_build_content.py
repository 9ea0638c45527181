"""The demo build writes the same content however fast it gets (issue 22: calamine instead of
openpyxl, bulk inserts): every part's digest equals the one recorded with the old build."""

from __future__ import annotations

from pathlib import Path

from tests.demo.content_digest import digests

# Recorded from a database built before issue 22 (`python -m tests.demo.content_digest DB`).
RECORDED = {
    "catalogue": "189:310361e6ded8b756",
    "areas": "172:6102a19613e82522",
    "area_changes": "31:389dda3ad3a58826",
    "custom_area_members": "29:e3d66b7cf62625ee",
    "observations_scb": "5521:caf2780481d2eff0",
    "observations_synthetic": "54900:25a9524c08747b1f",
    "derived_values": "170288:b012a76cd20f1140",
    "disclosure_plan": "2123:3087d9438fba7aae",
}


def test_demo_content_is_the_recorded_one(demo_db: Path) -> None:
    assert digests(demo_db) == RECORDED
