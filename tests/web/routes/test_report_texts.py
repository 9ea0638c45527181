"""/mal/rapport/texter: the analysts write the report's texts (issue 17 item 5). Analysts only
(of their committee), the session's CSRF token, an open period; every change audited; a text
someone else saved since the form was read is a 409 and nothing is saved; the downloaded report
carries the saved text."""

from __future__ import annotations

import io
import re

import docx
from fastapi.testclient import TestClient

from tests.site import CID, Site, csrf_of

FORM = "/mal/rapport/texter"


def _form(client: TestClient, period: str = "delår 2") -> dict[str, str]:
    page = client.get(f"{FORM}?namnd={CID}&ar=2024&period={period}")
    assert page.status_code == 200, page.text
    fields = dict(
        re.findall(r'name="((?:csrf|namnd|ar|period|rev__[^"]+))" value="([^"]*)"', page.text)
    )
    return fields


def test_the_public_and_editors_cannot_open_or_post_the_form(site: Site) -> None:
    public = site.anonymous()
    assert public.get(FORM, follow_redirects=False).status_code == 303
    assert public.get(f"{FORM}.json").status_code == 403
    editor = site.login("hr.redaktor")
    assert editor.get(FORM).status_code == 403
    csrf = csrf_of(editor)
    refused = editor.post(
        FORM,
        data={
            "csrf": csrf,
            "namnd": CID,
            "ar": "2024",
            "period": "helår",
            "text__arets_handelser": "Inte min sak.",
            "rev__arets_handelser": "1",
        },
    )
    assert refused.status_code == 403
    assert site.events("report.text", "hr.redaktor") == []


def test_an_analyst_saves_a_text_audited_and_it_is_in_the_report(site: Site) -> None:
    analyst = site.login("analytiker")
    fields = _form(analyst)
    text = "Delår 2: placeringarna på skyddat boende har ökat sedan april."
    saved = analyst.post(
        FORM,
        data={
            **fields,
            "text__arets_handelser": text,
            "text__genomfort_arbete__forebyggande": "Fler föräldragrupper.",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert "sparat=2" in saved.headers["location"]
    events = site.events("report.text", "analytiker")
    assert {e.target for e in events} == {
        f"report_text:{CID}/2024/delår 2/arets_handelser",
        f"report_text:{CID}/2024/delår 2/genomfort_arbete/forebyggande",
    }
    twin = analyst.get(f"{FORM}.json?namnd={CID}&ar=2024&period=delår 2").json()
    events_text = next(t for t in twin["texts"] if t["section"] == "arets_handelser")
    assert events_text["text"] == text and events_text["revision"] == 1
    report = site.anonymous().get(f"/mal/rapport.docx?namnd={CID}&ar=2024&period=delår 2")
    assert report.status_code == 200
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(report.content)).paragraphs)
    assert text in body and "Fler föräldragrupper." in body


def test_a_stale_form_is_409_and_saves_nothing(site: Site) -> None:
    analyst = site.login("analytiker")
    stale = _form(analyst)
    first = analyst.post(FORM, data={**stale, "text__arets_handelser": "Först."})
    assert first.status_code == 200  # followed to the form again
    again = analyst.post(
        FORM,
        data={**stale, "text__arets_handelser": "Sent.", "text__ekonomi": "Nytt."},
    )
    assert again.status_code == 409
    twin = analyst.get(f"{FORM}.json?namnd={CID}&ar=2024&period=delår 2").json()
    texts = {t["section"]: t["text"] for t in twin["texts"]}
    assert texts["arets_handelser"] == "Först." and texts["ekonomi"] == ""


def test_without_csrf_or_in_a_locked_period_nothing_is_saved(site: Site) -> None:
    analyst = site.login("analytiker")
    fields = _form(analyst)
    no_csrf = {**fields, "csrf": "", "text__arets_handelser": "x"}
    assert analyst.post(FORM, data=no_csrf).status_code == 403
    locked = analyst.post(
        "/rapportering/period",
        data={
            "csrf": fields["csrf"],
            "namnd": CID,
            "ar": "2024",
            "period": "delår 2",
            "state": "låst",
        },
        follow_redirects=False,
    )
    assert locked.status_code == 303
    refused = analyst.post(FORM, data={**fields, "text__arets_handelser": "x"})
    assert refused.status_code == 403
    assert site.events("report.text", "analytiker") == []


def test_an_unknown_section_or_objective_is_refused(site: Site) -> None:
    analyst = site.login("analytiker")
    fields = _form(analyst)
    assert analyst.post(FORM, data={**fields, "text__okant": "x"}).status_code == 400
    missing = analyst.post(FORM, data={**fields, "text__genomfort_arbete__okant": "x"})
    assert missing.status_code == 404
    assert site.events("report.text", "analytiker") == []
