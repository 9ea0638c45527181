"""Recompute the derived values table from the current observations."""

from __future__ import annotations

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import derive
from kommunanalys.store import Store


def refresh_derived(store: Store, catalogue: Catalogue | None = None) -> int:
    catalogue = catalogue or Catalogue(tuple(store.indicators()))
    values = derive(store.current_observations(), store.areas(), catalogue)
    return store.replace_derived(values)
