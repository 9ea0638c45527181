"""Editors enter their verksamhet's monthly forecast with a comment (issue 17 item 4): only
their own (403 otherwise), never a locked month (403), every change audited, and /ekonomi
shows the entered forecast beside the computed one."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from kommunanalys.access.roles import Role
from kommunanalys.analysis.economy_entry import ENTRY_ACTION, LOCK_ACTION, ForecastEntries
from tests.site import CID, PASSWORDS, Site, csrf_of

FORM = "/ekonomi/prognos"
MONTH = "2024-08"


def _barn_editor(site: Site) -> TestClient:
    site.accounts.add_user(
        "ekonomi.redaktor2",
        PASSWORDS["ekonomi.redaktor"],
        Role.EDITOR,
        committee=CID,
        unit="barn_unga",
    )
    client = TestClient(site.app)
    client.post(
        "/login", data={"username": "ekonomi.redaktor2", "password": PASSWORDS["ekonomi.redaktor"]}
    )
    return client


def _post(client: TestClient, data: dict[str, str]) -> object:
    page = f"{FORM}?namnd={CID}&manad={MONTH}"
    return client.post(
        FORM,
        data={"csrf": csrf_of(client, page), "namnd": CID, "manad": MONTH, **data},
        follow_redirects=False,
    )


def test_an_editor_enters_the_forecast_of_their_own_verksamhet(site: Site) -> None:
    editor = _barn_editor(site)
    twin = editor.get(f"{FORM}.json?namnd={CID}&manad={MONTH}").json()
    units = [r["unit"] for r in twin["rows"]]
    assert units[0] == "barn_unga" and "hvb_barn" in units and "missbruk" not in units
    assert twin["rows"][0]["computed_tkr"] is not None
    answer = _post(
        editor,
        {
            "belopp__barn_unga": "201 500",
            "kommentar__barn_unga": "Fler HVB-placeringar från september",
        },
    )
    assert answer.status_code == 303  # type: ignore[attr-defined]
    (entry,) = ForecastEntries(site.store).entries(CID, 2024).values()
    assert (entry.unit, entry.month, entry.amount, entry.entered_by) == (
        "barn_unga",
        MONTH,
        -201_500_000.0,
        "ekonomi.redaktor2",
    )
    (event,) = site.events(action=ENTRY_ACTION)
    assert event.target == f"ekonomi/{CID}/barn_unga/{MONTH}" and event.old is None
    assert json.loads(event.new or "") == {
        "net_cost_tkr": 201500.0,
        "comment": "Fler HVB-placeringar från september",
    }
    # a change is a new revision, audited with before and after; the same again writes nothing
    _post(editor, {"belopp__barn_unga": "199000", "kommentar__barn_unga": "Färre"})
    _post(editor, {"belopp__barn_unga": "199000", "kommentar__barn_unga": "Färre"})
    events = site.events(action=ENTRY_ACTION)
    assert len(events) == 2
    (changed,) = [e for e in events if e.old]
    assert json.loads(changed.old or "")["net_cost_tkr"] == 201500.0
    assert json.loads(changed.new or "")["net_cost_tkr"] == 199000.0
    assert ForecastEntries(site.store).entries(CID, 2024)[("barn_unga", MONTH)].revision == 2
    # /ekonomi shows it beside the computed forecast
    page = editor.get(f"/ekonomi.json?namnd={CID}&ar=2024&till=8").json()
    row = next(r for r in page["forecast"]["rows"] if r["code"] == "barn_unga")
    assert row["entered"] == {
        "net_cost_tkr": 199000,
        "comment": "Färre",
        "month": MONTH,
        "entered_by": "ekonomi.redaktor2",
    }
    assert row["forecast"] is not None and page["forecast"]["entered_any"] is True
    assert "Verksamhetens prognos" in editor.get(f"/ekonomi?namnd={CID}&ar=2024&till=8").text


def test_another_verksamhet_is_refused(site: Site) -> None:
    editor = _barn_editor(site)
    answer = _post(editor, {"belopp__missbruk": "100"})
    assert answer.status_code == 403  # type: ignore[attr-defined]
    other = site.login("hr.redaktor")  # a goal editor of another unit: no verksamhet of theirs
    assert _post(other, {"belopp__barn_unga": "100"}).status_code == 403  # type: ignore[attr-defined]
    assert (
        TestClient(site.app)
        .post(FORM, data={"namnd": CID, "manad": MONTH, "belopp__barn_unga": "1"})
        .status_code
        == 403
    )
    admin = site.login("admin")
    assert admin.get(FORM).status_code == 403
    assert ForecastEntries(site.store).entries(CID) == {}
    assert site.events(action=ENTRY_ACTION) == []
    assert [e for e in site.events(action="access.denied") if "prognos" in e.target]


def test_a_locked_month_takes_no_forecast(site: Site) -> None:
    analyst = site.login("analytiker")
    page = f"{FORM}?namnd={CID}&manad={MONTH}"
    editor = _barn_editor(site)
    assert (
        editor.post(
            f"{FORM}/las",
            data={"csrf": csrf_of(editor, page), "namnd": CID, "manad": MONTH, "state": "låst"},
        ).status_code
        == 403
    )
    locked = analyst.post(
        f"{FORM}/las",
        data={"csrf": csrf_of(analyst, page), "namnd": CID, "manad": MONTH, "state": "låst"},
        follow_redirects=False,
    )
    assert locked.status_code == 303
    (event,) = site.events(action=LOCK_ACTION)
    assert event.actor == "analytiker" and event.target == f"ekonomi/{CID}/{MONTH}"
    assert _post(editor, {"belopp__barn_unga": "100"}).status_code == 403  # type: ignore[attr-defined]
    assert _post(analyst, {"belopp__barn_unga": "100"}).status_code == 403  # type: ignore[attr-defined]
    assert ForecastEntries(site.store).entries(CID) == {}
    assert editor.get(page + "&x=").status_code == 200
    # another month is open
    other = editor.post(
        FORM,
        data={
            "csrf": csrf_of(editor, page),
            "namnd": CID,
            "manad": "2024-09",
            "belopp__barn_unga": "5",
        },
        follow_redirects=False,
    )
    assert other.status_code == 303


def test_bad_amounts_are_named_and_nothing_is_saved(site: Site) -> None:
    editor = _barn_editor(site)
    answer = _post(
        editor,
        {"belopp__barn_unga": "hundra", "belopp__hvb_barn": "1e15", "kommentar__hvb_barn": "x"},
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert "är inget belopp" in text and text.count('aria-invalid="true"') == 2
    assert ForecastEntries(site.store).entries(CID) == {}
    assert editor.get(f"{FORM}?manad=2024-13").status_code == 400
