"""The comparison views' parameter checks (kommunanalys.web.views.compare_params): a list or a
single value given under one or two keys, each possibly repeated."""

from __future__ import annotations

import pytest

from kommunanalys.errors import ErrorCode
from kommunanalys.i18n import use_language
from kommunanalys.i18n.messages import error_text
from kommunanalys.web.views.compare_params import BadParameter, gender, value_of, values_of


def test_a_list_joins_both_keys_in_order_split_at_commas_and_unique() -> None:
    assert values_of("omraden", ["0126,0126R007"], ["0126R001", "0126"]) == [
        "0126",
        "0126R007",
        "0126R001",
    ]
    assert values_of("omraden", None, None) == []
    assert values_of("omraden", ["", " "]) == []  # an empty parameter is not given


@pytest.mark.parametrize("text", ["0126,,0126R007", "0126;DROP", "../etc"])
def test_a_malformed_list_is_refused_naming_its_key(text: str) -> None:
    with pytest.raises(BadParameter) as refused:
        values_of("omraden", [text])
    assert refused.value.status_code == 400 and refused.value.code is ErrorCode.MALFORMED_LIST
    assert refused.value.values["name"] == "omraden" and "omraden" in str(refused.value)


def test_a_single_value_is_the_first_non_empty_and_never_two() -> None:
    assert value_of("doman", None, ["Fritid"]) == "Fritid"
    assert value_of("doman", ["", "Fritid"], ["Fritid"]) == "Fritid"
    assert value_of("ar", None) is None
    with pytest.raises(BadParameter):
        value_of("ar", ["2023", "2024"])
    with pytest.raises(BadParameter):
        value_of("ar", ["2023,2024"])


def test_a_bad_parameter_is_a_coded_error_whose_words_follow_the_language() -> None:
    with pytest.raises(BadParameter) as refused:
        gender("X", allow_all=True)
    assert refused.value.code is ErrorCode.UNKNOWN_GENDER and refused.value.status_code == 400
    assert str(refused.value) == "Okänt kön 'X' (välj T, K, M eller alla)."
    use_language("en")
    try:
        assert error_text(refused.value) == "Unknown gender 'X' (choose T, K, M or alla)."
    finally:
        use_language("sv")
