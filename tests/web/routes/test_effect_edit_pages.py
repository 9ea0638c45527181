"""Editing the effect logic and the interventions in the web (issue 18 items 1, 2, 5): roles
(403), CSRF, validation by field (422, nothing saved), the audit trail with before and after,
a stale form (409), and the edited model exported back to TOML files that load."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from kommunanalys.effect.editing import INTERVENTION_ACTION, ITEM_ACTION, SOURCE_ACTION
from kommunanalys.effect.form import INTERVENTION_FIELDS, form_text
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.logic_file import parse_interventions_text, parse_logic_text
from kommunanalys.effect.model import TargetGender
from kommunanalys.effect.repository import EffectLogicRepository
from tests.site import Site, csrf_of

ITEM = "/effektlogik/lyckad-skolgang/post/2/redigera"
SOURCE = "/datatillgang/kalla/andel_problematisk_skolfranvaro/redigera"
INSATS = "/insatser/narvaroteam-skogas/redigera"


def _form(client: TestClient, page: str) -> dict[str, str]:
    twin = client.get(page + ".json").json()
    return {"csrf": csrf_of(client, page), "version": twin["version"]}


def test_only_analysts_and_admins_edit(site: Site) -> None:
    public = TestClient(site.app)
    for page in (ITEM, SOURCE, INSATS):
        assert public.get(page).status_code == 403
    editor = site.login("hr.redaktor")
    for page in (ITEM, SOURCE, INSATS):
        assert editor.get(page).status_code == 403
        answer = editor.post(page, data={"csrf": csrf_of(editor), "text": "x"})
        assert answer.status_code == 403
    for who in ("analytiker", "admin"):
        client = site.login(who)
        for page in (ITEM, SOURCE, INSATS):
            assert client.get(page).status_code == 200
    assert site.events(action=ITEM_ACTION) == []
    analyst = site.login("analytiker")
    assert analyst.post(ITEM, data={"csrf": "fel", "text": "x"}).status_code == 403


def test_an_item_edited_is_audited_and_shown(site: Site) -> None:
    analyst = site.login("analytiker")
    before = EffectLogicRepository(site.store).outcome("lyckad-skolgang").items[1]
    assert analyst.get("/effektlogik/lyckad-skolgang").text.count("/post/2/redigera") == 1
    answer = analyst.post(
        ITEM,
        data={
            **_form(analyst, ITEM),
            "text": "Färre elever med problematisk frånvaro",
            "riktning": "minskning",
            "indikatorer": "andel_problematisk_skolfranvaro\nskolnarvaro",
            "data": "",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    after = EffectLogicRepository(site.store).outcome("lyckad-skolgang").items[1]
    assert after.text == "Färre elever med problematisk frånvaro"
    assert after.indicators == ("andel_problematisk_skolfranvaro", "skolnarvaro")
    assert (after.level, after.column) == (before.level, before.column)
    (event,) = site.events(action=ITEM_ACTION)
    assert event.actor == "analytiker" and event.target == "effektlogik/lyckad-skolgang:2"
    assert json.loads(event.old or "")["text"] == before.text
    assert json.loads(event.new or "")["indicators"] == [
        "andel_problematisk_skolfranvaro",
        "skolnarvaro",
    ]
    # the readers see it at once (a new snapshot)
    assert (
        "Färre elever med problematisk frånvaro" in analyst.get("/effektlogik/lyckad-skolgang").text
    )
    # data saknas: no indicators
    analyst.post(
        ITEM,
        data={
            **_form(analyst, ITEM),
            "text": after.text,
            "riktning": "minskning",
            "indikatorer": "",
            "data": "Frånvaro per skola",
        },
    )
    again = EffectLogicRepository(site.store).outcome("lyckad-skolgang").items[1]
    assert again.data_missing and again.need == "Frånvaro per skola"


def test_item_problems_are_named_by_field_and_nothing_is_saved(site: Site) -> None:
    analyst = site.login("analytiker")
    before = EffectLogicRepository(site.store).load()
    answer = analyst.post(
        ITEM,
        data={
            **_form(analyst, ITEM),
            "text": "  ",
            "riktning": "uppåt",
            "indikatorer": "finns_inte_alls",
        },
    )
    assert answer.status_code == 422
    html = answer.text
    assert "Fältet måste fyllas i." in html
    assert "&#39;uppåt&#39; går inte att använda (välj ökning, minskning)." in html
    assert "Finns inte i indikatorkatalogen: finns_inte_alls." in html
    assert html.count('aria-invalid="true"') == 3
    assert EffectLogicRepository(site.store).load() == before
    assert site.events(action=ITEM_ACTION) == []
    twin = analyst.post(
        ITEM + "?x=1",
        data={**_form(analyst, ITEM), "text": "", "riktning": "ökning"},
        headers={"Accept": "application/json"},
    )
    assert twin.status_code == 422 and set(twin.json()["errors"]) == {"text"}


def test_a_stale_form_is_refused(site: Site) -> None:
    analyst = site.login("analytiker")
    stale = _form(analyst, ITEM)
    data = {"text": "Första ändringen", "riktning": "minskning", "indikatorer": ""}
    assert analyst.post(ITEM, data={**stale, **data}, follow_redirects=False).status_code == 303
    second = analyst.post(ITEM, data={**stale, **data, "text": "Andra"})
    assert second.status_code == 409
    assert EffectLogicRepository(site.store).outcome("lyckad-skolgang").items[1].text == (
        "Första ändringen"
    )


def test_a_source_note_is_entered_and_audited(site: Site) -> None:
    analyst = site.login("analytiker")
    assert "/datatillgang/kalla/" in analyst.get("/datatillgang").text
    bad = analyst.post(SOURCE, data={**_form(analyst, SOURCE), "frekvens": "varje sekund"})
    assert bad.status_code == 422 and "varje sekund" in bad.text
    answer = analyst.post(
        SOURCE,
        data={
            **_form(analyst, SOURCE),
            "system": "Procapita",
            "frekvens": "månadsvis",
            "leverans": "fil",
            "ansvarig": "Socialförvaltningen",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    twin = analyst.get(SOURCE + ".json").json()
    assert twin["source"] == {
        "system": "Procapita",
        "frequency": "monthly",
        "delivery": "file",
        "responsible": "Socialförvaltningen",
    }
    (event,) = site.events(action=SOURCE_ACTION)
    assert json.loads(event.new or "")["system"] == "Procapita"
    assert "Procapita" in analyst.get("/datatillgang").text


def test_an_intervention_is_edited_with_every_field(site: Site) -> None:
    analyst = site.login("analytiker")
    before = InterventionRepository(site.store).get("narvaroteam-skogas")
    assert (
        "/insatser/narvaroteam-skogas/redigera" in analyst.get("/insatser/narvaroteam-skogas").text
    )
    fields = {
        "namn": "Närvaroteamet",
        "beskrivning": "Skola och socialtjänst",
        "omraden": "skogas, 0126",
        "malgrupp": "Elever",
        "alder": "6-15",
        "kon": "alla",
        "niva": "selektiv",
        "start": "2022-08-15",
        "slut": "2026-06-12",
        "ansvarig": "Grundskolenämnden",
        "kostnad": "1 500 000",
        "poster": "lyckad-skolgang:2",
        "indikatorer": "andel_problematisk_skolfranvaro",
        "status": "pågår",
    }
    bad = analyst.post(
        INSATS,
        data={
            **_form(analyst, INSATS),
            **fields,
            "slut": "2020-01-01",
            "kostnad": "mycket",
            "poster": "lyckad-skolgang:99",
            "omraden": "atlantis",
            "start": "2022-13-01",
        },
    )
    assert bad.status_code == 422
    assert set(
        analyst.post(
            INSATS,
            data={
                **_form(analyst, INSATS),
                **fields,
                "slut": "2020-01-01",
                "kostnad": "mycket",
                "poster": "lyckad-skolgang:99",
                "omraden": "atlantis",
            },
            headers={"Accept": "application/json"},
        ).json()["errors"]
    ) == {"slut", "kostnad", "poster", "omraden"}
    assert InterventionRepository(site.store).get("narvaroteam-skogas") == before
    ok = analyst.post(INSATS, data={**_form(analyst, INSATS), **fields}, follow_redirects=False)
    assert ok.status_code == 303
    after = InterventionRepository(site.store).get("narvaroteam-skogas")
    assert (
        after.name,
        after.areas,
        after.cost,
        after.end,
        after.level.value if after.level else None,
    ) == (
        "Närvaroteamet",
        ("skogas", "0126"),
        1_500_000.0,
        "2026-06-12",
        "selective",
    )
    assert after.created_by == before.created_by
    (event,) = site.events(action=INTERVENTION_ACTION)
    assert json.loads(event.old or "")["name"] == before.name
    assert json.loads(event.new or "")["cost"] == 1_500_000.0


def test_an_interventions_gender_is_chosen_from_a_list_and_shown_in_the_readers_language(
    site: Site,
) -> None:
    """Kön is a choice of three codes (it was free text: "alla", "flickor och pojkar" …):
    the form offers them, a word outside them is refused on its field, and the page shows
    the chosen one's words in the reader's language."""
    analyst = site.login("analytiker")
    form = analyst.get(INSATS).text
    select = re.search(r'<select id="f-kon" name="kon".*?</select>', form, flags=re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"', select.group(0))
    assert options == ["", "alla", "kvinnor och flickor", "män och pojkar"]
    assert '<option value="alla" selected>' in select.group(0)  # the demo's, read as a code
    before = InterventionRepository(site.store).get("narvaroteam-skogas")
    current = form_text(before, INTERVENTION_FIELDS)  # every field as the form shows it
    refused = analyst.post(
        INSATS,
        data={**_form(analyst, INSATS), **current, "kon": "ungdomar"},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"kon"}
    assert InterventionRepository(site.store).get("narvaroteam-skogas") == before
    saved = analyst.post(
        INSATS,
        data={**_form(analyst, INSATS), **current, "kon": "kvinnor och flickor"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert InterventionRepository(site.store).get("narvaroteam-skogas").gender is (
        TargetGender.FEMALE
    )
    page = "/insatser/narvaroteam-skogas"
    shown = analyst.get(page).text
    assert ", kvinnor och flickor</dd>" in shown
    assert ", women and girls</dd>" in analyst.get(page + "?lang=en").text
    # followed by women's values (its indicators have them): said in each heading
    assert "Skogås, kvinnor och flickor</h3>" in shown
    assert re.search(r'<title id="[^"]*-title">[^<]*Skogås, kvinnor och flickor', shown)
    twin = analyst.get(page + ".json").json()
    assert {e["gender"] for e in twin["follow_up"]["results"]} == {"K"}
    described = twin["intervention"]
    assert (described["gender"], described["gender_label"]) == ("female", "kvinnor och flickor")


def test_the_edited_model_exports_to_files_that_load(site: Site) -> None:
    analyst = site.login("analytiker")
    analyst.post(
        ITEM,
        data={
            **_form(analyst, ITEM),
            "text": 'Citat "så" \\ och\tflik',
            "riktning": "ökning",
            "indikatorer": "",
        },
    )
    analyst.post(
        SOURCE,
        data={**_form(analyst, SOURCE), "system": "Egen enkät", "leverans": "manuell inmatning"},
    )
    store = site.store
    indicators = {i.id for i in store.indicators()}
    areas = {a.code for a in store.areas()}
    logic = EffectLogicRepository(store).load()
    text = analyst.get("/effektlogik.toml").text
    assert parse_logic_text(text, "effektlogik.toml", indicators, areas) == logic
    repo = InterventionRepository(store)
    found = parse_interventions_text(
        analyst.get("/insatser.toml").text,
        "insatser.toml",
        indicators,
        areas,
        set(repo.item_refs()),
    )
    stored = repo.all()
    assert [(i.id, i.name, i.items, i.cost, i.start, i.status) for i in found] == [
        (i.id, i.name, i.items, i.cost, i.start, i.status) for i in stored
    ]
