"""Nearest areas on standardised indicators."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kommunanalys.stats.similarity import distances, nearest, standardise

NAN = np.nan


def test_standardise_gives_z_scores_ignoring_nan() -> None:
    m = np.array([[1.0, 10.0], [2.0, NAN], [3.0, 30.0], [6.0, 20.0]])
    z = standardise(m)
    col0 = (m[:, 0] - m[:, 0].mean()) / m[:, 0].std()
    assert z[:, 0] == pytest.approx(col0)
    present = np.array([10.0, 30.0, 20.0])
    expected = (present - present.mean()) / present.std()
    assert z[[0, 2, 3], 1] == pytest.approx(expected)
    assert np.isnan(z[1, 1])
    assert np.nanmean(z, axis=0) == pytest.approx([0.0, 0.0], abs=1e-12)


def test_standardise_constant_and_empty_columns() -> None:
    z = standardise([[5.0, NAN, 1.0], [5.0, NAN, 2.0], [5.0, NAN, NAN]])
    assert z[:, 0].tolist() == [0.0, 0.0, 0.0]  # constant: no information, not NaN
    assert np.isnan(z[:, 1]).all()  # an indicator no candidate has
    assert z[:2, 2] == pytest.approx([-1.0, 1.0])


def test_distance_is_the_weighted_rms_of_z_differences() -> None:
    m = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    z = standardise(m)
    d = distances(m, 0)
    assert d[0] == 0.0
    expected = np.sqrt(((z - z[0]) ** 2).mean(axis=1))
    assert d == pytest.approx(expected)

    weights = np.array([3.0, 1.0])
    dw = distances(m, 0, weights)
    assert dw == pytest.approx(np.sqrt(((z - z[0]) ** 2 * weights).sum(axis=1) / 4))


def test_weights_decide_which_indicator_matters() -> None:
    m = np.array([[0.0, 0.0], [0.0, 10.0], [10.0, 0.0], [5.0, 5.0]])
    assert nearest(m, 0, k=1, weights=[1.0, 0.0])[0][0] == 1
    assert nearest(m, 0, k=1, weights=[0.0, 1.0])[0][0] == 2


def test_unit_does_not_matter() -> None:
    m = np.array([[1.0, 100.0], [2.0, 300.0], [4.0, 200.0], [3.0, 500.0]])
    scaled = m * np.array([1000.0, 0.001])
    assert distances(m, 1) == pytest.approx(distances(scaled, 1))


def test_nearest_excludes_the_target_and_orders_by_distance() -> None:
    m = np.array([[0.0], [10.0], [1.0], [3.0], [0.0], [7.0]])
    result = nearest(m, 0, k=3)
    assert [i for i, _ in result] == [4, 2, 3]
    assert result[0][1] == 0.0  # an identical area is the nearest, the target itself is not
    assert all(i != 0 for i, _ in nearest(m, 0, k=10))
    assert len(nearest(m, 0, k=10)) == 5
    distances_only = [d for _, d in nearest(m, 0, k=10)]
    assert distances_only == sorted(distances_only)


def test_sparse_rows_are_skipped() -> None:
    """A row sharing less than half of the weight with the target is not compared."""
    m = np.array(
        [
            [0.0, 0.0, 0.0, 0.0],
            [0.1, NAN, NAN, NAN],  # a quarter of the weight: skipped despite being close
            [0.2, 0.2, NAN, NAN],  # exactly half: compared
            [5.0, 5.0, 5.0, 5.0],
        ]
    )
    d = distances(m, 0)
    assert np.isnan(d[1]) and not np.isnan(d[2])
    assert [i for i, _ in nearest(m, 0)] == [2, 3]
    # weighting the one indicator row 1 has makes it comparable again
    assert not math.isnan(distances(m, 0, [4.0, 1.0, 1.0, 1.0])[1])


def test_empty_indicator_columns_do_not_break_the_distances() -> None:
    m = np.array([[0.0, NAN], [1.0, NAN], [3.0, NAN]])
    result = nearest(m, 0)
    assert [i for i, _ in result] == [1, 2]


def test_a_lone_area_has_no_neighbours() -> None:
    assert nearest([[1.0, 2.0]], 0) == []


def test_negative_weights_raise_in_swedish() -> None:
    with pytest.raises(ValueError, match="Vikterna får inte vara negativa"):
        distances([[1.0, 2.0], [2.0, 3.0]], 0, [1.0, -1.0])
    with pytest.raises(ValueError, match="Vikterna får inte vara negativa"):
        nearest([[1.0, 2.0], [2.0, 3.0]], 0, weights=[-0.5, 1.0])
