"""The overview table (issue 20 item 8): every cell's colour is the comparison the area's own
profile card shows against the same benchmark, for every cell of every domain."""

from __future__ import annotations

import pytest

from kommunanalys.analysis.overview_table import default_benchmark, overview_table
from kommunanalys.model import DOMAINS, Level
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import QUINTILE_METHOD
from kommunanalys.web.views.profile_view import profile_view


@pytest.mark.parametrize(
    ("level", "year", "benchmark"),
    [
        (Level.REGSO, "2022", None),  # the kommun, as on the RegSO's profiles
        (Level.DESO, "2022", None),
        (Level.DESO, "2024", None),  # DeSO 2025
        (Level.REGSO, "2022", "0000"),  # riket
        (Level.KOMMUN, "2022", "0000"),
    ],
)
def test_every_cell_is_the_comparison_on_the_areas_card(
    dataset: Dataset, level: Level, year: str, benchmark: str | None
) -> None:
    bench = dataset.area(benchmark) if benchmark else default_benchmark(dataset, level)
    cells = 0
    compared = 0
    methods: set[str] = set()
    for domain in DOMAINS:
        table = overview_table(dataset, level, domain, year, bench)
        for area, row in zip(table.areas, table.rows, strict=True):
            view = profile_view(dataset, dataset.place(area.code, year), domain, benchmark)
            assessed = view["_assessments"]
            for ind, cell in zip(table.indicators, row, strict=True):
                card = assessed.get(ind.id)
                on_card = card.comparison if card else None
                got = cell.comparison
                in_table = (got.outcome, got.strict, got.method) if got else None
                expected = (on_card.outcome, on_card.strict, on_card.method) if on_card else None
                assert in_table == expected, (area.code, ind.id)
                cells += 1
                compared += got is not None
                methods.add(got.method if got else "")
    assert cells > 100 and compared > 50  # the tables are not empty
    if level is not Level.KOMMUN:  # both kinds of comparison were checked
        assert QUINTILE_METHOD in methods and "Wilson" in methods


def test_the_kommun_level_compares_with_riket_and_the_table_is_gated(dataset: Dataset) -> None:
    riket = default_benchmark(dataset, Level.KOMMUN)
    assert riket is not None and riket.code == "0000"
    table = overview_table(dataset, Level.KOMMUN, "Boende", "2022", riket)
    assert [a.code for a in table.areas] == ["0126"]
    column = [i.id for i in table.indicators].index("andel_boende_hyresratt")
    assert table.benchmark_values[column] is not None
    cell = table.rows[0][column]
    assert cell.comparison is not None and cell.comparison.benchmark_label == "Riket"
    # every value passed the disclosure gate: the same values as the dataset's
    deso = overview_table(dataset, Level.DESO, "Stöd och insatser", "2023", dataset.kommun)
    gated = {
        (v.indicator, v.area): v
        for v in dataset.values([i.id for i in deso.indicators], years=["2023"])
        if v.division is deso.division and v.gender.value == "T"
    }
    for area, row in zip(deso.areas, deso.rows, strict=True):
        for ind, cell in zip(deso.indicators, row, strict=True):
            assert cell.value == gated.get((ind.id, area.code))


@pytest.mark.parametrize("areas", [4, 5, 6])
def test_a_value_without_interval_gets_its_fifth_from_five_values_as_on_the_card(
    areas: int,
) -> None:
    """Fingertips (PHE's phe_quantile): quintiles among at least five values, the area's own
    included — the card's rule (assessment.quintile_peers + stats.comparison.quintiles); the
    table once asked for five others besides the area, so five DeSO got no fifth there."""
    import numpy as np

    from kommunanalys.analysis.assessment import compare_value
    from kommunanalys.analysis.overview_table import column_comparisons
    from kommunanalys.model import Division, Gender, Indicator, Polarity, Value, ValueType

    ind = Indicator(
        id="median_x",
        name_sv="Median x",
        name_en="Median x",
        domain=DOMAINS[0],
        value_type=ValueType.MEDIAN,
        unit="kr",
        multiplier=1,
        polarity=Polarity.HIGH_GOOD,
        source_kind="internal",
        source="test",
        definition="test",
    )
    value = np.arange(1.0, areas + 1.0)
    nan = np.full(areas, np.nan)
    cells = column_comparisons(ind, (value, nan, nan), None, "", Level.DESO, None)
    for k in range(areas):
        own = Value(ind.id, f"A{k}", Division.DESO2018, "2022", Gender.TOTAL, float(value[k]))
        peers = [float(x) for j, x in enumerate(value) if j != k]
        card = compare_value(ind, own, None, "", peers, (None, None))
        assert (cells[k] and cells[k].outcome) == (card and card.outcome)
        assert (cells[k] is None) == (areas < 5)
