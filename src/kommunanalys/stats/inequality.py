"""Slope and relative index of inequality (SII, RII) of areas across a socio-economic order.

Areas are ordered by a socio-economic class — SCB's områdestyp 1–5 (1 = stora
socioekonomiska utmaningar … 5 = mycket goda förutsättningar) or income quintiles. The
areas of a class are pooled into one value per class — the quantile of PHE's method — and
the SII, the RII and their interval follow PHE's ``phe_sii`` (:mod:`.sii`):

* shares with numerator and denominator: the class share Σtäljare/Σnämnare with its Wilson
  interval, simulated on the logit scale (PHE's ``value_type`` 2);
* rates with numerator and denominator: the class rate with the exact/Byar interval of its
  count, simulated on the log scale (``value_type`` 1);
* everything else: the population-weighted mean of the class's areas, with the standard
  error of that weighted mean from the spread between its areas (``value_type`` 0); a class
  needs at least two areas for that.

The point SII equals the population-weighted least-squares slope of the areas' values on the
ridit of their class (pooling does not move it); only the interval comes from the simulation.
A positive SII means the value is higher where conditions are better; the RII is the fitted
value at the most advantaged end over the fitted value at the most disadvantaged end.
Reference: Low & Low (2004); PHE, PHEindicatormethods ``phe_sii``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from kommunanalys.stats.intervals import count_interval, proportion_interval
from kommunanalys.stats.sii import REPETITIONS, Scale, quantile_index

SII_METHOD = "lutningsindex för ojämlikhet (SII, RII), PHE:s simuleringsmetod"
MIN_AREAS = 5
# PHE refuses fewer than five quantiles. SCB's områdestyp has five classes, but many a
# kommun lacks one of them; three present classes still leave the line a residual.
MIN_CLASSES = 3


@dataclass(frozen=True, slots=True)
class ClassValue:
    """One socio-economic class pooled: its areas' population and value (the indicator's unit)
    with the 95 % limits the simulation drew from (None for a mean's limits)."""

    klass: int
    areas: int
    population: float
    value: float
    lower: float | None
    upper: float | None


@dataclass(frozen=True, slots=True)
class SlopeIndex:
    sii: float
    lower: float
    upper: float
    rii: float
    rii_lower: float
    rii_upper: float
    p_value: float  # two-sided share of simulated SIIs beyond zero
    level: float
    areas: int
    classes: int
    transform: str = "none"
    repetitions: int = REPETITIONS
    method: str = SII_METHOD
    groups: tuple[ClassValue, ...] = ()  # the classes, most disadvantaged first

    @property
    def overall(self) -> float | None:
        """The population-weighted value of all the classes together."""
        total = sum(g.population for g in self.groups)
        return sum(g.population * g.value for g in self.groups) / total if total else None

    def attributable_gap(self, higher_is_better: bool) -> tuple[float, float] | None:
        """The population-attributable gap: how much better the whole would be if every class
        had the best class's value — (|best − overall| in the unit, that as a share of the
        overall value). None without classes or with an overall value of 0."""
        overall = self.overall
        if overall is None or not self.groups or overall == 0:
            return None
        values = [g.value for g in self.groups]
        best = max(values) if higher_is_better else min(values)
        gap = abs(best - overall)
        return gap, gap / abs(overall)

    @property
    def significant(self) -> bool:
        """The simulated interval excludes zero."""
        return self.lower > 0 or self.upper < 0


def ridits(classes: ArrayLike, weights: ArrayLike) -> np.ndarray:
    """Each area's position 0..1: the midpoint of its class's cumulative weight share."""
    c = np.asarray(classes, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    total = w.sum()
    position = np.empty_like(c)
    below = 0.0
    for value in np.unique(c):
        members = c == value
        share = w[members].sum() / total
        position[members] = below + share / 2
        below += share
    return position


@dataclass(frozen=True, slots=True)
class _Classes:
    population: np.ndarray
    value: np.ndarray  # on PHE's scale: fractions for shares, the unit otherwise
    lower: np.ndarray | None
    upper: np.ndarray | None
    se: np.ndarray | None
    scale: Scale
    multiplier: float


def slope_index(
    classes: ArrayLike,
    values: ArrayLike,
    weights: ArrayLike,
    level: float = 0.95,
    *,
    numerators: ArrayLike | None = None,
    denominators: ArrayLike | None = None,
    kind: Scale = Scale.NORMAL,
    transform: bool = False,
) -> SlopeIndex | None:
    """The SII and RII of ``values`` over ordered ``classes`` (low = disadvantaged), or None
    when fewer than :data:`MIN_AREAS` areas or :data:`MIN_CLASSES` classes are usable.

    ``kind`` says how the areas' values were counted (:class:`~.sii.Scale`): shares and
    rates need ``numerators`` and ``denominators`` for their pooled interval.
    """
    c = np.asarray(classes, dtype=np.float64)
    y = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    keep = ~(np.isnan(c) | np.isnan(y) | np.isnan(w)) & (w > 0)
    counts = kind is not Scale.NORMAL and numerators is not None and denominators is not None
    if counts:
        num = np.asarray(numerators, dtype=np.float64)
        den = np.asarray(denominators, dtype=np.float64)
        keep &= ~(np.isnan(num) | np.isnan(den)) & (den > 0)
    c, y, w = c[keep], y[keep], w[keep]
    n_classes = len(np.unique(c))
    if len(y) < MIN_AREAS or n_classes < MIN_CLASSES:
        return None
    if np.all(y == y[0]):  # no variation: the fit would only show rounding noise
        return SlopeIndex(0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, level, len(y), n_classes)
    pooled = (
        _pooled_counts(c, y, w, num[keep], den[keep], kind) if counts else None
    ) or _pooled_means(c, y, w)
    if pooled is None:
        return None
    result = quantile_index(
        pooled.population,
        pooled.value,
        standard_errors=pooled.se,
        lower=pooled.lower,
        upper=pooled.upper,
        scale=pooled.scale,
        transform=transform and pooled.scale is not Scale.NORMAL,
        multiplier=pooled.multiplier,
        levels=(level,),
        min_quantiles=MIN_CLASSES,
    )
    limits = result.limits[0]
    groups = _groups(c, pooled)
    return SlopeIndex(
        sii=result.sii,
        lower=limits.sii_lower,
        upper=limits.sii_upper,
        rii=result.rii,
        rii_lower=limits.rii_lower,
        rii_upper=limits.rii_upper,
        p_value=result.p_value,
        level=level,
        areas=len(y),
        classes=n_classes,
        transform=result.transform,
        repetitions=result.repetitions,
        groups=groups,
    )


def _groups(c: np.ndarray, pooled: _Classes) -> tuple[ClassValue, ...]:
    """The pooled classes in the indicator's unit (shares and rates × their multiplier)."""
    classes, counts = np.unique(c, return_counts=True)
    m = pooled.multiplier
    out = []
    for k, (klass, areas) in enumerate(zip(classes.tolist(), counts.tolist(), strict=True)):
        lower = None if pooled.lower is None else float(pooled.lower[k] * m)
        upper = None if pooled.upper is None else float(pooled.upper[k] * m)
        out.append(
            ClassValue(
                int(klass),
                int(areas),
                float(pooled.population[k]),
                float(pooled.value[k] * m),
                lower,
                upper,
            )
        )
    return tuple(out)


def _pooled_counts(
    c: np.ndarray, y: np.ndarray, w: np.ndarray, num: np.ndarray, den: np.ndarray, kind: Scale
) -> _Classes | None:
    """Per class Σtäljare/Σnämnare with its interval; None when a class has no events or
    (shares) only events, where the log/logit scale of PHE's simulation is undefined."""
    pop, frac, lower, upper = [], [], [], []
    for value in np.unique(c):
        members = c == value
        n, d = num[members].sum(), den[members].sum()
        if n <= 0 or (kind is Scale.PROPORTION and n >= d):
            return None
        if kind is Scale.PROPORTION:
            lo, hi = proportion_interval(n, d)
            lower.append(lo)
            upper.append(hi)
        else:
            lo, hi = count_interval(n)
            lower.append(lo / d)
            upper.append(hi / d)
        pop.append(w[members].sum())
        frac.append(n / d)
    # the unit of the published values (100 for percent, 1 000 per mille …): SII in that unit
    events = num > 0
    multiplier = float(np.median(y[events] * den[events] / num[events]))
    return _Classes(
        np.array(pop), np.array(frac), np.array(lower), np.array(upper), None, kind, multiplier
    )


def _pooled_means(c: np.ndarray, y: np.ndarray, w: np.ndarray) -> _Classes | None:
    """Per class the population-weighted mean and its standard error from the spread of the
    class's areas; None when a class has fewer than two areas."""
    pop, mean, se = [], [], []
    for value in np.unique(c):
        members = c == value
        yy, ww = y[members], w[members]
        k = len(yy)
        if k < 2:
            return None
        share = ww / ww.sum()
        m = float(share @ yy)
        pop.append(ww.sum())
        mean.append(m)
        se.append(float(np.sqrt(k / (k - 1) * np.sum(share**2 * (yy - m) ** 2))))
    return _Classes(np.array(pop), np.array(mean), None, None, np.array(se), Scale.NORMAL, 1.0)
