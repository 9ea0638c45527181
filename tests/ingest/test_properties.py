"""Property tests: Swedish number formats round-trip through the parser, markers never become
0, and importing the same tidy table twice changes nothing the second time."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunanalys.ingest import import_tidy_csv
from kommunanalys.sources.numbers import MISSING_MARKERS, NotANumber, parse_cell
from tests.ingest.helpers import ALL_OBSERVATIONS, fresh_store

SEPARATORS = (" ", "\u00a0", "\u202f")  # space, no-break space, narrow no-break space


def swedish(integer: int, decimals: str, separator: str) -> str:
    """``1234567, "5"`` → ``"1 234 567,5"`` (sign kept in front)."""
    sign = "-" if integer < 0 else ""
    digits = str(abs(integer))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    text = sign + separator.join(groups)
    return f"{text},{decimals}" if decimals else text


@given(
    integer=st.integers(min_value=-(10**12), max_value=10**12),
    decimals=st.text(alphabet="0123456789", max_size=4),
    separator=st.sampled_from(SEPARATORS),
    padding=st.sampled_from(("", " ", "\t", "\u00a0")),
)
def test_swedish_numbers_round_trip(
    integer: int, decimals: str, separator: str, padding: str
) -> None:
    text = padding + swedish(integer, decimals, separator) + padding
    expected = float(f"{integer}.{decimals}" if decimals else str(integer))
    if integer == 0 and text.lstrip().startswith("-"):
        expected = -0.0
    assert parse_cell(text) == (expected, None)


@given(value=st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_python_and_excel_numbers_are_kept_exactly(value: float) -> None:
    assert parse_cell(value) == (value, None)
    assert parse_cell(repr(value)) == (value, None)


@given(
    marker=st.sampled_from(sorted(MISSING_MARKERS)),
    padding=st.sampled_from(("", " ", "  ", "\t")),
)
def test_markers_are_a_status_never_a_number(marker: str, padding: str) -> None:
    value, status = parse_cell(padding + marker + padding)
    assert value is None  # never 0
    assert status == MISSING_MARKERS[marker] and status in {"..", ".", "-", "x"}


@given(text=st.text(alphabet="abcxyzåäö,.-% ", min_size=1, max_size=8))
def test_anything_else_is_a_number_or_refused(text: str) -> None:
    try:
        value, status = parse_cell(text)
    except NotANumber:
        return
    if status is not None:
        assert value is None and text.strip() in MISSING_MARKERS
    elif value is not None:
        assert value == value  # a real number, from digits in the text
        assert any(c.isdigit() for c in text)
    else:
        assert text.strip() == ""


# -- re-import idempotency --------------------------------------------------------------------

DESO = ("0126A0010", "0126C1010", "0126C1020", "0126C1310", "0126C1590")
YEARS = ("2019", "2020", "2021", "2022", "2023")  # DeSO 2018 years: every code above exists
COUNT = st.integers(min_value=0, max_value=10**7).map(str)
MEAN = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False).map(repr)
CELL = st.one_of(COUNT.map(lambda v: (v, "")), st.just(("", "..")), st.just(("", "x")))


@st.composite
def tidy_tables(draw: st.DrawFn) -> list[tuple[str, str, str, str, str]]:
    keys = draw(
        st.sets(
            st.tuples(
                st.sampled_from(("antal_invanare", "medianinkomst")),
                st.sampled_from(DESO),
                st.sampled_from(YEARS),
            ),
            min_size=1,
            max_size=12,
        )
    )
    rows = []
    for indicator, area, year in sorted(keys):
        if indicator == "medianinkomst":
            value, status = draw(st.one_of(MEAN.map(lambda v: (v, "")), CELL))
        else:
            value, status = draw(CELL)
        rows.append((indicator, area, year, value, status))
    return rows


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tidy_tables(), semicolon=st.booleans())
def test_importing_a_tidy_table_twice_changes_nothing(
    rows: list[tuple[str, str, str, str, str]], semicolon: bool
) -> None:
    delimiter, decimal = (";", ",") if semicolon else (",", ".")
    lines = [delimiter.join(("indicator", "area", "period", "value", "status"))]
    for indicator, area, year, value, status in rows:
        shown = value.replace(".", ",") if semicolon else value
        lines.append(delimiter.join((indicator, area, year, shown, status)))
    store = fresh_store()
    try:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "tabell.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            options = {"delimiter": delimiter, "decimal": decimal, "refresh": False}
            first = import_tidy_csv(store, path, **options)  # type: ignore[arg-type]
            assert first.ok, [str(p) for p in first.problems]
            assert (first.added, first.revised) == (len(rows), 0)
            table = store.backend.query(ALL_OBSERVATIONS)
            second = import_tidy_csv(store, path, **options)  # type: ignore[arg-type]
            assert second.ok
            assert (second.added, second.revised, second.unchanged) == (0, 0, len(rows))
            assert store.backend.query(ALL_OBSERVATIONS) == table
            stored = {
                (r[0], r[1], r[3]): (r[6], r[9])
                for r in table  # indicator, area, …, period, …, value, …, status
            }
            for indicator, area, year, value, status in rows:
                expected = (float(value) if value else None, status or None)
                assert stored[(indicator, area, year)] == expected
    finally:
        store.close()
