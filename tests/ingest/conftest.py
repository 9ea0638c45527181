"""Fixtures for the import tests: ``store`` is the shared empty store with the catalogue and
Huddinge's geography; ``writable_demo`` a store over ``demo_copy`` (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kommunanalys.store import Store
from tests.ingest.helpers import with_catalogue


@pytest.fixture
def store(store: Store) -> Store:
    """The shared empty ``store`` with the catalogue and Huddinge's geography (kommun, RegSO,
    DeSO 2018/2025), no values."""
    return with_catalogue(store)


@pytest.fixture
def writable_demo(demo_copy: Path) -> Iterator[Store]:
    """The demo data in a writable store of its own (never the shared `demo_store`)."""
    s = Store.open(demo_copy)
    yield s
    s.close()
