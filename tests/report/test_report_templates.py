"""The reports' templates share one frame (templates/_report_base.html): the A4 page with its
page numbers, the fonts, headings and tables; each report adds only its own styles and body."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

TEMPLATES = Path(str(resources.files("kommunanalys.report") / "templates"))
REPORTS = ("report.html", "project_report.html")


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_extends_the_shared_frame(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert text.startswith('{% extends "_report_base.html" %}')
    for frame in ("<head>", "@page", "<!doctype", "th, td {"):
        assert frame not in text, f"{name} repeats the frame's {frame}"


def test_the_frame_holds_the_page_rule_once() -> None:
    every = {p.name: p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.html")}
    assert [name for name, text in every.items() if "@page" in text] == ["_report_base.html"]
