"""Adding and removing effect logic items and interventions in the web (issue 18 items 1, 5):
the rules of the edit forms — roles (403), CSRF, problems by field (422, nothing saved), a
stale form (409), one audit event with before and after — and the model still exported to
TOML files that load."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from kommunanalys.effect.adding import (
    INTERVENTION_ADD_ACTION,
    INTERVENTION_REMOVE_ACTION,
    ITEM_ADD_ACTION,
    ITEM_REMOVE_ACTION,
)
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.logic_file import parse_interventions_text, parse_logic_text
from kommunanalys.effect.model import GridColumn, Outcome, PreventionLevel
from kommunanalys.effect.repository import EffectLogicRepository
from tests.site import Site, csrf_of

OUTCOME = "lyckad-skolgang"
NEW_ITEM = f"/effektlogik/{OUTCOME}/post/ny"
REMOVE_ITEM = f"/effektlogik/{OUTCOME}/post/2/ta-bort"
NEW_INSATS = "/insatser/ny"
REMOVE_INSATS = "/insatser/narvaroteam-skogas/ta-bort"
BAD_ITEM = {"niva": "mellan", "kolumn": "", "text": "", "riktning": "ökning", "indikatorer": "x_y"}
INSATS_FIELDS = {
    "id": "laxhjalp-skogas",
    "namn": "Läxhjälp i Skogås",
    "beskrivning": "Läxhjälp två kvällar i veckan",
    "omraden": "skogas",
    "malgrupp": "Elever i årskurs 4–9",
    "alder": "10-15",
    "kon": "alla",
    "niva": "universell",
    "start": "2024-01-15",
    "slut": "",
    "ansvarig": "Grundskolenämnden",
    "kostnad": "250 000",
    "poster": "lyckad-skolgang:2",
    "indikatorer": "andel_problematisk_skolfranvaro",
    "status": "pågår",
}


def _form(client: TestClient, page: str) -> dict[str, str]:
    twin = client.get(page + ".json").json()
    out = {"csrf": csrf_of(client, page)}
    if "version" in twin:
        out["version"] = twin["version"]
    return out


def _outcome(site: Site) -> Outcome:
    return EffectLogicRepository(site.store).outcome(OUTCOME)


def test_only_analysts_and_admins_add_and_remove(site: Site) -> None:
    pages = (NEW_ITEM, REMOVE_ITEM, NEW_INSATS, REMOVE_INSATS)
    public = TestClient(site.app)
    for page in pages:
        assert public.get(page).status_code == 403, page
    editor = site.login("hr.redaktor")
    for page in pages:
        assert editor.get(page).status_code == 403, page
        assert editor.post(page, data={"csrf": csrf_of(editor)}).status_code == 403, page
    for who in ("analytiker", "admin"):
        client = site.login(who)
        for page in pages:
            assert client.get(page).status_code == 200, page
    analyst = site.login("analytiker")
    for page in pages:
        assert analyst.post(page, data={"csrf": "fel"}).status_code == 403, page
    before = EffectLogicRepository(site.store).load()
    assert EffectLogicRepository(site.store).load() == before
    assert len(InterventionRepository(site.store).all()) == 3
    for action in (ITEM_ADD_ACTION, ITEM_REMOVE_ACTION, INTERVENTION_ADD_ACTION):
        assert site.events(action=action) == []


def test_an_item_is_added_to_a_cell(site: Site) -> None:
    analyst = site.login("analytiker")
    grid = analyst.get(f"/effektlogik/{OUTCOME}").text
    link = f"{NEW_ITEM}?niva=selective&amp;kolumn=short_term"
    assert link in grid and grid.count(f"{NEW_ITEM}?") == 9  # one a cell
    page = analyst.get(f"{NEW_ITEM}?niva=selective&kolumn=short_term")
    assert '<option value="selektiv" selected>' in page.text
    before = _outcome(site)
    answer = analyst.post(
        NEW_ITEM,
        data={
            **_form(analyst, NEW_ITEM),
            "niva": "selektiv",
            "kolumn": "målgrupp: kort sikt",
            "text": "Fler elever med läxhjälp",
            "riktning": "ökning",
            "indikatorer": "skolnarvaro",
            "data": "",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    after = _outcome(site)
    new = after.items[-1]
    assert len(after.items) == len(before.items) + 1
    assert (new.position, new.level, new.column, new.text, new.indicators) == (
        len(before.items) + 1,
        PreventionLevel.SELECTIVE,
        GridColumn.SHORT_TERM,
        "Fler elever med läxhjälp",
        ("skolnarvaro",),
    )
    assert after.items[:-1] == before.items
    (event,) = site.events(action=ITEM_ADD_ACTION)
    assert event.actor == "analytiker"
    assert event.target == f"effektlogik/{OUTCOME}:{new.position}"
    assert json.loads(event.new or "")["level"] == "selective" and not event.old
    assert "Fler elever med läxhjälp" in analyst.get(f"/effektlogik/{OUTCOME}").text


def test_a_new_item_with_problems_saves_nothing_and_a_stale_one_is_refused(site: Site) -> None:
    analyst = site.login("analytiker")
    before = EffectLogicRepository(site.store).load()
    stale = _form(analyst, NEW_ITEM)
    bad = analyst.post(
        NEW_ITEM,
        data={**stale, **BAD_ITEM},
    )
    assert bad.status_code == 422
    assert bad.text.count('aria-invalid="true"') == 4
    assert "&#39;mellan&#39; går inte att använda" in bad.text
    twin = analyst.post(
        NEW_ITEM,
        data={**stale, **BAD_ITEM},
        headers={"Accept": "application/json"},
    )
    assert set(twin.json()["errors"]) == {"niva", "kolumn", "text", "indikatorer"}
    assert EffectLogicRepository(site.store).load() == before
    ok = {"niva": "universell", "kolumn": "process/organisation", "text": "A", "riktning": "ökning"}
    assert analyst.post(NEW_ITEM, data={**stale, **ok}, follow_redirects=False).status_code == 303
    assert analyst.post(NEW_ITEM, data={**stale, **ok, "text": "B"}).status_code == 409
    assert [i.text for i in _outcome(site).items].count("B") == 0
    assert len(site.events(action=ITEM_ADD_ACTION)) == 1


def test_an_item_is_removed_and_the_links_follow_the_numbers(site: Site) -> None:
    analyst = site.login("analytiker")
    repo = InterventionRepository(site.store)
    before = _outcome(site)
    removed = before.items[1]
    linked = [i.id for i in repo.all() if f"{OUTCOME}:2" in i.items]
    later = {i.id: i.items for i in repo.all()}
    assert linked, "the demo links an intervention to item 2"
    grid = analyst.get(f"/effektlogik/{OUTCOME}").text
    assert REMOVE_ITEM in grid
    confirm = analyst.get(REMOVE_ITEM)
    assert "förlorar kopplingen" in confirm.text and removed.text in confirm.text
    twin = analyst.get(REMOVE_ITEM + ".json").json()
    assert twin["interventions_unlinked"] == linked
    assert twin["items_renumbered"] == len(before.items) - 2
    answer = analyst.post(REMOVE_ITEM, data=_form(analyst, REMOVE_ITEM), follow_redirects=False)
    assert answer.status_code == 303
    after = _outcome(site)
    assert [i.text for i in after.items] == [i.text for i in before.items if i != removed]
    assert [i.position for i in after.items] == list(range(1, len(before.items)))

    def moved(ref: str) -> str | None:
        o, n = ref.split(":")
        if o != OUTCOME or int(n) < 2:
            return ref
        return None if int(n) == 2 else f"{o}:{int(n) - 1}"

    for i in repo.all():
        assert i.items == tuple(r for r in map(moved, later[i.id]) if r is not None), i.id
    (event,) = site.events(action=ITEM_REMOVE_ACTION)
    old = json.loads(event.old or "")
    assert old["text"] == removed.text and old["interventions"] == linked and not event.new
    # a stale confirmation (item 2 is now another item) is refused, nothing more removed
    assert (
        analyst.post(
            REMOVE_ITEM, data={**_form(analyst, REMOVE_ITEM), "version": twin["version"]}
        ).status_code
        == 409
    )
    assert len(_outcome(site).items) == len(before.items) - 1


def test_an_intervention_is_added_with_every_field(site: Site) -> None:
    analyst = site.login("analytiker")
    assert NEW_INSATS in analyst.get("/insatser").text
    assert NEW_INSATS not in site.anonymous().get("/insatser").text
    repo = InterventionRepository(site.store)
    before = repo.all()
    bad = {
        **INSATS_FIELDS,
        "id": "narvaroteam-skogas",
        "namn": "",
        "slut": "2020-01-01",
        "kostnad": "mycket",
        "omraden": "atlantis",
    }
    answer = analyst.post(NEW_INSATS, data={**_form(analyst, NEW_INSATS), **bad})
    assert answer.status_code == 422
    assert "används redan av en annan insats" in answer.text
    twin = analyst.post(
        NEW_INSATS,
        data={**_form(analyst, NEW_INSATS), **bad},
        headers={"Accept": "application/json"},
    )
    assert set(twin.json()["errors"]) == {"id", "namn", "slut", "kostnad", "omraden"}
    for wrong in ("Läxhjälp", "ny", "utkast", "-a"):
        answer = analyst.post(
            NEW_INSATS,
            data={**_form(analyst, NEW_INSATS), **INSATS_FIELDS, "id": wrong},
            headers={"Accept": "application/json"},
        )
        assert answer.status_code == 422 and set(answer.json()["errors"]) == {"id"}, wrong
    assert repo.all() == before
    ok = analyst.post(
        NEW_INSATS, data={**_form(analyst, NEW_INSATS), **INSATS_FIELDS}, follow_redirects=False
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/insatser/laxhjalp-skogas"
    new = repo.get("laxhjalp-skogas")
    assert (new.name, new.areas, new.cost, new.start, new.end, new.items, new.created_by) == (
        "Läxhjälp i Skogås",
        ("skogas",),
        250_000.0,
        "2024-01-15",
        "",
        ("lyckad-skolgang:2",),
        "analytiker",
    )
    (event,) = site.events(action=INTERVENTION_ADD_ACTION)
    assert json.loads(event.new or "")["name"] == "Läxhjälp i Skogås" and not event.old
    page = analyst.get("/insatser/laxhjalp-skogas")
    assert page.status_code == 200 and "Läxhjälp i Skogås" in page.text
    again = analyst.post(NEW_INSATS, data={**_form(analyst, NEW_INSATS), **INSATS_FIELDS})
    assert again.status_code == 422 and len(repo.all()) == len(before) + 1


def test_an_intervention_with_a_follow_up_is_removed_after_saying_what_goes(site: Site) -> None:
    analyst = site.login("analytiker")
    repo = InterventionRepository(site.store)
    old = repo.get("narvaroteam-skogas")
    assert REMOVE_INSATS in analyst.get("/insatser/narvaroteam-skogas").text
    confirm = analyst.get(REMOVE_INSATS)
    assert "Dess uppföljning försvinner (indikatorer: 2, områden: 1)" in confirm.text
    assert "Indikatorernas värden finns kvar." in confirm.text
    assert analyst.get(REMOVE_INSATS + ".json").json()["followed_up"] is True
    stale = _form(analyst, REMOVE_INSATS)
    answer = analyst.post(REMOVE_INSATS, data=stale, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/insatser")
    assert "narvaroteam-skogas" not in {i.id for i in repo.all()}
    assert analyst.get("/insatser/narvaroteam-skogas").status_code == 404
    assert "narvaroteam-skogas" not in analyst.get("/insatser").text
    (event,) = site.events(action=INTERVENTION_REMOVE_ACTION)
    assert json.loads(event.old or "")["name"] == old.name and not event.new
    assert site.store.backend.query(
        "SELECT count(*) FROM effect_intervention_link WHERE intervention = ?",
        ("narvaroteam-skogas",),
    ) == [(0,)]
    # a second removal of the same (a stale confirmation): the intervention is gone
    assert analyst.post(REMOVE_INSATS, data=stale).status_code == 404


def test_the_model_after_adding_and_removing_exports_to_files_that_load(site: Site) -> None:
    analyst = site.login("analytiker")
    analyst.post(
        NEW_ITEM,
        data={
            **_form(analyst, NEW_ITEM),
            "niva": "indikerad",
            "kolumn": "målgrupp: lång sikt",
            "text": "Ny post",
            "riktning": "minskning",
        },
    )
    analyst.post(REMOVE_ITEM, data=_form(analyst, REMOVE_ITEM))
    analyst.post(
        NEW_INSATS, data={**_form(analyst, NEW_INSATS), **INSATS_FIELDS, "poster": f"{OUTCOME}:3"}
    )
    store = site.store
    indicators = {i.id for i in store.indicators()}
    areas = {a.code for a in store.areas()}
    logic = EffectLogicRepository(store).load()
    assert parse_logic_text(analyst.get("/effektlogik.toml").text, "e.toml", indicators, areas) == (
        logic
    )
    repo = InterventionRepository(store)
    found = parse_interventions_text(
        analyst.get("/insatser.toml").text, "i.toml", indicators, areas, set(repo.item_refs())
    )
    assert [(i.id, i.items, i.areas, i.indicators) for i in found] == [
        (i.id, i.items, i.areas, i.indicators) for i in repo.all()
    ]
    assert "laxhjalp-skogas" in {i.id for i in found}
