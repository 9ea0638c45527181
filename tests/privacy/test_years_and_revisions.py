"""Secondary suppression across adjacent years (the difference channel) and across a
revision; a stale plan is never trusted."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from kommunanalys.catalog.indicators import Catalogue
from kommunanalys.derive import derive
from kommunanalys.model import Division, Gender
from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT
from kommunanalys.query import Dataset
from kommunanalys.web import create_app
from tests.privacy.small import INDICATORS, A, B, C, revise, small_store

SMALL = {(A, "2023", "K"): 1.0, (A, "2023", "M"): 2.0}


def _difference(client: TestClient, area: str) -> tuple[int, dict]:
    response = client.get(
        "/api/v1/difference",
        params={"indicator": "andel_x", "area": area, "year": "2023", "other_year": "2022"},
    )
    return response.status_code, response.json()


def test_secondary_suppression_by_adjacent_year_no_difference_with_a_hidden_year() -> None:
    """'2023 minus 2022' would give the hidden 2023 value back from the published 2022 one:
    no difference is published when either year's cell is hidden, primary (A) or
    secondary (B); a difference of two published cells (C) is."""
    client = TestClient(create_app(small_store(SMALL)))
    for area in (A, B):
        status, body = _difference(client, area)
        assert status == 404
        assert SUPPRESSION_TEXT in body["detail"] and "2023" in body["detail"]
        assert "difference" not in body
    status, body = _difference(client, C)
    assert status == 200
    assert body["difference"]["estimate"] == 0  # C is the same both years
    assert body["first"]["status"] is None and body["second"]["status"] is None


def test_secondary_suppression_across_a_revision() -> None:
    """A published count revised to 1 is hidden with its complements after the import's
    refresh; the old published value is served nowhere public."""
    store = small_store()
    before = Dataset(store)
    a_women = before.values(["antal_x"], areas=[A], years=["2023"], genders=[Gender.WOMEN])
    assert a_women[0].value == 20
    revise(store, {(A, "2023", "K"): 1.0})
    after = Dataset(store)
    rows = {
        (v.area, v.gender): v
        for v in after.values(["antal_x", "andel_x"], years=["2023"])
        if v.indicator == "antal_x"
    }
    assert rows[(A, Gender.WOMEN)].status == SUPPRESSED  # primary: 1
    assert rows[(A, Gender.MEN)].status == SUPPRESSED  # else K = T − M
    assert rows[(A, Gender.MEN)].value is None
    assert rows[(A, Gender.TOTAL)].value == 23  # the total stays: hiding M is enough for K = T − M
    hidden_women = [a for (a, g), v in rows.items() if g is Gender.WOMEN and v.status]
    assert len(hidden_women) >= 2  # a sibling's women too, else A = RegSO − the others
    published = [v.value for v in after.values(["antal_x"], areas=[A], years=["2023"])]
    assert 20 not in published and 1 not in published
    client = TestClient(create_app(store))
    history = client.get("/indikator/antal_x/historik.json", follow_redirects=False)
    assert history.status_code in (303, 401, 403)  # old revisions: analysts only
    assert '"value": 20' not in history.text


def test_a_stale_stored_plan_is_not_used() -> None:
    """Values replaced without the plan's refresh: the reader recomputes the plan."""
    store = small_store()
    assert not Dataset(store).gate.plan.cells
    observations = [
        replace(v, value=2.0)
        if (v.indicator, v.area, v.period, v.gender) == ("antal_x", A, "2023", Gender.WOMEN)
        else v
        for v in store.current_observations()
    ]
    store.replace_derived(derive(observations, store.areas(), Catalogue(INDICATORS)))
    plan = Dataset(store).gate.plan
    key = (A, Division.DESO2018, "2023", Gender.WOMEN, "total")
    assert plan.reason("antal_x", key) == "primär"
    assert len(plan.cells["antal_x"]) > 1
