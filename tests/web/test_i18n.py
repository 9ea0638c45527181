"""Swedish by default, English by a switch: pages, the switch, the cookie and the catalogues."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from kommunanalys.formatting import NBSP
from kommunanalys.store import Store
from kommunanalys.web import create_app

ROOT = Path(__file__).resolve().parents[2]
LOCALE = Path(str(resources.files("kommunanalys.web") / "locale"))

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
def fresh(demo_store: Store) -> TestClient:
    """Its own client: these tests set the language cookie."""
    return TestClient(create_app(demo_store))


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
def test_swedish_is_the_default(demo_store: Store, path: str) -> None:
    client = TestClient(create_app(demo_store))
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


def test_the_switch_keeps_the_page_and_its_query(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store))
    html = client.get("/omrade/0126R007?ar=2023&doman=Boende").text
    assert 'href="/omrade/0126R007?ar=2023&amp;doman=Boende&amp;lang=en"' in html
    english = client.get("/omrade/0126R007?ar=2023&doman=Boende&lang=en").text
    assert 'href="/omrade/0126R007?ar=2023&amp;doman=Boende&amp;lang=sv"' in english
    assert "<h2" in english and ">Housing</h2>" in english


def test_the_cookie_keeps_the_choice(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store))
    first = client.get("/?lang=en")
    assert "lang=en" in first.headers["set-cookie"]
    assert '<html lang="en">' in client.get("/indikatorer").text
    assert '<html lang="en">' in client.get("/jamfor").text
    assert '<html lang="sv">' in client.get("/indikatorer?lang=sv").text
    assert '<html lang="sv">' in client.get("/jamfor").text


def test_a_language_in_the_url_wins_over_the_cookie(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store))
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
    missing = [m.id for m in template if m.id and not (english.get(m.id) and english[m.id].string)]
    assert missing == []
    placeholders = re.compile(r"%\([a-z_]+\)s|%%")
    for message in template:
        if message.id:
            translated = english[message.id].string
            assert sorted(placeholders.findall(message.id)) == sorted(
                placeholders.findall(translated)
            ), message.id


def test_the_template_catalogue_is_up_to_date() -> None:
    """Every marked string in templates and Python is in messages.pot (run pybabel extract)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map)
    }
    known = {m.id for m in _catalogue(LOCALE / "messages.pot") if m.id}
    assert found - known == set(), "run: pybabel extract -F babel.cfg (see babel.cfg)"


def test_titles_for_the_map_and_ranking_views(demo_store: Store) -> None:
    from kommunanalys.catalog.indicators import load_catalogue
    from kommunanalys.web import i18n

    indicator = load_catalogue()["antal_invanare"]
    i18n.use_language("en")
    try:
        assert i18n.ranking_title(indicator, "RegSO", "2023") == "Number of residents by RegSO 2023"
        title = i18n.map_title(indicator, "Kvinnor", "DeSO", "2023")
        assert title == "Number of residents, women by DeSO 2023"
    finally:
        i18n.use_language("sv")
    assert i18n.ranking_title(indicator, "RegSO", "2023") == "Antal invånare per RegSO 2023"
