import datetime as dt

from kommunanalys.catalog.indicators import load_catalogue
from kommunanalys.formatting import (
    NBSP,
    decimals_for,
    format_date,
    format_number,
    format_value,
    value_formatter,
)

CATALOGUE = load_catalogue()


def test_swedish_number_format() -> None:
    assert format_number(113920) == f"113{NBSP}920"
    assert format_number(1234.56, 1) == f"1{NBSP}234,6"
    assert format_number(None) == "–"
    assert format_number(1234.5, 1, lang="en") == "1,234.5"


def test_value_with_unit() -> None:
    assert format_value(55.8, CATALOGUE["andel_ledarledd_fritid"]) == f"55,8{NBSP}%"
    assert format_value(5023, CATALOGUE["antal_invanare"]) == f"5{NBSP}023"


def test_english_numbers_and_values() -> None:
    assert format_number(113920, lang="en") == "113,920"
    assert format_number(-1234.56, 1, lang="en") == "-1,234.6"
    assert format_value(55.8, CATALOGUE["andel_ledarledd_fritid"], lang="en") == f"55.8{NBSP}%"
    assert format_value(5023, CATALOGUE["antal_invanare"], lang="en") == "5,023"
    assert format_value(312.4, CATALOGUE["antal_invanare"], lang="en", with_unit=False) == "312"


def test_translated_unit_replaces_the_catalogue_unit() -> None:
    indicator = next(i for i in CATALOGUE if i.unit == "tkr")
    assert format_value(312.45, indicator, lang="en", unit="SEK k").endswith(f"{NBSP}SEK k")
    assert format_value(312.45, indicator).endswith(f"{NBSP}tkr")


def test_swedish_output_unchanged_by_default() -> None:
    assert format_number(5023) == f"5{NBSP}023"
    assert format_number(0.05, 1) == "0,1"
    assert format_number(-12.25, 1) == "-12,2"


def test_dates_in_both_languages() -> None:
    day = dt.date(2024, 5, 5)
    assert format_date(day) == "5 maj 2024"
    assert format_date(day, lang="en") == "5 May 2024"
    assert format_date(None) == "–"


def test_value_formatter_formats_as_format_value() -> None:
    samples = (None, 0.0, -12.25, 0.05, 5023, 113920.4, 1234.56, 1e9)
    for indicator in CATALOGUE:
        for lang in ("sv", "en"):
            for with_unit in (True, False):
                formatted = value_formatter(indicator, lang=lang, with_unit=with_unit)
                for v in samples:
                    expected = format_value(v, indicator, lang=lang, with_unit=with_unit)
                    assert formatted(v) == expected
                    assert expected == (
                        "–"
                        if v is None
                        else format_number(v, decimals_for(indicator), lang=lang)
                        + (
                            f"{NBSP}{indicator.unit}"
                            if with_unit and indicator.unit not in ("antal", "klass")
                            else ""
                        )
                    )


def test_numbers_in_a_sentence_are_written_as_its_language_writes_them() -> None:
    """Issue 21, item 14: validation messages show "112,5" and "2 799", never "112.5"."""
    from kommunanalys.formatting import numbers_in_text

    row = numbers_in_text(("fil.csv", 3, 112.5, 2799.0, "2022", 1e60, float("nan")))
    assert "{2} {3:.0f} {4} {1}".format(*row) == "112,5 2\u00a0799 2022 3"
    assert "{2:.1f} {3}".format(*row) == "112,5 2\u00a0799"
    assert "{5}".format(*row) == "1e+60" and "{6}".format(*row) == "nan"
    assert "{}".format(*numbers_in_text((0.125,), "en")) == "0.125"
