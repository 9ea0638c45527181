"""SWEREF 99 TM (EPSG:3006) metres → longitude and latitude (SWEREF 99 ≈ WGS 84), no library.

The inverse Gauss–Krüger projection as Lantmäteriet gives it ("Gauss–Krügers formler",
a series in the third flattening ``n`` to the fourth order; well under a millimetre of error
within Sweden): GRS 80 ellipsoid, central meridian 15° E, scale 0.9996, false easting
500 000 m, false northing 0.
"""

from __future__ import annotations

import math

A = 6_378_137.0  # GRS 80 semi-major axis, metres
F = 1 / 298.257222101  # GRS 80 flattening
LON0 = math.radians(15.0)
K0 = 0.9996
FALSE_EASTING = 500_000.0
FALSE_NORTHING = 0.0

_E2 = F * (2 - F)
_N = F / (2 - F)
_A_HAT = A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_DELTA = (
    _N / 2 - 2 * _N**2 / 3 + 37 * _N**3 / 96 - _N**4 / 360,
    _N**2 / 48 + _N**3 / 15 - 437 * _N**4 / 1440,
    17 * _N**3 / 480 - 37 * _N**4 / 840,
    4397 * _N**4 / 161_280,
)
_A_STAR = _E2 + _E2**2 + _E2**3 + _E2**4
_B_STAR = -(7 * _E2**2 + 17 * _E2**3 + 30 * _E2**4) / 6
_C_STAR = (224 * _E2**3 + 889 * _E2**4) / 120
_D_STAR = -(4279 * _E2**4) / 1260


def to_lon_lat(easting: float, northing: float) -> tuple[float, float]:
    """(longitude, latitude) in degrees of the SWEREF 99 TM point (``easting``, ``northing``)."""
    xi = (northing - FALSE_NORTHING) / (K0 * _A_HAT)
    eta = (easting - FALSE_EASTING) / (K0 * _A_HAT)
    xi_p, eta_p = xi, eta
    for j, delta in enumerate(_DELTA, start=1):
        xi_p -= delta * math.sin(2 * j * xi) * math.cosh(2 * j * eta)
        eta_p -= delta * math.cos(2 * j * xi) * math.sinh(2 * j * eta)
    phi_star = math.asin(math.sin(xi_p) / math.cosh(eta_p))
    d_lon = math.atan(math.sinh(eta_p) / math.cos(xi_p))
    s2 = math.sin(phi_star) ** 2
    phi = phi_star + math.sin(phi_star) * math.cos(phi_star) * (
        _A_STAR + _B_STAR * s2 + _C_STAR * s2**2 + _D_STAR * s2**3
    )
    return math.degrees(LON0 + d_lon), math.degrees(phi)
