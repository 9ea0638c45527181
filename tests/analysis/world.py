"""A small synthetic municipality for testing the analysis layer with known truth.

Kommun 0999 with 4 RegSO of 5 DeSO each; one share indicator (``share = num / den``) by
gender for a number of years. ``area_gap`` is added to the true share of DeSO 0999C0101,
``gender_gap`` to women's true share everywhere.
"""

from __future__ import annotations

import numpy as np

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.model import (
    Area,
    Division,
    Gender,
    Indicator,
    Level,
    Observation,
    Polarity,
    ValueType,
)
from kommunanalys.query import Dataset
from kommunanalys.refresh import refresh_derived
from kommunanalys.store import Store

PLANTED = "0999C0101"


def indicator(id: str, value_type: ValueType, **kw: object) -> Indicator:
    share = value_type is ValueType.PROPORTION
    return Indicator(
        id=id,
        name_sv=f"Test {id}",
        name_en=id,
        domain="Stöd och insatser",
        value_type=value_type,
        unit="%" if share else "antal",
        multiplier=100 if share else 1,
        polarity=Polarity.LOW_GOOD if share else Polarity.NEUTRAL,
        source_kind="internal",
        source="test",
        definition="test",
        by_gender=True,
        **kw,
    )  # type: ignore[arg-type]


INDICATORS = (
    indicator("num", ValueType.COUNT),
    indicator("den", ValueType.COUNT),
    indicator("share", ValueType.PROPORTION, numerator="num", denominator="den"),
)


def areas() -> list[Area]:
    out = [Area("0999", "Testkommun", Level.KOMMUN, Division.KOMMUN)]
    for r in range(1, 5):
        regso = f"0999R00{r}"
        out.append(Area(regso, f"Region {r}", Level.REGSO, Division.REGSO2020, "0999", "0999"))
        for d in range(1, 6):
            out.append(
                Area(
                    f"0999C0{r}0{d}", f"DeSO {r}.{d}", Level.DESO, Division.DESO2018, regso, "0999"
                )
            )
    return out


def world(
    seed: int,
    *,
    area_gap: float = 0.0,
    gender_gap: float = 0.0,
    years: tuple[str, ...] = ("2022",),
    base: float = 0.30,
    yearly_change: float = 0.0,
    age_gap: float | None = None,
) -> Dataset:
    """With ``age_gap`` the values come by age group ("0-64", "65+"), the older group's true
    share raised by the gap."""
    rng = np.random.default_rng(seed)
    store = Store.memory()
    store.save_indicators(list(INDICATORS))
    all_areas = areas()
    store.save_areas(all_areas)
    observations = []
    for i, year in enumerate(years):
        for area in all_areas:
            if area.level is not Level.DESO:
                continue
            ages = ("total",) if age_gap is None else ("0-64", "65+")
            for gender, age in ((g, a) for g in (Gender.WOMEN, Gender.MEN) for a in ages):
                p = base + i * yearly_change
                p += area_gap if area.code == PLANTED else 0.0
                p += gender_gap if gender is Gender.WOMEN else 0.0
                p += age_gap if age_gap and age == "65+" else 0.0
                den = int(rng.integers(300, 500))
                num = int(rng.binomial(den, min(max(p, 0.0), 1.0)))
                for ind, value in (("num", num), ("den", den)):
                    observations.append(
                        Observation(
                            ind,
                            area.code,
                            Division.DESO2018,
                            year,
                            float(value),
                            gender,
                            age_group=age,
                        )
                    )
    store.record_import(
        source="test", description="synthetic", checksum=f"seed-{seed}", observations=observations
    )
    refresh_derived(store, Catalogue(INDICATORS))
    return Dataset(store)
