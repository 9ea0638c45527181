"""Every Huddinge profile — each area and year — is the same as before the profile was made
fast (issue 22): the JSON twin's values, comparisons and trends, and the spine charts (their
rows and SVG), compared as one digest per profile against tests/data/profile_snapshot.json.

The snapshot was written with the code before the change:

    KOMMUNANALYS_WRITE_PROFILE_SNAPSHOT=1 pytest tests/web/views/test_profile_snapshot.py

Rewrite it only for a change that is meant to alter profiles, and say which in the commit.
Rewritten for issue 18 item 4: the six indicators of the effect logic's data needs add
their cards and spine rows (on 15 profiles compared with the earlier demo, nothing else differed
beyond the last bit of a float, which the 12-digit rounding leaves out).
Rewritten for issue 20 (methods): the trend badge became Fingertips' recent trend (trend span,
level, periods, p, slope, direction), complete register counts lost their interval (interval,
interval_99_8, interval_note), and quintiles follow phe_quantile (a few quintile comparisons).
Rewritten for issue 18 item 8: the planted effect in the demo's problematic school absence
(Skogås from 2023) changes only the two problematisk_skolfranvaro indicators' cards (values,
suppressed cells, trend spans) of 377 profiles; checked field by field against the earlier build."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from kommunanalys.query import Dataset
from kommunanalys.web.rendering import Deferred, twin
from kommunanalys.web.views.profile_view import profile_view

SNAPSHOT = Path(__file__).parents[2] / "data" / "profile_snapshot.json"


def _digest(ds: Dataset, code: str, year: str) -> str:
    view = profile_view(ds, ds.place(code, year))
    page = twin(view)
    page.pop("data_version")  # the import's time of day: not part of the profile
    spines = view["_spines"]
    spines = spines.make() if isinstance(spines, Deferred) else spines
    drawn = [
        {"domain": s.domain, "svg": str(s.svg), "rows": [dataclasses.asdict(r) for r in s.rows]}
        for s in spines.values()
    ]
    text = json.dumps(_rounded({"page": page, "spines": drawn}), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _rounded(value: Any) -> Any:
    """Floats to 9 significant digits: a sum taken in another order (derived values are
    summed in the database, in parallel) differs in the last bit, which no page shows. At 12
    digits one such value in 10 000 landed on a rounding edge and flipped a digest (the 2020
    profiles, all at once, between two builds of the same code; and again the 2025 profiles,
    through the kommun's meritvärde). Since then the derivation sums every parent's children
    in their areas' order (store/derivation.py), so two builds agree to the last bit; the
    rounding stays for what the page computes itself."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _all_digests(ds: Dataset) -> dict[str, str]:
    out: dict[str, str] = {}
    for area in sorted(ds.areas(), key=lambda a: (a.code, a.division.value)):
        for year in ds.years:
            try:
                place = ds.place(area.code, year)
            except LookupError:
                continue
            if place.area != area:
                continue  # the code's other vintage: its own entry
            out[f"{area.code}|{year}"] = _digest(ds, area.code, year)
    return out


def test_every_huddinge_profile_is_as_before(dataset: Dataset) -> None:
    found = _all_digests(dataset)
    if os.environ.get("KOMMUNANALYS_WRITE_PROFILE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
    expected: dict[str, Any] = json.loads(SNAPSHOT.read_text())
    assert len(found) > 500
    changed = sorted(k for k in expected if found.get(k) != expected[k])
    assert found.keys() == expected.keys()
    assert not changed, f"{len(changed)} profiles differ, e.g. {changed[:5]}"
