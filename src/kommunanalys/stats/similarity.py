"""Similar areas: nearest neighbours on standardised indicators.

Each indicator is standardised over the candidate areas (z = (x − mean) / sd), so that no
indicator dominates by its unit. The distance between two areas is the weighted root mean
square of their z-differences over the indicators both have; an area that shares less than
half of the total weight with the target is not compared.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import ArrayLike, NDArray


def standardise(matrix: ArrayLike) -> NDArray[np.float64]:
    """Columns to z-scores, ignoring NaN; a constant column becomes 0."""
    m = np.asarray(matrix, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a column with no values stays NaN
        mean = np.nanmean(m, axis=0)
        sd = np.nanstd(m, axis=0)
        z = (m - mean) / np.where(sd > 0, sd, 1.0)
    return np.where(np.isnan(m), np.nan, np.where(sd > 0, z, 0.0))


def distances(
    matrix: ArrayLike, target: int, weights: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Weighted RMS distance in z-scores from row ``target`` to every row (NaN if too sparse)."""
    z = standardise(matrix)
    w = np.ones(z.shape[1]) if weights is None else np.asarray(weights, dtype=np.float64)
    if np.any(w < 0):
        raise ValueError("Vikterna får inte vara negativa.")
    diff = z - z[target]
    both = ~np.isnan(diff)
    used = (both * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        dist = np.sqrt(np.nansum(w * diff**2, axis=1) / used)
    return np.where(used >= w.sum() / 2, dist, np.nan)


def nearest(
    matrix: ArrayLike, target: int, k: int = 5, weights: ArrayLike | None = None
) -> list[tuple[int, float]]:
    """The ``k`` rows nearest to ``target`` (itself excluded), nearest first."""
    dist = distances(matrix, target, weights)
    dist[target] = np.nan
    order = [int(i) for i in np.argsort(dist, kind="stable") if not np.isnan(dist[i])]
    return [(i, float(dist[i])) for i in order[:k]]
