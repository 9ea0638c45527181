"""The analysts' data page: upload → validation report → confirm; history; quality status."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kommunanalys.web.routes import imports
from tests.site import Site

ANALYST, PASSWORD = "analytiker", "analys-losenord-2025"
GOOD = b"indicator,area,period,gender,value\nantal_invanare,0126C1010,2022,T,2799\n"
BAD = (
    b"indicator,area,period,gender,value\n"
    b"antal_invanare,9999,2022,T,5\n"
    b"antal_invanare,0126C1020,2022,T,1.5\n"
)


@pytest.fixture
def site(site: Site) -> TestClient:
    """A client of the shared ``site`` (its analyst is ANALYST), the store beside it."""
    client = site.anonymous()
    client.store = site.store  # type: ignore[attr-defined]
    return client


def login(client: TestClient) -> str:
    response = client.post(
        "/login", data={"username": ANALYST, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/import").text)
    assert match
    return match.group(1)


def upload(client: TestClient, csrf: str, content: bytes, name: str = "befolkning.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        "/import",
        data={"csrf": csrf},
        files={"fil": (name, content, "text/csv")},
        headers={"Accept": "application/json"},
    )


def test_public_user_cannot_open_the_data_page_and_is_audited(site: TestClient) -> None:
    assert site.get("/import").status_code == 403
    assert site.get("/indikator/antal_invanare/historik").status_code == 403
    denied = site.store.audit.events(action="access.denied")  # type: ignore[attr-defined]
    assert any(e.target == "/import" for e in denied)


def test_bad_file_lists_problems_by_row_and_column_and_writes_nothing(site: TestClient) -> None:
    csrf = login(site)
    before = site.store.observation_count()  # type: ignore[attr-defined]
    response = upload(site, csrf, BAD)
    assert response.status_code == 422
    problems = response.json()["result"]["problems"]
    assert {(p["file"], p["row"], p["column"]) for p in problems} == {
        ("befolkning.csv", 2, "area"),
        ("befolkning.csv", 3, "value"),
    }
    assert site.store.observation_count() == before  # type: ignore[attr-defined]


def test_preview_then_confirm_writes_a_revision_with_the_analyst_as_actor(
    site: TestClient,
) -> None:
    csrf = login(site)
    before = site.store.observation_count()  # type: ignore[attr-defined]
    preview = site.post(
        "/import", data={"csrf": csrf}, files={"fil": ("befolkning.csv", GOOD, "text/csv")}
    )
    assert preview.status_code == 200
    assert "Förhandsgranskning: 0 nya, 1 reviderade" in preview.text
    assert site.store.observation_count() == before  # type: ignore[attr-defined]
    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token
    done = site.post("/import/bekrafta", data={"csrf": csrf, "token": token.group(1)})
    assert done.status_code == 200 and "Inläst: befolkning.csv" in done.text
    record = site.store.imports()[-1]  # type: ignore[attr-defined]
    assert (record.actor, record.description, record.rows_revised) == (
        ANALYST,
        "befolkning.csv",
        1,
    )
    # the token is single use
    again = site.post("/import/bekrafta", data={"csrf": csrf, "token": token.group(1)})
    assert again.status_code == 403
    history = site.get("/indikator/antal_invanare/historik.json?omrade=0126C1010").json()
    revisions = [r for r in history["revisions"] if r["period"] == "2022" and r["gender"] == "T"]
    assert [(r["revision"], r["value"]) for r in revisions] == [(2, 2799.0), (1, 2810.0)]
    # reading old revisions (unprotected values) is audited as an export: who, what, how
    store = site.store  # type: ignore[attr-defined]  # the store as written (not the snapshot)
    (read,) = store.audit.events(action="export")
    assert (read.actor, read.target) == (ANALYST, "indicator:antal_invanare/historik")
    assert read.detail.startswith("json, ") and "omrade" in (read.new or "")


def test_upload_without_csrf_is_refused(site: TestClient) -> None:
    login(site)
    response = site.post("/import", files={"fil": ("a.csv", GOOD, "text/csv")})
    assert response.status_code == 403


def test_upload_above_the_limit_is_refused(
    site: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf = login(site)
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 10)
    response = upload(site, csrf, GOOD)
    assert response.status_code == 413
    assert "gränsen" in response.json()["detail"]


def test_upload_name_is_never_used_as_a_path(site: TestClient, tmp_path: Path) -> None:
    csrf = login(site)
    response = upload(site, csrf, GOOD, name="../../../../tmp/evil.csv")
    assert response.status_code == 200
    assert not Path("/tmp/evil.csv").exists()
    assert response.json()["result"]["summary"].startswith("Förhandsgranskning")


def test_analyst_sets_data_quality_with_an_audit_entry(site: TestClient) -> None:
    csrf = login(site)
    response = site.post(
        "/indikatorer/status",
        data={"csrf": csrf, "indikator": "antal_invanare", "kvalitet": "preliminar"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    indicator = next(i for i in site.store.indicators() if i.id == "antal_invanare")  # type: ignore[attr-defined]
    assert indicator.quality.value == "preliminar"
    changes = site.store.audit.events(action="indicator")  # type: ignore[attr-defined]
    assert changes and changes[0].target == "indicator:antal_invanare"
    bad = site.post(
        "/indikatorer/status",
        data={"csrf": csrf, "indikator": "antal_invanare", "kvalitet": "bra"},
    )
    assert bad.status_code == 400


# 2019: a year without stored K and M for this indicator (a total must be the sum of its genders)
UNKNOWN_LAYOUT = "Område;År;Antal\n0126C1310;2019;41\n0126A0010;2019;7\n"
MAPPING = (
    '[columns]\narea = "Område"\nperiod = "År"\n'
    '[[values]]\nindicator = "antal_aktualiseringar_barn_o_ungdom"\nvalue = "Antal"\n'
)


def test_a_file_of_no_known_format_asks_for_the_mapping_upload_not_a_flag(
    site: TestClient,
) -> None:
    """Issue 21, item 14: the page points at its own mapping field, never at ``--mapping``;
    the file uploaded again with its mapping is read."""
    csrf = login(site)
    alone = site.post(
        "/import",
        data={"csrf": csrf},
        files={"fil": ("uttag.csv", UNKNOWN_LAYOUT.encode(), "text/csv")},
    )
    assert alone.status_code == 422
    assert "--mapping" not in alone.text
    assert 'id="mappning-behovs"' in alone.text and 'href="#mappning"' in alone.text
    twin = upload(site, csrf, UNKNOWN_LAYOUT.encode(), name="uttag.csv").json()
    assert twin["result"]["needs_mapping"] is True
    mapped = site.post(
        "/import",
        data={"csrf": csrf},
        files={
            "fil": ("uttag.csv", UNKNOWN_LAYOUT.encode(), "text/csv"),
            "mappning": ("uttag.toml", MAPPING.encode(), "application/toml"),
        },
        headers={"Accept": "application/json"},
    )
    assert mapped.status_code == 200, mapped.text
    assert mapped.json()["result"]["added"] == 2


def test_an_scb_export_with_the_years_as_rows_is_read_without_a_mapping(
    site: TestClient,
) -> None:
    """SCB's table pivoted with the years as rows ("region", "kön", "år", its content) reads
    as SCB's wide export does; the user's own "Område;År;Antal" above still asks for a
    mapping."""
    csrf = login(site)
    export = (
        '\ufeff"region","kön","år","Folkmängd"\n'
        '"0126C1310","totalt","2021",1500\n"0126C1310","totalt","2022",1510\n'
    ).encode()
    twin = upload(site, csrf, export, name="folkmangd_lang.csv")
    assert twin.status_code == 200, twin.text
    result = twin.json()["result"]
    assert result["needs_mapping"] is False and result["added"] == 2 and not result["problems"]


def test_an_upload_the_catalogue_knows_is_proposed_and_mapped_on_confirmation(
    site: TestClient, tmp_path: Path
) -> None:
    """Issue 21, item 3, on the web: the preview proposes the catalogue indicator (chosen by
    default), and confirming puts the values there: no duplicate indicator."""
    from tests.ingest.test_unknown_scb_table import NEW, low_income_export

    csrf = login(site)
    content = low_income_export(tmp_path / "lag_ek.xlsx").read_bytes()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    preview = site.post(
        "/import", data={"csrf": csrf}, files={"fil": ("lag_ek.xlsx", content, xlsx)}
    )
    assert preview.status_code == 200, preview.text
    chosen = f'<option value="{NEW}=andel_lag_ekonomisk_standard" selected>'
    assert chosen in preview.text
    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token
    done = site.post(
        "/import/bekrafta",
        data={
            "csrf": csrf,
            "token": token.group(1),
            "koppla": f"{NEW}=andel_lag_ekonomisk_standard",
        },
        headers={"Accept": "application/json"},
    )
    assert done.status_code == 200, done.text
    assert done.json()["result"]["mapped"] == {NEW: "andel_lag_ekonomisk_standard"}
    assert NEW not in {i.id for i in site.store.indicators()}  # type: ignore[attr-defined]


def test_the_import_report_writes_numbers_in_the_pages_language(
    site: TestClient, tmp_path: Path
) -> None:
    """Issue 21, item 14: the report's numbers go through the formatting module ("112,5" in
    the Swedish problem texts, never "112.5"); a pending indicator's value type is its label."""
    from tests.ingest.test_unknown_scb_table import low_income_export

    csrf = login(site)
    bad = (
        b"indicator,area,period,gender,value\n"
        b"andel_apn_aktivitet,0126C1010,2022,T,112.5\n"
        b"antal_invanare,0126C1020,2022,T,1.5\n"
    )
    page = site.post("/import", data={"csrf": csrf}, files={"fil": ("fel.csv", bad, "text/csv")})
    assert page.status_code == 422
    assert "112,5" in page.text and "1,5" in page.text
    assert "112.5" not in page.text and " 1.5 " not in page.text
    messages = [p["message"] for p in upload(site, csrf, bad).json()["result"]["problems"]]
    assert any("112,5" in m for m in messages), messages
    # an indicator waiting for confirmation: its value type as the reader's word
    content = low_income_export(tmp_path / "lag_ek.xlsx").read_bytes()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    preview = site.post(
        "/import", data={"csrf": csrf}, files={"fil": ("lag_ek.xlsx", content, xlsx)}
    )
    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token
    site.post("/import/bekrafta", data={"csrf": csrf, "token": token.group(1), "koppla": ""})
    pending = site.get("/import").text.split('id="indikatorer-rubrik"')[1]
    assert "<td>proportion</td>" not in pending and "<td>andel</td>" in pending
    english = site.get("/import", params={"lang": "en"}).text.split('id="indikatorer-rubrik"')[1]
    assert "<td>proportion</td>" in english  # the English label of the code


def test_the_import_summary_writes_its_counts_in_the_readers_language() -> None:
    """Issue 21, item 14: "12 345 nya" on a Swedish page, "12,345 new" on an English one."""
    from kommunanalys.i18n.language import use_language
    from kommunanalys.ingest import ImportResult

    result = ImportResult(source="tidy", description="f.csv", added=12345, unchanged=1500)
    try:
        assert imports.import_summary(result).startswith("12\u00a0345 nya")
        use_language("en")
        english = imports.import_summary(result)
        assert "12,345" in english and "1,500" in english
    finally:
        use_language("sv")
