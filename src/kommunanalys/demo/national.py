"""Riket and Stockholms län in the demo: SCB's DeSO tables cover all of Sweden, and a count of
riket (or of a län) is the sum of its DeSO — the demo's national and county comparator are
real SCB figures, summed, not synthetic.

Only counts are summed (shares follow from them in the derived values, medians and means
never), and only where every DeSO of the area has a value: a sum with a hole is no total.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.catalog.regions import RIKET, lan_of
from kommunanalys.model import Level, Observation, ValueType
from kommunanalys.sources.scb.export import ScbCell, ScbTable
from kommunanalys.sources.scb.mapping import ColumnRule, RegionResolver, to_observations

SOURCE = "SCB {code}: summan av rikets DeSO"


@dataclass(frozen=True)
class _Regional(RegionResolver):
    """The summed regions: riket and the län, in the catalogue's codes."""

    def resolve(self, region: str) -> tuple[str, Level] | None:
        return (region, Level.RIKET if region == RIKET else Level.LAN)


def _deso(region: str) -> str | None:
    code = region.split("_", 1)[0]
    if len(code) == 9 and code[:4].isdigit() and code[4] in "ABC":
        return code
    return None


def national_observations(
    table: ScbTable, rules: Sequence[ColumnRule], catalogue: Catalogue, lan: str, code: str
) -> list[Observation]:
    """Riket's and ``lan``'s counts in ``table`` (a DeSO table of all Sweden), as sums of
    their DeSO (nothing for a table of another division: RegSO by name).

    The cells are summed first (a rule adds and subtracts columns: the sum of the rule over
    the DeSO is the rule over the summed cells); a sum with a hole (a DeSO's cell without a
    number) is marked and left out."""
    sums: dict[tuple[str, tuple[str, ...]], list[float]] = defaultdict(list)
    holes: set[tuple[str, tuple[str, ...]]] = set()
    first: dict[tuple[str, tuple[str, ...]], ScbCell] = {}
    for cell in table.cells:
        deso = _deso(cell.region)
        if deso is None:
            continue
        for area in (RIKET, lan) if lan_of(deso) == lan else (RIKET,):
            key = (area, cell.labels)
            first.setdefault(key, cell)
            if cell.value is None or cell.status:
                holes.add(key)
            else:
                sums[key].append(cell.value)
    summed = ScbTable(
        table.file,
        table.title,
        table.reference_code,
        tuple(
            replace(
                cell,
                region=key[0],
                value=None if key in holes else math.fsum(sums[key]),
                status=".." if key in holes else None,
            )
            for key, cell in first.items()
        ),
    )
    source = SOURCE.format(code=code)
    return [
        replace(o, source=source)
        for o in to_observations(summed, rules, _Regional("", "", {}), source=source)
        if o.status is None
        and (indicator := catalogue.get(o.indicator)) is not None
        and indicator.value_type is ValueType.COUNT
    ]
