"""The checks of every staged row (:meth:`~kommunanalys.store.staging.Staging.problems`):
one condition each over the staged row ``s``, its indicator ``i`` and its area ``a``, with the
problem's words, and what proves cheaply that no row fails it (:mod:`.check_prefilter`)."""

from __future__ import annotations

from dataclasses import dataclass

from kommunanalys.model import Division, Gender
from kommunanalys.store.check_prefilter import DISTINCT, VALUES
from kommunanalys.store.observation_parts import UNKNOWN_DIVISION
from kommunanalys.store.schema import finite

#: The staged columns that hold numbers.
NUMBERS = ("value", "numerator", "denominator")
#: A share (``value_type`` proportion) is kept in percent: 0–100.
PERCENT = 100
#: The largest number an import may hold in absolute value: beyond 10¹⁵ a double is no
#: longer an exact whole number, and no count or amount of a kommun comes near it (a
#: 60-digit number in a file is a slip).
MAX_NUMBER = 1e15
#: The first year a period may be (the last: next year, unless the caller says otherwise).
FIRST_YEAR = 1900
#: The longest age group or status code (the catalogue's are a few characters: "0-6", "..").
MAX_TEXT = 40


@dataclass(frozen=True)
class RowCheck:
    """One check of every staged row: the rows where ``condition`` holds have the problem
    ``message`` (in ``column``; its placeholders {3}, {4}, … are ``shown``)."""

    column: str
    condition: str  # over ``s`` (staged row), ``i`` (its indicator) and ``a`` (its area)
    shown: str  # columns 3, 4, … for the message
    message: str
    params: tuple[object, ...] = ()
    #: what proves that no row fails it (:mod:`.check_prefilter`); "" nothing: the exact scan
    prefilter: str = ""


def row_checks(first_year: int, last_year: int) -> tuple[RowCheck, ...]:
    """Every check of a staged row, periods from ``first_year`` to ``last_year``."""
    genders = tuple(g.value for g in Gender)
    divisions = tuple(d.value for d in Division)
    # A year is four digits in range: exactly one of the texts '1900', '1901', …, so the
    # check looks the period up in a table of them (a hash on both engines), neither
    # converted (a conversion that may fail costs PostgreSQL a pattern match) nor its
    # characters translated (three quarters of DuckDB's whole scan at 10 M rows).
    years = tuple(f"{y:04d}" for y in range(max(first_year, 0), min(last_year, 9999) + 1))
    valid_years = f"SELECT y FROM (VALUES {', '.join('(?)' for _ in years)}) v(y)"
    non_finite = [
        RowCheck(
            column,
            f"NOT {finite(f's.{column}')}",
            f"s.{column}",
            "{3} är inget ändligt tal (NaN, oändligt eller för stort för att lagras)",
            prefilter=VALUES,
        )
        for column in NUMBERS
    ]
    too_large = [
        RowCheck(
            column,
            f"{finite(f's.{column}')} AND abs(s.{column}) > {MAX_NUMBER:.0e}",
            f"s.{column}",
            "talet {3} är orimligt stort (högst 10¹⁵ till beloppet)",
            prefilter=VALUES,
        )
        for column in NUMBERS
    ]
    too_long = [
        RowCheck(
            column,
            f"length(s.{column}) > {MAX_TEXT}",
            f"substr(s.{column}, 1, {MAX_TEXT})",
            f"texten '{{3}}…' är längre än {MAX_TEXT} tecken",
            prefilter=DISTINCT if column == "age_group" else VALUES,
        )
        for column in ("age_group", "status")
    ]
    return (
        *non_finite,
        *too_large,
        *too_long,
        RowCheck(
            "indicator", "i.id IS NULL", "s.indicator", "okänd indikator {3!r}", prefilter=VALUES
        ),
        RowCheck(
            "area",
            # an area without a division is the division check's (one message, not two)
            f"a.code IS NULL AND s.division IS NOT NULL AND s.division <> '{UNKNOWN_DIVISION}'",
            "s.area, s.division",
            "okänd områdeskod {3!r} i indelningen {4} (finns inte i områdeskatalogen)",
            prefilter=DISTINCT,
        ),
        RowCheck(
            "period",
            f"s.period IS NULL OR s.period NOT IN ({valid_years})" if years else "true",
            "s.period",
            f"perioden {{3!r}} ligger utanför {first_year}–{last_year} (väntade ett årtal)",
            years,
            prefilter=DISTINCT,
        ),
        RowCheck(
            "gender",
            f"s.gender NOT IN ({', '.join('?' for _ in genders)})",
            "s.gender",
            "okänt kön {3!r} (väntade T, K eller M)",
            genders,
            prefilter=DISTINCT,
        ),
        RowCheck(
            "gender",
            "s.gender IS NULL",
            "s.gender",
            "könet saknas (ett tomt fält; skriv T, K eller M)",
            prefilter=DISTINCT,
        ),
        RowCheck(
            "age_group",
            "s.age_group IS NULL OR trim(s.age_group) = ''",
            "s.age_group",
            "åldersgruppen saknas (ett tomt fält; skriv total för alla åldrar)",
            prefilter=DISTINCT,
        ),
        RowCheck(
            "division",
            f"s.division IS NULL OR s.division NOT IN ({', '.join('?' for _ in divisions)})",
            "s.area, coalesce(s.division, 'saknas')",
            "kan inte avgöra indelningen för {3!r} (indelning {4}; koden liknar ingen kommun-, "
            "RegSO- eller DeSO-kod)",
            divisions,
            prefilter=DISTINCT,
        ),
        RowCheck(
            "value",
            # a value that is not finite is the check above's alone (one message per value)
            f"i.value_type = 'count' AND {finite('s.value')} "
            "AND (s.value <> round(s.value) OR s.value < 0)",
            "s.value",
            "antalet {3} är inget heltal ≥ 0",
            prefilter=VALUES,
        ),
        RowCheck(
            "numerator",
            f"({finite('s.numerator')} AND (s.numerator <> round(s.numerator) "
            "OR s.numerator < 0)) "
            f"OR ({finite('s.denominator')} AND (s.denominator <> round(s.denominator) "
            "OR s.denominator < 0))",
            "s.numerator, s.denominator",
            "täljare {3} och nämnare {4} måste vara heltal ≥ 0",
            prefilter=VALUES,
        ),
        RowCheck(
            "value",
            f"i.value_type = 'proportion' AND {finite('s.value')} "
            f"AND (s.value < 0 OR s.value > {PERCENT})",
            "s.value",
            f"andelen {{3}} % ligger utanför 0–{PERCENT} %",
            prefilter=VALUES,
        ),
        RowCheck(
            "numerator",
            f"i.value_type = 'proportion' AND {finite('s.numerator')} "
            f"AND {finite('s.denominator')} AND s.numerator > s.denominator",
            "s.numerator, s.denominator",
            "täljaren {3} är större än nämnaren {4}",
            prefilter=VALUES,
        ),
        RowCheck(
            "value",
            "s.value IS NULL AND s.status IS NULL AND s.numerator IS NULL",
            "NULL",
            "varken värde eller statuskod (t.ex. '..')",
            prefilter=VALUES,
        ),
    )
