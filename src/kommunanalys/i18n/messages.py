"""Messages of errors raised below the web layer, made in the reader's language where shown."""

from __future__ import annotations

import re

from kommunanalys.i18n.catalogue import N_, gettext
from kommunanalys.i18n.language import is_english

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
