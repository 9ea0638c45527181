"""The server keeps every kommun's trends ahead of its readers (issue 22 item 1): after its
background pass, no profile request of any area computes a trend, the results are those a
request computes itself, and a newer snapshot stops an older one's pass."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kommunanalys.analysis import assessment
from kommunanalys.analysis.assessment import Trend, area_trends
from kommunanalys.config import Settings
from kommunanalys.model import Indicator, Value
from kommunanalys.query import Dataset
from kommunanalys.stats.trend import TrendSpan
from kommunanalys.store import Store
from kommunanalys.web import create_app
from kommunanalys.web.warm_up import WarmUp


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of series each call of series_trends computed."""
    calls: list[int] = []
    original = assessment.series_trends

    def counted(rows: list[tuple[Indicator, list[Value]]], *args: TrendSpan) -> list[Trend]:
        calls.append(len(rows))
        return original(rows, *args)

    monkeypatch.setattr(assessment, "series_trends", counted)
    return calls


def test_after_the_background_pass_no_profile_request_computes_trends(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(demo_store, warm=True, settings=Settings.for_tests())
    assert app.state.warm_up.wait(timeout=120)
    calls = _counting(monkeypatch)
    ds: Dataset = app.state.dataset
    client = TestClient(app)
    outside = [a for a in ds.areas() if a.kommun != ds.kommun.code]
    assert outside  # riket, the län, the comparison kommuner
    for area in outside:
        client.get(f"/omrade/{area.code}")
        assert area_trends(ds, area) == assessment.all_trends(ds, [area]).get(
            (area.code, area.division), {}
        ), area.code
    calls_of_requests = len(calls) - len(outside)  # all_trends above: one call per area
    assert calls_of_requests == 0


def test_a_newer_snapshot_stops_the_older_ones_pass(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm = WarmUp()
    older, newer = Dataset(demo_store), Dataset(demo_store)
    started, go_on = threading.Event(), threading.Event()
    original = assessment.all_trends

    def slow(ds: Dataset, *args: object) -> object:
        if ds is older:
            started.set()
            go_on.wait(30)
        return original(ds, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(assessment, "all_trends", slow)
    warm.start(older)
    assert started.wait(30)
    warm.start(newer)
    go_on.set()
    assert warm.wait(timeout=120)
    for thread in threading.enumerate():  # the older pass too
        if thread.name == "warm":
            thread.join(60)
    groups = {(a.kommun or a.code) for a in older.areas()}
    assert len(groups) > 1
    kept_older = [k for k in older._memo if k[0] == "trends"]
    kept_newer = [k for k in newer._memo if k[0] == "trends"]
    assert len(kept_older) == 1  # the pass stopped after the kommun it was computing
    assert len(kept_newer) == len(groups)


WARMED = """
import sys
from kommunanalys.config import Settings
from kommunanalys.store import Store
from kommunanalys.web import create_app
from kommunanalys.web.rendering import templates
app = create_app(Store.open(sys.argv[1]), warm=True, settings=Settings.for_tests())
assert app.state.warm_up.wait(timeout=300)
names = templates.env.list_templates(extensions=["html"])
def compile_again(*args, **kwargs):
    raise AssertionError("a template compiled after the warm-up")
templates.env.compile = compile_again
compiled = all(templates.env.get_template(name) for name in names) and len(names) > 0
print("statsmodels.stats.proportion" in sys.modules, compiled)
"""


def test_the_process_one_offs_are_paid_by_the_warm_up_not_a_reader(demo_copy: Path) -> None:
    """The first /jamfor imported the comparison's statistics (0.95 s CPU holding the
    interpreter) and every first view compiled its templates: a new server pays both in
    its background pass."""
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run(
        [sys.executable, "-c", WARMED, str(demo_copy)],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True"]
