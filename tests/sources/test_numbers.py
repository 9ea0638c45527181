from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommunanalys.formatting import format_number
from kommunanalys.sources.numbers import NotANumber, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 137", 1137.0),
        ("1\u00a0137", 1137.0),
        ("6,6", 6.6),
        ("4,20 %", 4.2),
        ("\u22122", -2.0),
        ("0.8", 0.8),
        (14, 14.0),
    ],
)
def test_swedish_formats(text: object, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "nan", "inf", "1.2,3", True, None])
def test_rejects_what_is_not_a_number(text: object) -> None:
    with pytest.raises(ValueError, match="tal"):
        parse_number(text)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2)))
def test_reads_back_what_swedish_formatting_writes(x: float) -> None:
    assert math.isclose(parse_number(format_number(x, 2)), x, abs_tol=1e-9)


@pytest.mark.parametrize("text", ["١٢٣", "１２３", "12³", "1,٥"])
def test_only_ascii_digits_are_digits(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text)


def test_a_long_refused_text_is_shortened_in_the_message() -> None:
    with pytest.raises(NotANumber) as refused:
        parse_number("1" * 5000 + "x")
    assert len(str(refused.value)) < 120 and "…" in str(refused.value)
    assert refused.value.text == "1" * 5000 + "x"  # the caller still has the whole cell
