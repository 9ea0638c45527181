"""Goal pages and forms answer bad years and numbers with a clear 4xx, never a 500 (issue 21
item 4, issue 23 item 4): a year is parsed in one place (``sources.numbers.parse_year``: four
ASCII digits), so '²⁰²⁴' (``str.isdigit()`` is true, ``int()`` fails), full-width and
Arabic-Indic digits and 20-digit years are refused as "not a year"."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kommunanalys.sources.numbers import NotAYear, parse_count, parse_year
from tests.web.routes.test_goal_pages import (
    ANALYST,
    ANALYST_PASSWORD,
    EDITOR,
    EDITOR_PASSWORD,
    ENTRY,
    Site,
    csrf_of,
    post_entry,
    site,  # noqa: F401  (the fixture)
)

UNICODE_YEARS = ["²⁰²⁴", "２０２４", "٢٠٢٤", "2⁰24", "𝟐𝟎𝟐𝟒", "99999999999999999999", "-5", "+2024"]
PAGES = [
    "/mal",
    "/mal.json",
    "/mal/vaxthusgaser",
    "/omstallning",
    "/omstallning.json",
    "/mal/rapport.html",
    "/mal/rapport.docx",
    "/rapportering.json",
]


@pytest.mark.parametrize("text", ["2024", "0001", "1999"])
def test_a_year_is_four_ascii_digits(text: str) -> None:
    assert parse_year(text) == int(text)


@pytest.mark.parametrize("text", [*UNICODE_YEARS, "", " 2024", "2024 ", "202", "20245", "2e3"])
def test_anything_else_is_not_a_year(text: str) -> None:
    with pytest.raises(NotAYear):
        parse_year(text)


def test_a_count_is_ascii_digits_that_fit_64_bits() -> None:
    assert parse_count("12") == 12
    assert [parse_count(t) for t in ("²", "1.5", "-1", "9" * 19, "")] == [None] * 5


@pytest.mark.parametrize("year", UNICODE_YEARS)
@pytest.mark.parametrize("page", PAGES)
def test_goal_pages_refuse_a_year_that_is_not_four_ascii_digits(
    client: TestClient, page: str, year: str
) -> None:
    response = client.get(page, params={"ar": year}, headers={"Accept": "application/json"})
    assert response.status_code in (400, 401, 403), (page, year, response.text[:300])
    if response.status_code == 400:
        assert "är inget årtal" in response.json()["detail"]


@pytest.mark.parametrize("year", ["²⁰²⁵", "99999999999999999999"])
def test_the_entry_form_refuses_a_unicode_or_huge_year(site: Site, year: str) -> None:  # noqa: F811
    editor = site.login(EDITOR, EDITOR_PASSWORD)
    response = post_entry(
        editor, csrf_of(editor), ar=year, value__sjukfranvaro="6,4", version__sjukfranvaro="0"
    )
    assert response.status_code == 400
    assert "är inget årtal" in response.json()["detail"]
    assert site.values("sjukfranvaro") == []


@pytest.mark.parametrize("version", ["abc", "1.5", "²", "9" * 30])
def test_the_entry_form_refuses_a_version_that_is_not_a_whole_number(
    site: Site,  # noqa: F811
    version: str,
) -> None:
    editor = site.login(EDITOR, EDITOR_PASSWORD)
    response = post_entry(
        editor, csrf_of(editor), value__sjukfranvaro="6,4", version__sjukfranvaro=version
    )
    assert response.status_code == 400
    assert "ogiltigt versionsnummer" in response.json()["detail"]
    assert site.values("sjukfranvaro") == []


@pytest.mark.parametrize("year", ["99999999999999999999", "²⁰²⁵", "1e3"])
def test_the_period_form_refuses_a_huge_or_unicode_year(site: Site, year: str) -> None:  # noqa: F811
    analyst = site.login(ANALYST, ANALYST_PASSWORD)
    response = analyst.post(
        "/rapportering/period",
        data={**ENTRY, "ar": year, "state": "låst", "csrf": csrf_of(analyst)},
        headers={"Accept": "application/json"},
        follow_redirects=False,
    )
    assert response.status_code == 404
    assert "är inget årtal" in response.json()["detail"]
    assert site.events("goals.period") == []


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"value__sjukfranvaro": "1e300"}, "value__sjukfranvaro", "orimligt stort"),
        ({"value__sjukfranvaro": "-1e13"}, "value__sjukfranvaro", "orimligt stort"),
        (
            {"value__sjukfranvaro": "5", "numerator__sjukfranvaro": "-1"},
            "numerator__sjukfranvaro",
            "kan inte vara negativa",
        ),
        (
            {"value__sjukfranvaro": "5", "denominator__sjukfranvaro": "-10"},
            "denominator__sjukfranvaro",
            "kan inte vara negativa",
        ),
        ({"value__sjukfranvaro": "1e400"}, "value__sjukfranvaro", "inget ändligt tal"),
        ({"value__sjukfranvaro": "nan"}, "value__sjukfranvaro", "inget tal"),
    ],
)
def test_the_entry_form_refuses_impossible_numbers(
    site: Site,  # noqa: F811
    fields: dict[str, str],
    field: str,
    text: str,
) -> None:
    editor = site.login(EDITOR, EDITOR_PASSWORD)
    response = post_entry(editor, csrf_of(editor), version__sjukfranvaro="0", **fields)
    assert response.status_code == 422, response.text[:300]
    assert text in response.json()["errors"][field]
    assert site.values("sjukfranvaro") == []
