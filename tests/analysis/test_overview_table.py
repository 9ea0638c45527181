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
