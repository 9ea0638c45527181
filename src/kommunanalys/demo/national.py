"""Riket and Stockholms län in the demo: SCB's DeSO tables cover all of Sweden, and a count of
riket (or of a län) is the sum of its DeSO — the demo's national and county comparator are
real SCB figures, summed, not synthetic.

Only counts are summed (shares follow from them in the derived values, medians and means
never), and only where every DeSO of the area has a value: a sum with a hole is no total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.catalog.regions import RIKET, lan_of
from kommunanalys.model import Division, Gender, Level, Observation, ValueType
from kommunanalys.sources.scb.export import ScbTable
from kommunanalys.sources.scb.mapping import ColumnRule, RegionResolver, to_observations

SOURCE = "SCB {code}: summan av rikets DeSO"


@dataclass(frozen=True)
class _EveryDeso(RegionResolver):
    """Every DeSO of Sweden (the home kommun's resolver keeps only its own)."""

    def resolve(self, region: str) -> tuple[str, Level] | None:
        code = region.split("_", 1)[0]
        if len(code) == 9 and code[:4].isdigit() and code[4] in "ABC":
            return code, Level.DESO
        return None


def national_observations(
    table: ScbTable, rules: Sequence[ColumnRule], catalogue: Catalogue, lan: str, code: str
) -> list[Observation]:
    """Riket's and ``lan``'s counts in ``table`` (a DeSO table of all Sweden), as sums of
    their DeSO (nothing for a table of another division: RegSO by name)."""
    per_deso = to_observations(table, rules, _EveryDeso("", "", {}), source="")
    sums: dict[tuple[str, str, str, str, str], float] = defaultdict(float)
    holes: set[tuple[str, str, str, str, str]] = set()
    for o in per_deso:
        indicator = catalogue.get(o.indicator)
        if indicator is None or indicator.value_type is not ValueType.COUNT:
            continue
        for area in (RIKET, lan_of(o.area)):
            if area != RIKET and area != lan:
                continue
            key = (o.indicator, area, o.period, o.gender.value, o.age_group)
            if o.value is None:
                holes.add(key)
            else:
                sums[key] += o.value
    source = SOURCE.format(code=code)
    return [
        Observation(
            indicator=indicator,
            area=area,
            division=Division.KOMMUN,
            period=period,
            value=value,
            gender=Gender(gender),
            age_group=age_group,
            source=source,
        )
        for (indicator, area, period, gender, age_group), value in sorted(sums.items())
        if (indicator, area, period, gender, age_group) not in holes
    ]
