"""The demo build writes the same content however fast it gets (issue 22: calamine instead of
openpyxl, bulk inserts): every part's digest equals the one recorded with the old build."""

from __future__ import annotations

from kommunanalys.store import Store
from tests.demo.content_digest import digests_of

# Recorded from a database built before issue 22 (`python -m tests.demo.content_digest DB`);
# recorded again after issue 21 item 15 recalibrated the synthetic demo data on purpose, and
# again when befolkning 0–6 and 7–20 became estimates from the real bands in an import of their
# own, not synthetic (issue 21 item 15: no trend or gender skew; counted with the real data);
# and when riket and Stockholms län came in as SCB's sums of their DeSO (issue 20 item 7: two
# areas, 48 observations and their 66 derived values; the synthetic data and the plan unchanged),
# and when the effect logic's data needs (issue 18 item 4: problematisk skolfrånvaro,
# skolnärvaro, trivsel i skolan, ansökningar till socialtjänsten) became six indicators with
# synthetic rows appended to synthetic.csv: every earlier indicator's derived values and planned
# cells stayed digest for digest what they were (tests/test_refresh_snapshot.py);
# and the catalogue again when it gained the complete_count column (issue 20 item 5);
# and the synthetic rows, derived values and plan when the närvaroteam's effect was planted in
# Skogås's problematic absence from 2023 (issue 18 item 8, demo.synthetic.PLANTED);
# and the catalogue when it gained Kolada's three IFO cost key figures (issue 17 item 3:
# kolada_n30005, kolada_n30101, kolada_n30007, without values in the demo; every other part
# unchanged); and the derived values when custom areas got the weighted means of their parts
# (issue 18 item 3: meritvärde, skolnärvaro, medelinkomst and bostadsarea per person in Skogås,
# 82 rows; every other indicator's digest and the plan unchanged).
RECORDED = {
    "catalogue": "198:542f33819899406b",
    "areas": "174:ad85e66203f44faa",
    "area_changes": "31:389dda3ad3a58826",
    "custom_area_members": "29:e3d66b7cf62625ee",
    "observations_scb": "12157:0676095909f901db",
    "observations_synthetic": "52704:00e2a16c79d2e06f",
    "derived_values": "182308:4a70094cbb75d91a",
    "disclosure_plan": "3830:d7fc73790ece5806",
}


def test_demo_content_is_the_recorded_one(demo_store: Store) -> None:
    assert digests_of(demo_store.backend.query) == RECORDED
