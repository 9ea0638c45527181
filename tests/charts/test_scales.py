"""Ticks, scales and Swedish number labels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kommunanalys.charts.scales import (
    LinearScale,
    format_interval,
    format_with_unit,
    nice_ticks,
    tick_decimals,
)


def test_nice_ticks_cover_the_range() -> None:
    assert nice_ticks(0, 47) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(3, 3)[0] <= 3 <= nice_ticks(3, 3)[-1]
    assert tick_decimals([0, 2.5, 5]) == 1 and tick_decimals([0, 20]) == 0


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0.001, 1e6, allow_nan=False),
)
def test_ticks_always_cover(low: float, span: float) -> None:
    ticks = nice_ticks(low, low + span)
    slack = 1e-6 * max(1.0, span)  # the ticks round away float noise below a billionth of a step
    assert ticks[0] <= low + slack and ticks[-1] >= low + span - slack
    assert len(ticks) <= 12


def test_scale_maps_and_flips() -> None:
    scale = LinearScale(0, 100, 300, 100)
    assert scale(0) == 300 and scale(100) == 100 and scale(50) == 200


def test_swedish_labels() -> None:
    assert format_with_unit(1234.5, "%", 1) == "1\u00a0234,5\u00a0%"
    assert format_with_unit(1234, "antal", 0) == "1\u00a0234"
    assert format_interval(10.2, 14.8, "%", 1) == "10,2–14,8\u00a0%"
    assert format_interval(None, 2.0, "%", 1) == ""
