"""The disclosure rule in the catalogue: optional columns, validation, inheritance."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kommunanalys.catalog.indicators import (
    RULE_COLUMNS,
    CatalogueError,
    DisclosureOptions,
    default_path,
    load_catalogue,
)
from kommunanalys.privacy.rules import Rule, Rules, round_count
from tests.privacy.small import INDICATORS

SHARE_ROW = "andel_aktualiseringar_kriminalitet"
COUNT_ROW = "antal_aktualiseringar_kriminalitet"


def _rewrite(tmp_path: Path, edit: dict[str, dict[str, str]], drop: tuple[str, ...] = ()) -> Path:
    """The shipped catalogue with some cells changed (by id and column) or columns dropped."""
    rows = list(csv.DictReader(io.StringIO(default_path().read_text(encoding="utf-8"))))
    columns = [c for c in rows[0] if c not in drop]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row.update(edit.get(row["id"], {}))
        writer.writerow(row)
    path = tmp_path / "indicators.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_catalogue_without_the_rule_columns_still_loads(tmp_path: Path) -> None:
    catalogue = load_catalogue(_rewrite(tmp_path, {}, drop=RULE_COLUMNS))
    assert catalogue[COUNT_ROW].min_cell == 5
    assert catalogue.disclosure(COUNT_ROW) == DisclosureOptions()


def test_rule_columns_are_read(tmp_path: Path) -> None:
    path = _rewrite(tmp_path, {COUNT_ROW: {"protect_zeros": "true", "round_to": "3"}})
    catalogue = load_catalogue(path)
    assert catalogue.disclosure(COUNT_ROW) == DisclosureOptions(protect_zeros=True, round_to=3)
    assert Rules(catalogue).rule(COUNT_ROW) == Rule(5, True, 3)


def _row_of(indicator_id: str) -> int:
    ids = [r["id"] for r in csv.DictReader(io.StringIO(default_path().read_text("utf-8")))]
    return ids.index(indicator_id) + 2


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({COUNT_ROW: {"protect_zeros": "ja"}}, r"rad {row}, kolumn protect_zeros: 'ja'"),
        ({COUNT_ROW: {"round_to": "fem"}}, r"rad {row}, kolumn round_to: 'fem' är inget heltal"),
        ({COUNT_ROW: {"round_to": "1"}}, r"rad {row}, kolumn round_to: .*minst 2"),
        ({COUNT_ROW: {"min_cell": "0"}}, r"rad {row}, kolumn min_cell: .*minst 1"),
        ({SHARE_ROW: {"round_to": "5"}}, r"rad {row}, kolumn round_to: bara antal"),
        ({"antal_invanare": {"protect_zeros": "true"}}, r"rad {row}, kolumn protect_zeros"),
    ],
)
def test_bad_rule_cells_name_file_row_and_column(
    tmp_path: Path, edit: dict[str, dict[str, str]], message: str
) -> None:
    row = _row_of(next(iter(edit)))
    with pytest.raises(CatalogueError, match=r"indicators\.csv: " + message.format(row=row)):
        load_catalogue(_rewrite(tmp_path, edit))


def test_a_sensitive_share_makes_its_numerator_sensitive() -> None:
    from dataclasses import replace

    from kommunanalys.catalog.indicators import Catalogue

    count, population, share = INDICATORS
    catalogue = Catalogue((replace(count, sensitive=False, min_cell=None), population, share))
    rules = Rules(catalogue)
    assert rules.rule("antal_x") == Rule(5)  # inherited from andel_x
    assert rules.rule("befolkning_x") is None
    assert rules.planned() == ["antal_x"]
    assert rules.small_denominators("antal_x") == [("befolkning_x", Rule(5))]


def test_rounding_is_half_up_to_the_base() -> None:
    assert [round_count(v, 5) for v in (0, 2, 2.5, 3, 7, 8)] == [0, 0, 5, 5, 5, 10]
    assert round_count(7, None) == 7
    assert Rule(5, True, 10).describe() == (
        "Antal under 5 visas inte; inte heller nollor; antal avrundas till närmaste 10-tal."
    )
