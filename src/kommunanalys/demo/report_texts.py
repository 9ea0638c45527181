"""The demo's report texts: the narrative sections of Socialnämndens verksamhetsberättelse 2024,
transcribed (``data/report/texter_2024.toml``), imported as an analyst's file would be."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kommunanalys.report.narrative import import_texts
from kommunanalys.store import Store


def report_text_file() -> Path:
    return Path(str(resources.files("kommunanalys.demo") / "data" / "report" / "texter_2024.toml"))


def load_report_texts(store: Store) -> int:
    """Import the transcribed texts (idempotent: a second run writes nothing)."""
    return import_texts(store, report_text_file(), actor="demo")
