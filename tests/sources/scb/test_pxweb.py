"""SCB PxWebApi v2/v1 adapter against recorded answers (tests/data/pxweb), no network."""

from __future__ import annotations

import hashlib
import json
import math
import socket
from collections import Counter
from collections.abc import Callable
from itertools import product
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kommunanalys.catalog.indicators import Catalogue, load_catalogue
from kommunanalys.derive import derive
from kommunanalys.model import Area, Division, Gender, Level, Polarity, Value, ValueType
from kommunanalys.sources.http import ApiError
from kommunanalys.sources.scb.api_tables import TABLES, builtin_table, update_plan
from kommunanalys.sources.scb.jsonstat import (
    JsonStatError,
    merge,
    parse_dataset,
    parse_metadata,
    parse_v1_metadata,
)
from kommunanalys.sources.scb.options import PxWebOptions, area_of, infer_value_type
from kommunanalys.sources.scb.pxweb import (
    PxWebAdapter,
    PxWebClient,
    PxWebRaw,
    Query,
    plan_queries,
    split_query,
)

DATA = Path(__file__).parents[2] / "data" / "pxweb"
V2 = "/api/v2"
V1_TABLE = "BE/BE0101/BE0101Y/FolkmDesoAldKon"
V1 = f"/OV0104/v1/doris/sv/ssd/{V1_TABLE}"


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class FakeScb:
    """SCB as recorded: answers by method and path, records every request."""

    def __init__(self, routes: dict[tuple[str, str], Any]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.routes.get((request.method, request.url.path))
        if answer is None:
            problem = {"type": "about:blank", "title": "Not Found", "status": 404}
            return httpx.Response(404, json=problem)
        if callable(answer):
            return answer(request)
        return httpx.Response(200, json=answer)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def bodies(self, path: str) -> list[Any]:
        posts = (r for r in self.requests if r.method == "POST" and r.url.path == path)
        return [json.loads(r.content) for r in posts]


class Clock:
    """A clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def tab6574_routes(data: Any = None) -> dict[tuple[str, str], Any]:
    return {
        ("GET", f"{V2}/config"): load("config.json"),
        ("GET", f"{V2}/tables/TAB6574"): load("table_TAB6574.json"),
        ("GET", f"{V2}/tables/TAB6574/metadata"): load("TAB6574_metadata.json"),
        ("GET", f"{V2}/codelists/vs_DeSO2025"): load("codelist_vs_DeSO2025.json"),
        ("GET", f"{V2}/codelists/vs_DeSO2018"): load("codelist_vs_DeSO2018.json"),
        ("POST", f"{V2}/tables/TAB6574/data"): data or load("TAB6574_data_huddinge_deso2025.json"),
    }


def adapter_for(fake: FakeScb, clock: Clock | None = None) -> PxWebAdapter:
    clock = clock or Clock()
    return PxWebAdapter(transport=fake.transport, sleep=clock.sleep, clock=clock)


def tab6574_options(*years: str) -> PxWebOptions:
    return next(o for o in update_plan("0126", years) if o.table == "TAB6574")


# -- JSON-stat --------------------------------------------------------------------------------


def test_jsonstat_cells_are_row_major_last_dimension_fastest() -> None:
    doc = {
        "id": ["A", "B"],
        "size": [2, 3],
        "dimension": {
            "A": {"category": {"index": {"a": 0, "b": 1}}},
            "B": {"category": {"index": ["x", "y", "z"]}},
        },
        "value": [0, 1, 2, 3, 4, 5],
    }
    cells = list(parse_dataset(doc).iter_cells())
    assert [c.key for c in cells] == [(a, b) for a in "ab" for b in "xyz"]
    assert [(c.index, c.value) for c in cells] == [(i, float(i)) for i in range(6)]


def test_jsonstat_recorded_answer_cell_by_index() -> None:
    data = parse_dataset(load("TAB6574_data_huddinge_deso2025.json"))
    assert data.ids == ("Region", "Alder", "Kon", "ContentsCode", "Tid")
    cells = {c.key: c for c in data.iter_cells()}
    women_0_4 = cells[("0126C1010_DeSO2025", "-4", "2", "000007Y7", "2024")]
    assert women_0_4.index == 1 * 6 + 1 * 3 + 1
    assert women_0_4.value == 112.0  # huddinge_0126_raw.json, dist.age.f[0]
    assert data.units == {"000007Y7": "antal"}


def test_missing_markers_become_status_never_zero() -> None:
    data = parse_dataset(load("TAB6574_data_huddinge_deso2025.json"))
    cells = {c.key[:3]: c for c in data.iter_cells()}
    men, women, total = (cells[("0126C1020_DeSO2025", "-4", k)] for k in ("1", "2", "1+2"))
    assert (men.value, men.status) == (None, "..")
    assert (women.value, women.status) == (None, ".")
    assert (total.value, total.status) == (176.0, None)
    assert all(c.value != 0 for c in data.iter_cells() if c.status)


@pytest.mark.parametrize(
    ("value", "status", "expected"),
    [
        ([1, None, 3], {"1": ".."}, [(1.0, None), (None, ".."), (3.0, None)]),
        ([1, 0, 3], ["", "-", None], [(1.0, None), (None, "-"), (3.0, None)]),
        ([None, None, None], None, [(None, "..")] * 3),  # null without a marker is missing
        (["1 234,5", "..", "x"], None, [(1234.5, None), (None, ".."), (None, "x")]),
        ({"0": 7, "2": 9}, {"1": ":"}, [(7.0, None), (None, "x"), (9.0, None)]),
        ([1, 2, 3], "..", [(None, "..")] * 3),  # one status for every cell
    ],
)
def test_value_and_status_shapes(value: Any, status: Any, expected: list[Any]) -> None:
    doc = {
        "id": ["T"],
        "size": [3],
        "dimension": {"T": {"category": {"index": ["a", "b", "c"]}}},
        "value": value,
        "status": status,
    }
    assert [(c.value, c.status) for c in parse_dataset(doc).iter_cells()] == expected


def test_jsonstat_errors_say_what_is_wrong() -> None:
    doc = {"id": ["T"], "size": [3], "dimension": {"T": {"category": {"index": ["a", "b"]}}}}
    with pytest.raises(JsonStatError, match="dimensionen T har 2 koder men size 3"):
        parse_dataset(doc)
    doc = {"id": ["T"], "size": [2], "dimension": {"T": {"category": {"index": ["a", "b"]}}}}
    with pytest.raises(JsonStatError, match="value har 3 celler, size ger 2"):
        parse_dataset({**doc, "value": [1, 2, 3]})


def test_metadata_with_scb_extension() -> None:
    meta = parse_metadata(load("TAB6574_metadata.json"), "TAB6574")
    assert (meta.time_variable, meta.region_variable, meta.contents_variable) == (
        "Tid",
        "Region",
        "ContentsCode",
    )
    assert meta.source == "SCB" and meta.updated.startswith("2025-03-25")
    content = meta.content("000007Y7")
    assert content is not None and content.unit == "antal" and content.decimals == 0
    assert content.refperiod == "31 december respektive år"
    region = meta.variable("Region")
    assert region is not None and region.elimination
    assert [c.id for c in region.codelists][:2] == ["vs_DeSO2018", "vs_DeSO2025"]
    assert meta.subject_code == "BE" and meta.notes[0].startswith("Från och med referensåret")


def test_v1_metadata() -> None:
    meta = parse_v1_metadata(load("v1_FolkmDesoAldKon_metadata.json"), V1_TABLE)
    assert meta.time_variable == "Tid" and meta.region_variable == "Region"
    assert meta.title.startswith("Folkmängden per region")
    assert [c.code for c in meta.contents] == ["000007Y7"]


# -- regions and vintages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "period", "level", "expected"),
    [
        ("0126C1010_DeSO2025", "2024", "deso", ("0126C1010", Division.DESO2025)),
        ("0126C1010_DeSO2025", "2023", "deso", ("0126C1010", Division.DESO2025)),  # suffix wins
        ("0126R006_RegSO2025", "2025", "regso", ("0126R006", Division.REGSO2025)),
        ("0126C1010", "2023", "deso", ("0126C1010", Division.DESO2018)),
        ("0126C1010", "2024", "deso", ("0126C1010", Division.DESO2025)),  # division_for
        ("0126R006", "2023", "regso", ("0126R006", Division.REGSO2020)),
        ("0126", "2024", "deso", ("0126", Division.KOMMUN)),
    ],
)
def test_region_code_to_area_and_vintage(
    code: str, period: str, level: Any, expected: tuple[str, Division]
) -> None:
    assert area_of(code, period, level) == expected


def test_unknown_suffix_is_an_error() -> None:
    with pytest.raises(Exception, match="okänd indelning 'DeSO2030'"):
        area_of("0126C1010_DeSO2030", "2031")


def test_plan_groups_years_by_vintage_with_the_codelist_of_each() -> None:
    meta = parse_metadata(load("TAB6574_metadata.json"), "TAB6574")
    lists = {
        name: [v["code"] for v in load(f"codelist_{name}.json")["values"]]
        for name in ("vs_DeSO2018", "vs_DeSO2025")
    }
    options = PxWebOptions("TAB6574", "0126", years=("2023", "2024"), selection={"Kon": ["1+2"]})
    first, second = plan_queries(meta, options, lists.__getitem__)
    assert dict(first.values)["Tid"] == ("2023",) and dict(second.values)["Tid"] == ("2024",)
    assert dict(first.values)["Region"] == ("0126A0010", "0126C1010", "0126C1020")
    assert dict(second.values)["Region"] == tuple(
        f"{d}_DeSO2025" for d in ("0126A0010", "0126C1010", "0126C1020", "0126C1030")
    )
    assert dict(first.codelists) == {"Region": "vs_DeSO2018"}
    assert dict(second.codelists) == {"Region": "vs_DeSO2025"}
    assert "Alder" not in dict(second.values)  # eliminable and not selected: SCB sums it
    assert second.v2_body() == {
        "selection": [
            {
                "variableCode": "Region",
                "valueCodes": list(dict(second.values)["Region"]),
                "codelist": "vs_DeSO2025",
            },
            {"variableCode": "Kon", "valueCodes": ["1+2"]},
            {"variableCode": "ContentsCode", "valueCodes": ["000007Y7"]},
            {"variableCode": "Tid", "valueCodes": ["2024"]},
        ]
    }


def test_plan_without_codelists_filters_the_metadata() -> None:
    meta = parse_metadata(load("TAB6574_metadata.json"), "TAB6574")
    regso = PxWebOptions("TAB6574", "0126", years=("2023", "2024"), level="regso")
    assert [dict(q.values)["Region"] for q in plan_queries(meta, regso)] == [
        ("0126R006",),
        ("0126R006_RegSO2025",),
    ]
    kommun = PxWebOptions("TAB6574", "0126", years=("2024",), level="kommun")
    (query,) = plan_queries(meta, kommun)
    assert dict(query.values)["Region"] == ("0126",) and not query.codelists


def test_plan_says_what_is_missing() -> None:
    meta = parse_metadata(load("TAB6574_metadata.json"), "TAB6574")
    with pytest.raises(Exception, match="år 2031 finns inte"):
        plan_queries(meta, PxWebOptions("TAB6574", "0126", years=("2031",)))
    with pytest.raises(Exception, match="variabeln Kon har inte 3"):
        plan_queries(meta, PxWebOptions("TAB6574", "0126", selection={"Kon": ["3"]}))
    with pytest.raises(Exception, match="inga deso-områden för kommun 9999"):
        plan_queries(meta, PxWebOptions("TAB6574", "9999", years=("2024",)))


# -- splitting -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 7), min_size=1, max_size=4),
    max_cells=st.integers(1, 400),
)
def test_split_keeps_every_request_under_the_limit_and_covers_each_cell_once(
    sizes: list[int], max_cells: int
) -> None:
    names = ("Tid", "Region", "Alder", "Kon")[: len(sizes)]
    values = ((n, tuple(f"{n}{i}" for i in range(s))) for n, s in zip(names, sizes, strict=True))
    query = Query(tuple(values))
    chunks = split_query(query, max_cells, ("Tid", "Region"))
    assert all(c.cells <= max_cells for c in chunks)
    assert all([v for v, _ in c.values] == list(names) for c in chunks)
    asked = Counter(k for c in chunks for k in product(*(codes for _, codes in c.values)))
    assert asked == Counter(product(*(codes for _, codes in query.values)))
    if query.cells // sizes[0] <= max_cells:  # time alone is enough: nothing else is split
        assert all(c.values[1:] == query.values[1:] for c in chunks)


def generated_scb(max_cells: int) -> FakeScb:
    """An SCB that computes any selection of TAB6574 and refuses one over ``max_cells``."""
    meta = load("TAB6574_metadata.json")

    def data(request: httpx.Request) -> httpx.Response:
        selection = json.loads(request.content)["selection"]
        picked = {s["variableCode"]: s["valueCodes"] for s in selection}
        ids = [i for i in meta["id"] if i in picked]
        if math.prod(len(picked[i]) for i in ids) > max_cells:
            return httpx.Response(403, json={"title": "Too many cells", "status": 403})
        values: list[int | None] = []
        status: dict[str, str] = {}
        for n, key in enumerate(product(*(picked[i] for i in ids))):
            digest = int(hashlib.sha256("|".join(key).encode()).hexdigest()[:6], 16)
            values.append(None if digest % 7 == 0 else digest % 1000)
            if digest % 7 == 0:
                status[str(n)] = ".."
        dims = {
            i: {
                "label": meta["dimension"][i]["label"],
                "category": {
                    "index": {c: n for n, c in enumerate(picked[i])},
                    "label": {c: meta["dimension"][i]["category"]["label"][c] for c in picked[i]},
                },
            }
            for i in ids
        }
        doc = {"label": meta["label"], "source": "SCB", "updated": meta["updated"], "id": ids}
        doc |= {"size": [len(picked[i]) for i in ids], "dimension": dims, "value": values}
        return httpx.Response(200, json=doc | {"status": status})

    routes = tab6574_routes(data)
    routes[("GET", f"{V2}/config")] = load("config.json") | {"maxDataCells": max_cells}
    return FakeScb(routes)


def test_split_answers_merge_to_the_unsplit_answer() -> None:
    options = PxWebOptions(
        "TAB6574", "0126", years=("2022", "2023", "2024"), selection={"Alder": ["*"], "Kon": ["*"]}
    )
    small, large = generated_scb(40), generated_scb(150_000)
    split = adapter_for(small).fetch(options)
    whole = adapter_for(large).fetch(options)
    assert len(whole.datasets) == 2  # one request per vintage
    assert len(split.datasets) > 10
    assert all(q.cells <= 40 for q in split.queries)
    bodies = small.bodies(f"{V2}/tables/TAB6574/data")
    assert all(math.prod(len(s["valueCodes"]) for s in b["selection"]) <= 40 for b in bodies)
    assert merge(split.datasets) == merge(whole.datasets)
    extract = adapter_for(small).to_extract(split, options)
    assert not extract.problems and extract.rows_read == 3 * 18 * 3 * 2 + 4 * 18 * 3


def test_progress_reports_each_request() -> None:
    calls: list[tuple[int, int | None, str]] = []
    adapter_for(generated_scb(40)).fetch(
        tab6574_options("2024"), lambda d, t, m: calls.append((d, t, m))
    )
    assert calls[0][1] is None and calls[-1][0] == calls[-1][1] and calls[-1][0] > 1


# -- politeness: rate limit, retries, errors, the network guard --------------------------------


def test_rate_limit_thirty_calls_per_ten_seconds() -> None:
    clock = Clock()
    fake = FakeScb({("GET", f"{V2}/tables"): load("tables_search_deso.json")})
    client = PxWebClient(transport=fake.transport, sleep=clock.sleep, clock=clock)
    for _ in range(30):
        client.search("DeSO")
    assert clock.sleeps == []
    client.search("DeSO")  # the 31st within the window waits for the first to age out
    assert clock.sleeps == [pytest.approx(10.0)] and len(fake.requests) == 31


def test_429_is_retried_after_retry_after() -> None:
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": "7"}, json={"status": 429}),
            httpx.Response(200, json=load("config.json")),
        ]
    )
    clock = Clock()
    fake = FakeScb({("GET", f"{V2}/config"): lambda request: next(answers)})
    client = PxWebClient(transport=fake.transport, sleep=clock.sleep, clock=clock)
    assert client.max_cells() == 150_000
    assert clock.sleeps == [7.0] and len(fake.requests) == 2


def test_repeated_500_gives_up_with_a_swedish_message() -> None:
    clock = Clock()
    fake = FakeScb({("POST", f"{V2}/tables/TAB6574/data"): lambda r: httpx.Response(500)})
    client = PxWebClient(transport=fake.transport, sleep=clock.sleep, clock=clock)
    query = Query((("Tid", ("2024",)),))
    with pytest.raises(ApiError) as caught:
        client.data("TAB6574", query)
    message = str(caught.value)
    assert message.startswith("SCB: kunde inte hämta data ur tabell TAB6574")
    assert "svarade 500" in message and "gav upp efter 5 försök" in message
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0]


def test_a_real_request_without_a_mock_transport_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    # resolve without DNS, so that the request gets as far as connecting
    address = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.1", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: address)
    client = PxWebClient(retries=0, sleep=lambda seconds: None)
    with pytest.raises(RuntimeError, match="must not use the network"):
        client.config()
    check = PxWebAdapter(sleep=lambda seconds: None).check(tab6574_options())
    assert not check.ok and "must not use the network" in check.message


# -- check ----------------------------------------------------------------------------------


def test_check_ok() -> None:
    result = adapter_for(FakeScb(tab6574_routes())).check(tab6574_options())
    assert result.ok
    assert "TAB6574" in result.message and "150000 celler" in result.message


def broken(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("routes", "says"),
    [
        ({}, "finns inte (404)"),
        ({("GET", f"{V2}/tables/TAB6574"): broken(httpx.ConnectError("nere"))}, "ingen kontakt"),
        ({("GET", f"{V2}/tables/TAB6574"): broken(ValueError("trasig"))}, "trasig"),
        (
            {("GET", f"{V2}/tables/TAB6574"): lambda r: httpx.Response(200, text="<html>")},
            "inte JSON",
        ),
    ],
)
def test_check_never_raises(routes: dict[tuple[str, str], Any], says: str) -> None:
    result = adapter_for(FakeScb(routes)).check(tab6574_options())
    assert not result.ok
    assert result.message.startswith("SCB:s API går inte att använda för TAB6574")
    assert says in result.message


# -- search ---------------------------------------------------------------------------------


def test_search_lists_tables() -> None:
    fake = FakeScb({("GET", f"{V2}/tables"): load("tables_search_deso.json")})
    hits = PxWebClient(transport=fake.transport).search("DeSO")
    assert [h.id for h in hits] == ["TAB6574", "TAB6638"]
    assert (hits[0].first_period, hits[0].last_period) == ("2010", "2024")
    assert hits[0].updated.startswith("2025-03-25")
    assert fake.requests[0].url.params["query"] == "DeSO"
    assert fake.requests[0].url.params["lang"] == "sv"


# -- to_extract -----------------------------------------------------------------------------


def test_built_in_table_feeds_catalogue_indicators() -> None:
    fake = FakeScb(tab6574_routes())
    adapter = adapter_for(fake)
    options = tab6574_options("2024")
    extract = adapter.to_extract(adapter.fetch(options), options)
    assert not extract.problems and not extract.indicators
    (body,) = fake.bodies(f"{V2}/tables/TAB6574/data")
    region = body["selection"][0]
    assert region["codelist"] == "vs_DeSO2025" and region["valueCodes"][0] == "0126A0010_DeSO2025"
    rows = {
        (r.observation.indicator, r.observation.area, r.observation.gender): r for r in extract.rows
    }
    assert len(extract.rows) == 3 * 3 * 3  # 3 DeSO × 3 sexes × (total, befolkning, 0–4)
    total = rows[("antal_invanare", "0126A0010", Gender.TOTAL)].observation
    assert (total.value, total.division, total.period) == (1964.0, Division.DESO2025, "2024")
    assert rows[("befolkning", "0126A0010", Gender.MEN)].observation.value == 1051.0
    assert rows[("antal_invanare_0_4", "0126A0010", Gender.WOMEN)].observation.value == 72.0
    missing = rows[("antal_invanare_0_4", "0126C1020", Gender.MEN)]
    assert (missing.observation.value, missing.observation.status) == (None, "..")
    assert rows[("antal_invanare_0_4", "0126C1020", Gender.WOMEN)].observation.status == "."
    assert missing.where.file == "SCB TAB6574" and missing.where.column == "000007Y7"
    assert missing.where.row == 15
    catalogue = load_catalogue()
    assert {r.observation.indicator for r in extract.rows} <= {i.id for i in catalogue}
    assert all(r.observation.source == "SCB TAB6574" for r in extract.rows)


def tab1234_routes() -> dict[tuple[str, str], Any]:
    return {
        ("GET", f"{V2}/config"): load("config.json"),
        ("GET", f"{V2}/tables/TAB1234/metadata"): load("TAB1234_metadata.json"),
        ("GET", f"{V2}/codelists/vs_DeSO2025"): load("codelist_vs_DeSO2025.json"),
        ("POST", f"{V2}/tables/TAB1234/data"): load("TAB1234_data_huddinge.json"),
    }


def test_unknown_table_gets_new_indicators_named_after_its_contents() -> None:
    adapter = adapter_for(FakeScb(tab1234_routes()))
    options = PxWebOptions("TAB1234", "0126", years=("2024",))
    extract = adapter.to_extract(adapter.fetch(options), options)
    assert not extract.problems
    share, count = extract.indicators
    title = "Låg ekonomisk standard efter region (DeSO 2025). År 2024"
    assert share.id == "scb_tab1234_000006ta" and share.name_sv == "Låg ekonomisk standard, procent"
    assert (share.value_type, share.unit, share.multiplier) == (ValueType.PROPORTION, "%", 100)
    assert share.numerator is None and share.denominator is None
    assert share.source == f"SCB {title} (000006TA, TAB1234)"
    assert (share.source_kind, share.in_seed, share.polarity) == ("scb", False, Polarity.NEUTRAL)
    assert share.domain == "Inkomst och arbete"  # subject code HE
    assert (count.id, count.value_type, count.unit) == (
        "scb_tab1234_000006tb",
        ValueType.COUNT,
        "antal",
    )
    values = {(r.observation.indicator, r.observation.area): r.observation for r in extract.rows}
    assert values[("scb_tab1234_000006ta", "0126A0010")].value == 8.0
    assert values[("scb_tab1234_000006ta", "0126C1020")].value == 23.0
    assert len(extract.rows) == 4 * 2
    assert extract.skipped == 2  # Botkyrka's DeSO in the answer is not ours


def test_a_new_proportion_without_numerator_survives_derive() -> None:
    adapter = adapter_for(FakeScb(tab1234_routes()))
    options = PxWebOptions("TAB1234", "0126", years=("2024",))
    extract = adapter.to_extract(adapter.fetch(options), options)
    catalogue = Catalogue((*load_catalogue().indicators, *extract.indicators))
    observed = [
        Value(o.indicator, o.area, o.division, o.period, o.gender, o.value, status=o.status)
        for o in (r.observation for r in extract.rows)
    ]
    areas = [
        Area("0126", "Huddinge", Level.KOMMUN, Division.KOMMUN),
        Area("0126R002", "Flemingsberg östra", Level.REGSO, Division.REGSO2025, "0126"),
        *(
            Area(d, d, Level.DESO, Division.DESO2025, "0126R002", "0126")
            for d in ("0126C1020", "0126C1030")
        ),
    ]
    derived = {(v.indicator, v.area): v for v in derive(observed, areas, catalogue)}
    assert derived[("scb_tab1234_000006ta", "0126C1020")].value == 23.0  # kept as observed
    assert ("scb_tab1234_000006ta", "0126R002") not in derived  # a share is never averaged
    summed = derived[("scb_tab1234_000006tb", "0126R002")]  # counts still add up
    assert summed.method == "aggregated"


def test_empty_answer_gives_an_empty_extract() -> None:
    empty = load("TAB6574_data_huddinge_deso2025.json")
    empty["size"][0] = 0
    empty["dimension"]["Region"]["category"] = {"index": {}, "label": {}}
    empty["value"], empty["status"] = [], {}
    adapter = adapter_for(FakeScb(tab6574_routes(empty)))
    options = tab6574_options("2024")
    extract = adapter.to_extract(adapter.fetch(options), options)
    assert (extract.rows, extract.problems, extract.rows_read) == ([], [], 0)
    meta = parse_metadata(load("TAB6574_metadata.json"), "TAB6574")
    nothing = adapter.to_extract(PxWebRaw(meta, ()), options)
    assert nothing.rows == [] and nothing.problems == []


def raw_for(table: str, doc: dict[str, Any]) -> PxWebRaw:
    meta_doc = {**doc, "value": []}
    return PxWebRaw(parse_metadata(meta_doc, table), (parse_dataset(doc),))


def small_doc(variable: str, values: dict[str, tuple[str, int | None]]) -> dict[str, Any]:
    """One DeSO 2025, one year, one content, ``variable`` with codes → (label, value)."""
    codes = list(values)
    return {
        "label": "test",
        "id": ["Region", variable, "ContentsCode", "Tid"],
        "size": [1, len(codes), 1, 1],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": {"category": {"index": ["0126C1010_DeSO2025"]}},
            variable: {"category": {"index": codes, "label": {c: values[c][0] for c in codes}}},
            "ContentsCode": {"category": {"index": ["00000864"]}},
            "Tid": {"category": {"index": ["2024"]}},
        },
        "value": [values[c][1] for c in codes],
    }


def test_a_feed_sums_its_codes_and_a_missing_part_makes_the_sum_missing() -> None:
    tenure = {"1": ("hyresrätt", 89), "2": ("bostadsrätt", 233), "3": ("äganderätt", 626)}
    doc = small_doc("Upplatelseform", tenure | {"ÖVRIGT": ("uppgift saknas", 0)})
    options = PxWebOptions("TAB6638", "0126", years=("2024",))
    extract = PxWebAdapter().to_extract(raw_for("TAB6638", doc), options)
    values = {r.observation.indicator: r.observation for r in extract.rows}
    assert values["antal_lagenheter"].value == 89 + 233 + 626
    assert values["antal_boende_egnahem"].value == 626
    doc["value"][1], doc["status"] = None, {"1": ".."}
    extract = PxWebAdapter().to_extract(raw_for("TAB6638", doc), options)
    values = {r.observation.indicator: r.observation for r in extract.rows}
    assert (values["antal_lagenheter"].value, values["antal_lagenheter"].status) == (None, "..")


def test_a_feed_term_that_matches_nothing_stops_the_import_and_lists_the_values() -> None:
    doc = small_doc("Hustyp", {"SMAHUS": ("Småhus", 1200), "FLERB": ("Flerbostadshus", 700)})
    doc["dimension"]["ContentsCode"]["category"]["index"] = ["000008XX"]
    options = PxWebOptions("TAB6065", "0126", years=("2024",))
    extract = PxWebAdapter().to_extract(raw_for("TAB6065", doc), options)
    by_indicator = {r.observation.indicator: r.observation.value for r in extract.rows}
    assert by_indicator == {"antal_personer_smahus": 1200, "antal_personer_flerbostadshus": 700}
    (problem,) = [p for p in extract.problems if "specialbostäder" in p.message]
    assert "finns inte i variabeln Hustyp" in problem.message
    assert "SMAHUS (Småhus)" in problem.message and problem.where.file == "SCB TAB6065"


def test_an_unknown_table_with_an_unfixed_variable_is_refused() -> None:
    doc = small_doc("Upplatelseform", {"1": ("hyresrätt", 1), "2": ("bostadsrätt", 2)})
    options = PxWebOptions("TAB9999", "0126", years=("2024",))
    extract = PxWebAdapter().to_extract(raw_for("TAB9999", doc), options)
    assert not extract.rows
    assert "variabeln Upplatelseform" in extract.problems[0].message


# -- v1 -------------------------------------------------------------------------------------


def test_v1_query_body_and_extract() -> None:
    fake = FakeScb(
        {
            ("GET", V1): load("v1_FolkmDesoAldKon_metadata.json"),
            ("POST", V1): load("v1_FolkmDesoAldKon_data.json"),
        }
    )
    options = PxWebOptions(
        V1_TABLE,
        "0126",
        years=("2024",),
        selection=(("Alder", ("totalt",)), ("Kon", ("1+2",))),
        api_version="v1",
    )
    assert options.base_url == "https://api.scb.se/OV0104/v1/doris/sv/ssd"
    adapter = adapter_for(fake)
    extract = adapter.to_extract(adapter.fetch(options), options)
    (body,) = fake.bodies(V1)
    assert body == {
        "query": [
            {
                "code": "Region",
                "selection": {
                    "filter": "item",
                    "values": ["0126A0010_DeSO2025", "0126C1010_DeSO2025"],
                },
            },
            {"code": "Alder", "selection": {"filter": "item", "values": ["totalt"]}},
            {"code": "Kon", "selection": {"filter": "item", "values": ["1+2"]}},
            {"code": "ContentsCode", "selection": {"filter": "item", "values": ["000007Y7"]}},
            {"code": "Tid", "selection": {"filter": "item", "values": ["2024"]}},
        ],
        "response": {"format": "json-stat2"},
    }
    assert builtin_table(V1_TABLE) is builtin_table("TAB6574")
    values = {
        (r.observation.indicator, r.observation.area): r.observation.value for r in extract.rows
    }
    assert values[("antal_invanare", "0126A0010")] == 1964.0
    assert {r.observation.division for r in extract.rows} == {Division.DESO2025}


# -- value types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "unit", "expected"),
    [
        ("Låg ekonomisk standard, procent", "", (ValueType.PROPORTION, "%")),
        ("Andel med eftergymnasial utbildning", "", (ValueType.PROPORTION, "%")),
        ("Antal personer", "", (ValueType.COUNT, "antal")),
        ("Folkmängd", "antal", (ValueType.COUNT, "antal")),
        ("Medelvärde för samtliga, tkr", "", (ValueType.MEAN, "tkr")),
        ("Medianinkomst, tkr", "", (ValueType.MEDIAN, "tkr")),
        ("Medelålder", "år", (ValueType.MEAN, "år")),
        ("Döda per 1 000 invånare", "", (ValueType.RATE, "per 1 000")),
        ("Konsumentprisindex", "", (ValueType.INDEX, "index")),
        ("Nettoinkomst, tkr", "", (ValueType.INDEX, "tkr")),  # a sum or a mean? never summed
    ],
)
def test_infer_value_type(label: str, unit: str, expected: tuple[ValueType, str]) -> None:
    assert infer_value_type(label, unit) == expected


# -- the built-in plan ----------------------------------------------------------------------


def test_update_plan_covers_every_table_with_catalogue_indicators_only() -> None:
    plan = update_plan("0126")
    assert [o.table for o in plan] == [t.table for t in TABLES]
    assert len({t.table for t in TABLES}) == len(TABLES)
    assert all(o.kommun == "0126" and o.api_version == "v2" and not o.years for o in plan)
    catalogue = load_catalogue()
    for table in TABLES:
        for feed in table.feeds:
            assert feed.indicator in catalogue, (table.table, feed.indicator)
            assert catalogue[feed.indicator].source_kind == "scb"
            assert not catalogue[feed.indicator].is_ratio  # counts and means: shares are derived
        options = next(o for o in plan if o.table == table.table)
        for variable, terms in (f for feed in table.feeds for f in feed.where):
            chosen = options.selected(variable)
            assert chosen is not None, (table.table, variable)  # never eliminated by SCB
            assert chosen == ("*",) or set(terms) <= set(chosen), (table.table, variable)
    assert [o.years for o in update_plan("0126", ["2024"])][:1] == [("2024",)]


def test_options_are_checked_and_frozen() -> None:
    with pytest.raises(ValueError, match="fyra siffror"):
        PxWebOptions("TAB6574", "126")
    with pytest.raises(ValueError, match="okänd nivå"):
        PxWebOptions("TAB6574", "0126", level="lan")  # type: ignore[arg-type]
    options = PxWebOptions("TAB6574", "0126", selection={"Kon": ["1+2"]})
    assert options.selection == (("Kon", ("1+2",)),)
    assert hash(options) == hash(PxWebOptions("TAB6574", "0126", selection=(("Kon", ("1+2",)),)))
