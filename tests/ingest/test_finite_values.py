"""NaN, ±inf, 1e400 and impossible values are refused by the import with file, row and column,
and nothing is written (issue 23 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.store import Store
from tests.ingest.helpers import tidy
from tests.ingest.test_validation import rejected, where

SHARE = "andel_aktualiseringar_barn_o_ungdom"


@pytest.mark.parametrize(
    ("text", "shown"),
    [("nan", "nan"), ("NaN", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("1e400", "inf")],
)
def test_tidy_csv_refuses_a_non_finite_value(
    store: Store, tmp_path: Path, text: str, shown: str
) -> None:
    path = tidy(
        tmp_path / "tal.csv",
        "antal_invanare,0126C1310,2022,3277",
        f"medianinkomst,0126C1310,2022,{text}",
    )
    problems = rejected(store, path)
    assert where(problems[0]) == ("tal.csv", None, 3, "value")
    assert problems[0].message.startswith(f"{shown} är inget ändligt tal")


@pytest.mark.parametrize("column", ["numerator", "denominator"])
def test_tidy_csv_refuses_a_non_finite_numerator_or_denominator(
    store: Store, tmp_path: Path, column: str
) -> None:
    numbers = {"numerator": "5", "denominator": "50", column: "inf"}
    path = tidy(
        tmp_path / "kvot.csv",
        f"{SHARE},0126C1310,2022,10,{numbers['numerator']},{numbers['denominator']}",
        header="indicator,area,period,value,numerator,denominator",
    )
    problems = rejected(store, path)
    assert ("kvot.csv", None, 2, column) in [where(p) for p in problems]


@pytest.mark.parametrize("value", ["100.5", "-0.1", "150"])
def test_a_share_outside_0_to_100_is_refused(store: Store, tmp_path: Path, value: str) -> None:
    path = tidy(tmp_path / "andel.csv", f"{SHARE},0126C1310,2022,{value}")
    (problem,) = rejected(store, path)
    assert where(problem) == ("andel.csv", None, 2, "value")
    assert "ligger utanför 0–100 %" in problem.message


def test_shares_of_0_and_100_are_accepted(store: Store, tmp_path: Path) -> None:
    from kommunanalys.ingest.files import import_file

    path = tidy(tmp_path / "kant.csv", f"{SHARE},0126C1310,2022,0", f"{SHARE},0126C1270,2022,100")
    assert import_file(store, path, refresh=False).ok


def test_negative_counts_and_numerator_above_denominator_are_refused(
    store: Store, tmp_path: Path
) -> None:
    path = tidy(
        tmp_path / "omojligt.csv",
        "antal_invanare,0126C1310,2022,-3,,",
        f"{SHARE},0126C1270,2022,50,-1,10",
        f"{SHARE},0126C1280,2022,50,20,10",
        header="indicator,area,period,value,numerator,denominator",
    )
    found = {(where(p)[2], where(p)[3]) for p in rejected(store, path)}
    assert {(2, "value"), (3, "numerator"), (4, "numerator")} <= found


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("antal_invanare,0126C1310,2022,-inf,,", "value"),
        ("antal_invanare,0126C1310,2022,inf,,", "value"),
        (f"{SHARE},0126C1310,2022,50,-inf,10", "numerator"),
        (f"{SHARE},0126C1310,2022,50,5,-inf", "denominator"),
    ],
)
def test_a_number_that_is_not_finite_gets_one_message(
    store: Store, tmp_path: Path, row: str, column: str
) -> None:
    """-inf is not also "no whole number ≥ 0": the row gets the one message that says what
    is wrong with it, naming its column."""
    header = "indicator,area,period,value,numerator,denominator"
    path = tidy(tmp_path / "ett.csv", row, header=header)
    (problem,) = rejected(store, path)
    assert where(problem) == ("ett.csv", None, 2, column)
    assert "inget ändligt tal" in problem.message
