from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.formatting import NBSP, format_number, format_value

CATALOGUE = load_catalogue()


def test_swedish_number_format() -> None:
    assert format_number(113920) == f"113{NBSP}920"
    assert format_number(1234.56, 1) == f"1{NBSP}234,6"
    assert format_number(None) == "–"
    assert format_number(1234.5, 1, lang="en") == "1,234.5"


def test_value_with_unit() -> None:
    assert format_value(55.8, CATALOGUE["andel_ledarledd_fritid"]) == f"55,8{NBSP}%"
    assert format_value(5023, CATALOGUE["antal_invanare"]) == f"5{NBSP}023"
