"""Recompute the derived values table, and the suppression plan, from the current observations.

The plan is computed from exactly the values just stored, in the same refresh, so that a
database never serves new values with an old plan (readers also check its fingerprint).
"""

from __future__ import annotations

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import derive_in_store
from kommunanalys.privacy.planning import custom_members, refresh_plan
from kommunanalys.store import Store
from kommunanalys.store.disclosure import load_options, save_options


def refresh_derived(store: Store, catalogue: Catalogue | None = None) -> int:
    """Replace the derived values and the suppression plan; return the number of values.

    A ``catalogue`` loaded from a catalogue file brings its rule options (zeros, rounding),
    which are stored for the readers; without one the stored options apply."""
    if catalogue is not None and catalogue.options:
        save_options(store, catalogue.options)
    catalogue = Catalogue(
        tuple((catalogue or Catalogue(tuple(store.indicators()))).indicators),
        load_options(store),
    )
    count = derive_in_store(store, store.areas(), catalogue, custom_members(store))
    refresh_plan(store, catalogue)
    return count
