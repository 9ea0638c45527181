"""The equality scan: candidate "omotiverade skillnader" between areas, genders and ages.

For one indicator and year every testable gap is tested:

* **område** — each DeSO against the rest of its RegSO, each RegSO against the rest of the
  kommun (the rest = the parent's counts minus the area's own, both published values);
* **kön** — women against men in every area (kommun, RegSO, DeSO);
* **ålder** — each age group against the other age groups of the same area, where the
  indicator is broken down by age.

A gap needs numerator and denominator (shares, rates); means and medians without a
standard error cannot be tested and the scan says so. The false-discovery rate across the
whole scan is controlled with Benjamini–Hochberg: a gap is a candidate when its q-value is
below the FDR level (5 %). Beside the gaps the scan reports the slope index of inequality
across SCB's områdestyp (or income quintiles where no områdestyp exists for the vintage).

Only gated values enter: suppressed cells are neither tested nor used as a "rest".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from kommunanalys.catalog.areas import division_for
from kommunanalys.errors import ErrorCode
from kommunanalys.i18n import N_, indicator_name
from kommunanalys.i18n import gettext as _
from kommunanalys.i18n.text import Text
from kommunanalys.model import ALL_AGES, Area, Division, Gender, Indicator, Level, Value, ValueType
from kommunanalys.query import Dataset, NoData, QueryError
from kommunanalys.stats.comparison import quintiles
from kommunanalys.stats.difference import Difference, proportion_difference, rate_difference
from kommunanalys.stats.inequality import SlopeIndex, slope_index
from kommunanalys.stats.sii import Scale

FDR = 0.05


class GapKind(StrEnum):
    """Between what a gap lies; its words are in :data:`kommunanalys.i18n.labels.GAP_KIND`."""

    AREA = "area"
    GENDER = "gender"
    AGE = "age"


GENDER_NAMES = {Gender.WOMEN: "kvinnor", Gender.MEN: "män"}
WOMEN, MEN, OTHER_AGES = Text(N_("kvinnor")), Text(N_("män")), Text(N_("övriga åldrar"))


@dataclass(frozen=True, slots=True)
class Gap:
    kind: GapKind
    area: Area
    group: Text  # what is compared: the area's name, "kvinnor", an age group
    reference: Text  # what it is compared with: "övriga i Flemingsberg", "män", …
    value: float
    reference_value: float
    difference: Difference  # group − reference, in the indicator's unit
    q_value: float
    significant: bool


@dataclass(frozen=True, slots=True)
class EqualityScan:
    indicator: Indicator
    year: str
    fdr: float
    gaps: list[Gap]  # every tested gap, candidates first
    sii: SlopeIndex | None
    sii_basis: str | None
    not_tested: str | None  # why nothing could be tested, if so

    @property
    def candidates(self) -> list[Gap]:
        return [g for g in self.gaps if g.significant]


@dataclass(frozen=True, slots=True)
class _Cell:
    num: float
    den: float
    value: float


def scan(ds: Dataset, indicator_id: str, year: str | None = None, fdr: float = FDR) -> EqualityScan:
    """Scan ``indicator_id`` in ``year`` (default: its latest year) for significant gaps."""
    indicator = ds.indicator(indicator_id)
    if indicator.is_view:
        raise QueryError(
            ErrorCode.PART_OF_INDICATOR, name=indicator_name(indicator), base=indicator.view_of
        )
    base = ds.catalogue.base(indicator)
    year = ds.check_year(year or None) or _latest_year(ds, indicator.id)
    values = ds.values([indicator.id], years=[year])
    sii, basis = _slope_index(ds, base, values, year)
    if base.value_type not in (ValueType.PROPORTION, ValueType.RATE):
        reason = _("Skillnader kan bara testas för andelar och kvoter med täljare och nämnare.")
        return EqualityScan(indicator, year, fdr, [], sii, basis, reason)
    test = _tester(base)
    raw: list[tuple[GapKind, Area, Text, Text, _Cell, _Cell]] = []
    areas = _areas_for(ds, year)
    cells = _cells(values, {(a.code, a.division) for a in areas})
    by_code = {a.code: a for a in areas}
    threshold = ds.gate.rule(base) or 0
    for area in areas:
        own = cells.get((area.code, Gender.TOTAL, ALL_AGES))
        parent = by_code.get(area.parent or "") if area.level is Level.DESO else None
        if area.level is Level.REGSO:
            parent = ds.kommun
        if own and parent is not None:
            # The rest is the sum of the published siblings, never parent minus own: that
            # difference would reveal siblings the gate suppressed.
            siblings = [
                cells.get((a.code, Gender.TOTAL, ALL_AGES))
                for a in areas
                if a.level is area.level
                and a.code != area.code
                and (a.parent == area.parent or area.level is Level.REGSO)
            ]
            if siblings and all(siblings):
                rest = _sum([c for c in siblings if c], base.multiplier)
                if not 0 < rest.num < threshold:
                    rest_name = Text.of(N_("övriga i %(area)s"), area=parent.name)
                    raw.append((GapKind.AREA, area, Text(area.name), rest_name, own, rest))
        women = cells.get((area.code, Gender.WOMEN, ALL_AGES))
        men = cells.get((area.code, Gender.MEN, ALL_AGES))
        if women and men:
            raw.append((GapKind.GENDER, area, WOMEN, MEN, women, men))
        ages = sorted({age for (code, g, age) in cells if code == area.code and age != ALL_AGES})
        for age in ages:
            if len(ages) == 2 and age == ages[0]:
                continue  # two groups: one test, not the same test twice
            group = cells.get((area.code, Gender.TOTAL, age))
            others = [cells.get((area.code, Gender.TOTAL, a)) for a in ages if a != age]
            if group and others and all(others):
                rest = _sum([o for o in others if o], base.multiplier)
                ages_name = Text.of(N_("%(ages)s år"), ages=age)
                raw.append((GapKind.AGE, area, ages_name, OTHER_AGES, group, rest))
    if not raw:
        reason = _("Inga skillnader kunde testas: täljare och nämnare saknas eller är skyddade.")
        return EqualityScan(indicator, year, fdr, [], sii, basis, reason)
    differences = [test(a, b) for (_, _, _, _, a, b) in raw]
    from scipy.stats import false_discovery_control  # scipy.stats: 0.5 s to import

    q_values = false_discovery_control([d.p_value for d in differences], method="bh")
    gaps = [
        Gap(kind, area, group, ref, a.value, b.value, diff, float(q), bool(q < fdr))
        for (kind, area, group, ref, a, b), diff, q in zip(raw, differences, q_values, strict=True)
    ]
    gaps.sort(key=lambda g: (not g.significant, g.q_value, -abs(g.difference.estimate)))
    return EqualityScan(indicator, year, fdr, gaps, sii, basis, None)


def _tester(indicator: Indicator) -> Callable[[_Cell, _Cell], Difference]:
    m = indicator.multiplier
    if indicator.value_type is ValueType.RATE:
        return lambda a, b: rate_difference(a.num, a.den, b.num, b.den, multiplier=m)
    return lambda a, b: proportion_difference(a.num, a.den, b.num, b.den, multiplier=m)


def _cells(
    values: list[Value], wanted: set[tuple[str, Division]]
) -> dict[tuple[str, Gender, str], _Cell]:
    """Published cells with counts, of the areas (code and vintage) in ``wanted``."""
    out: dict[tuple[str, Gender, str], _Cell] = {}
    for v in values:
        if v.value is None or v.numerator is None or not v.denominator:
            continue
        if (v.area, v.division) not in wanted:
            continue
        out[(v.area, v.gender, v.age_group)] = _Cell(v.numerator, v.denominator, v.value)
    return out


def _sum(cells: list[_Cell], multiplier: float) -> _Cell:
    num = sum(c.num for c in cells)
    den = sum(c.den for c in cells)
    return _Cell(num, den, num / den * multiplier)


def _areas_for(ds: Dataset, year: str) -> list[Area]:
    y = int(year)
    return [
        ds.kommun,
        *ds.areas(Level.REGSO, division_for(Level.REGSO, y)),
        *ds.areas(Level.DESO, division_for(Level.DESO, y)),
    ]


def _latest_year(ds: Dataset, indicator_id: str) -> str:
    years = sorted({v.period for v in ds.values([indicator_id]) if v.value is not None})
    if not years:
        raise NoData(ErrorCode.NO_VALUES_FOR_INDICATOR, v=indicator_id)
    return years[-1]


# -- slope index of inequality ------------------------------------------------------------------


def _slope_index(
    ds: Dataset, indicator: Indicator, values: list[Value], year: str
) -> tuple[SlopeIndex | None, str | None]:
    """SII over the DeSO (else RegSO) of ``year``, ordered by områdestyp or income."""
    y = int(year)
    for level in (Level.DESO, Level.REGSO):
        division = division_for(level, y)
        units = {
            v.area: v
            for v in values
            if v.division is division
            and v.gender is Gender.TOTAL
            and v.age_group == ALL_AGES
            and v.value is not None
        }
        if len(units) >= 5:
            break
    else:
        return None, None
    areas = {a.code: a for a in ds.areas(level, division)}
    classes, basis = _socioeconomic_classes(ds, level, division, areas, year)
    if not classes:
        return None, None
    codes = [c for c in units if c in classes]
    weights = [units[c].denominator or 1.0 for c in codes]
    known = [value for c in codes if (value := units[c].value) is not None]  # all: see units
    kind = _SII_SCALE.get(indicator.value_type, Scale.NORMAL)
    result = slope_index(
        [classes[c] for c in codes],
        known,
        weights,
        numerators=[_or_nan(units[c].numerator) for c in codes],
        denominators=[_or_nan(units[c].denominator) for c in codes],
        kind=kind,
    )
    return result, basis if result else None


_SII_SCALE = {ValueType.PROPORTION: Scale.PROPORTION, ValueType.RATE: Scale.RATE}


def _or_nan(x: float | None) -> float:
    return float("nan") if x is None else x


def _socioeconomic_classes(
    ds: Dataset, level: Level, division: Division, areas: dict[str, Area], year: str
) -> tuple[dict[str, float], str | None]:
    """Class 1 (most disadvantaged) … 5 per area: områdestyp, else income quintiles."""
    regso_division = division_for(Level.REGSO, int(year))
    types = _nearest_year(ds, "omradestyp", regso_division, year)
    if types:
        period, by_regso = types
        if level is Level.REGSO:
            classes = {c: by_regso[c] for c in areas if c in by_regso}
        else:
            classes = {c: by_regso[a.parent] for c, a in areas.items() if a.parent in by_regso}
        if classes:
            return classes, f"SCB:s områdestyp (RegSO) {period}"
    for indicator_id, high_is_advantaged, label in (
        ("medianinkomst", True, "kvintiler av medianinkomst"),
        ("andel_lag_ekonomisk_standard", False, "kvintiler av andel med låg ekonomisk standard"),
    ):
        found = _nearest_year(ds, indicator_id, division, year)
        if not found:
            continue
        period, by_area = found
        codes = [c for c in areas if c in by_area]
        if len(codes) < 5:
            continue
        q = quintiles(np.array([by_area[c] for c in codes]))
        if not high_is_advantaged:
            q = 6 - q
        return {c: float(k) for c, k in zip(codes, q, strict=True)}, f"{label} {period}"
    return {}, None


def _nearest_year(
    ds: Dataset, indicator_id: str, division: Division, year: str
) -> tuple[str, dict[str, float]] | None:
    """Values of ``indicator_id`` in ``division`` for the latest year ≤ ``year`` (else the
    earliest after it)."""
    if ds.catalogue.get(indicator_id) is None:
        return None
    by_year: dict[str, dict[str, float]] = defaultdict(dict)
    for v in ds.values([indicator_id], genders=[Gender.TOTAL]):
        if v.division is division and v.value is not None and v.age_group == ALL_AGES:
            by_year[v.period][v.area] = v.value
    if not by_year:
        return None
    earlier = [p for p in by_year if p <= year]
    period = max(earlier) if earlier else min(by_year)
    return period, by_year[period]
