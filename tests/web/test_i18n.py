"""Swedish by default, English by a switch: pages, the switch, the cookie and the catalogues."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kommunanalys import i18n
from kommunanalys.analysis.equality import WOMEN
from kommunanalys.charts import Bar, SpineRow, bar_chart, spine_chart
from kommunanalys.formatting import NBSP
from kommunanalys.i18n.text import Text
from kommunanalys.store import Store
from tests.site import Site, csrf_of

ROOT = Path(__file__).resolve().parents[2]
LOCALE = Path(str(resources.files("kommunanalys.i18n") / "locale"))

#: the public pages, each in English; the profile and ranking with a year for stable numbers
PAGES = [
    "/",
    "/omrade/0126R007?ar=2023",
    "/indikatorer",
    "/indikator/antal_invanare?ar=2023",
    "/karta",
    "/jamfor",
    "/utveckling",
    "/bubblor",
    "/jamlikhet",
    "/mal",
    "/omstallning",
    "/login",
    "/omrade/0126R007/insikter?ar=2023",
    "/oversiktstabell?niva=regso&doman=Boende&ar=2022",
    "/omrade/0126R007/pyramid",
    "/effektlogik",
    "/effektlogik/lyckad-skolgang?omrade=0126R014&ar=2024",
    "/datatillgang",
    "/insatser",
    "/insatser/narvaroteam-skogas",
    "/projekt/skogas",
]

#: words of the Swedish interface that must not be left on an English page (catalogue text
#: that exists only in Swedish is marked lang="sv" and skipped; charts are checked elsewhere)
SWEDISH_UI = (
    "Område",
    "Områden",
    "Indikator",
    "Indikatorer",
    "Ladda ned",
    "Ladda ner",
    "Jämför",
    "Välj",
    "Visa",
    "Källa",
    "Översikt",
    "Karta",
    "Logga in",
    "Kvinnor",
    "Totalt",
    "Hoppa till",
    "Uppgift saknas",
    "konfidensintervall",
    "År",
    "Nivå",
)


class _EnglishText(HTMLParser):
    """The visible text and attributes people read, without lang="sv" parts, SVG or scripts."""

    SKIP = frozenset({"script", "style", "svg"})
    VOID = frozenset({"br", "input", "meta", "link", "img", "hr", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        skipped = (self.stack and self.stack[-1]) or tag in self.SKIP or found.get("lang") == "sv"
        if not skipped:
            self.parts += [v for k, v in attrs if k in ("aria-label", "title", "alt") and v]
        if tag not in self.VOID:
            self.stack.append(bool(skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def english_text(html: str) -> str:
    parser = _EnglishText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def swedish_words(text: str) -> list[str]:
    return [w for w in SWEDISH_UI if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


@pytest.fixture(scope="module")
def fresh(demo_app: FastAPI) -> TestClient:
    """Its own client: these tests set the language cookie."""
    return TestClient(demo_app)


@pytest.mark.parametrize("path", PAGES)
def test_every_main_page_in_english(fresh: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    response = fresh.get(f"{path}{sep}lang=en")
    assert response.status_code == 200, response.text[:400]
    html = response.text
    assert '<html lang="en">' in html
    assert ">Overview</a>" in html and ">Compare</a>" in html and ">Indicators</a>" in html
    assert 'hreflang="sv" lang="sv">Svenska</a>' in html
    text = english_text(html)
    assert swedish_words(text) == [], f"{path}: {swedish_words(text)}"


@pytest.mark.parametrize("path", PAGES)
def test_swedish_is_the_default(fresh_client: TestClient, path: str) -> None:
    client = fresh_client
    html = client.get(path).text
    assert '<html lang="sv">' in html
    assert ">Översikt</a>" in html and ">Jämför</a>" in html
    assert 'hreflang="en" lang="en">English</a>' in html


def test_indicator_names_from_the_catalogue(fresh: TestClient) -> None:
    english = fresh.get("/indikatorer?lang=en").text
    assert "Number of residents" in english and "Antal invånare<" not in english
    assert "Share of young people (7–20) in leader-led leisure activities" in english
    swedish = fresh.get("/indikatorer?lang=sv").text
    assert "Antal invånare" in swedish and "Number of residents" not in swedish


def test_numbers_follow_the_language(fresh: TestClient) -> None:
    """Glömsta-Loviseberg 2023 has 5 023 residents: "5 023" in Swedish, "5,023" in English."""
    english = fresh.get("/omrade/0126R007?ar=2023&lang=en").text
    assert ">5,023<" in english
    assert f">5{NBSP}023<" not in english
    swedish = fresh.get("/omrade/0126R007?ar=2023&lang=sv").text
    assert f">5{NBSP}023<" in swedish
    ranking = fresh.get("/indikator/antal_invanare?ar=2023&lang=en").text
    assert "5,023" in ranking


def test_the_switch_keeps_the_page_and_its_query(fresh_client: TestClient) -> None:
    client = fresh_client
    html = client.get("/omrade/0126R007?ar=2023&doman=Boende").text
    assert 'href="/omrade/0126R007?ar=2023&amp;doman=Boende&amp;lang=en"' in html
    english = client.get("/omrade/0126R007?ar=2023&doman=Boende&lang=en").text
    assert 'href="/omrade/0126R007?ar=2023&amp;doman=Boende&amp;lang=sv"' in english
    assert "<h2" in english and ">Housing</h2>" in english


def test_the_cookie_keeps_the_choice(fresh_client: TestClient) -> None:
    client = fresh_client
    first = client.get("/?lang=en")
    assert "lang=en" in first.headers["set-cookie"]
    assert '<html lang="en">' in client.get("/indikatorer").text
    assert '<html lang="en">' in client.get("/jamfor").text
    assert '<html lang="sv">' in client.get("/indikatorer?lang=sv").text
    assert '<html lang="sv">' in client.get("/jamfor").text


def test_a_language_in_the_url_wins_over_the_cookie(fresh_client: TestClient) -> None:
    client = fresh_client
    client.get("/?lang=en")
    assert '<html lang="sv">' in client.get("/?lang=sv").text
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert '<html lang="en">' in client.get("/?lang=xx").text  # unknown: the cookie's choice


def test_error_pages_in_english(fresh: TestClient) -> None:
    response = fresh.get("/omrade/XXX?lang=en")
    assert response.status_code == 404
    assert '<html lang="en">' in response.text
    assert "Not found" in response.text and "does not exist" in response.text
    missing = fresh.get("/finns-inte?lang=en")
    assert missing.status_code == 404 and "The page does not exist." in missing.text
    swedish = fresh.get("/omrade/XXX?lang=sv")
    assert "Hittades inte" in swedish.text and "finns inte" in swedish.text


def test_json_twins_do_not_depend_on_the_language(fresh: TestClient) -> None:
    """The JSON twin is data: keys and values stay the same (names Swedish, with ``name_en``)."""
    swedish = fresh.get("/omrade/0126R007.json?ar=2023&lang=sv").json()
    english = fresh.get("/omrade/0126R007.json?ar=2023&lang=en").json()
    assert swedish == english


def test_english_charts_have_english_titles_and_numbers(fresh: TestClient) -> None:
    html = fresh.get("/jamfor?omraden=0126,0126R007&indikatorer=antal_invanare&ar=2023&lang=en")
    assert html.status_code == 200
    charts = re.findall(r"<svg.*?</svg>", html.text, flags=re.S)
    assert charts and any("Number of residents" in c for c in charts)
    assert any("5,023" in c for c in charts)


def _catalogue(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_an_english_translation() -> None:
    template = _catalogue(LOCALE / "messages.pot")
    english = _catalogue(LOCALE / "en" / "LC_MESSAGES" / "messages.po")
    def translation(message: Any) -> str:
        found = english.get(message.id, message.context)  # a word's context: its own msgstr
        return str(found.string) if found is not None and found.string else ""

    missing = [(m.context, m.id) for m in template if m.id and not translation(m)]
    assert missing == []
    placeholders = re.compile(r"%\([a-z_]+\)s|%%")
    for message in template:
        if message.id:
            translated = translation(message)
            assert sorted(placeholders.findall(message.id)) == sorted(
                placeholders.findall(translated)
            ), message.id


def test_the_template_catalogue_is_up_to_date() -> None:
    """Every marked string in templates and Python is in messages.pot (run pybabel extract)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {
        (context, message if isinstance(message, str) else message[0])
        for _, _, message, _, context in extract_from_dir(str(ROOT), method_map, options_map)
    }
    known = {(m.context, m.id) for m in _catalogue(LOCALE / "messages.pot") if m.id}
    assert found - known == set(), "run: pybabel extract -F babel.cfg (see babel.cfg)"


def test_titles_for_the_map_and_ranking_views(demo_store: Store) -> None:
    from kommunanalys.catalog.indicators import load_catalogue

    indicator = load_catalogue()["antal_invanare"]
    i18n.use_language("en")
    try:
        assert i18n.ranking_title(indicator, "RegSO", "2023") == "Number of residents by RegSO 2023"
        title = i18n.map_title(indicator, "Kvinnor", "DeSO", "2023")
        assert title == "Number of residents, women by DeSO 2023"
    finally:
        i18n.use_language("sv")
    assert i18n.ranking_title(indicator, "RegSO", "2023") == "Antal invånare per RegSO 2023"


# -- the pages behind a login, the goal pages, charts, exports and messages -------------------


def _english_page(client: TestClient, path: str) -> str:
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}lang=en")
    assert response.status_code == 200, (path, response.text[:400])
    assert '<html lang="en">' in response.text
    text = english_text(response.text)
    assert swedish_words(text) == [], f"{path}: {swedish_words(text)}"
    return text


def _objective_id(client: TestClient) -> str:
    return str(client.get("/mal.json").json()["objectives"][0]["id"])


def test_goal_page_of_one_objective_in_english(fresh: TestClient) -> None:
    oid = _objective_id(fresh)
    text = _english_page(fresh, f"/mal/{oid}")
    assert "Interim target" in text and "Target value" in text and "Committee's grade" in text
    assert "Nämndens bedömning" not in text and "Etappmål" not in text


def test_signed_in_pages_in_english(site: Site) -> None:
    analyst = site.login("analytiker")
    text = _english_page(analyst, "/import")
    assert "Data: import and quality" in text and "Import history" in text
    assert "Importhistorik" not in text
    text = _english_page(analyst, "/indikator/antal_invanare/historik?omrade=0126")
    assert "History of the values" in text and "newest import first" in text
    text = _english_page(analyst, "/rapportering")
    assert "Report values" in text
    text = _english_page(analyst, f"/mal/{_objective_id(analyst)}")
    assert "Save the grade" in text and "Spara bedömningen" not in text
    admin = site.login("admin")
    text = _english_page(admin, "/admin")
    assert "Administration: users and roles" in text and "Unit editor" in text
    assert "Enhetsredaktör" not in text and "Lägg till" not in text
    text = _english_page(admin, "/admin/logg")
    assert "Audit log" in text and "Granskningslogg" not in text and "datavärde" not in text


def test_signed_in_pages_stay_swedish_by_default(site: Site) -> None:
    admin = site.login("admin")
    assert "Administration: användare och roller" in admin.get("/admin").text
    assert "Enhetsredaktör" in admin.get("/admin").text
    analyst = site.login("analytiker")
    assert "Data: import och kvalitet" in analyst.get("/import").text


def test_account_messages_in_english(site: Site) -> None:
    admin = site.login("admin")
    form = {"username": "ny", "password": "kort", "role": "analyst", "csrf": csrf_of(admin)}
    response = admin.post("/admin/anvandare?lang=en", data=form)
    assert response.status_code == 400
    assert "The password must have at least 10 characters." in response.text
    swedish = admin.post("/admin/anvandare?lang=sv", data=form)
    assert "Lösenordet måste ha minst 10 tecken." in swedish.text


#: words the charts draw that must not be left in an English chart
SWEDISH_CHART_WORDS = (
    "skyddad",
    "Skyddad",
    "uppgift saknas",
    "Uppgift saknas",
    "storlek saknas",
    "Sämre",
    "Bättre",
    "högre/lägre",
    "percentilen",
    "Klasser:",
    "Färg:",
    "Storlek:",
    "rader.",
    "Högst ",
    "lägst ",
    "Jämförelse",
    "Serien bryts",
    "Blått",
    "Mörkare",
    " år ",
    " än ",
    "% KI",
)


def _chart_words(html: str) -> list[str]:
    charts = " ".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
    assert charts, "no chart on the page"
    return [w for w in SWEDISH_CHART_WORDS if w in charts]


@pytest.mark.parametrize(
    "path",
    [
        "/omrade/0126R007?ar=2023",
        "/indikator/antal_invanare?ar=2023",
        "/karta?ar=2023",
        "/utveckling?omrade=0126R007",
        "/bubblor",
        "/jamfor?omraden=0126,0126R007&indikatorer=antal_invanare&ar=2023",
    ],
)
def test_chart_words_in_english(fresh: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    html = fresh.get(f"{path}{sep}lang=en").text
    assert _chart_words(html) == [], path


def test_spine_chart_words_follow_the_language() -> None:
    row = SpineRow("Andel", 12.0, 5.0, 8.0, 10.0, 14.0, 20.0, 11.0, tone="better", unit="%")
    i18n.use_language("en")
    try:
        english = spine_chart([row], title="t", ident="s")
        assert "Worse (lower)" in english and "(higher) Better" in english
        assert "higher/lower" in english and "25th–75th percentile" in english
        assert "better than the municipality" in english
    finally:
        i18n.use_language("sv")
    swedish = spine_chart([row], title="t", ident="s")
    assert "Sämre (lägre)" in swedish and "högre/lägre" in swedish
    assert "bättre än kommunen" in swedish


def test_bar_chart_notes_follow_the_language() -> None:
    rows = [Bar("A", None, note="skyddad"), Bar("B", None), Bar("C", 1234.5)]
    i18n.use_language("en")
    try:
        english = bar_chart(rows, title="t", unit="kr", ident="b")
        assert ">protected<" in english and ">no value<" in english and "1,234.5" in english
        assert "3 rows." in english
    finally:
        i18n.use_language("sv")
    swedish = bar_chart(rows, title="t", unit="kr", ident="b")
    assert ">skyddad<" in swedish and ">uppgift saknas<" in swedish
    assert f"1{NBSP}234,5" in swedish


def test_export_headers_follow_the_language_and_values_do_not(fresh: TestClient) -> None:
    path = "/jamfor.csv?omraden=0126,0126R007&indikatorer=antal_invanare&ar=2023"
    english = fresh.get(f"{path}&lang=en").content.decode("utf-8-sig").splitlines()
    swedish = fresh.get(f"{path}&lang=sv").content.decode("utf-8-sig").splitlines()
    assert english[0].startswith("Domain,Indicator,Indicator id,Unit,Area,Area code,Level")
    assert "95 % CI lower" in english[0] and "Område" not in english[0]
    assert swedish[0].startswith("Domän,Indikator,Indikator-id,Enhet,Område,Områdeskod,Nivå")
    assert english[1:] == swedish[1:]
    profile = fresh.get("/omrade/0126R007/export.csv?ar=2023&lang=en").content.decode("utf-8-sig")
    assert profile.splitlines()[0].startswith("Domain,Indicator")


@pytest.mark.parametrize(
    ("path", "status", "english"),
    [
        ("/jamfor?omraden=XYZ", 404, "The area 'XYZ' does not exist."),
        ("/jamfor?omraden=0126R007", 400, "Choose at least two areas"),
        ("/jamfor?omraden=0126,,X", 400, "is malformed"),
        ("/jamfor?ar=20x", 400, "is not a year (write for example ar=2023)"),
        ("/jamfor?kon=Q", 400, "Unknown gender 'Q' (choose T, K or M)."),
        ("/jamfor.csv?sep=tab", 400, "Unknown separator 'tab'"),
        ("/omrade/0126/export.doc", 400, "The format 'doc' does not exist for the area profile"),
        ("/import", 403, "Log in as analyst to do this."),
        ("/admin", 403, "Log in as administrator to do this."),
    ],
)
def test_python_messages_in_english(
    fresh: TestClient, path: str, status: int, english: str
) -> None:
    sep = "&" if "?" in path else "?"
    response = fresh.get(f"{path}{sep}lang=en")
    assert response.status_code == status
    assert english in unescape(response.text), response.text[:600]
    swedish = fresh.get(f"{path}{sep}lang=sv")
    assert swedish.status_code == status and english not in unescape(swedish.text)


def test_the_kommun_profile_does_not_offer_to_compare_it_with_itself(fresh: TestClient) -> None:
    html = fresh.get("/omrade/0126?lang=sv").text
    assert "/jamfor?omraden=0126,0126&" not in html and "Jämför med kommunen" not in html
    assert "/jamfor?omraden=0126,0126R007" in fresh.get("/omrade/0126R007").text


def test_equality_groups_and_map_words_in_english() -> None:
    i18n.use_language("en")
    try:
        assert WOMEN.shown() == "women"
        rest = Text.of("övriga i %(area)s", area="Flemingsberg")
        assert rest.shown() == "the rest of Flemingsberg"
        assert Text.of("%(ages)s år", ages="16-19").shown() == "16-19 years"
        assert i18n.gettext("RegSO-gräns") == "RegSO boundary"
        assert i18n.gettext("DeSO %(code)s i %(where)s") % {"code": "X", "where": "Y"} == (
            "DeSO X in Y"
        )
    finally:
        i18n.use_language("sv")
    assert rest.shown() == str(rest) == "övriga i Flemingsberg"


def test_insight_findings_in_english_and_their_twin_in_swedish(fresh: TestClient) -> None:
    path = "/omrade/0126R007/insikter"
    english = english_text(fresh.get(f"{path}?ar=2023&lang=en").text)
    assert " in Glömsta-Loviseberg " in english and "95 % CI" in english.replace(NBSP, " ")
    assert " i Glömsta-Loviseberg " not in english
    swedish = unescape(fresh.get(f"{path}?ar=2023&lang=sv").text)
    assert " i Glömsta-Loviseberg " in swedish and "95\u00a0% KI" in swedish
    twin_en = fresh.get(f"{path}.json?ar=2023&lang=en").json()
    assert twin_en == fresh.get(f"{path}.json?ar=2023&lang=sv").json()
    assert " i Glömsta-Loviseberg " in str(twin_en)


def test_json_twins_stay_swedish_with_an_english_cookie(fresh_client: TestClient) -> None:
    client = fresh_client
    client.get("/?lang=en")
    response = client.get("/jamfor.json?omraden=XYZ")
    assert response.status_code == 404 and "finns inte" in response.text


def test_excel_notes_follow_the_language(fresh: TestClient) -> None:
    path = "/jamfor.xlsx?omraden=0126,0126R007&indikatorer=antal_invanare&ar=2023"

    def cells(lang: str) -> list[str]:
        sheet = load_workbook(BytesIO(fresh.get(f"{path}&lang={lang}").content)).active
        return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]

    english, swedish = cells("en"), cells("sv")
    assert "Protected values" in english and "Source" in english and "Address" in english
    assert "Skyddade värden" not in english and "Källa" not in english
    assert "Skyddade värden" in swedish and "Källa" in swedish
