"""The interventions register (issue 18 item 5): /insatser and /insatser/{id} with their twins,
and "Omvandla insikter till insatser": an analyst makes a draft intervention from a finding —
roles, CSRF and the audit trail."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kommunanalys.effect.interventions import DRAFT_ACTION, InterventionRepository
from tests.site import Site, csrf_of

INSIGHTS = "/omrade/0126R014/insikter?ar=2024"


def test_the_register_and_one_intervention(client: TestClient, fresh_client: TestClient) -> None:
    twin = client.get("/insatser.json").json()
    ids = [i["id"] for i in twin["interventions"]]
    assert ids == ["narvaroteam-skogas", "foraldrastod-skogas", "avgiftsfri-fritid-skogas"]
    first = twin["interventions"][0]
    assert (first["start"], first["level"], first["status"]) == (
        "2022-08-15",
        "indicated",
        "ongoing",
    )
    one = client.get("/insatser/narvaroteam-skogas.json").json()["intervention"]
    assert one["items"] == ["lyckad-skolgang:2", "lyckad-skolgang:7", "lyckad-skolgang:9"]
    html = client.get("/insatser/narvaroteam-skogas").text
    assert "Färre elever med problematisk skolfrånvaro" in html and "Skogås" in html
    assert client.get("/insatser/finns-inte").status_code == 404
    # its own client: ?lang=en sets the language cookie, which the shared client must not keep
    assert fresh_client.get("/insatser?lang=en").status_code == 200


def test_an_analyst_drafts_an_intervention_from_a_finding(site: Site) -> None:
    analyst = site.login("analytiker")
    page = analyst.get(INSIGHTS).text
    assert 'action="/insatser/utkast"' in page and "Skapa utkast till insats" in page
    answer = analyst.post(
        "/insatser/utkast",
        data={
            "csrf": csrf_of(analyst, INSIGHTS),
            "omrade": "0126R014",
            "indikator": "andel_problematisk_skolfranvaro",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    where = answer.headers["location"]
    assert where == "/insatser/utkast-1"
    draft = InterventionRepository(site.store).get("utkast-1")
    assert draft.status.value == "draft" and draft.created_by == "analytiker"
    assert draft.areas == ("0126R014",) and draft.indicators == ("andel_problematisk_skolfranvaro",)
    assert draft.items == ("lyckad-skolgang:2",)  # the items that indicator follows
    (event,) = site.events(action=DRAFT_ACTION)
    assert event.actor == "analytiker" and event.target == "insatser/utkast-1"
    shown = analyst.get(where).text
    assert "Ett utkast, gjort av analytiker" in shown
    assert "utkast-1" in [i["id"] for i in analyst.get("/insatser.json").json()["interventions"]]


def test_only_analysts_draft_and_only_with_the_forms_token(site: Site) -> None:
    form = {"omrade": "0126R014", "indikator": "andel_problematisk_skolfranvaro"}
    anonymous = site.anonymous()
    assert "Skapa utkast till insats" not in anonymous.get(INSIGHTS).text
    assert anonymous.post("/insatser/utkast", data=form).status_code == 403
    editor = site.login("hr.redaktor")
    refused = editor.post("/insatser/utkast", data={**form, "csrf": csrf_of(editor)})
    assert refused.status_code == 403
    analyst = site.login("analytiker")
    assert analyst.post("/insatser/utkast", data={**form, "csrf": "fel"}).status_code == 403
    assert site.events(action=DRAFT_ACTION) == []
    assert all(i.id != "utkast-1" for i in InterventionRepository(site.store).all())


def test_each_linked_item_names_its_cell(client: TestClient) -> None:
    """The närvaroteam follows "Ökad skolnärvaro" twice, in two cells of the grid: the page and
    its twin say which cell each is."""
    twin = client.get("/insatser/narvaroteam-skogas.json").json()
    cells = [(i["ref"], i["text"], i["level"], i["column"]) for i in twin["linked_items"]]
    assert cells == [
        (
            "lyckad-skolgang:2",
            "Färre elever med problematisk skolfrånvaro",
            "indicated",
            "short_term",
        ),
        ("lyckad-skolgang:7", "Ökad skolnärvaro", "indicated", "long_term"),
        ("lyckad-skolgang:9", "Ökad skolnärvaro", "selective", "short_term"),
    ]
    html = client.get("/insatser/narvaroteam-skogas").text
    assert "Ökad skolnärvaro</span> (indikerad, målgrupp: lång sikt)" in html
    assert "Ökad skolnärvaro</span> (selektiv, målgrupp: kort sikt)" in html
