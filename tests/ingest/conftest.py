"""Fixtures for the import tests: a fresh writable store, and writable copies of the demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kommunanalys.store import Store
from tests.ingest.helpers import copy_db, with_catalogue


@pytest.fixture
def store(store: Store) -> Store:
    """The shared empty ``store`` with the catalogue and Huddinge's geography (kommun, RegSO,
    DeSO 2018/2025), no values."""
    return with_catalogue(store)


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A writable copy of the session's demo database file."""
    return copy_db(demo_db, tmp_path / "demo.duckdb")


@pytest.fixture
def writable_demo(demo_copy: Path) -> Iterator[Store]:
    """The demo data in a writable store of its own (never the shared `demo_store`)."""
    s = Store.open(demo_copy)
    yield s
    s.close()
