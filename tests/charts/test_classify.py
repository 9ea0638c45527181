"""Classification: quantiles and fixed breaks, ties, no values, bad input in Swedish."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommunanalys.charts.classify import FIXED, QUANTILES, ClassificationError, classify


def test_quantiles_put_about_as_many_values_in_each_class() -> None:
    values = [float(v) for v in range(1, 101)]
    classes = classify(values, QUANTILES, 5)
    assert classes.count == 5
    sizes = [0] * 5
    for v in values:
        sizes[classes.index(v)] += 1  # type: ignore[index]
    assert max(sizes) - min(sizes) <= 2


def test_fixed_breaks_are_round_and_equal_width() -> None:
    classes = classify([3.0, 17.0, 48.0], FIXED, 5)
    assert classes.edges == (0.0, 10.0, 20.0, 30.0, 40.0, 50.0)
    assert classes.index(17.0) == 1 and classes.index(50.0) == 4
    assert classes.label(1, "%", 1) == "10,0–20,0\u00a0%"


def test_given_breaks_are_kept_and_widened_to_the_data() -> None:
    classes = classify([5.0, 95.0], FIXED, breaks=[20, 40, 60])
    assert classes.edges == (5.0, 40.0, 95.0)


def test_ties_and_missing() -> None:
    assert classify([None, None]).count == 0
    assert classify([4.0, 4.0, 4.0]).count == 1
    tied = classify([1.0] * 20 + [2.0, 3.0], QUANTILES, 5)
    assert len(set(tied.edges)) == len(tied.edges)  # no empty classes
    assert classify([1.0, 2.0]).index(None) is None


def test_bad_input_is_a_swedish_message() -> None:
    with pytest.raises(ClassificationError, match="Okänd klassindelning"):
        classify([1.0], "jenks")
    with pytest.raises(ClassificationError, match="mellan 1 och 7"):
        classify([1.0], QUANTILES, 9)


@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60),
    st.sampled_from([QUANTILES, FIXED]),
    st.integers(1, 7),
)
def test_every_value_gets_a_class_in_range(values: list[float], method: str, k: int) -> None:
    classes = classify(values, method, k)
    for v in values:
        index = classes.index(v)
        assert index is not None and 0 <= index < classes.count
        assert classes.edges[index] - 1e-6 <= v
    assert list(classes.edges) == sorted(classes.edges)
