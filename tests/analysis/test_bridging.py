"""Bridging a DeSO series across the 2025 redraw by summing the parts of an exact split."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from kommunanalys.analysis.bridging import (
    BRIDGED,
    bridged_values,
    split_parts,
    sum_of_parts,
)
from kommunanalys.catalog.areas import exact_splits
from kommunanalys.model import AreaChange, Division, Gender, Value
from kommunanalys.privacy.gate import SUPPRESSED
from kommunanalys.query import Dataset


def _change(old: str, new: str, kind: str = "Upphör; till nybildad") -> AreaChange:
    return AreaChange(old, new, kind, "2025-01-01")


def test_exact_splits_of_huddinge_follow_scbs_change_log(dataset: Dataset) -> None:
    splits = exact_splits(list(dataset.store.area_changes()))
    assert splits == {
        "0126C1190": ("0126C1191", "0126C1192"),
        "0126C1310": ("0126C1311", "0126C1312"),
    }
    # 0126C1080 ended too, but its part 0126C1081 also took land from 0126C1020: not exact.
    assert "0126C1080" not in splits


def test_a_part_with_two_sources_or_a_surviving_code_is_no_exact_split() -> None:
    changes = [
        _change("A", "A1"),
        _change("A", "A2"),
        _change("B", "B", "Minskas och ger del till befintlig eller nybildad"),
        _change("B", "B1", "Ger del till nybildad"),
        _change("C", "C1"),
        _change("C", "C2"),
        _change("D", "C2"),
        _change("E", "E", "Utvidgas"),
    ]
    assert exact_splits(changes) == {"A": ("A1", "A2")}


def test_bridged_counts_are_the_sum_of_the_parts(dataset: Dataset) -> None:
    old = dataset.area("0126C1310", "2022")
    assert split_parts(dataset, old) == ("0126C1311", "0126C1312")
    count = dataset.indicator("antal_invanare")
    bridged = bridged_values(dataset, old, count, [Gender.TOTAL])
    parts = dataset.values(
        ["antal_invanare"], areas=["0126C1311", "0126C1312"], genders=[Gender.TOTAL]
    )
    for year in ("2024", "2025"):
        expected = sum(v.value or 0 for v in parts if v.period == year)
        (value,) = [v for v in bridged if v.period == year]
        assert value.value == expected and expected > 3000
        assert (value.area, value.division, value.method) == (
            "0126C1310",
            Division.DESO2018,
            BRIDGED,
        )
    assert {v.period for v in bridged} == {"2024", "2025"}


def test_medians_and_inexact_splits_are_not_bridged(dataset: Dataset) -> None:
    old = dataset.area("0126C1310", "2022")
    assert bridged_values(dataset, old, dataset.indicator("medianinkomst"), [Gender.TOTAL]) == []
    inexact = dataset.area("0126C1080", "2022")
    assert split_parts(dataset, inexact) == ()
    count = dataset.indicator("antal_invanare")
    assert bridged_values(dataset, inexact, count, [Gender.TOTAL]) == []
    unchanged = dataset.area("0126C1310", "2022")
    assert split_parts(dataset, dataset.area("0126R001", "2025")) == ()
    assert unchanged.division is Division.DESO2018


def _part(code: str, value: float | None, num: float | None, den: float | None) -> Value:
    return Value("andel_x", code, Division.DESO2025, "2024", Gender.TOTAL, value, num, den)


def test_shares_are_recomputed_from_summed_counts_and_protection_carries(
    dataset: Dataset,
) -> None:
    old = dataset.area("0126C1310", "2022")
    share = dataset.indicator("andel_lag_ekonomisk_standard")
    parts = [_part("0126C1311", 10.0, 100, 1000), _part("0126C1312", 30.0, 300, 1000)]
    value = sum_of_parts(old, "2024", Gender.TOTAL, parts, share)
    assert value is not None
    assert (value.numerator, value.denominator) == (400, 2000)
    assert value.value == 400 / 2000 * share.multiplier
    protected = [parts[0], replace(parts[1], value=None, numerator=None, status=SUPPRESSED)]
    hidden = sum_of_parts(old, "2024", Gender.TOTAL, protected, share)
    assert hidden is not None and hidden.status == SUPPRESSED
    assert (hidden.value, hidden.numerator, hidden.denominator) == (None, None, None)
    # A share published without its counts cannot be summed: the year is left out.
    assert sum_of_parts(old, "2024", Gender.TOTAL, [_part("a", 9.0, None, None)] * 2, share) is None


def test_years_view_continues_an_exactly_split_deso(client: TestClient) -> None:
    data = client.get(
        "/utveckling.json", params={"omrade": "0126C1310,0126C1080", "indikator": "antal_invanare"}
    ).json()
    by_area = {s["area"]["code"]: s for s in data["series"]}
    bridged = by_area["0126C1310"]
    assert bridged["bridged_by"] == ["0126C1311", "0126C1312"]
    points = [p for seg in bridged["segments"] for p in seg["points"]]
    assert [p["year"] for p in points if p["bridged"]] == ["2024", "2025"]
    assert by_area["0126C1080"]["bridged_by"] == []
    page = client.get(
        "/utveckling", params={"omrade": "0126C1310", "indikator": "antal_invanare"}
    ).text
    assert 'id="bridge-note"' in page and 'id="break-note"' not in page
    assert "summan av delarna 0126C1311 och 0126C1312" in page
