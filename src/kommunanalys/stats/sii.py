"""Slope and relative index of inequality over ordered quantiles, by PHE's method.

This is the method of Public Health England's ``phe_sii`` (R package PHEindicatormethods;
Low & Low 2004), written from its published description and checked against its published
test data (``tests/stats/test_sii_phe.py``):

* the quantiles are given in order, 1 = the most disadvantaged; each gets the midpoint of
  its cumulative population share as its relative rank ``b`` and its share ``a``;
* the SII is the slope of ``value·√a = c0·√a + c1·b·√a`` (least squares without a constant,
  which is the population-weighted regression of value on rank); SII = ``c1``, the fitted gap
  between rank 1 and rank 0, and RII = ``(c0 + c1) / c0`` — the fitted value at the most
  advantaged end over the fitted value at the most disadvantaged end;
* the confidence interval is simulated: each quantile's value is drawn ``repetitions`` times
  from a normal distribution with its standard error (on the log scale for rates, the logit
  scale for proportions, back-transformed before the fit), the SII and RII are refitted for
  every draw, and the limits are the draws at the ``(1 ± level)/2`` positions;
* ``transform=True`` fits on the log (rates) or logit (proportions) scale and reports the
  SII and RII back in the indicator's unit, with limits derived from the transformed SII's
  limits around the transformed midpoint.

Defaults are PHE's: 100 000 repetitions and 95 %. The random generator has a fixed seed
(:data:`SEED`), so the same data give the same interval every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

REPETITIONS = 100_000
SEED = 20_260_101
MIN_QUANTILES = 5  # phe_sii: "Number of quantiles must be between 5 and 100"
MAX_QUANTILES = 100


class Scale(IntEnum):
    """PHE's ``value_type``: how a quantile's sampling error is shaped."""

    NORMAL = 0
    RATE = 1
    PROPORTION = 2


@dataclass(frozen=True, slots=True)
class Limits:
    level: float
    sii_lower: float
    sii_upper: float
    rii_lower: float
    rii_upper: float


@dataclass(frozen=True, slots=True)
class QuantileIndex:
    """SII and RII of one ordered set of quantiles with their simulated limits."""

    sii: float
    rii: float
    intercept: float
    limits: tuple[Limits, ...]  # one per requested level, in the order asked
    p_value: float  # share of simulated SIIs on the other side of 0, two-sided
    transform: str  # "none", "log" or "logit"
    repetitions: int


def relative_ranks(populations: ArrayLike) -> np.ndarray:
    """Each quantile's midpoint of the cumulative population share (in the given order)."""
    p = np.asarray(populations, dtype=np.float64)
    share = p / p.sum()
    return np.cumsum(share) - share / 2


@lru_cache(maxsize=8)
def _standard_normal(seed: int, repetitions: int, quantiles: int) -> np.ndarray:
    """The seeded standard normal draws (repetitions × quantiles), read-only."""
    z = np.random.default_rng(seed).standard_normal((repetitions, quantiles))
    z.setflags(write=False)
    return z


def _levels(levels: Sequence[float]) -> tuple[float, ...]:
    """PHE's ``confidence``: each level a fraction 0,9–1 or a percent 90–100 (as a fraction
    here); 1 itself has no simulated limit and is refused."""
    out = []
    for level in levels:
        fraction = level / 100 if level >= 90 else level
        if not 0.9 <= fraction < 1:
            raise ValueError(
                f"Konfidensnivån måste ligga mellan 0,9 och 1 (eller 90 och 100 %), fick {level}."
            )
        out.append(float(fraction))
    if not out:
        raise ValueError("Minst en konfidensnivå behövs.")
    return tuple(out)


def _forward(scale: Scale, x: Any) -> Any:
    if scale is Scale.RATE:
        return np.log(x)
    if scale is Scale.PROPORTION:
        return np.log(x / (1 - x))
    return x


def _back(scale: Scale, x: Any) -> Any:
    if scale is Scale.RATE:
        return np.exp(x)
    if scale is Scale.PROPORTION:
        return 1 / (1 + np.exp(-x))
    return x


def quantile_index(
    populations: ArrayLike,
    values: ArrayLike | None,
    *,
    counts: ArrayLike | None = None,
    standard_errors: ArrayLike | None = None,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    scale: Scale = Scale.NORMAL,
    transform: bool = False,
    multiplier: float = 1.0,
    levels: Sequence[float] = (0.95,),
    repetitions: int = REPETITIONS,
    seed: int = SEED,
    min_quantiles: int = MIN_QUANTILES,
) -> QuantileIndex:
    """SII and RII of ``values`` over quantiles ordered from most to least disadvantaged.

    Each quantile's standard error is ``standard_errors`` or, as in PHE, derived from its
    95 % limits: ``(upper − lower) / (2 · 1,96)`` after the log/logit transform of the scale.
    Proportions are fractions (0–1), or ``counts`` (PHE's ``x``) over the populations in place
    of ``values``; ``multiplier`` scales the SII (100 for percent; negative to turn the
    polarity, which also inverts the RII). ``levels`` as PHE's ``confidence``: fractions
    0,9–1 or percent 90–100. PHE refuses fewer than five quantiles; ``min_quantiles`` (at
    least 3) lowers that for a fixed classification with an empty class. What PHE refuses
    is refused here too (``ValueError`` with the reason): a missing value, standard error or
    limit, a proportion or limit outside 0–1, a count of zero or less, a level outside its
    range.
    """
    pop = np.asarray(populations, dtype=np.float64)
    if values is None:
        if counts is None or scale is not Scale.PROPORTION:
            raise ValueError("Värden behövs, eller antal (täljare) för andelar.")
        x = np.asarray(counts, dtype=np.float64)
        if not np.all(x > 0):
            raise ValueError("Antalet (täljaren) måste vara större än noll i varje grupp.")
        val = x / pop
    else:
        val = np.asarray(values, dtype=np.float64)
    levels = _levels(levels)
    n = len(val)
    if not max(3, min_quantiles) <= n <= MAX_QUANTILES:
        raise ValueError(f"Antalet grupper måste vara {min_quantiles}–100 (fick {n}).")
    if not np.all(pop > 0):
        raise ValueError("Varje grupp måste ha en befolkning större än noll.")
    if np.isnan(val).any():
        raise ValueError("Varje grupp måste ha ett värde.")
    if transform and scale is Scale.NORMAL:
        raise ValueError("Transformering gäller bara kvoter och andelar.")
    if transform and standard_errors is not None:
        raise ValueError("Med transformering anges 95 %-gränser, inte standardfel.")
    if repetitions < 1000:
        raise ValueError("Minst 1 000 upprepningar behövs.")
    if scale is Scale.PROPORTION and not np.all((val >= 0) & (val <= 1)):
        raise ValueError("Andelarna måste ligga mellan 0 och 1.")
    if standard_errors is not None:
        se = np.asarray(standard_errors, dtype=np.float64)
    elif lower is not None and upper is not None:
        lower_cl = np.asarray(lower, dtype=np.float64)
        upper_cl = np.asarray(upper, dtype=np.float64)
        if np.isnan(lower_cl).any() or np.isnan(upper_cl).any():
            raise ValueError("Varje grupp måste ha en undre och en övre gräns.")
        bounds = np.concatenate([lower_cl, upper_cl])
        if scale is Scale.PROPORTION and not np.all((bounds >= 0) & (bounds <= 1)):
            raise ValueError("Gränserna för andelar måste ligga mellan 0 och 1.")
        lo = _forward(scale, lower_cl)
        hi = _forward(scale, upper_cl)
        from scipy.special import ndtri  # here, not at import: scipy.stats costs a server 0,7 s

        se = (hi - lo) / ndtri(0.975) / 2
    else:
        raise ValueError("Standardfel eller 95 %-gränser behövs för varje grupp.")
    if not np.all(se >= 0):
        raise ValueError("Standardfelen måste vara noll eller större.")

    sqrt_a = np.sqrt(pop / pop.sum())
    design = np.vstack([sqrt_a, relative_ranks(pop) * sqrt_a])  # 2 × n
    solver = np.linalg.solve(design @ design.T, design)  # (MᵀM)⁻¹Mᵀ, 2 × n
    centre = _forward(scale, val)
    fitted_scale = centre if transform else val
    c0, c1 = (float(x) for x in solver @ (fitted_scale * sqrt_a))

    # value ~ N(centre, se): the same draws as rng.normal(centre, se), the standard normal
    # part drawn once per (seed, repetitions, quantiles) and shared by every call
    z = _standard_normal(seed, repetitions, n)
    # n × 2: the fit of one draw is draws @ weighted (C-contiguous: a transposed operand
    # sends numpy's matmul down a loop 100 times slower than BLAS)
    weighted = np.ascontiguousarray((solver * sqrt_a).T)
    if transform or scale is Scale.NORMAL:  # linear in the draws: no draw matrix needed
        params = z @ np.ascontiguousarray(se[:, None] * weighted) + centre @ weighted
    else:
        params = _back(scale, centre + se * z) @ weighted  # repetitions × 2
    sim_c0, sim_c1 = params[:, 0], params[:, 1]
    sim_sii = sim_c1 if transform else sim_c1 * multiplier
    sim_rii = (sim_c1 + sim_c0) / sim_c0
    if multiplier < 0 and not transform:
        sim_rii = 1 / sim_rii
    below = np.count_nonzero(sim_c1 <= 0) / repetitions
    above = np.count_nonzero(sim_c1 >= 0) / repetitions
    p_value = float(min(1.0, 2 * min(below, above)))
    positions = []
    for level in levels:
        upper_q = level + (1 - level) / 2
        # PHE's 1-based positions in the sorted draws
        positions += [round(repetitions * (1 - upper_q)) - 1, round(repetitions * upper_q) - 1]
    # only these order statistics are needed: a partition, not a sort
    sim_sii = np.partition(sim_sii, positions)
    sim_rii = np.partition(sim_rii, positions)

    limits = []
    for k, level in enumerate(levels):
        i_lo, i_hi = positions[2 * k], positions[2 * k + 1]
        if not transform:
            limits.append(
                Limits(
                    level,
                    float(sim_sii[i_lo]),
                    float(sim_sii[i_hi]),
                    float(sim_rii[i_lo]),
                    float(sim_rii[i_hi]),
                )
            )
        else:
            limits.append(
                _back_limits(
                    scale, level, c0, c1, float(sim_sii[i_lo]), float(sim_sii[i_hi]), multiplier
                )
            )
    if transform:
        y0, y1 = _back(scale, np.float64(c0)), _back(scale, np.float64(c0 + c1))
        sii = float((y1 - y0) * multiplier)
        rii = float(y1 / y0)
        intercept = float(y0 * abs(multiplier))
        name = "log" if scale is Scale.RATE else "logit"
    else:
        sii, rii, intercept, name = float(c1 * multiplier), float((c0 + c1) / c0), float(c0), "none"
    if multiplier < 0:
        rii = 1 / rii
    return QuantileIndex(sii, rii, intercept, tuple(limits), p_value, name, repetitions)


def _back_limits(
    scale: Scale, level: float, c0: float, c1: float, low: float, high: float, multiplier: float
) -> Limits:
    """PHE's limits after a transform: the transformed SII's limits spread around the
    transformed midpoint (rank ½), each end back-transformed."""
    half = c0 + c1 / 2
    ends = {}
    for name, slope in (("lcl", low), ("ucl", high)):
        y0 = float(_back(scale, np.float64(half - slope / 2)))
        y1 = float(_back(scale, np.float64(half + slope / 2)))
        ends[name] = (y1 - y0, y1 / y0)
    (gap_l, ratio_l), (gap_u, ratio_u) = ends["lcl"], ends["ucl"]
    if multiplier < 0:
        return Limits(level, gap_u * multiplier, gap_l * multiplier, 1 / ratio_u, 1 / ratio_l)
    return Limits(level, gap_l * multiplier, gap_u * multiplier, ratio_l, ratio_u)
