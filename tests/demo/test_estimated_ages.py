"""Befolkning 0–6 and 7–20 (and their shares) are estimated from SCB's real five-year age
bands, not generated (issue 21 item 15): they are not marked synthetic, the estimate is the
real bands spread evenly over their ages (no invented trend or gender skew), and the
catalogue says how they are made."""

from __future__ import annotations

import pytest

from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.model import Division, Gender
from kommunanalys.query import Dataset

ESTIMATED = ("befolkning_0_6", "befolkning_7_20", "andel_befolkning_0_6", "andel_befolkning_7_20")


@pytest.mark.parametrize("indicator", ESTIMATED)
def test_the_age_groups_from_real_counts_are_not_synthetic(
    dataset: Dataset, indicator: str
) -> None:
    values = dataset.values([indicator], areas=["0126C1310", "0126"], years=["2022", "2024"])
    assert values and not any(v.synthetic for v in values)
    assert "femårsklasser" in (load_catalogue()[indicator].definition)


def test_befolkning_0_6_is_the_real_bands_spread_evenly(dataset: Dataset) -> None:
    """A DeSO 2025 in 2024 (the year of the bands): 0–4 plus two fifths of 5–9, per sex."""
    code = next(a.code for a in dataset.areas() if a.division is Division.DESO2025)

    def real(indicator: str, gender: Gender) -> float:
        [v] = dataset.values([indicator], areas=[code], years=["2024"], genders=[gender])
        assert v.division is Division.DESO2025 and v.value is not None
        return v.value

    for sex in (Gender.WOMEN, Gender.MEN):
        bands = real("antal_invanare_0_4", sex) + real("antal_invanare_5_9", sex) * 2 / 5
        scale = real("befolkning", Gender.TOTAL) / sum(
            real(f"antal_invanare_{b}", s) for b in _bands() for s in (Gender.WOMEN, Gender.MEN)
        )
        assert real("befolkning_0_6", sex) == round(bands * scale)


def _bands() -> tuple[str, ...]:
    from kommunanalys.sources.scb.deso_json import AGE_BANDS

    return AGE_BANDS
