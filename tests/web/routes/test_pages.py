"""Every page and its JSON twin, for every Huddinge area; errors in Swedish."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kommunanalys.model import Level
from kommunanalys.query import Dataset


def _codes(dataset: Dataset) -> list[str]:
    return sorted({a.code for a in dataset.areas()})


def test_every_area_profile_and_twin_answers_200(client: TestClient, dataset: Dataset) -> None:
    for code in _codes(dataset):
        for year in ("2023", "2025"):
            html = client.get(f"/omrade/{code}", params={"ar": year})
            assert html.status_code == 200, (code, year)
            assert "text/html" in html.headers["content-type"]
            data = client.get(f"/omrade/{code}.json", params={"ar": year})
            assert data.status_code == 200 and data.json()["area"]["code"] == code


def test_profile_shows_real_values_in_swedish_format(client: TestClient) -> None:
    page = client.get("/omrade/0126R007", params={"ar": "2023"}).text
    assert "Glömsta-Loviseberg" in page and "5\u00a0023" in page
    data = client.get("/omrade/0126R007.json", params={"ar": "2023"}).json()
    cards = {c["indicator"]: c for d in data["domains"] for c in d["indicators"]}
    assert cards["antal_invanare"]["value"]["value"] == 5023
    assert cards["antal_invanare"]["kommun"]["value"] == 113920
    assert data["data_version"]["synthetic"] is True


def test_accept_header_gives_the_json_twin(client: TestClient) -> None:
    response = client.get("/omrade/0126", headers={"Accept": "application/json"})
    assert response.json()["area"]["level"] == "kommun"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/index.json",
        "/indikatorer",
        "/indikatorer.json",
        "/indikator/andel_ledarledd_fritid",
        "/indikator/andel_ledarledd_fritid.json?niva=deso&ar=2022",
        "/indikator/loneinkomst_kvinnor?niva=deso&ar=2024",
        "/openapi.json",
    ],
)
def test_pages_answer(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_every_indicator_page_answers(client: TestClient, dataset: Dataset) -> None:
    for indicator in dataset.catalogue:
        assert client.get(f"/indikator/{indicator.id}.json").status_code == 200, indicator.id


@pytest.mark.parametrize("path", ["/omrade/0126X999", "/indikator/finns_inte", "/finns/inte"])
def test_unknown_gives_404_in_swedish(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert 'lang="sv"' in response.text and ("finns inte" in response.text)
    assert client.get(path, headers={"Accept": "application/json"}).json()["detail"]


def test_area_chooser_form_redirects(client: TestClient) -> None:
    response = client.get(
        "/omrade", params={"omrade": "0126C1270", "ar": "2022"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/omrade/0126C1270?ar=2022"


def test_split_deso_points_to_its_successors(client: TestClient) -> None:
    data = client.get("/omrade/0126C1310.json").json()
    assert data["year"] == "2023" and data["replaced_by"] == ["0126C1311", "0126C1312"]


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/v1/values",
        "/api/v1/indicators",
        "/api/v1/areas",
        "/api/v1/areas/{code}/profile",
    } <= paths.keys()


def test_api_rejects_bad_gender_in_swedish(client: TestClient) -> None:
    response = client.get("/api/v1/values", params={"indicator": "antal_invanare", "gender": "X"})
    assert response.status_code == 422 and "Ogiltig begäran" in response.json()["detail"]


def test_the_national_twins_stay_kept(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ranking's and the map's twins are built once and then served as kept bytes
    (json_response.kept_json), not rebuilt from the page's view dict on every request."""
    from kommunanalys.web.routes import maps, pages

    built: list[str] = []
    ranking_json, map_json = pages.ranking_json, maps.map_json
    monkeypatch.setattr(pages, "ranking_json", lambda *a: built.append("r") or ranking_json(*a))
    monkeypatch.setattr(maps, "map_json", lambda *a: built.append("m") or map_json(*a))
    for _ in range(3):
        ranking = client.get("/indikator/antal_invanare.json?ar=2024&niva=deso")
        mapped = client.get("/karta.json?indikator=antal_invanare&ar=2024&niva=deso")
        assert ranking.status_code == mapped.status_code == 200
    assert built.count("r") <= 1 and built.count("m") <= 1  # 0 when an earlier test kept them


@pytest.mark.parametrize("path", ["/indikatorer", "/indikator/andel_apn_aktivitet"])
def test_an_indicators_kind_is_a_word_of_the_pages_language(
    fresh_client: TestClient, path: str
) -> None:
    """The catalogue's codes ("proportion", "count") were shown on Swedish pages (issue 21, 14)."""
    swedish = fresh_client.get(path).text
    assert "<td>proportion</td>" not in swedish and "<td>count</td>" not in swedish
    assert "proportion," not in swedish
    assert "andel" in swedish
    english = fresh_client.get(path, params={"lang": "en"}).text
    assert "proportion" in english


def test_a_level_without_values_is_not_offered(client: TestClient, dataset: Dataset) -> None:
    """Medianinkomst was offered at RegSO and kommun where it has no value (issue 21, item 8):
    the level pickers offer the levels with values (Dataset.levels_offered), and the chosen."""
    assert dataset.levels_of("medianinkomst") == {Level.DESO}
    page = client.get("/indikator/medianinkomst", params={"niva": "deso"}).text
    picker = page.split('name="niva"', 1)[1].split("</select>", 1)[0]
    assert 'value="deso"' in picker
    assert 'value="regso"' not in picker and 'value="kommun"' not in picker
    karta = client.get("/karta", params={"indikator": "medianinkomst", "niva": "deso"}).text
    picker = karta.split('name="niva"', 1)[1].split("</select>", 1)[0]
    assert 'value="regso"' not in picker and 'value="deso"' in picker


@pytest.mark.parametrize(
    ("params", "swedish", "english"),
    [
        (
            {"indicator": "antal_invanare", "gender": "X"},
            "parametern gender: väntade ett av 'T', 'K', 'M', fick 'X'",
            "parameter gender: expected one of 'T', 'K', 'M', got 'X'",
        ),
    ],
)
def test_a_refused_parameter_is_described_in_the_readers_language(
    client: TestClient, params: dict[str, str], swedish: str, english: str
) -> None:
    """No pydantic prose ("Input should be …") in a Swedish or an English message: each
    refusal names the parameter, what it expects and what was given."""
    for language, expected in (("sv", swedish), ("en", english)):
        response = client.get("/api/v1/values", params={**params, "lang": language})
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert expected in detail and "Input should" not in detail, detail


@pytest.mark.parametrize(
    ("k", "swedish"),
    [
        ("många", "parametern k: väntade ett heltal, fick 'många'"),
        ("0", "parametern k: måste vara minst 1, fick '0'"),
        ("51", "parametern k: får vara högst 50, fick '51'"),
        ("9" * 100, "parametern k: får vara högst 50, fick '" + "9" * 40 + "…'"),
    ],
)
def test_a_number_parameter_out_of_its_range_is_described(
    client: TestClient, k: str, swedish: str
) -> None:
    response = client.get("/api/v1/areas/0126/similar", params={"k": k})
    assert response.status_code == 422 and swedish in response.json()["detail"]
