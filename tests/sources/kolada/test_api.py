"""The Kolada v3 adapter against recorded answers (tests/data/kolada_api), never the network."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from kommunanalys.catalog.indicators import Catalogue, validate
from kommunanalys.derive import derive
from kommunanalys.model import (
    DOMAINS,
    Division,
    Gender,
    Level,
    Polarity,
    Quality,
    Value,
    ValueType,
)
from kommunanalys.sources.adapter import SourceError, run
from kommunanalys.sources.http import ApiClient, ApiError
from kommunanalys.sources.kolada.api import (
    DOMAIN_BY_OPERATING_AREA,
    FALLBACK_DOMAIN,
    KoladaAdapter,
    KoladaClient,
    KoladaKpi,
    KoladaOptions,
    kpi_indicator,
    kpi_indicator_id,
    kpi_quality,
    unit_from_title,
)

DATA = Path(__file__).parents[2] / "data" / "kolada_api"
BASE = "https://api.kolada.se/v3"
TODAY = date(2026, 11, 22)
N00945 = "/data/kpi/N00945/municipality/0180,1280,1480/year/2018,2019,2020"
Answer = dict[str, Any] | str | Callable[[httpx.Request], httpx.Response]


def recorded(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class Kolada:
    """A recorded Kolada: answers by path and query (``per_page`` aside); logs every request."""

    def __init__(self, routes: dict[str, Answer]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        query = sorted((k, v) for k, v in request.url.params.multi_items() if k != "per_page")
        key = request.url.path.removeprefix("/v3") + (f"?{urlencode(query)}" if query else "")
        answer = self.routes.get(key)
        if answer is None:
            return httpx.Response(404, json={"error": f"no recording for {key}"})
        if callable(answer):
            return answer(request)
        return httpx.Response(200, json=recorded(answer) if isinstance(answer, str) else answer)

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


def client(kolada: Kolada, sleeps: list[float] | None = None, **kw: Any) -> KoladaClient:
    sleep = sleeps.append if sleeps is not None else (lambda _: None)
    return KoladaClient(transport=httpx.MockTransport(kolada), sleep=sleep, **kw)


def adapter(kolada: Kolada) -> KoladaAdapter:
    return KoladaAdapter(
        transport=httpx.MockTransport(kolada), sleep=lambda _: None, today=lambda: TODAY
    )


PAGED = {
    N00945: "data_N00945_page1.json",
    f"{N00945}?page=2": "data_N00945_page2.json",
}


def test_paging_follows_next_url_to_the_end() -> None:
    kolada = Kolada(PAGED)
    values = list(client(kolada).data(["N00945"], ["0180", "1280", "1480"], [2018, 2019, 2020]))
    assert len(values) == 9 and len(kolada.requests) == 2
    assert kolada.requests[0].url.params["per_page"] == "5000"
    assert kolada.requests[1].url.params["page"] == "2"
    last = values[-1]
    assert (last.kpi, last.area, last.period, last.gender, last.value) == (
        "N00945",
        "1480",
        2020,
        "T",
        39.5,
    )
    assert "page=2" in last.url and last.row == 3
    stockholm = {v.period: v.value for v in values if v.area == "0180"}
    assert stockholm == {2018: 39.4, 2019: 39.3, 2020: 40.8}


def test_more_than_25_ids_are_split_into_chunks() -> None:
    kpis = [f"N{n:05d}" for n in range(30)]
    kolada = Kolada({f"/kpi/{','.join(kpis[:25])}": "empty.json"})
    kolada.routes[f"/kpi/{','.join(kpis[25:])}"] = "empty.json"
    assert client(kolada).kpis(ids=kpis) == []
    assert kolada.paths == [f"/v3/kpi/{','.join(kpis[:25])}", f"/v3/kpi/{','.join(kpis[25:])}"]

    places = [f"{n:04d}" for n in range(26)]
    paths = client(Kolada({})).data_paths("data", kpis, places, range(1995, 2025))
    assert len(paths) == 8  # 2 KPI chunks × 2 municipality chunks × 2 year chunks
    for path in paths:
        _, _, kpi, _, municipality, _, year = path.split("/")
        assert all(len(segment.split(",")) <= 25 for segment in (kpi, municipality, year))
    assert paths[0].startswith(f"data/kpi/{','.join(kpis[:25])}/municipality/")


def test_429_is_retried_after_the_time_kolada_asks_for() -> None:
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(200, json=recorded("kpi_N15418.json")),
        ]
    )
    kolada = Kolada({"/kpi/N15418": lambda request: next(answers)})
    sleeps: list[float] = []
    kpis = client(kolada, sleeps).kpis(ids=["N15418"])
    assert [k.id for k in kpis] == ["N15418"]
    assert sleeps == [7.0] and len(kolada.requests) == 2


def test_server_errors_give_up_with_a_clear_message() -> None:
    kolada = Kolada({"/kpi/N00945": lambda request: httpx.Response(500, text="Internal error")})
    sleeps: list[float] = []
    with pytest.raises(ApiError, match=r"svarade 500 \(gav upp efter 5 försök\)") as failure:
        client(kolada, sleeps, retries=4).kpis(ids=["N00945"])
    assert isinstance(failure.value, SourceError)
    assert f"{BASE}/kpi/N00945" in str(failure.value)
    assert len(kolada.requests) == 5 and sleeps == [1.0, 2.0, 4.0, 8.0]


def test_an_unknown_kpi_is_a_problem_naming_it() -> None:
    kolada = Kolada({"/kpi/N99999": "empty.json"})
    options = KoladaOptions(kpis=("N99999",), municipalities=("0126",))
    extract = run(adapter(kolada), options)
    assert [str(p) for p in extract.problems] == [
        "Kolada KPI N99999: Kolada känner inte till nyckeltalet N99999 (tomt svar)"
    ]
    assert extract.rows == [] and kolada.paths == ["/v3/kpi/N99999"]  # no data asked for


def test_a_kpi_without_values_is_a_problem_unless_a_delta_update() -> None:
    routes: dict[str, Answer] = {
        "/kpi/N00901": {"values": [recorded("kpi_N00945_N00901.json")["values"][1]]},
        "/data/kpi/N00901/municipality/0999": "empty.json",
        "/data/kpi/N00901/municipality/0999?from_date=2026-11-01": "empty.json",
    }
    full = run(adapter(Kolada(routes)), KoladaOptions(("N00901",), ("0999",)))
    assert [p.message for p in full.problems] == ["Kolada har inga värden för N00901 i 0999"]
    delta = KoladaOptions(("N00901",), ("0999",), from_date="2026-11-01")
    assert run(adapter(Kolada(routes)), delta).problems == []


def test_missing_values_are_none_with_their_status_never_zero() -> None:
    kolada = Kolada(
        {
            "/kpi/N00901": {"values": [recorded("kpi_N00945_N00901.json")["values"][1]]},
            "/data/kpi/N00901/municipality/0126": "data_N00901_missing.json",
        }
    )
    extract = run(adapter(kolada), KoladaOptions(("N00901",), ("0126",)))
    assert extract.problems == []
    got = {r.observation.period: (r.observation.value, r.observation.status) for r in extract.rows}
    assert got == {
        "2022": (None, ".."),  # deleted in Kolada (a delta update): no longer a value
        "2023": (19.47, None),
        "2024": (None, ".."),  # no status from Kolada
        "2025": (None, "Missing"),  # Kolada's own status text
        "2026": (19.47, "Prel"),  # a status text beside a value is kept
    }
    assert {r.observation.indicator for r in extract.rows} == {"kolada_n00901"}
    assert {(r.observation.area, r.observation.division) for r in extract.rows} == {
        ("0126", Division.KOMMUN)
    }


def test_from_date_is_sent_and_checked() -> None:
    kolada = Kolada({f"{N00945}?from_date=2026-01-01": "empty.json"})
    years = [2018, 2019, 2020]
    values = client(kolada).data(["N00945"], ["0180", "1280", "1480"], years, "2026-01-01")
    assert list(values) == []
    assert kolada.requests[0].url.params["from_date"] == "2026-01-01"
    with pytest.raises(SourceError, match="ÅÅÅÅ-MM-DD"):
        list(client(kolada).data(["N00945"], ["0180"], from_date="1 januari"))


def test_a_full_fetch_reports_progress_and_keeps_provenance() -> None:
    kolada = Kolada(
        {"/kpi/N00945": {"values": [recorded("kpi_N00945_N00901.json")["values"][0]]}, **PAGED}
    )
    options = KoladaOptions(("N00945",), ("0180", "1280", "1480"), years=(2018, 2019, 2020))
    steps: list[tuple[int, int | None, str]] = []
    kolada_adapter = adapter(kolada)
    raw = kolada_adapter.fetch(options, lambda *step: steps.append(step))
    extract = kolada_adapter.to_extract(raw, options)
    assert [(done, total) for done, total, _ in steps] == [(0, None), (1, 2), (2, 2)]
    assert extract.source == "kolada" and extract.rows_read == 9 and extract.problems == []
    assert extract.description == "Kolada N00945 för 0180, 1280, 1480, år 2018, 2019, 2020"
    first = extract.rows[0]
    assert first.where.file.startswith(f"{BASE}{N00945}") and first.where.row == 1
    assert str(extract.rows[-1].where).endswith("page=2&per_page=5000, rad 3")
    assert re.fullmatch(r"[0-9a-f]{64}", extract.checksum)
    later = KoladaAdapter(transport=httpx.MockTransport(kolada), today=lambda: date(2027, 1, 1))
    assert later.to_extract(later.fetch(options), options).checksum == extract.checksum


def test_unit_data_map_to_unit_areas_under_their_municipality() -> None:
    kolada = Kolada(
        {
            "/kpi/N15418": "kpi_N15418.json",
            "/data/kpi/N15418/municipality/0126": "empty.json",
            "/ou?municipality=0126": "ou_0126.json",
            "/oudata/kpi/N15418/ou/V15E012600101,V15E012600102,V15E012699999": (
                "oudata_N15418.json"
            ),
        }
    )
    ous = ("V15E012600101", "V15E012600102", "V15E012699999")
    extract = run(adapter(kolada), KoladaOptions(("N15418",), ("0126",), ous=ous))
    assert [(a.code, a.name, a.level, a.division, a.parent, a.kommun) for a in extract.areas] == [
        ("0126", "Huddinge", Level.KOMMUN, Division.KOMMUN, None, "0126"),
        ("V15E012600101", "Exempelskolan (testdata)", Level.UNIT, Division.UNIT, "0126", "0126"),
        ("V15E012600102", "Provskolan (testdata)", Level.UNIT, Division.UNIT, "0126", "0126"),
    ]
    assert [str(p) for p in extract.problems] == [
        "Kolada KPI N15418: Kolada har inga värden för N15418 i 0126",
        "Kolada enhet V15E012699999: enheten V15E012699999 finns inte bland enheterna i 0126",
    ]
    values = {(r.observation.area, r.observation.gender): r.observation for r in extract.rows}
    assert {o.division for o in values.values()} == {Division.UNIT}
    assert values[("V15E012600101", Gender.WOMEN)].value == 81.0
    assert values[("V15E012600102", Gender.TOTAL)].value == 68.2
    missing = values[("V15E012600102", Gender.MEN)]
    assert (missing.value, missing.status) == (None, "..")


def test_metadata_lists() -> None:
    kolada = Kolada(
        {
            "/municipality": "municipality.json",
            "/municipality_groups": "municipality_groups.json",
            "/ou?municipality=0126": "ou_0126.json",
            "/kpi?title=VAB": "kpi_N00945_N00901.json",
        }
    )
    api = client(kolada)
    municipalities = {m.id: (m.title, m.type) for m in api.municipalities()}
    assert municipalities["0126"] == ("Huddinge", "K") and municipalities["0000"][1] == "L"
    (group,) = api.municipality_groups()
    assert group.title == "Stor-Stockholm (ovägt medel)" and "0126" in group.members
    assert [o.id for o in api.ous("0126")] == ["V15E012600101", "V15E012600102"]
    assert [k.id for k in api.kpis(title="VAB")] == ["N00945", "N00901"]


def test_a_kpi_becomes_an_indicator_with_its_metadata() -> None:
    n00945, n00901 = (KoladaKpi.from_json(k) for k in recorded("kpi_N00945_N00901.json")["values"])
    indicator = kpi_indicator(n00945, TODAY)
    assert indicator.id == kpi_indicator_id("N00945") == "kolada_n00945"
    assert indicator.name_sv == indicator.name_en == n00945.title
    assert (indicator.unit, indicator.value_type, indicator.multiplier) == ("%", ValueType.MEAN, 1)
    assert indicator.domain == "Inkomst och arbete"  # operating area "Arbetsmarknad"
    assert indicator.polarity is Polarity.NEUTRAL and indicator.source_kind == "kolada"
    assert indicator.source == f"Kolada N00945: {n00945.title}"
    assert indicator.definition.startswith("Andel tillfällig föräldrapenning")
    assert indicator.kolada_id == "N00945" and not indicator.by_gender and not indicator.in_seed
    assert indicator.quality is Quality.ASSURED
    tax = kpi_indicator(n00901, TODAY)
    assert (tax.unit, tax.domain) == ("%", FALLBACK_DOMAIN)  # "Kommunen, övergripande"
    by_gender = KoladaKpi.from_json(recorded("kpi_N15418.json")["values"][0])
    assert by_gender.has_ou_data and kpi_indicator(by_gender, TODAY).by_gender


def test_kolada_indicators_pass_the_catalogue_and_derive_leaves_them_alone() -> None:
    kpis = [KoladaKpi.from_json(k) for k in recorded("kpi_N00945_N00901.json")["values"]]
    catalogue = Catalogue(tuple(kpi_indicator(k, TODAY) for k in kpis))
    validate(catalogue)
    observed = [
        Value("kolada_n00945", "0180", Division.KOMMUN, "2020", Gender.TOTAL, 40.8),
        Value("kolada_n00901", "0126", Division.KOMMUN, "2024", Gender.TOTAL, None, status=".."),
    ]
    assert derive(observed, [], catalogue) == sorted(observed, key=lambda v: v.indicator)
    assert FALLBACK_DOMAIN in DOMAINS and set(DOMAIN_BY_OPERATING_AREA.values()) <= set(DOMAINS)


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("Personalkostnader, kr/inv", "kr/inv"),
        ("Skattesats till kommun (%)", "%"),
        ("Unga vuxna av invånare 18-64 år, andel (%)", "%"),
        ("Bruttoregionprodukt, kommun (BRP), 1000 kr/invånare", "1000 kr/invånare"),
        ("Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%) (-2024)", "%"),
        ("Inskrivna barn per årsarbetare i förskolan, kommunal regi, antal", "antal"),
        (
            "Medarbetarengagemang, index för påståendet Jag ser fram emot att gå till arbetet.",
            "index",
        ),
        ("Finns det en plan för kriser (Ja=1, Nej=0)", ""),
    ],
)
def test_unit_from_the_title(title: str, unit: str) -> None:
    assert unit_from_title(title) == unit


@pytest.mark.parametrize(
    ("today", "quality"),
    [
        (date(2025, 9, 29), Quality.ASSURED),  # before the preliminary publication
        (date(2026, 11, 22), Quality.PRELIMINARY),  # between preliminary and final
        (date(2027, 2, 24), Quality.ASSURED),  # final
    ],
)
def test_quality_follows_the_publication_dates(today: date, quality: Quality) -> None:
    n03064 = KoladaKpi(  # real dates from Kolada's catalogue
        "N03064",
        "LSS-utjämning kommunen, kr/inv",
        prel_publication_date="2025-09-30",
        publication_date="2027-02-24",
        publ_period="2026",
    )
    assert kpi_quality(n03064, today) is quality


def test_check_reports_without_raising() -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    options = KoladaOptions(("N00945",), ("0180",))
    down = adapter(Kolada({"/kpi/N00945": unreachable})).check(options)
    assert not down.ok and down.message.startswith("Kolada går inte att nå: ")
    assert "ingen kontakt" in down.message
    up = adapter(Kolada({"/kpi/N00945": {"values": [{"id": "N00945", "title": "VAB"}]}}))
    assert up.check(options).ok
    unknown = adapter(Kolada({"/kpi/N99999": "empty.json"}))
    assert unknown.check(KoladaOptions(("N99999",), ("0180",))).message.endswith("till N99999.")
    assert not adapter(Kolada({})).check(KoladaOptions((), ("0180",))).ok
    odd = adapter(Kolada({})).check(KoladaOptions(("N00945/../ou",), ("0180",)))
    assert odd.message == "Kolada: ogiltigt id 'N00945/../ou'"


def test_urls_outside_the_base_are_refused() -> None:
    kolada = Kolada({})
    api = ApiClient(BASE, transport=httpx.MockTransport(kolada), sleep=lambda _: None)
    with pytest.raises(ApiError, match=re.escape("vägrar hämta https://example.org/v3/kpi")):
        api.get_json("https://example.org/v3/kpi")
    assert kolada.requests == []
    leaking = Kolada({"/kpi": {"values": [], "next_url": "https://example.org/v3/kpi?page=2"}})
    with pytest.raises(ApiError, match=re.escape(f"bara {BASE} är en konfigurerad källa")):
        client(leaking).kpis()
    assert [str(r.url.host) for r in leaking.requests] == ["api.kolada.se"]


def test_a_real_request_without_a_recording_hits_the_network_guard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)

    def resolved(*args: object, **kwargs: object) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.0.2.10", 443))]

    monkeypatch.setattr(socket, "getaddrinfo", resolved)  # no DNS; the connect is what fails
    with (
        pytest.raises(RuntimeError, match="tests must not use the network") as blocked,
        KoladaClient(retries=0, sleep=lambda _: None) as real,
    ):
        real.kpis(ids=["N00945"])
    assert "192.0.2.10" in str(blocked.value)
    # The guard raises inside connect(), so socket.create_connection never closes the socket.
    tb = blocked.tb
    while tb is not None:
        opened = tb.tb_frame.f_locals.get("self")
        if isinstance(opened, socket.socket):
            opened.close()
        tb = tb.tb_next
