"""A small municipality with known counts for disclosure tests.

Kommun 0999 with RegSO 0999R001 (DeSO 0999A0010, 0999A0020, 0999A0030) and RegSO 0999R002
(DeSO 0999A0040, 0999A0050). Indicators: ``antal_x`` (sensitive count by gender, minimum 5),
``befolkning_x`` (population, not sensitive) and ``andel_x`` = antal_x / befolkning_x (%).
Observations are per DeSO and gender (K, M); totals, RegSO and kommun are derived.
"""

from __future__ import annotations

from collections.abc import Mapping

from kommunanalys.catalog.indicators import Catalogue, DisclosureOptions
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
from kommunanalys.refresh import refresh_derived
from kommunanalys.store import Store

KOMMUN = "0999"
R1, R2 = "0999R001", "0999R002"
A, B, C, D, E = (f"0999A00{n}0" for n in range(1, 6))
DESO = {A: R1, B: R1, C: R1, D: R2, E: R2}
YEARS = ("2022", "2023")


def _indicator(id: str, value_type: ValueType, **kw: object) -> Indicator:
    share = value_type is ValueType.PROPORTION
    return Indicator(
        id=id,
        name_sv=f"Test {id}",
        name_en=id,
        domain="Stöd och insatser",
        value_type=value_type,
        unit="%" if share else "antal",
        multiplier=100 if share else 1,
        polarity=Polarity.LOW_GOOD,
        source_kind="internal",
        source="test",
        definition="test",
        by_gender=True,
        **kw,
    )  # type: ignore[arg-type]


INDICATORS = (
    _indicator("antal_x", ValueType.COUNT, sensitive=True, min_cell=5),
    _indicator("befolkning_x", ValueType.COUNT),
    _indicator(
        "andel_x",
        ValueType.PROPORTION,
        numerator="antal_x",
        denominator="befolkning_x",
        sensitive=True,
        min_cell=5,
    ),
)


def areas() -> list[Area]:
    out = [Area(KOMMUN, "Testkommun", Level.KOMMUN, Division.KOMMUN)]
    for regso in (R1, R2):
        out.append(Area(regso, f"Region {regso[-1]}", Level.REGSO, Division.REGSO2020, KOMMUN))
    for deso, regso in DESO.items():
        out.append(Area(deso, f"Område {deso[-2]}", Level.DESO, Division.DESO2018, regso, KOMMUN))
    return out


#: Default counts per DeSO and gender (K, M): all comfortably above the minimum.
DEFAULT = {A: (20, 22), B: (30, 31), C: (40, 44), D: (50, 52), E: (60, 66)}


def counts(changes: Mapping[tuple[str, str, str], float] | None = None) -> list[Observation]:
    """antal_x and befolkning_x for every DeSO, year and gender; ``changes`` sets antal_x
    for (deso, year, gender)."""
    out = []
    for year in YEARS:
        for deso, (women, men) in DEFAULT.items():
            for gender, count in ((Gender.WOMEN, women), (Gender.MEN, men)):
                value = (changes or {}).get((deso, year, gender.value), float(count))
                out.append(Observation("antal_x", deso, Division.DESO2018, year, value, gender))
                out.append(
                    Observation("befolkning_x", deso, Division.DESO2018, year, 400.0, gender)
                )
    return out


def small_store(
    changes: Mapping[tuple[str, str, str], float] | None = None,
    options: Mapping[str, DisclosureOptions] | None = None,
    path: str = ":memory:",
) -> Store:
    store = Store.memory() if path == ":memory:" else Store.open(path)
    store.save_indicators(list(INDICATORS))
    store.save_areas(areas())
    store.record_import(
        source="test", description="small", checksum="v1", observations=counts(changes)
    )
    refresh_derived(store, Catalogue(INDICATORS, dict(options or {})))
    return store


def revise(store: Store, changes: Mapping[tuple[str, str, str], float]) -> None:
    """A second import that revises some counts, then the refresh an import does."""
    revised = [
        o
        for o in counts(changes)
        if o.indicator == "antal_x" and (o.area, o.period, o.gender.value) in changes
    ]
    store.record_import(source="test", description="revision", checksum="v2", observations=revised)
    refresh_derived(store)
