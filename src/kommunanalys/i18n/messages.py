"""Messages of errors raised below the web layer, made in the reader's language where shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

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
    "entry_too_large": N_("'%(v)s' är orimligt stort (högst %(max)s till beloppet)"),
    "negative_count_entry": N_("'%(v)s': täljare och nämnare är antal och kan inte vara negativa"),
    "bad_form_version": N_(
        "Formuläret har ett ogiltigt versionsnummer ('%(v)s'); ladda om sidan och spara igen."
    ),
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
        "Bedömningen '%(grade)s' skiljer sig från förslaget '%(suggested)s': skriv en motivering."
    ),
    "not_a_goal_year": N_("Året '%(v)s' är inget årtal (finns: %(years)s)."),
    "bad_period": N_("Perioden: %(v)s."),
    "unknown_report_type": N_("Rapporten finns som %(types)s, inte '%(v)s'."),
    "unknown_report_section": N_(
        "Rapporten har inget textavsnitt '%(v)s' (avsnitten: %(sections)s)."
    ),
    "bad_report_text_file": N_(
        "Textfilen %(file)s: %(reason)s"
    ),
    "report_text_too_long": N_(
        "Texten för %(section)s är för lång (%(length)s tecken, högst %(max)s)."
    ),
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
    "bad_overview_parameter": N_(
        "Översiktstabellen kan inte visa %(name)s='%(v)s' (välj %(choices)s)."
    ),
    "no_pyramid": N_(
        "Det finns ingen befolkningspyramid för %(area)s: inget år har alla åldersgrupper "
        "efter kön."
    ),
    "unknown_classification": N_("Okänd klassindelning '%(v)s': välj %(methods)s."),
    "unknown_map_colouring": N_("Okänd färgläggning '%(v)s': välj %(choices)s."),
    "unknown_police_choice": N_("Okänt val för polisen '%(v)s' (välj 1 eller 0)."),
    "unknown_benchmark": N_("Okänd jämförelse '%(v)s': jämför med %(choices)s."),
    "too_few_areas": N_("Välj minst två områden att jämföra (du valde %(n)s: %(names)s)."),
    "secret_key_missing": N_(
        "Produktionsläge utan hemlig nyckel: startar inte. Sätt %(variable)s till en "
        'slumpmässig nyckel på minst %(n)s tecken, t.ex. med: python -c "import secrets; '
        'print(secrets.token_urlsafe(48))"'
    ),
    "secret_key_known": N_(
        "Den hemliga nyckeln är ett känt standardvärde: startar inte. Sätt %(variable)s till "
        'en slumpmässig nyckel på minst %(n)s tecken, t.ex. med: python -c "import secrets; '
        'print(secrets.token_urlsafe(48))"'
    ),
    "secret_key_weak": N_(
        "Den hemliga nyckeln går att gissa (uppskattat %(bits)s bitar slump, minst "
        "%(min_bits)s krävs): startar inte. Sätt %(variable)s till en nyckel från kommandot: "
        "kommunanalys secret"
    ),
    "unknown_env_mode": N_("%(variable)s=%(v)s är inget känt läge (välj ett av: %(modes)s)."),
    "db_memory_invalid": N_(
        "%(variable)s=%(v)s är ingen minnesgräns: skriv en storlek som 2GB eller 512MB, eller "
        "en andel av datorns minne som 25%%."
    ),
    "secret_key_short": N_(
        "Den hemliga nyckeln är för kort (%(length)s tecken). Sätt %(variable)s till en "
        'slumpmässig nyckel på minst %(n)s tecken, t.ex. med: python -c "import secrets; '
        'print(secrets.token_urlsafe(48))"'
    ),
    "oidc_settings_missing": N_("OpenID Connect är påslaget men %(names)s saknas."),
    "oidc_needs_https": N_(
        "I produktion måste OpenID Connect-utfärdaren och retur-URL:en vara https."
    ),
    "oidc_role_map_role": N_(
        "KOMMUNANALYS_OIDC_ROLE_MAP: '%(v)s' — rollen måste vara analyst eller admin."
    ),
    "backup_exists": N_("Filen %(path)s finns redan; välj ett nytt namn för säkerhetskopian."),
    "backup_missing": N_("Säkerhetskopian %(path)s finns inte."),
    "not_a_backup": N_("%(path)s är ingen säkerhetskopia från kommunanalys."),
    "backup_no_manifest": N_("%(path)s saknar en läsbar manifestfil (manifest.json)."),
    "backup_format": N_("%(path)s har formatet '%(v)s', inte %(expected)s."),
    "backup_foreign_file": N_(
        "%(path)s innehåller '%(name)s', som inte hör till en säkerhetskopia."
    ),
    "backup_manifest_mismatch": N_(
        "%(path)s stämmer inte med sin manifestfil%(missing)s%(extra)s."
    ),
    "backup_checksum": N_(
        "Kontrollsumman för %(name)s i %(path)s stämmer inte: säkerhetskopian är skadad eller "
        "ändrad. Ingenting har återställts."
    ),
    "database_exists": N_(
        "Databasen %(path)s finns redan. Återställ till en ny fil, eller lägg till --force "
        "för att ersätta den."
    ),
    "backup_schema_newer": N_(
        "Säkerhetskopian har schemaversion %(version)s; den här versionen av kommunanalys "
        "känner bara till %(latest)s. Uppgradera först."
    ),
    "backup_unreadable": N_("%(path)s kunde inte läsas in: %(reason)s."),
    "backup_values_differ": N_(
        "Den återställda databasen ger inte samma publicerade värden som när %(path)s "
        "skapades (kontrollsumman skiljer sig). Ingenting har återställts."
    ),
    "backup_rows_differ": N_("Antalet rader efter återställningen stämmer inte med %(path)s."),
    "file_missing": N_("%(name)s: filen finns inte"),
    "file_empty": N_("%(name)s: filen är tom"),
    "file_too_large": N_("%(name)s: filen är %(mb)s MB, mer än gränsen %(limit)s MB"),
    "file_type_unsupported": N_(
        "%(name)s: filtypen stöds inte (gammalt .xls, PDF eller arkiv); spara som .xlsx eller .csv"
    ),
    "file_not_text": N_(
        "%(name)s: filen är inte en textfil (binärt innehåll eller UTF-16 utan BOM); spara "
        "som .xlsx eller CSV i UTF-8"
    ),
    "workbook_too_large_unpacked": N_(
        "%(name)s: arbetsboken packas upp till %(mb)s MB, mer än gränsen %(limit)s MB (zip-bomb?)"
    ),
    "workbook_part_ratio": N_(
        "%(name)s: delen %(part)s packas upp %(ratio)s gånger sin storlek (zip-bomb?)"
    ),
    "zip_not_workbook": N_("%(name)s: ett zip-arkiv men ingen Excel-arbetsbok (.xlsx)"),
    "file_damaged": N_("%(name)s: filen är skadad eller avkortad (%(reason)s)"),
    "file_damaged_part": N_("%(name)s: filen är skadad (delen %(part)s går inte att läsa)"),
    "workbook_external_links": N_(
        "%(name)s: arbetsboken länkar till andra arbetsböcker (externa länkar); kopiera in "
        "värdena och spara igen"
    ),
    "workbook_macros": N_("%(name)s: arbetsboken innehåller makron; spara som .xlsx utan makron"),
    "csv_not_utf8": N_("%(name)s: en tidy CSV ska vara UTF-8; spara om filen som CSV (UTF-8)"),
    "file_not_recognised": N_(
        "%(reason)s — filen ser inte ut som en export från SCB eller Kolada eller som det "
        "tidy CSV-formatet; ange en mappning (TOML) som beskriver filens kolumner"
    ),
    "not_json": N_("%(name)s: ingen giltig JSON (%(reason)s)"),
    "unknown_json": N_("%(name)s: okänt JSON-format (väntade SCB:s DeSO-profilfil)"),
    "catalogue_columns_missing": N_("%(file)s: rad 1: kolumner saknas: %(names)s"),
    "catalogue_not_one_of": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: '%(v)s' är inte ett av %(choices)s"
    ),
    "catalogue_bad_id": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: ogiltigt id '%(v)s' (bara a–z, 0–9 och _)"
    ),
    "catalogue_value_missing": N_("%(file)s: rad %(row)s, kolumn %(column)s: värde saknas"),
    "catalogue_not_an_integer": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: '%(v)s' är inget heltal"
    ),
    "catalogue_not_k_or_m": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: '%(v)s' är inte K eller M"
    ),
    "catalogue_zeros_not_sensitive": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: nollor skyddas bara för känsliga "
        "indikatorer (sensitive=true)"
    ),
    "catalogue_complete_not_count": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: bara antal (value_type count) kan vara "
        "totalräkningar (complete_count=true)"
    ),
    "catalogue_round_too_small": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: avrundningsbasen måste vara minst 2, fick %(v)s"
    ),
    "catalogue_round_not_count": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: bara antal avrundas (value_type=count)"
    ),
    "catalogue_min_cell_too_small": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: minsta cellstorlek måste vara minst 1, "
        "fick %(v)s"
    ),
    "catalogue_duplicate_id": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: id '%(v)s' förekommer två gånger"
    ),
    "catalogue_unknown_view_of": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: okänd indikator '%(v)s'"
    ),
    "catalogue_view_no_gender": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: '%(v)s' har ingen könsuppdelning att visa"
    ),
    "catalogue_ratio_needs_indicator": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: andel/kvot behöver en befintlig indikator, "
        "fick '%(v)s'"
    ),
    "catalogue_not_a_count": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: '%(v)s' är inte ett antal"
    ),
    "catalogue_weight_not_count": N_(
        "%(file)s: rad %(row)s, kolumn %(column)s: vikten '%(v)s' är inget antal i katalogen"
    ),
    "custom_area_bad_code": N_(
        "%(where)skoden '%(v)s' duger inte: 2–40 tecken, små bokstäver a–z, siffror och "
        "bindestreck (t.ex. 'skogas')."
    ),
    "custom_area_no_name": N_("%(where)sområdet '%(v)s' saknar namn."),
    "custom_area_code_taken": N_("%(where)skoden '%(v)s' används redan av ett område från SCB."),
    "custom_area_unknown_deso": N_("%(where)sDeSO '%(v)s' finns inte i DeSO 2025-indelningen."),
    "custom_area_unknown_regso": N_("%(where)sRegSO '%(v)s' finns inte i RegSO 2025-indelningen."),
    "custom_area_no_deso": N_(
        "%(where)sområdet '%(v)s' har inga DeSO (ange deso och/eller regso)."
    ),
    "custom_areas_unreadable": N_("%(file)s: kan inte läsas (%(reason)s)."),
    "custom_areas_bad_toml": N_("%(file)s: ogiltig TOML: %(reason)s."),
    "custom_areas_none": N_("%(file)s: inga [[omrade]] hittades."),
    "custom_area_not_table": N_("%(where)sska vara en tabell [[omrade]]."),
    "custom_area_unknown_key": N_("%(where)sokänd nyckel %(names)s."),
    "custom_area_code_twice": N_("%(file)s: koden %(names)s förekommer flera gånger."),
    "custom_area_key_not_text": N_("%(where)s'%(key)s' saknas eller är inte text."),
    "custom_area_key_not_list": N_("%(where)s'%(key)s' ska vara en lista med koder."),
    "oidc_flow_unverified": N_(
        "Inloggningen kunde inte kontrolleras. Börja om från inloggningssidan."
    ),
    "oidc_flow_expired": N_("Inloggningen tog för lång tid. Börja om från inloggningssidan."),
    "oidc_url_outside_issuer": N_("Identitetsleverantörens adresser ligger utanför utfärdaren."),
    "oidc_unexpected_answer": N_("Identitetsleverantören svarar inte som väntat."),
    "oidc_issuer_mismatch": N_("Identitetsleverantörens utfärdare stämmer inte med inställningen."),
    "oidc_endpoint_missing": N_("Identitetsleverantörens beskrivning saknar en adress."),
    "oidc_keys_unreadable": N_("Identitetsleverantörens nycklar kan inte läsas."),
    "oidc_no_code": N_("Identitetsleverantören skickade ingen kod."),
    "oidc_login_refused": N_("Identitetsleverantören godtog inte inloggningen."),
    "oidc_no_id_token": N_("Identitetsleverantören skickade ingen ID-token."),
    "oidc_bad_algorithm": N_("ID-token med otillåten signaturalgoritm."),
    "oidc_token_unverified": N_("ID-token kunde inte verifieras."),
    "oidc_wrong_nonce": N_("ID-token hör inte till den här inloggningen."),
    "oidc_unknown_key": N_("ID-token är signerad med en okänd nyckel."),
    "api_foreign_url": N_("vägrar hämta %(url)s: bara %(base)s är en konfigurerad källa"),
    "api_status": N_("%(url)s: svarade %(status)s: %(body)s"),
    "api_not_json": N_("%(url)s: svaret är inte JSON: %(body)s"),
    "api_no_contact": N_("%(url)s: ingen kontakt (%(reason)s)"),
    "api_status_retried": N_("%(url)s: svarade %(status)s"),
    "api_gave_up": N_("%(reason)s (gav upp efter %(n)s försök)"),
    "kolada_page_seen": N_("%(url)s: Kolada hänvisar till en sida som redan hämtats"),
    "kolada_no_values": N_("%(url)s: oväntat svar från Kolada (saknar 'values')"),
    "scb_not_found": N_("SCB: %(what)s finns inte (404): %(reason)s"),
    "scb_fetch_failed": N_("SCB: kunde inte hämta %(what)s: %(reason)s"),
    "workbook_unreadable": N_("%(name)s: kan inte läsas som Excel-arbetsbok (%(reason)s)"),
    "sheet_missing": N_("%(name)s: bladet %(sheet)s finns inte (blad: %(sheets)s)"),
    "jsonstat_not_object": N_("JSON-stat: svaret är inget objekt"),
    "jsonstat_fields_missing": N_(
        "JSON-stat: fälten id, size och dimension saknas eller har fel typ"
    ),
    "jsonstat_size_mismatch": N_("JSON-stat: id har %(ids)s dimensioner men size %(sizes)s"),
    "jsonstat_dimension_size": N_(
        "JSON-stat: dimensionen %(dimension)s har %(codes)s koder men size %(size)s"
    ),
    "jsonstat_nothing_to_merge": N_("JSON-stat: inget att slå ihop"),
    "jsonstat_parts_differ": N_(
        "JSON-stat: delsvaren har olika dimensioner (%(first)s och %(other)s)"
    ),
    "jsonstat_cell_twice": N_("JSON-stat: cellen %(cell)s har två olika värden i delsvaren"),
    "metadata_not_jsonstat": N_("metadata för %(table)s: inget JSON-stat-dataset"),
    "metadata_fields_missing": N_("metadata för %(table)s: väntade fälten title och variables"),
    "metadata_text_count": N_("metadata för %(table)s: %(variable)s har fel antal texter"),
    "jsonstat_dimension_missing": N_("JSON-stat: dimensionen %(dimension)s saknas"),
    "jsonstat_no_index": N_("JSON-stat: dimensionen %(dimension)s har inget category.index"),
    "jsonstat_cell_count": N_("JSON-stat: value har %(cells)s celler, size ger %(total)s"),
    "jsonstat_key_not_index": N_("JSON-stat: %(name)s har nyckeln %(key)s, väntade ett index"),
    "jsonstat_index_outside": N_("JSON-stat: %(name)s har index %(index)s utanför 0–%(last)s"),
    "jsonstat_wrong_type": N_("JSON-stat: %(name)s har fel typ (%(type)s)"),
    "jsonstat_cell_not_number": N_("JSON-stat: cell %(index)s har värdet %(v)s, inget tal"),
    "mapping_not_toml": N_("%(file)s: ingen giltig TOML (%(reason)s)"),
    "mapping_not_table": N_("%(file)s: [%(key)s] ska vara en tabell"),
    "mapping_no_area": N_("%(file)s: [columns] saknar 'area' (kolumnen med områdeskod)"),
    "mapping_no_period": N_("%(file)s: ange period under [columns] eller [fixed]"),
    "mapping_unknown_column_key": N_("%(file)s: okänd nyckel i [columns]: %(names)s"),
    "mapping_no_values": N_("%(file)s: minst ett [[values]]-block behövs"),
    "mapping_no_value": N_("%(file)s: values[%(index)s] saknar 'value' (kolumnnamnet)"),
    "mapping_no_indicator": N_(
        "%(file)s: values[%(index)s] saknar 'indicator' och [columns] har ingen indikatorkolumn"
    ),
    "mapping_unknown_value_key": N_("%(file)s: values[%(index)s]: okänd nyckel %(names)s"),
    "mapping_no_header_row": N_("%(file)s: filen har ingen rad %(row)s (rubrikraden)"),
    "no_home_kommun": N_(
        "databasen har ingen kommun ännu (kör `kommunanalys demo` eller ladda geografi)"
    ),
    "scb_no_time_or_region": N_("SCB %(table)s: tabellen saknar tids- eller regionvariabel"),
    "scb_variable_lacks": N_(
        "SCB %(table)s: variabeln %(variable)s har inte %(codes)s (finns: %(available)s)"
    ),
    "scb_no_areas": N_("SCB %(table)s: inga %(level)s-områden för kommun %(kommun)s år %(years)s"),
    "scb_years_missing": N_("SCB %(table)s: år %(years)s finns inte (finns: %(available)s)"),
    "unknown_region_division": N_("okänd indelning '%(v)s' i regionkoden %(code)s"),
    "kolada_file_unreadable": N_("%(name)s: kan inte läsas (%(reason)s)"),
    "kolada_not_export": N_(
        "%(name)s: ingen Kolada-export (rubrikerna %(header)s; väntade %(flat)s eller %(simple)s)"
    ),
    "kolada_bad_id": N_("Kolada: ogiltigt id %(ids)s"),
    "kolada_needs_kpi_and_place": N_("Kolada: ange minst ett nyckeltal och en kommun eller enhet"),
    "kolada_bad_date": N_("Kolada: from_date '%(v)s' är inget datum på formen ÅÅÅÅ-MM-DD"),
    "kolada_needs_kommun": N_("Kolada: ange minst en kommun"),
    "export_unknown_format": N_("%(name)s: okänt filformat '%(v)s' (väntade .xlsx eller .csv)"),
    "export_no_data_rows": N_("%(name)s: hittar inga datarader (ingen kolumn med områdeskoder)"),
    "export_not_a_number": N_("%(name)s: rad %(row)s, kolumn %(column)s: '%(v)s' är inget tal"),
    "deso_json_bad_code": N_("%(name)s: areas[%(index)s], fält code: ogiltig DeSO-kod '%(v)s'"),
    "deso_json_age_bands": N_(
        "%(name)s: areas[%(index)s], fält dist.age.%(key)s: väntade 17 åldersband"
    ),
    "mapping_no_year": N_(
        "%(name)s: rad %(row)s, kolumn %(column)s: året framgår inte av rubrikerna"
    ),
    "llm_url_not_https": N_(
        "KOMMUNANALYS_LLM_URL måste börja med https:// (http:// bara mot en modell på den "
        "egna datorn, 127.0.0.1 eller localhost); fick '%(v)s'."
    ),
    "llm_timeout_not_a_number": N_("KOMMUNANALYS_LLM_TIMEOUT är inte ett tal: '%(v)s'."),
    "unknown_period": N_(
        "okänd period '%(v)s'; använd helår, delår 1, delår 2 eller m01–m12 för månader"
    ),
    "grading_bad_share": N_("grading[%(index)s].share ska vara ett tal 0–1, inte %(v)s"),
    "grading_bad_grade": N_("grading[%(index)s].grade '%(v)s' är ingen bedömning"),
    "scb_unknown_api_version": N_("okänd API-version '%(v)s' (väntade v2 eller v1)"),
    "scb_unknown_level": N_("okänd nivå '%(v)s' (väntade deso, regso eller kommun)"),
    "scb_bad_kommun_code": N_("kommunkoden '%(v)s' ska vara fyra siffror, t.ex. 0126"),
    "database_unavailable": N_(
        "Databasen kan inte skriva just nu (disken kan vara full). Ändringen sparades inte; "
        "försök igen om en stund."
    ),
    "database_out_of_memory": N_(
        "Databasen fick inte plats i minnet: en beräkning behövde mer än minnesgränsen "
        "%(limit)s (%(variable)s) och mer än den kunde skriva till disken. Ingenting ändrades. "
        "Höj gränsen, t.ex. %(variable)s=4GB, eller försök igen när datorn har mer minne ledigt."
    ),
    "export_too_many_cells": N_(
        "Exporten blir för stor: %(n)s värden (områden × indikatorer, i en tidsserie också × "
        "kön × år), högst %(limit)s per export. Välj färre områden eller indikatorer."
    ),
    "export_too_many_rows": N_(
        "Exporten blir för stor: %(n)s rader, högst %(limit)s per fil. Välj ett mindre urval."
    ),
    "export_image_too_many_bytes": N_(
        "Bilden blir för stor: %(n)s byte SVG, högst %(limit)s. Välj ett mindre urval."
    ),
    "export_image_too_large": N_(
        "Bilden blir för stor: %(width)s × %(height)s bildpunkter (högst %(max_height)s i "
        "höjd och %(limit)s bildpunkter). Välj färre områden."
    ),
    "render_busy": N_(
        "Servern tar fram så många exporter som den gör samtidigt (%(n)s). Försök igen om "
        "%(seconds)s sekunder."
    ),
    "no_such_chart": N_(
        "Diagram %(v)s finns inte: exporten har %(n)s diagram (sida=1 till %(n)s)."
    ),
    "no_economy": N_(
        "Det finns ingen ekonomi för %(committee)s i databasen. Läs in huvudbok och "
        "budget med kommunanalys ekonomi import (se docs/economy.md)."
    ),
    "not_a_month": N_(
        "Månaden '%(v)s' finns inte (skriv ett tal från 1 till 12, till exempel till=8 "
        "för januari–augusti)."
    ),
    "transfer_schema_differs": N_(
        "Databaserna har olika schemaversioner (källan %(source)s, målet %(target)s). Kör "
        "samma version av kommunanalys mot båda och försök igen. Ingenting har kopierats."
    ),
    "transfer_target_not_empty": N_(
        "Måldatabasen %(target)s är inte tom (tabellen %(table)s har %(rows)s rader). "
        "migrate-db kopierar bara till en tom databas: skapa en ny databas och försök "
        "igen. Ingenting har kopierats."
    ),
    "transfer_values_differ": N_(
        "Kopian i %(target)s ger inte samma publicerade värden som %(source)s "
        "(kontrollsumman %(got)s, väntad %(expected)s). Ingenting har kopierats."
    ),
    "transfer_same_database": N_(
        "--from och --to namnger samma databas (%(target)s). Ange en ny, tom databas som "
        "mål."
    ),
    "database_unreachable": N_(
        "Databasservern %(url)s svarar inte (%(reason)s). Kontrollera adressen i --db eller "
        "KOMMUNANALYS_DB, att PostgreSQL körs och att användaren får logga in, och försök igen."
    ),
    "database_locked": N_(
        "Databasen %(path)s används av en annan process (PID %(pid)s: %(command)s) och kan "
        "inte öppnas. Stoppa den processen (t.ex. en `kommunanalys serve` som körs) och försök "
        "igen, eller använd PostgreSQL (se docs/deployment.md); en DuckDB-fil som en process "
        "skriver i kan ingen annan process öppna, se README under Felsökning."
    ),
    "database_locked_unknown_holder": N_(
        "Databasen %(path)s används av en annan process och kan inte öppnas. Stoppa den "
        "processen (t.ex. en `kommunanalys serve` som körs) och försök igen, eller använd "
        "PostgreSQL (se docs/deployment.md); en DuckDB-fil som en process skriver i kan ingen "
        "annan process öppna, se README under Felsökning."
    ),
    "effect_file_invalid": N_(
        "%(file)s: %(count)s fel i effektlogikfilen; ingenting lästes in."
    ),
    "interventions_file_invalid": N_(
        "%(file)s: %(count)s fel i insatsfilen; ingenting lästes in."
    ),
    "effect_file_unreadable": N_(
        "%(file)s: kan inte läsas (%(reason)s)."
    ),
    "effect_file_bad_toml": N_(
        "%(file)s rad %(line)s, kolumn %(column)s: ogiltig TOML: %(reason)s."
    ),
    "effect_key_missing": N_(
        "%(file)s rad %(line)s, %(key)s: saknas eller är tom."
    ),
    "effect_key_not_text": N_(
        "%(file)s rad %(line)s, %(key)s: ska vara text, inte %(v)s."
    ),
    "effect_key_not_list": N_(
        "%(file)s rad %(line)s, %(key)s: ska vara en lista."
    ),
    "effect_key_unknown": N_(
        "%(file)s rad %(line)s, %(key)s: okänd nyckel."
    ),
    "effect_key_bad_choice": N_(
        "%(file)s rad %(line)s, %(key)s: '%(v)s' går inte att använda (välj %(choices)s)."
    ),
    "effect_key_bad_id": N_(
        "%(file)s rad %(line)s, %(key)s: '%(v)s' ska vara gemena a–z, 0–9, - eller _."
    ),
    "effect_key_duplicate": N_(
        "%(file)s rad %(line)s, %(key)s: '%(v)s' finns redan."
    ),
    "effect_unknown_indicator": N_(
        "%(file)s rad %(line)s, %(key)s: indikatorn '%(v)s' finns inte i katalogen."
    ),
    "effect_unknown_project": N_(
        "%(file)s rad %(line)s, %(key)s: projektet '%(v)s' finns inte i filen "
        "(ange ett [[projekt]] eller kommun)."
    ),
    "effect_unknown_area": N_(
        "%(file)s rad %(line)s, %(key)s: området '%(v)s' finns inte."
    ),
    "unknown_outcome": N_(
        "Det sociala utfallet '%(outcome)s' finns inte."
    ),
    "no_effect_logic": N_(
        "Ingen effektlogik är inläst. Läs in en fil med `kommunanalys effektlogik load FIL`."
    ),
    "effect_key_bad_date": N_(
        "%(file)s rad %(line)s, %(key)s: '%(v)s' ska vara ett datum ÅÅÅÅ-MM-DD."
    ),
    "effect_key_bad_ages": N_(
        "%(file)s rad %(line)s, %(key)s: '%(v)s' ska vara en ålder eller ett åldersintervall "
        "i hela år, t.ex. 6-15."
    ),
    "effect_key_not_number": N_(
        "%(file)s rad %(line)s, %(key)s: '%(v)s' ska vara ett tal (0 eller mer)."
    ),
    "effect_unknown_item": N_(
        "%(file)s rad %(line)s, %(key)s: posten '%(v)s' finns inte i den inlästa "
        "effektlogiken (skriv utfall:nummer)."
    ),
    "unknown_intervention": N_(
        "Insatsen '%(intervention)s' finns inte."
    ),
    "unknown_project": N_("Projektet '%(project)s' finns inte."),
    "edit_required": N_("Fältet måste fyllas i."),
    "edit_too_long": N_("Texten är för lång: %(n)s tecken, högst %(limit)s."),
    "edit_bad_choice": N_("'%(v)s' går inte att använda (välj %(choices)s)."),
    "edit_unknown_indicator": N_(
        "Finns inte i indikatorkatalogen: %(v)s. Skriv indikatorernas id, en per rad; tomt "
        "betyder att data saknas."
    ),
    "edit_unknown_area": N_(
        "Området finns inte: %(v)s. Skriv områdeskoder (kommun, RegSO, DeSO eller eget "
        "område), en per rad."
    ),
    "edit_unknown_item": N_(
        "Posten finns inte i effektlogiken: %(v)s. Skriv utfall:nummer, en per rad."
    ),
    "edit_bad_date": N_("'%(v)s' är inget datum; skriv ÅÅÅÅ-MM-DD."),
    "edit_bad_ages": N_("'%(v)s' är ingen ålder eller inget åldersintervall; skriv t.ex. 6-15."),
    "edit_end_before_start": N_("Slutet %(v)s ligger före starten %(start)s."),
    "edit_not_an_amount": N_("'%(v)s' är inget belopp i kronor (ett tal från 0, t.ex. 1 200 000)."),
    "edit_conflict": N_(
        "Någon annan har sparat en ändring sedan du öppnade formuläret. Ladda om sidan och "
        "gör om din ändring."
    ),
    "edit_bad_id": N_(
        "'%(v)s' går inte att använda som id: små bokstäver a–z, siffror, - och _, "
        "först en bokstav eller siffra (inte ny eller utkast)."
    ),
    "edit_id_taken": N_("Id:t '%(v)s' används redan av en annan insats."),
    "unknown_effect_item": N_("Posten '%(item)s' finns inte i effektlogiken."),
    "forecast_other_unit": N_(
        "Du kan bara lämna prognos för din egen verksamhet, inte för '%(v)s'."
    ),
    "forecast_month_locked": N_(
        "Månaden %(month)s är låst av analytikerna; prognosen kan inte ändras."
    ),
    "forecast_unknown_unit": N_("Verksamheten '%(v)s' finns inte i ekonomin för %(committee)s."),
    "forecast_bad_month": N_("'%(v)s' är ingen månad; skriv ÅÅÅÅ-MM, t.ex. 2024-08."),
    "forecast_not_an_amount": N_(
        "'%(v)s' är inget belopp; skriv verksamhetens nettokostnad för helåret i tkr, t.ex. "
        "12 500 eller 3 400,5."
    ),
    "table_layout_unknown": N_(
        "Rubrikraden känns inte igen som någon av tabellerna (%(layouts)s); se "
        "docs/personnel-and-control.md för kolumnerna."
    ),
    "table_layout_not_here": N_(
        "Tabellen %(layout)s importeras inte med det här kommandot (här: %(layouts)s)."
    ),
    "table_cell_empty": N_("Cellen får inte vara tom."),
    "table_cell_not_whole": N_("'%(v)s' är inte ett heltal ≥ 0."),
    "table_cell_unknown_code": N_("'%(v)s' känns inte igen (välj %(choices)s)."),
    "table_share_out_of_range": N_("Andelen %(v)s ligger utanför 0–100."),
    "table_key_twice": N_("Raden finns redan på rad %(row)s (samma nämnd, år och %(key)s)."),
    "table_total_mismatch": N_(
        "Summaraden säger %(total)s men raderna ovan summerar till %(sum)s."
    ),
    "table_deviation_mismatch": N_(
        "Avvikelsen %(deviation)s är inte budget minus utfall (%(expected)s)."
    ),
    "table_file_no_rows": N_("Filen har inga rader under rubrikraden."),
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
    if isinstance(value, Exception) and getattr(value, "code", None) in ERRORS:
        # an error inside another's message (the reason a file was refused)
        return error_text(cast("KommunanalysError", value)) if word is label else str(value)
    if isinstance(value, Text):  # words with the message ("T, K eller M")
        return value.shown() if word is label else str(value)
    if not isinstance(value, StrEnum):
        return value
    if type(value).__name__ in TABLES:
        return word(value).lower()
    return gettext(value.value) if word is label else value.value
