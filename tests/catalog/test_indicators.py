"""The indicator catalogue: every seed data point present and every entry valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.catalog.indicators import CatalogueError, default_path, load_catalogue
from kommunanalys.model import DOMAINS, ValueType

SEED_LIST = Path(__file__).parents[1] / "data" / "seed_datapoints.txt"


def test_all_127_seed_names_in_order() -> None:
    expected = [
        line
        for line in SEED_LIST.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(expected) == 127
    assert [i.name_sv for i in load_catalogue() if i.in_seed] == expected


def test_every_entry_is_valid() -> None:
    catalogue = load_catalogue()
    for ind in catalogue:
        assert ind.domain in DOMAINS
        assert ind.unit and ind.definition and ind.source
        if ind.is_ratio and not ind.is_view:
            assert catalogue[ind.numerator].value_type is ValueType.COUNT  # type: ignore[index]
            assert catalogue[ind.denominator].value_type is ValueType.COUNT  # type: ignore[index]
        if ind.sensitive:
            assert ind.min_cell and ind.min_cell >= 1
    assert catalogue["andel_befolkning_0_6"].numerator == "befolkning_0_6"
    assert catalogue["andel_befolkning_0_6"].denominator == "befolkning"
    assert catalogue["antal_aktualiseringar_barn_o_ungdom"].sensitive


def _write_variant(tmp_path: Path, old: str, new: str) -> Path:
    text = default_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "indicators.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",Stöd och insatser,proportion,", ",Stöd och insats,proportion,", r"rad 2, kolumn domain"),
        (
            ",proportion,%,100,antal_aktualiseringar_barn_o_ungdom,",
            ",proportion,%,100,finns_inte,",
            r"rad 2, kolumn numerator: .*finns_inte",
        ),
        (",low_good,true,5,", ",bad,true,5,", r"rad 2, kolumn polarity"),
        (
            ",low_good,true,5,,,,internal,",
            ",low_good,true,5,,,ja,internal,",
            r"rad 2, kolumn complete_count",
        ),
        (
            ",low_good,true,5,,,,internal,",
            ",low_good,true,5,,,true,internal,",
            r"rad 2, kolumn complete_count: bara antal",
        ),
    ],
)
def test_bad_catalogue_names_file_row_and_column(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(CatalogueError, match=r"indicators\.csv: " + message):
        load_catalogue(_write_variant(tmp_path, old, new))


def test_the_catalogue_says_which_indicators_are_complete_counts() -> None:
    """Issue 20: register counts of the whole population have no sampling error."""
    catalogue = load_catalogue()
    complete = {i.id for i in catalogue if i.complete_count}
    assert {"antal_invanare", "antal_invanare_0_4", "befolkning", "befolkning_0_20"} <= complete
    assert all(catalogue[i].value_type is ValueType.COUNT for i in complete)
    assert "antal_aktualiseringar_barn_o_ungdom" not in complete  # events, not a register stock
    assert catalogue["antal_invanare"].interval_kind == "complete_count"
    assert catalogue["antal_aktualiseringar_barn_o_ungdom"].interval_kind == "count"
