"""Messages of errors raised below the web layer, made in the reader's language where shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kommunanalys.i18n.catalogue import N_, gettext
from kommunanalys.i18n.labels import TABLES, label, msgid
from kommunanalys.i18n.text import Text

if TYPE_CHECKING:
    from kommunanalys.errors import KommunanalysError

# -- messages raised in Python (outside the web package) that public pages show -------------

FIXED_MESSAGES = (
    N_("Sidan finns inte."),
    N_(
        "Ett oväntat fel inträffade. Felet är loggat; försök igen om en stund eller kontakta "
        "kommunens analysenhet om det upprepas."
    ),
    N_("Formuläret skickades från en annan webbplats och togs inte emot."),
    N_("Det finns inga värden att rita för det här urvalet."),
)

# -- errors with a code (:class:`kommunanalys.errors.KommunanalysError`) ----------------------

#: the message of each :class:`kommunanalys.errors.ErrorCode`, by its value: a Swedish msgid
#: with ``%(name)s`` placeholders for the error's values
ERRORS = {
    "unknown_area": N_("Området '%(area)s' finns inte."),
    "unknown_indicator": N_("Indikatorn '%(indicator)s' finns inte i katalogen."),
    "unknown_level": N_("Okänd nivå '%(v)s' (välj kommun, regso eller deso)."),
    "no_data_for_area": N_("Det finns inga data för %(area)s."),
    "no_data_for_year": N_("Det finns inga data för år %(year)s (data finns för %(span)s)."),
    "no_values_for_indicator": N_("Det finns inga värden för indikatorn '%(v)s'."),
    "no_values_for_selection": N_("inga värden för urvalet."),
    "no_values_for_selection_in_year": N_("inga värden för urvalet år %(year)s."),
    "no_similar_for_kommun": N_("Liknande områden finns bara för RegSO och DeSO inom kommunen."),
    "no_values_to_compare": N_("Det finns inga värden att jämföra %(area)s på för år %(year)s."),
    "part_of_indicator": N_(
        "'%(name)s' är en del av '%(base)s': välj den indikatorn, "
        "så ingår skillnaden mellan kvinnor och män i genomsökningen."
    ),
    "difference_not_testable": N_(
        "Skillnader kan bara testas för andelar och kvoter, inte för '%(name)s'."
    ),
    "boundary_changed": N_(
        "%(area)s ändrade gräns vid 2025 års nyindelning: åren går inte att jämföra."
    ),
    "value_missing": N_("%(name)s saknas eller är skyddad för %(area)s år %(year)s."),
    "counts_missing": N_("Täljare och nämnare saknas för %(area)s år %(year)s: kan inte testas."),
    "not_a_number": N_("'%(v)s' är inget tal"),
    "not_a_number_as_written": N_("'%(v)s' är inget tal (skriv t.ex. 1 137 eller 6,6)"),
    "not_a_finite_number": N_("'%(v)s' är inget ändligt tal"),
    "log_in_as": N_("Logga in som %(roles)s för att göra detta."),
    "role_required": N_("Detta kräver rollen %(roles)s; du är %(role)s."),
    "log_in_to_report": N_("Logga in för att rapportera värden."),
    "other_units_indicator": N_(
        "Indikatorn '%(v)s' rapporteras av en annan enhet; du kan bara ändra "
        "din egen enhets indikatorer."
    ),
    "form_expired": N_(
        "Formuläret har gått ut eller kom inte från den här sidan. Ladda om och försök igen."
    ),
    "preview_gone": N_("Förhandsgranskningen finns inte längre. Ladda upp filen igen."),
    "period_locked": N_(
        "Perioden %(period)s %(year)s är låst av analytikerna; inga ändringar tas emot."
    ),
    "no_goals_loaded": N_(
        "Inga mål är inlästa. Läs in en målfil med `kommunanalys goals load FIL`."
    ),
    "unknown_committee": N_("Nämnden '%(committee)s' finns inte (finns: %(known)s)."),
    "no_goal_plan": N_("Nämnden '%(committee)s' har ingen målplan ([[plans]] i målfilen)."),
    "no_goal_plan_for_year": N_(
        "Nämnden '%(committee)s' har ingen målplan för %(year)s (finns: %(years)s)."
    ),
    "year_not_open": N_("År %(year)s tar inte emot värden (öppna år: %(years)s)."),
    "unknown_objective": N_("Nämndmålet '%(objective)s' finns inte för %(committee)s %(year)s."),
    "unknown_period_state": N_("Okänt periodläge '%(v)s'; välj %(open)s eller %(locked)s."),
    "period_closed": N_("Perioden %(period)s %(year)s är låst; ändringar tas inte emot."),
    "value_changed": N_(
        "Värdet har ändrats av någon annan sedan du öppnade formuläret. Ladda om sidan, "
        "jämför och spara igen."
    ),
    "grade_needs_motivation": N_(
        "Bedömningen '%(grade)s' skiljer sig från förslaget '%(suggested)s': skriv en "
        "motivering."
    ),
    "not_a_goal_year": N_("Året '%(v)s' är inget årtal (finns: %(years)s)."),
    "bad_period": N_("Perioden: %(v)s."),
    "unknown_report_type": N_("Rapporten finns som %(types)s, inte '%(v)s'."),
    "no_objective_in_year": N_("Nämndmålet '%(v)s' finns inte för %(year)s."),
    "not_a_grade": N_("'%(v)s' är ingen bedömning."),
    "unknown_goal_indicator": N_("Indikatorn '%(v)s' finns inte."),
    "unknown_unit": N_("Enheten '%(unit)s' finns inte i nämnden '%(committee)s'."),
    "no_such_committee": N_("Nämnden '%(v)s' finns inte."),
    "choose_role": N_("Välj rollen enhetsredaktör, analytiker eller administratör."),
    "bad_username": N_("Användarnamnet '%(v)s' får bara ha bokstäver, siffror och . - _ @."),
    "password_too_short": N_("Lösenordet måste ha minst %(n)s tecken."),
    "editor_needs_unit": N_("En enhetsredaktör måste höra till en nämnd och en enhet."),
    "user_exists": N_("Användaren '%(v)s' finns redan."),
    "no_such_user": N_("Användaren '%(v)s' finns inte eller är inaktiverad."),
    "public_is_no_login": N_("Rollen 'allmänheten' är ingen inloggning; inaktivera i stället."),
    "last_admin_role": N_("Den sista administratören kan inte byta roll."),
    "no_such_active_user": N_("Användaren '%(v)s' finns inte eller är redan inaktiverad."),
    "cannot_deactivate_self": N_("Du kan inte inaktivera dig själv."),
    "last_admin_deactivate": N_("Den sista administratören kan inte inaktiveras."),
    "wrong_login": N_("Fel användarnamn eller lösenord."),
    "too_many_logins": N_("För många misslyckade inloggningar. Vänta en stund och försök igen."),
    "malformed_list": N_(
        "Listan i '%(name)s' är felaktig: '%(v)s'. Skriv koder eller id "
        "åtskilda med kommatecken, till exempel omraden=0126,0126R007."
    ),
    "too_many_values": N_("För många värden i '%(name)s' (högst %(n)s)."),
    "one_value_only": N_("Parametern '%(name)s' tar ett värde, inte en lista: %(v)s."),
    "not_a_year": N_("Året '%(v)s' är inte ett årtal (skriv till exempel ar=2023)."),
    "unknown_gender": N_("Okänt kön '%(v)s' (välj %(choices)s)."),
    "unknown_domain": N_("Domänen '%(v)s' finns inte (välj en av: %(domains)s)."),
    "unknown_map_level": N_("Okänd nivå '%(v)s' (välj deso eller regso)."),
    "unknown_profile_format": N_(
        "Formatet '%(v)s' finns inte för områdesprofilen (välj csv eller xlsx)."
    ),
    "unknown_classification": N_("Okänd klassindelning '%(v)s': välj %(methods)s."),
    "unknown_police_choice": N_("Okänt val för polisen '%(v)s' (välj 1 eller 0)."),
    "too_few_areas": N_("Välj minst två områden att jämföra (du valde %(n)s: %(names)s)."),
}


def swedish_text(code: str, values: Mapping[str, Any]) -> str:
    """The Swedish message of error ``code`` with its ``values``."""
    return _made(ERRORS[code], values, msgid)


def error_text(error: KommunanalysError) -> str:
    """The message of ``error`` in the reader's language."""
    return _made(gettext(ERRORS[error.code]), error.values, label)


def _made(template: str, values: Mapping[str, Any], word: Callable[[StrEnum], str]) -> str:
    """``template`` with ``values``; a code is written as its word (lower case, in a sentence)
    and a tuple of codes as "a eller b"."""
    if not values:
        return template
    either = " " + (gettext("eller") if word is label else "eller") + " "
    shown = {
        k: either.join(_word(c, word) for c in v) if isinstance(v, tuple) else _word(v, word)
        for k, v in values.items()
    }
    return template % shown


def _word(value: Any, word: Callable[[StrEnum], str]) -> Any:
    if isinstance(value, Text):  # words with the message ("T, K eller M")
        return value.shown() if word is label else str(value)
    if not isinstance(value, StrEnum):
        return value
    if type(value).__name__ in TABLES:
        return word(value).lower()
    return gettext(value.value) if word is label else value.value
