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


def test_a_level_s_first_request_builds_no_value_per_area(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The map's and the ranking's twins (and the map itself) of a DeSO level read the gated
    slice's columns: a :class:`Value` is made for the kommun's own row, not for each area
    (6 000 at national scale, a third of a first request before)."""
    from kommunanalys.model import Gender, Value
    from kommunanalys.web.views import indicator_values, ranking_view

    ds = Dataset(demo_store)  # nothing kept from other tests
    made = Counter[str]()
    real = Value.__init__

    def counted(self: Value, *args: Any, **kwargs: Any) -> None:
        made["values"] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(Value, "__init__", counted)
    indicator = ds.indicator("andel_ledarledd_fritid")
    found = indicator_values.level_values(ds, indicator, "2022", Level.DESO, Gender.TOTAL)
    ranked = ranking_view.ranking_json(found, found.ranked())
    params = map_view.parse_params(ds, indicator.id, "2022", "deso", None, None)
    view = map_view.build_map(ds, params)
    twin = map_view.map_json(view, params.query())
    assert view.svg.startswith("<svg")
    areas = len(found.rows)
    assert areas > 50 and len(ranked["values"]) == len(twin["areas"]) == areas
    assert sum(r["value"] is not None for r in twin["areas"]) > 50
    assert made["values"] <= 2  # the kommun's value (the benchmark's is the kommun's)


def test_a_level_s_rows_are_the_gated_values(dataset: Dataset) -> None:
    """Each row of a level (read as a slice) has the value the value-by-value read gives,
    hidden cells of a sensitive count included, and an interval where its value has one."""
    from kommunanalys.model import ALL_AGES, Gender
    from kommunanalys.web.views import indicator_values

    for indicator_id in ("antal_aktualiseringar_barn_o_ungdom", "andel_ledarledd_fritid"):
        indicator = dataset.indicator(indicator_id)
        found = indicator_values.level_values(
            dataset, indicator, "2022", Level.DESO, Gender.TOTAL
        )
        division = found.rows[0].area.division
        expected = {
            v.area: v
            for v in dataset.values([indicator_id], years=["2022"], genders=[Gender.TOTAL])
            if v.division is division and v.age_group == ALL_AGES
        }
        assert [r.value for r in found.rows] == [expected.get(r.area.code) for r in found.rows]
        assert any(r.suppressed for r in found.rows) or indicator_id == "andel_ledarledd_fritid"
        for r in found.rows:
            assert (r.interval is not None) == (r.bounds() is not None)
            if r.interval is not None:
                assert (r.lower, r.upper) == (r.interval.lower, r.interval.upper)
                assert r.number is not None


def test_the_overview_table_reads_its_columns_without_a_value_per_area(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table's columns are read as slices: computing it makes a Value for the
    benchmark's own values only, and sorting by a column reads its numbers."""
    from kommunanalys.model import Value

    ds = Dataset(demo_store)  # nothing kept from other tests
    params = parse_params(ds, "deso", "Fritid", "2022", None, "andel_ledarledd_fritid", None, None)
    made = Counter[str]()
    real = Value.__init__

    def counted(self: Value, *args: Any, **kwargs: Any) -> None:
        made["values"] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(Value, "__init__", counted)
    table = overview.overview_table(ds, Level.DESO, params.domain, params.year, params.benchmark)
    filled = len(table.indicators) * len(table.areas)
    assert len(table.areas) > 20 and len(table.indicators) > 1
    assert made["values"] <= len(table.indicators)  # the benchmark's (the kommun's) values
    from kommunanalys.web.views.overview_table_view import sorted_rows

    made.clear()
    order = sorted_rows(table, params)
    assert made["values"] == 0 and sorted(order) == list(range(len(table.areas)))
    assert filled > len(table.indicators)
