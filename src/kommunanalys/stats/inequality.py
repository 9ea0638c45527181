"""Slope index of inequality (SII) across an ordered socio-economic grouping.

Areas are ordered by a socio-economic class — SCB's områdestyp 1–5 (1 = stora
socioekonomiska utmaningar … 5 = mycket goda förutsättningar) or income quintiles — and
each class is given the midpoint of its cumulative population share (its *ridit*, 0 = the
most disadvantaged end, 1 = the most advantaged). The SII is the slope of the population-
weighted least-squares line of the areas' values on that position: the modelled gap
between the most advantaged and the most disadvantaged end, in the indicator's unit.
A positive SII means the value is higher where conditions are better.

The interval is the WLS slope's t-interval (statsmodels), with the areas as units.
Reference: Low & Low (2004); the PHE/OHID technical guide on the SII.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

SII_METHOD = "lutningsindex för ojämlikhet (SII), befolkningsviktad WLS"
MIN_AREAS = 5


@dataclass(frozen=True, slots=True)
class SlopeIndex:
    sii: float
    lower: float
    upper: float
    p_value: float
    level: float
    areas: int
    classes: int
    method: str = SII_METHOD

    @property
    def significant(self) -> bool:
        return self.p_value < 1 - self.level


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


def slope_index(
    classes: ArrayLike, values: ArrayLike, weights: ArrayLike, level: float = 0.95
) -> SlopeIndex | None:
    """The SII of ``values`` over ordered ``classes`` (low = disadvantaged), or None when
    there are fewer than :data:`MIN_AREAS` areas or fewer than two classes."""
    import statsmodels.api as sm

    c = np.asarray(classes, dtype=np.float64)
    y = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    keep = ~(np.isnan(c) | np.isnan(y) | np.isnan(w)) & (w > 0)
    c, y, w = c[keep], y[keep], w[keep]
    if len(y) < MIN_AREAS or len(np.unique(c)) < 2:
        return None
    if np.all(y == y[0]):  # no variation: the fit would only show rounding noise
        return SlopeIndex(0.0, 0.0, 0.0, 1.0, level, len(y), len(np.unique(c)))
    x = ridits(c, w)
    fit = sm.WLS(y, sm.add_constant(x), weights=w).fit()
    lower, upper = fit.conf_int(alpha=1 - level)[1]
    return SlopeIndex(
        sii=float(fit.params[1]),
        lower=float(lower),
        upper=float(upper),
        p_value=float(fit.pvalues[1]),
        level=level,
        areas=len(y),
        classes=len(np.unique(c)),
    )
