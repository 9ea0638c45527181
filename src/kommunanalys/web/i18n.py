"""Swedish by default, English by a switch: the request's language and its translations.

The language of a request comes from ``?lang=sv|en`` in the URL (so that every view stays a
permalink in its language), else from the ``lang`` cookie that :func:`remember` sets when the
switch is used, else Swedish. The browser's Accept-Language is deliberately not honoured: the
public face of a Swedish municipality is Swedish unless the reader asks otherwise.

The current language lives in one :class:`contextvars.ContextVar` (formatting's reading
language, which the charts' number formats read too), set once per request before anything is
rendered (:func:`use_language`). Templates and Python code translate through
:func:`gettext`, which reads it, so the shared Jinja environment is never mutated per request and
concurrent requests in other threads or tasks never see each other's language.

Translations are the ``.po`` files in ``locale/`` (no compiled ``.mo`` is committed); they are
read with Babel and compiled in memory on first use. Swedish is the source language: msgids are
the Swedish text, and the Swedish catalogue is empty on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from gettext import GNUTranslations, NullTranslations
from importlib import resources
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kommunanalys.formatting import (
    reader_indicator_name,
    reading_language,
    use_reading_language,
)
from kommunanalys.model import Indicator

SWEDISH = "sv"
ENGLISH = "en"
LANGUAGES = (SWEDISH, ENGLISH)
DEFAULT = SWEDISH
QUERY_KEY = "lang"
COOKIE = "lang"
#: the switch's label is the other language's own name
SWITCH_LABEL = {SWEDISH: "English", ENGLISH: "Svenska"}


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (module constants)."""
    return message


def valid(lang: str | None) -> str | None:
    return lang if lang in LANGUAGES else None


def language_from_request(request: Request) -> str:
    """``?lang=`` first, then the cookie, then Swedish; always Swedish for a JSON twin.

    A JSON twin is data, the same whoever asks: text built in Python while it is made (findings,
    messages) must not follow the reader's language there."""
    if _wants_json(request):
        return DEFAULT
    return (
        valid(request.query_params.get(QUERY_KEY)) or valid(request.cookies.get(COOKIE)) or DEFAULT
    )


def _wants_json(request: Request) -> bool:
    """The same rule as :func:`kommunanalys.web.rendering.wants_json` (which imports us)."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def current_language() -> str:
    return reading_language()


def use_language(lang: str) -> None:
    """Make ``lang`` the language of the running request (its thread or task only)."""
    use_reading_language(valid(lang) or DEFAULT)


async def request_language(request: Request) -> str:
    """A router dependency: sets the request's language before the view builds any text.

    Async on purpose: FastAPI runs it in the request's task, so the value is inherited by the
    thread a synchronous endpoint runs in."""
    lang = language_from_request(request)
    use_language(lang)
    return lang


class LanguageMiddleware:
    """Sets the request's language for everything below it (views, error handlers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            use_language(language_from_request(Request(scope)))
        await self.app(scope, receive, send)


def remember(request: Request, response: Response) -> None:
    """Keep an explicit ``?lang=`` choice in a cookie so that plain links keep the language."""
    chosen = valid(request.query_params.get(QUERY_KEY))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)


def switch_url(request: Request, to: str) -> str:
    """The current page and its query in language ``to``."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != QUERY_KEY]
    kept.append((QUERY_KEY, to))
    return f"{request.url.path}?{urlencode(kept)}"


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` read from its ``.po`` file and compiled in memory."""
    if lang == SWEDISH:
        return NullTranslations()
    source = resources.files("kommunanalys.web") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return GNUTranslations(compiled)


def gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_language()).pgettext(context, message)


_ = gettext


def is_english() -> bool:
    return current_language() == ENGLISH


# -- catalogue text: indicator names from the catalogue, domains and units through gettext ----

DOMAINS = (
    N_("Befolkning"),
    N_("Förskola och skola"),
    N_("Fritid"),
    N_("Stöd och insatser"),
    N_("Boende"),
    N_("Inkomst och arbete"),
)
UNITS = (N_("antal"), N_("klass"), N_("poäng"), N_("tkr"), N_("kr"), N_("år"))
LEVELS = (N_("Kommun"), N_("RegSO"), N_("DeSO"), N_("Eget område"))


#: the words of the statistics (``kommunanalys.stats``) that pages show, translated by :func:`tr`
STATISTICS_WORDS = (
    N_("bättre"),
    N_("likvärdig"),
    N_("sämre"),
    N_("högre"),
    N_("lägre"),
    N_("kan inte jämföras"),
    N_("ökar"),
    N_("minskar"),
    N_("ingen säker förändring"),
    N_("kan inte beräknas"),
    N_("förbättras"),
    N_("försämras"),
    N_("lägsta femtedelen"),
    N_("näst lägsta femtedelen"),
    N_("mittersta femtedelen"),
    N_("näst högsta femtedelen"),
    N_("högsta femtedelen"),
    N_("sämsta femtedelen"),
    N_("näst sämsta femtedelen"),
    N_("näst bästa femtedelen"),
    N_("bästa femtedelen"),
    N_("kvintil bland jämförbara områden"),
    N_("Wilson"),
    N_("exakt Poisson"),
    N_("Byar"),
    N_("normalapproximation"),
    N_("Kvalitetssäkrad"),
    N_("Preliminär"),
    N_("Kvalitetssäkras"),
    N_("Värdet visas inte för att skydda enskilda."),
    N_("Uppgift saknas eller är för osäker för att redovisas (SCB: ..)."),
    N_("Uppgift kan inte förekomma."),
    N_("Inget finns att redovisa."),
    N_("Kan inte beräknas: nämnaren är noll."),
    N_("Totalt"),
    N_("Kvinnor"),
    N_("Män"),
    N_("kvantiler"),
    N_("fasta gränser (jämna intervall)"),
    N_("chi2-test för trend i andelar (Cochran–Armitage)"),
    N_("chi2-test för trend i Poissonkvoter"),
    N_("Kendalls tau med Theil–Sen-lutning"),
    N_("lutningsindex för ojämlikhet (SII), befolkningsviktad WLS"),
)

#: the goal follow-up's words (``kommunanalys.goals.model``)
GOAL_WORDS = (
    N_("ökning"),
    N_("minskning"),
    N_("minst"),
    N_("högst"),
    N_("inom intervall"),
    N_("helår"),
    N_("delår 1"),
    N_("delår 2"),
    N_("I mycket hög grad uppfyllt"),
    N_("I hög grad uppfyllt"),
    N_("Delvis uppfyllt"),
    N_("Ej uppfyllt"),
    N_("Klart"),
    N_("Pågår"),
    N_("Ej klart i år"),
    N_("värde saknas"),
    N_("etappmål saknas"),
    N_("Följs upp på helår"),
)

#: role names (``kommunanalys.access.roles.ROLE_NAMES``), the periods' states
#: (``kommunanalys.goals.repository``) and the kinds of findings (``analysis.insights``)
ACCESS_WORDS = (
    N_("Allmänheten"),
    N_("Enhetsredaktör"),
    N_("Analytiker"),
    N_("Administratör"),
    N_("öppen"),
    N_("låst"),
    N_("avvikelse från kommunen"),
    N_("tydlig avvikelse från kommunen"),
    N_("avvikelse från liknande områden"),
    N_("trend"),
    N_("skillnad mellan kvinnor och män"),
    N_("skillnad mellan områden"),
    N_("skillnad mellan åldersgrupper"),
    N_("kvinnor"),
    N_("män"),
    N_("övriga åldrar"),
    N_("liknande områden"),
    N_("(datavärde, visas inte för administratörer)"),  # access.audit.REDACTED
)


def indicator_name(indicator: Indicator) -> str:
    """The indicator's name in the current language (Swedish when no English name exists)."""
    return reader_indicator_name(indicator)


def name_is_swedish(indicator: Any) -> bool:
    """True when the shown name is Swedish on an English page (for a ``lang`` attribute)."""
    return is_english() and not getattr(indicator, "name_en", "")


def swedish_only() -> Markup:
    """`` lang="sv"`` on an English page, for catalogue text that exists only in Swedish."""
    return Markup(' lang="sv"') if is_english() else Markup("")


def domain_name(domain: str) -> str:
    return gettext(domain) if domain else domain


def unit_name(unit: str) -> str:
    return gettext(unit) if unit else unit


# -- messages raised in Python (outside the web package) that public pages show -------------

FIXED_MESSAGES = (
    N_("Sidan finns inte."),
    N_(
        "Ett oväntat fel inträffade. Felet är loggat; försök igen om en stund eller kontakta "
        "kommunens analysenhet om det upprepas."
    ),
    N_("Formuläret skickades från en annan webbplats och togs inte emot."),
    N_("Formuläret har gått ut eller kom inte från den här sidan. Ladda om och försök igen."),
    N_("Logga in för att rapportera värden."),
    N_("Fel användarnamn eller lösenord."),
    N_("Liknande områden finns bara för RegSO och DeSO inom kommunen."),
    N_("Det finns inga värden att rita för det här urvalet."),
)

# -- messages raised in Python with values in them -------------------------------------------

#: Swedish message patterns of the common errors on public pages, and their English form
_ERROR_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Området '(?P<v>.*)' finns inte\.$"), "The area '{v}' does not exist."),
    (
        re.compile(r"^Indikatorn '(?P<v>.*)' finns inte( i katalogen)?\.$"),
        "The indicator '{v}' is not in the catalogue.",
    ),
    (re.compile(r"^Det finns inga data för (?P<v>[^å].*)\.$"), "There are no data for {v}."),
    (
        re.compile(r"^Det finns inga data för år (?P<y>\S+) \(data finns för (?P<v>.*)\)\.$"),
        "There are no data for the year {y} (data exist for {v}).",
    ),
    (
        re.compile(r"^Okänd nivå '(?P<v>.*)' \(välj kommun, regso eller deso\)\.$"),
        "Unknown level '{v}' (choose kommun, regso or deso).",
    ),
    (
        re.compile(r"^Okänd nivå '(?P<v>.*)': välj deso eller regso\.$"),
        "Unknown level '{v}': choose deso or regso.",
    ),
    (
        re.compile(r"^Okänt kön '(?P<v>.*)': välj T \(totalt\), K \(kvinnor\) eller M \(män\)\.$"),
        "Unknown gender '{v}': choose T (total), K (women) or M (men).",
    ),
    (
        re.compile(r"^Logga in som (?P<v>.*) för att göra detta\.$"),
        "Log in as {v} to do this.",
    ),
    (re.compile(r"^Ogiltig begäran: (?P<v>.*)$"), "Invalid request: {v}"),
    (re.compile(r"^övriga i (?P<v>.+)$"), "the rest of {v}"),
    (re.compile(r"^(?P<v>[0-9–-]+\+?) år$"), "{v} years"),
    (
        re.compile(r"^'(?P<v>.*)' är inget tal( \(skriv t\.ex\. 1 137 eller 6,6\))?$"),
        "'{v}' is not a number (write e.g. 1 137 or 6,6)",
    ),
)


def translate_message(message: str) -> str:
    """A message raised in Python (Swedish) in the current language where it is known.

    Fixed messages are looked up in the catalogue; messages with a value in them are matched
    against :data:`_ERROR_PATTERNS`. Anything else stays Swedish."""
    if not is_english() or not message:
        return message
    fixed = gettext(message)
    if fixed != message:
        return fixed
    for pattern, english in _ERROR_PATTERNS:
        found = pattern.match(message)
        if found:
            return english.format(**found.groupdict())
    return message


# -- titles that map_view.py and ranking_view.py build (for them to call; see the report) -----


def ranking_title(indicator: Any, level_name: str, year: str) -> str:
    """ "Antal invånare per RegSO 2023" / "Number of residents by RegSO 2023"."""
    return gettext("%(name)s per %(level)s %(year)s") % {
        "name": indicator_name(indicator),
        "level": translate_message(level_name),
        "year": year,
    }


def map_title(indicator: Any, gender_name: str | None, level_name: str, year: str) -> str:
    """The map's title, with the gender (lower case) after the name when not the total."""
    gender = f", {translate_message(gender_name).lower()}" if gender_name else ""
    return gettext("%(name)s%(gender)s per %(level)s %(year)s") % {
        "name": indicator_name(indicator),
        "gender": gender,
        "level": translate_message(level_name),
        "year": year,
    }


#: text that map_view.py and goals/chart.py build, in the catalogue so that their owners only
#: have to call gettext (see the i18n report: map_view.py is being reworked for speed)
MAP_WORDS = (
    N_("RegSO-gräns"),
    N_("DeSO %(code)s i %(where)s"),
    N_("Okänd klassindelning '%(v)s': välj %(methods)s."),
    # kommunanalys.goals.chart (the goal charts on /mal/{id}; see the i18n report)
    N_("utfall"),
    N_("målvärde %(year)s"),
)


def template_globals() -> dict[str, Callable[..., Any]]:
    """What every template may call, all reading the request's language."""
    return {
        "iname": indicator_name,
        "iname_sv": name_is_swedish,
        "sv_only": swedish_only,
        "dname": domain_name,
        "uname": unit_name,
        "tr": translate_message,
        "current_language": current_language,
    }
