"""Similar areas: the k areas of the same level most like a given one.

By default the comparison uses the socio-economic indicators below, each taken from the
latest year up to the chosen year that has values in the area's vintage (SCB publishes
them in different years). An analyst may pass other indicators and weights.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kommunanalys.errors import ErrorCode
from kommunanalys.model import ALL_AGES, Area, Gender, Level
from kommunanalys.query import Dataset, NoData
from kommunanalys.stats.similarity import nearest

#: The default basis: income, economic standard, education, work, origin, tenure.
SOCIOECONOMIC = (
    "medianinkomst",
    "andel_lag_ekonomisk_standard",
    "andel_hemmaboende_barn_0_17_lag_inkomststandard",
    "andel_eftergymnasial_25_64",
    "andel_forvarvsarbetande_20_64",
    "andel_utrikes_fodda",
    "andel_boende_hyresratt",
)


@dataclass(frozen=True, slots=True)
class SimilarAreas:
    area: Area
    year: str
    neighbours: list[tuple[Area, float]]  # nearest first, with the distance in z-units
    indicators: list[tuple[str, str]]  # (indicator id, the year its values come from)
    weights: dict[str, float]


def similar_areas(
    ds: Dataset,
    code: str,
    year: str | None = None,
    *,
    k: int = 5,
    indicators: list[str] | None = None,
    weights: dict[str, float] | None = None,
    among: Sequence[Area] | None = None,
) -> SimilarAreas:
    """The ``k`` areas nearest to ``code``; ``among`` gives the candidates when they are not
    the area's own level and vintage (a custom area against the RegSO outside it)."""
    year = ds.check_year(year)
    area = ds.area(code, year)
    year = year or ds.latest_year(area)
    if area.level is Level.KOMMUN:
        raise NoData(ErrorCode.NO_SIMILAR_FOR_KOMMUN)
    chosen = [i for i in (indicators or SOCIOECONOMIC) if ds.catalogue.get(i) is not None]
    for i in indicators or []:
        ds.indicator(i)  # an unknown id is the user's error: say so
    if among is None:
        peers = ds.areas(area.level, area.division)
    else:
        peers = [area, *(a for a in among if (a.code, a.division) != (area.code, area.division))]
    codes = [a.code for a in peers]
    keys = {(a.code, a.division) for a in peers}
    by_indicator: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for v in ds.values(chosen, areas=codes, genders=[Gender.TOTAL]):
        if (v.area, v.division) in keys and v.value is not None and v.age_group == ALL_AGES:
            by_indicator[v.indicator][v.period][v.area] = v.value
    columns: list[list[float]] = []
    used: list[tuple[str, str]] = []
    for indicator_id in chosen:
        years = [p for p in by_indicator[indicator_id] if p <= year]
        if not years:
            continue
        period = max(years)
        values = by_indicator[indicator_id][period]
        if area.code not in values:
            continue
        columns.append([values.get(c, np.nan) for c in codes])
        used.append((indicator_id, period))
    if not columns:
        raise NoData(ErrorCode.NO_VALUES_TO_COMPARE, area=area.name, year=year)
    w = {i: (weights or {}).get(i, 1.0) for i, _ in used}
    matrix = np.array(columns, dtype=np.float64).T
    found = nearest(matrix, codes.index(area.code), k, [w[i] for i, _ in used])
    return SimilarAreas(area, year, [(peers[i], d) for i, d in found], used, w)
