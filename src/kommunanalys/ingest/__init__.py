"""Importing data: every source's extract is staged, validated and merged all or nothing."""

from kommunanalys.ingest.pipeline import ImportResult, import_extract, import_tidy_csv

__all__ = ["ImportResult", "import_extract", "import_tidy_csv"]
