"""Issue 22 goal 2: a national view's first request does per-row work only where a row differs.
The map twin translates each comparison's word and finds each comparison's colour once per
document (not once per area: 6 000 times at national scale), and the overview table builds an
area's cells only when its row is shown (a page of 100, not all 5 984 areas × indicators)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from kommunanalys.analysis import overview_table as overview
from kommunanalys.model import Level
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web.views import level_json, map_view
from kommunanalys.web.views.overview_table_view import overview_page_view, parse_params


def test_the_map_twin_translates_and_colours_each_comparison_once(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[str] = Counter()

    def counted(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    params = map_view.parse_params(
        dataset, "andel_ledarledd_fritid", "2022", "deso", None, None, farg="jamforelse"
    )
    view = map_view.build_map(dataset, params)
    expected = map_view.map_rows(view)
    monkeypatch.setattr(level_json, "label", counted("label", level_json.label))
    monkeypatch.setattr(map_view, "outcome_fill", counted("fill", map_view.outcome_fill))
    rows = map_view.map_rows(view)
    assert rows == expected  # the same twin
    outcomes = {r["comparison"] for r in rows}
    compared = [r for r in rows if r["comparison"] is not None]
    assert len(compared) > len(outcomes) > 1  # more rows than distinct comparisons
    assert calls["label"] <= len(outcomes)
    assert calls["fill"] <= len(outcomes)


def test_the_overview_table_builds_only_the_rows_shown(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = Counter[str]()
    real = overview.OverviewCell

    def cell(*args: Any) -> overview.OverviewCell:
        built["cells"] += 1
        return real(*args)

    monkeypatch.setattr(overview, "OverviewCell", cell)
    ds = Dataset(demo_store)  # nothing kept from other tests
    params = parse_params(ds, "deso", "Fritid", "2022", None, "andel_ledarledd_fritid", None, None)
    table = overview.overview_table(ds, Level.DESO, params.domain, params.year, params.benchmark)
    assert len(table.areas) > 20 and len(table.indicators) > 1
    assert built["cells"] == 0  # computed, nothing built per cell yet
    assert len(table.rows[3]) == len(table.indicators)
    assert built["cells"] == len(table.indicators)
    view = overview_page_view(ds, params.__class__(**{**params.__dict__, "page": 1}))
    assert view["rows"] and built["cells"] <= len(table.indicators) * (len(view["rows"]) + 1)
