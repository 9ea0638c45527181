"""The demo's derived values and suppression plan stay exactly what they were.

``tests/data/refresh/demo_snapshot.json`` was written with the Python derive and plan (before
both moved to set-based SQL and chunked planning, issue 23 item 7; and before the plan's linear
algebra ran single-threaded, issue 22 item 3). Every row of ``derived_value`` and every planned
cell is hashed per indicator, so a difference names the indicator it is in.

Numbers are hashed twice: to 12 significant digits (a weighted mean summed in another order may
differ in its last bit; nothing a reader sees can) and exactly (``repr``); the rounded digest
and the plan must match, the exact one is reported.

Regenerate only on purpose (a changed demo, a changed rule; regenerated once after issue 21
item 15 recalibrated the demo, with the old Python derive and plan on the new data giving the
same rounded digests and plan; and once more when befolkning 0–6 and 7–20 became estimates
from the real bands, issue 21 item 15; and when issue 18 item 4 added six indicators, the
earlier ones' digests unchanged; and when issue 18 item 8 planted the närvaroteam's effect,
only antal_/andel_problematisk_skolfranvaro's digests changed; and when custom areas got
the weighted means of their parts, only the four weighted means' digests changed, the plan not):
``PYTHONPATH=src python tests/test_refresh_snapshot.py DB`` on a freshly built demo database.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kommunanalys.store import Store

SNAPSHOT = Path(__file__).parent / "data" / "refresh" / "demo_snapshot.json"
_COLUMNS = (
    "indicator, area, division, period, gender, age_group, value, numerator, denominator, "
    "status, method, synthetic, import_id"
)


def _number(x: Any, exact: bool) -> str:
    if x is None:
        return "-"
    return repr(float(x)) if exact else format(float(x), ".12g")


def _digests(rows: Iterable[tuple[Any, ...]], exact: bool, numbers: bool = True) -> dict[str, str]:
    by_indicator: dict[str, Any] = defaultdict(hashlib.sha256)
    for r in rows:
        text = "|".join(
            _number(x, exact) if numbers and i in (6, 7, 8) else ("-" if x is None else str(x))
            for i, x in enumerate(r)
        )
        by_indicator[r[0]].update(text.encode() + b"\n")
    return {k: h.hexdigest()[:16] for k, h in sorted(by_indicator.items())}


def snapshot(store: Store) -> dict[str, Any]:
    """Digests of ``derived_value`` and of the stored plan, per indicator."""
    values = store.backend.query(
        f"SELECT {_COLUMNS} FROM derived_value "
        "ORDER BY indicator, area, division, period, gender, age_group"
    )
    plan = store.backend.query(
        "SELECT indicator, area, division, period, gender, age_group, reason "
        "FROM disclosure_plan ORDER BY indicator, area, division, period, gender, age_group"
    )
    return {
        "derived_rows": len(values),
        "plan_cells": len(plan),
        "derived": _digests(values, exact=False),
        "derived_exact": _digests(values, exact=True),
        "plan": _digests(plan, exact=True, numbers=False),
    }


def test_demo_derived_values_and_plan_unchanged(demo_store: Store) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = snapshot(demo_store)
    assert got["derived_rows"] == expected["derived_rows"]
    assert got["plan_cells"] == expected["plan_cells"]
    assert {k: v for k, v in got["derived"].items() if expected["derived"].get(k) != v} == {}
    assert got["derived"] == expected["derived"]
    assert got["plan"] == expected["plan"]


if __name__ == "__main__":
    opened = Store.open(sys.argv[1], read_only=True)
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(snapshot(opened), indent=1) + "\n", encoding="utf-8")
    opened.close()
