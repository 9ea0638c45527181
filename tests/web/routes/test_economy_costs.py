"""/ekonomi's cost per invånare and Kolada comparison (issue 17 item 3): the committee's net
cost over the kommun's population, checked by hand on the demo; Kolada's IFO cost key figures
against riket, län and the other loaded municipalities from a file of invented test values."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from kommunanalys.formatting import NBSP
from kommunanalys.ingest.files import import_file
from kommunanalys.store import Store
from kommunanalys.web import create_app

#: Invented values in Kolada's layout, not real figures (see tests/data/kolada/ATTRIBUTION.txt).
TEST_VALUES = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "kolada"
    / "kolada_N30005_testvarden_ej_verkliga.csv"
)


def test_cost_per_resident_is_the_net_cost_over_the_population(client: TestClient) -> None:
    twin = client.get("/ekonomi.json").json()
    rows = {r["year"]: r for r in twin["costs"]["per_resident"]}
    # by hand: the seed's Årets resultat 2024 is −497 046 tkr (the demo ledger, 497 046 124 kr);
    # Huddinge's population 31 December 2024 in the demo is 114 799
    assert rows[2024]["net_cost_tkr"] == 497046 and rows[2024]["residents"] == 114799
    assert rows[2024]["kr_per_resident"] == round(497_046_124 / 114_799) == 4330
    assert rows[2023]["kr_per_resident"] == round(466_299_438 / 113_920) == 4093
    assert twin["costs"]["population_indicator"] == "befolkning"
    html = client.get("/ekonomi").text
    assert "Kostnad per invånare" in html and f"4{NBSP}330" in html


def test_without_kolada_values_the_page_says_what_to_load(client: TestClient) -> None:
    twin = client.get("/ekonomi.json").json()
    assert twin["costs"]["kolada"] == []
    command = "kommunanalys import kolada --kpi N30005 --kpi N30101 --kpi N30007 --kommun 0126"
    assert twin["costs"]["kolada_command"] == command
    html = client.get("/ekonomi").text
    assert command in html and "Jämfört med andra kommuner (Kolada)" in html


def test_loaded_key_figures_are_compared_with_riket_lan_and_other_municipalities(
    demo_copy: Path,
) -> None:
    store = Store.open(demo_copy)
    try:
        result = import_file(store, TEST_VALUES)
        assert result.ok, result.problems
        client = TestClient(create_app(store))
        costs = client.get("/ekonomi.json").json()["costs"]
        (figure,) = costs["kolada"]
        assert figure["indicator"] == "kolada_n30005"
        assert figure["name"] == "Nettokostnad individ- och familjeomsorg, kr/inv"
        years = {y["year"]: y for y in figure["years"]}
        assert set(years) == {"2023", "2024"}
        y = years["2024"]
        assert (y["kommun"], y["lan"], y["riket"]) == (5300, 5350, 5800)
        # four municipalities with a value: 4 700, 5 000, 5 300 (Huddinge), 6 400
        assert y["count"] == 4 and y["median"] == (5000 + 5300) / 2 and y["rank"] == 3
        assert [m["code"] for m in y["municipalities"]] == ["0138", "0180", "0126", "0127"]
        assert years["2023"]["rank"] == 3 and years["2023"]["median"] == (4900 + 5100) / 2
        html = client.get("/ekonomi").text
        assert "3 av 4" in html and f"5{NBSP}150" in html and f"5{NBSP}350" in html
        assert "kommunanalys import kolada --kpi" not in html
        english = client.get("/ekonomi", params={"lang": "en"}).text
        assert "Net cost of individual and family care" in english and "3 of 4" in english
    finally:
        store.close()
