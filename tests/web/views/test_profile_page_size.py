"""The profile's cost does not grow with the number of areas in the database (issue 22): its
choosers offer the areas of the place's own kommun and level, never every area of Sweden."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from kommunanalys.config import Settings
from kommunanalys.model import Area, Division, Level
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web import create_app
from kommunanalys.web.views.profile_view import profile_view


def _other_kommun(store: Store, n: int) -> None:
    """``n`` DeSO and a RegSO of another kommun (Stockholm), as a national database has."""
    regso = Area("0180R001", "Stockholm R1", Level.REGSO, Division.REGSO2020, "0180", "0180")
    deso = [
        Area(f"0180C{k:04d}", f"0180C{k:04d}", Level.DESO, Division.DESO2018, regso.code, "0180")
        for k in range(n)
    ]
    store.add_areas([regso, *deso])


def test_the_choosers_offer_only_the_places_kommun(demo_copy: Path) -> None:
    store = Store.open(demo_copy)
    try:
        page = "/omrade/0126C1310?ar=2023"
        before = TestClient(create_app(store, settings=Settings.for_tests())).get(page).text
        _other_kommun(store, 800)
        ds = Dataset(store)
        assert len(ds.areas(Level.DESO, Division.DESO2018)) > 800
        after = TestClient(create_app(store, settings=Settings.for_tests())).get(page).text
        assert "0180C" not in after and "0180R001" not in after
        assert after.count("<option") == before.count("<option")
        view = profile_view(ds, ds.place("0126C1310", "2023"), None, "0126R001")
        assert view["_area_choices"] and all(c.startswith("0126") for c, _ in view["_area_choices"])
        # the kommun's own areas, and riket and its län (issue 20 item 7), nothing of 0180
        assert all(
            a.code.startswith("0126") or a.level in (Level.RIKET, Level.LAN)
            for a in view["_benchmark_choices"]
        )
    finally:
        store.close()
