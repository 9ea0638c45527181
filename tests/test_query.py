"""Dataset.ranking and the level values behind the map and the ranking, after they were made
fast at national scale: one query per level (no list of area codes), intervals and
comparisons vectorised. They must give exactly what the plain per-value path gives."""

from __future__ import annotations

import json
import math

import pytest
from fastapi.testclient import TestClient

from kommunanalys.analysis.assessment import COUNT_NOT_COMPARED
from kommunanalys.model import ALL_AGES, Gender, Indicator, Level, ValueType
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.query import Dataset
from kommunanalys.stats.comparison import QUINTILE_METHOD, Comparison, Outcome, compare
from kommunanalys.stats.intervals import LEVELS, value_bounds, value_method
from kommunanalys.web.views.indicator_values import level_values
from tests.privacy.small import A, B, small_store


def _reference(ds: Dataset, indicator_id: str, year: str, level: Level) -> dict[str, object]:
    """The slow path: every area's gated values asked for by code, one area at a time."""
    indicator = ds.indicator(indicator_id)
    gender = indicator.view_gender or Gender.TOTAL
    out: dict[str, object] = {}
    division = next(a.division for a, _ in ds.ranking(indicator_id, year, level)[1])
    for area in ds.areas(level, division):
        found = [
            v
            for v in ds.values([indicator_id], areas=[area.code], years=[year], genders=[gender])
            if v.division is division and v.age_group == ALL_AGES
        ]
        out[area.code] = found[0] if found else None
    return out


@pytest.mark.parametrize("level", [Level.REGSO, Level.DESO, Level.KOMMUN])
@pytest.mark.parametrize(
    "indicator_id", ["andel_ledarledd_fritid", "medianinkomst", "antal_invanare"]
)
def test_ranking_equals_the_per_area_path(
    dataset: Dataset, indicator_id: str, level: Level
) -> None:
    for year in ("2022", "2025"):
        got_year, pairs = dataset.ranking(indicator_id, year, level)
        assert got_year == year
        reference = _reference(dataset, indicator_id, year, level)
        assert [a.code for a, _ in pairs] == list(reference)
        assert {a.code: v for a, v in pairs} == reference
        if indicator_id == "andel_ledarledd_fritid":  # computed at every level and year
            assert any(v is not None for _, v in pairs)


def test_ranking_of_a_gender_view_keeps_its_gender(dataset: Dataset) -> None:
    views = [i for i in dataset.catalogue if i.is_view and i.view_gender]
    assert views
    view = views[0]
    year, pairs = dataset.ranking(view.id, None, Level.REGSO)
    shown = [v for _, v in pairs if v is not None]
    assert shown
    assert all(v.indicator == view.id and v.gender is view.view_gender for v in shown)
    assert {a.code: v for a, v in pairs} == _reference(dataset, view.id, year, Level.REGSO)


def test_ranking_without_a_year_takes_the_latest_published_year(dataset: Dataset) -> None:
    year, _ = dataset.ranking("medianinkomst", None, Level.DESO)
    published = {
        v.period
        for v in dataset.values(["medianinkomst"], genders=[Gender.TOTAL])
        if v.value is not None
    }
    assert year == max(published)


def test_a_small_count_stays_hidden_in_the_ranking() -> None:
    """The gate still decides: DeSO A's count of 2 (1 + 1) in 2023 is hidden, with the share
    built on it, and so is its complement."""
    store = small_store({(A, "2023", "K"): 1.0, (A, "2023", "M"): 1.0})
    ds = Dataset(store)
    for indicator_id in ("antal_x", "andel_x"):
        _, pairs = ds.ranking(indicator_id, "2023", Level.DESO)
        by_code = {a.code: v for a, v in pairs}
        assert by_code[A] is not None and by_code[A].status == SUPPRESSED
        assert by_code[A].value is None and by_code[A].numerator is None
        hidden = [c for c, v in by_code.items() if v is not None and v.status == SUPPRESSED]
        assert len(hidden) >= 2  # the plan hides a complement: A alone could be worked out
        _, earlier = ds.ranking(indicator_id, "2022", Level.DESO)
        assert all(v is not None and v.value is not None for _, v in earlier)
    assert {a.code for a, _ in ds.ranking("antal_x", "2023", Level.DESO)[1]} >= {A, B}
    store.close()


def test_latest_published_year_skips_a_year_with_only_hidden_values() -> None:
    """A year whose every value is hidden is not offered as the latest (once per dataset)."""
    store = small_store()
    ds = Dataset(store)
    indicator = ds.indicator("antal_x")
    assert ds.latest_published_year(indicator) == "2023"
    ds.gate.plan.cells.setdefault("antal_x", {}).update(
        {
            (v.area, v.division, v.period, v.gender, v.age_group): "sekundär"
            for v in store.values(indicators=["antal_x"], periods=["2023"])
        }
    )
    ds.forget(("latest-published-year", "antal_x"))
    assert ds.latest_published_year(indicator) == "2022"
    assert ds.ranking("antal_x", None, Level.DESO)[0] == "2022"
    store.close()


@pytest.mark.parametrize(
    "indicator_id", ["andel_ledarledd_fritid", "antal_invanare", "medianinkomst"]
)
def test_level_values_agree_with_the_scalar_interval_and_comparison(
    dataset: Dataset, indicator_id: str
) -> None:
    indicator = dataset.indicator(indicator_id)
    found = level_values(dataset, indicator, "2023", Level.DESO, Gender.TOTAL)
    benchmark = found.kommun_value.value if found.kommun_value else None
    kind = indicator.interval_kind  # a complete register count has none (issue 20 item 5)
    checked = 0
    for row in found.rows:
        v = row.value
        if v is None or v.value is None:
            assert row.interval is None and row.comparison is None
            continue
        bounds = []
        for level in LEVELS:
            lo, hi = value_bounds(
                kind,
                [v.value],
                [math.nan if v.numerator is None else v.numerator],
                [math.nan if v.denominator is None else v.denominator],
                float(indicator.multiplier),
                level,
            )
            bounds.append((float(lo[0]), float(hi[0])))
        if math.isnan(bounds[0][0]):
            assert row.interval is None
            _as_on_the_card_without_interval(indicator, row.comparison)
            continue
        assert row.interval is not None
        assert (row.interval.lower, row.interval.upper) == pytest.approx(bounds[0], rel=1e-12)
        count = v.numerator if kind == "rate" else v.value
        assert row.interval.method == value_method(kind, count)
        if indicator.value_type is ValueType.COUNT:
            _as_on_the_card_without_interval(indicator, row.comparison)
            continue
        if benchmark is None:
            assert row.comparison is None
            continue
        expected = compare(
            bounds[0],
            bounds[1],
            benchmark,
            polarity=indicator.polarity.value,
            method=row.interval.method,
            benchmark_label=found.kommun.name,
        )
        assert row.comparison == expected
        checked += 1
    if indicator.value_type is ValueType.PROPORTION:
        assert checked > 0


def _as_on_the_card_without_interval(indicator: Indicator, found: Comparison | None) -> None:
    """A count is not compared, another value without an interval by its quintile or not at
    all: as the area's card (issue 20: the map and the ranking compare as the cards do)."""
    if indicator.value_type is ValueType.COUNT:
        assert found is not None and found.outcome is Outcome.NOT_COMPARED
        assert found.method == COUNT_NOT_COMPARED
    else:
        assert found is None or found.method == QUINTILE_METHOD


def test_fast_json_gives_the_same_document_as_the_standard_library() -> None:
    from kommunanalys.web.json_response import encode

    document = {"å": [1.5, None, 1e-05, 2.0, "skyddad ▲"], "n": {"x": [0.1 + 0.2, -3]}}
    assert json.loads(encode(document)) == document
    assert json.loads(encode(document).decode("utf-8")) == json.loads(json.dumps(document))


def test_map_and_ranking_twins_share_one_row_shape(client: TestClient) -> None:
    """Both twins say the shared fields once and give every area a row with every key, in
    one order: the ranking adds its rank, the map its class, colour and profile link."""
    from kommunanalys.web.views.level_json import ROW_KEYS

    params = {"indikator": "andel_ledarledd_fritid", "niva": "deso", "ar": "2023"}
    ranking = client.get("/indikator/andel_ledarledd_fritid.json?niva=deso&ar=2023").json()
    found = client.get("/karta.json", params=params)
    assert found.headers["content-type"].startswith("application/json")
    the_map = found.json()
    for doc in (ranking, the_map):
        assert doc["indicator"]["id"] == "andel_ledarledd_fritid" and doc["year"] == "2023"
        assert doc["level"] == "deso" and doc["division"] == "DeSO2018"
        assert doc["gender"] == "T" and doc["interval_level"] == 0.95
        assert tuple(doc["kommun"]) == ROW_KEYS and doc["kommun"]["area"] == "0126"
    assert {tuple(row) for row in ranking["values"]} == {(*ROW_KEYS, "rank")}
    assert {tuple(row) for row in the_map["areas"]} == {(*ROW_KEYS, "class", "colour", "profile")}
    by_area = {row["area"]: row for row in the_map["areas"]}
    for row in ranking["values"]:  # the same area, the same row but for the view's own keys
        assert {k: by_area[row["area"]][k] for k in ROW_KEYS} == {k: row[k] for k in ROW_KEYS}
    top = ranking["values"][0]
    assert top["rank"] == 1 and top["lower"] < top["value"] < top["upper"]
    assert top["interval_method"] == "Wilson" and top["formatted"].endswith("\u00a0%")
    assert top["comparison"] in {"better", "similar", "worse"} and top["parent"].startswith(
        "0126R"
    )
    html_twin = client.get("/karta", params=params, headers={"accept": "application/json"}).json()
    assert html_twin == the_map


def test_twin_rows_without_a_value_and_hidden_ones_keep_every_key(client: TestClient) -> None:
    from kommunanalys.web.views.level_json import ROW_KEYS

    for year in ("2022", "2023", "2024", "2025"):
        params = {"niva": "deso", "ar": year}
        data = client.get("/indikator/andel_aktualiseringar_kriminalitet.json", params=params)
        hidden = [v for v in data.json()["values"] if v["status"] == SUPPRESSED]
        if hidden:
            break
    assert hidden, "the demo hides some DeSO values of this sensitive indicator"
    for row in hidden:
        assert tuple(row)[: len(ROW_KEYS)] == ROW_KEYS and row["rank"] is None
        assert row["value"] is row["numerator"] is row["denominator"] is row["lower"] is None
        assert row["formatted"] == "–" and row["status_text"].startswith("Värdet visas inte")


def test_kept_twins_are_the_same_document_and_bounded(dataset: Dataset) -> None:
    from kommunanalys.web.json_response import KEPT_DOCUMENTS, kept_json

    built: list[int] = []

    def build(n: int) -> dict[str, object]:
        built.append(n)
        return {"n": n, "values": [1.5, None, "skyddad"]}

    first = kept_json(dataset, ("test-twin", 0), lambda: build(0))
    again = kept_json(dataset, ("test-twin", 0), lambda: build(0))
    assert first.body == again.body and built == [0]  # built and encoded once
    assert json.loads(first.body) == {"n": 0, "values": [1.5, None, "skyddad"]}
    for n in range(1, KEPT_DOCUMENTS + 1):  # push the first one out
        kept_json(dataset, ("test-twin", n), lambda n=n: build(n))
    kept_json(dataset, ("test-twin", 0), lambda: build(0))
    assert built.count(0) == 2


def test_the_map_view_is_kept_per_language(client: TestClient) -> None:
    params = {"indikator": "antal_invanare", "niva": "deso", "ar": "2023"}
    swedish = client.get("/karta.svg", params=params).text
    english = client.get("/karta.svg", params={**params, "lang": "en"}).text
    assert "RegSO-gräns" in swedish and "RegSO-gräns" not in english
    assert client.get("/karta.svg", params={**params, "lang": "sv"}).text == swedish
