"""The label of every code: one table per kind of code, each written once with ``N_``.

The domain returns English codes (:class:`enum.StrEnum` members: comparison outcomes, trend
results, kinds of findings, goal statuses and grades, roles, …); the words a reader sees are
made here, where they are shown, through gettext (Swedish msgids, English from the catalogue).

The tables are keyed by the code's value and found by the code's class name, so that this
package needs none of the layers that define the codes (it stays below them all).
``tests/i18n/test_labels.py`` checks that every member of every code has a label.
"""

from __future__ import annotations

from enum import StrEnum

from kommunanalys.i18n.catalogue import N_, gettext

#: :class:`kommunanalys.stats.comparison.Outcome`
OUTCOME = {
    "better": N_("bättre"),
    "similar": N_("likvärdig"),
    "worse": N_("sämre"),
    "higher": N_("högre"),
    "lower": N_("lägre"),
    "not_compared": N_("kan inte jämföras"),
    "lowest_fifth": N_("lägsta femtedelen"),
    "second_lowest_fifth": N_("näst lägsta femtedelen"),
    "middle_fifth": N_("mittersta femtedelen"),
    "second_highest_fifth": N_("näst högsta femtedelen"),
    "highest_fifth": N_("högsta femtedelen"),
    "worst_fifth": N_("sämsta femtedelen"),
    "second_worst_fifth": N_("näst sämsta femtedelen"),
    "second_best_fifth": N_("näst bästa femtedelen"),
    "best_fifth": N_("bästa femtedelen"),
}

#: an outcome as the first half of a comparison in a sentence ("… bättre än kommunen")
OUTCOME_PHRASE = {
    "better": N_("bättre än"),
    "worse": N_("sämre än"),
    "higher": N_("högre än"),
    "lower": N_("lägre än"),
}

#: :class:`kommunanalys.stats.trend.TrendResult`
TREND = {
    "increasing": N_("ökar"),
    "decreasing": N_("minskar"),
    "no_change": N_("ingen säker förändring"),
    "not_computable": N_("kan inte beräknas"),
    "improving": N_("förbättras"),
    "worsening": N_("försämras"),
}

#: :class:`kommunanalys.stats.intervention.FollowUpResult` (an intervention's follow-up)
FOLLOW_UP = {
    "estimated": N_("skattad"),
    "pretrend_diverges": N_(
        "jämförelseområdena följde inte samma utveckling före insatsen — effekten kan inte skattas"
    ),
    "too_few_periods": N_("kan inte bedömas: för få år före eller efter starten"),
    "too_few_comparisons": N_("kan inte bedömas: för få jämförelseområden"),
    "suppressed_values": N_(
        "kan inte bedömas: för många värden visas inte för att skydda enskilda"
    ),
    "no_variation": N_("kan inte bedömas: värdena varierar inte, så osäkerheten kan inte skattas"),
}

#: :class:`kommunanalys.stats.trend.TrendSpan`
TREND_SPAN = {
    "recent": N_("senaste fem värdena, 99,8 %"),
    "full": N_("hela serien, 95 %"),
}

#: :class:`kommunanalys.analysis.insights.FindingKind`
FINDING_KIND = {
    "deviation": N_("avvikelse från kommunen"),
    "clear_deviation": N_("tydlig avvikelse från kommunen"),
    "similar_deviation": N_("avvikelse från liknande områden"),
    "trend": N_("trend"),
    "gender_gap": N_("skillnad mellan kvinnor och män"),
    "area_gap": N_("skillnad mellan områden"),
    "age_gap": N_("skillnad mellan åldersgrupper"),
}

#: :class:`kommunanalys.analysis.insights.GenderOutcome`
GENDER_OUTCOME = {
    "higher_for_women": N_("högre för kvinnor"),
    "higher_for_men": N_("högre för män"),
}

#: :class:`kommunanalys.analysis.equality.GapKind`
GAP_KIND = {
    "area": N_("område"),
    "gender": N_("kön"),
    "age": N_("ålder"),
}

#: :class:`kommunanalys.access.roles.Role`
ROLE = {
    "public": N_("Allmänheten"),
    "editor": N_("Enhetsredaktör"),
    "analyst": N_("Analytiker"),
    "admin": N_("Administratör"),
}

#: :class:`kommunanalys.model.ValueType` (an indicator's kind of value: the catalogue's column)
VALUE_TYPE = {
    "count": N_("antal"),
    "proportion": N_("andel"),
    "rate": N_("kvot"),
    "mean": N_("medelvärde"),
    "median": N_("median"),
    "index": N_("index"),
}

#: :class:`kommunanalys.model.Quality`
QUALITY = {
    "kvalitetssakrad": N_("Kvalitetssäkrad"),
    "preliminar": N_("Preliminär"),
    "kvalitetssakras": N_("Kvalitetssäkras"),
}

#: :class:`kommunanalys.goals.status.GoalStatus`
GOAL_STATUS = {
    "met": N_("uppnått"),
    "not_met": N_("ej uppnått"),
    "no_value": N_("värde saknas"),
    "no_target": N_("etappmål saknas"),
    "contradicts_direction": N_("målet motsäger riktningen"),
}

#: :class:`kommunanalys.goals.status.Track`
TRACK = {
    "on_track": N_("på väg mot målvärdet"),
    "off_track": N_("inte på väg mot målvärdet"),
    "unknown": N_("kan inte bedömas"),
    "too_few_values": N_("för få värden för en prognos"),
}

#: :class:`kommunanalys.goals.model.Grade` (as Huddinge's annual report and a goal file write it)
GRADE = {
    "very_high": N_("I mycket hög grad uppfyllt"),
    "high": N_("I hög grad uppfyllt"),
    "partly": N_("Delvis uppfyllt"),
    "not_met": N_("Ej uppfyllt"),
}

#: :class:`kommunanalys.goals.model.Direction` (as a goal file writes it)
DIRECTION = {
    "increase": N_("ökning"),
    "decrease": N_("minskning"),
    "at_least": N_("minst"),
    "at_most": N_("högst"),
    "within": N_("inom intervall"),
}

#: :class:`kommunanalys.goals.model.AssignmentStatus` (as a goal file writes it)
ASSIGNMENT_STATUS = {
    "done": N_("Klart"),
    "ongoing": N_("Pågår"),
    "not_done": N_("Ej klart i år"),
}

#: the status of a value without a number (:attr:`kommunanalys.model.Value.status`): the
#: disclosure gate's "skyddad" (:data:`kommunanalys.privacy.SUPPRESSED`) and SCB's marks
VALUE_STATUS = {
    "skyddad": N_("Värdet visas inte för att skydda enskilda."),
    "..": N_("Uppgift saknas eller är för osäker för att redovisas (SCB: ..)."),
    ".": N_("Uppgift kan inte förekomma."),
    "-": N_("Inget finns att redovisa."),
    "0": N_("Kan inte beräknas: nämnaren är noll."),
}

#: :class:`kommunanalys.analysis.economy_model.CostType` (the seed's resultaträkning rows)
COST_TYPE = {
    "intakter": N_("Verksamhetens intäkter"),
    "personal": N_("Personal"),
    "lokaler": N_("Lokaler"),
    "bidrag": N_("Bidrag kostnader"),
    "kop_av_verksamhet": N_("Köp av verksamhet"),
    "ovrigt": N_("Övrigt"),
}

#: :class:`kommunanalys.analysis.economy_model.SummaryRow`
SUMMARY_ROW = {
    "costs": N_("Verksamhetens kostnader"),
    "result": N_("Årets resultat"),
}

#: :class:`kommunanalys.analysis.economy_model.AmountKind`
AMOUNT_KIND = {
    "budget": N_("Budget"),
    "revised_budget": N_("Reviderad budget"),
    "outcome": N_("Utfall"),
    "forecast": N_("Prognos"),
}

#: :class:`kommunanalys.analysis.economy_model.UnitLevel`
UNIT_LEVEL = {
    "namnd": N_("nämnd"),
    "verksamhet": N_("verksamhet"),
    "insats": N_("insats"),
}

#: :class:`kommunanalys.analysis.economy_model.Regi`
REGI = {
    "external": N_("extern regi"),
    "own": N_("egen regi"),
}

#: :class:`kommunanalys.analysis.economy_model.VolumeMeasure`
VOLUME_MEASURE = {
    "placed": N_("placerade per månad"),
    "care_days": N_("vårddygn"),
}

#: :class:`kommunanalys.analysis.economy_forecast.ForecastMethod`
FORECAST_METHOD = {
    "seasonal_profile": N_("tidigare års säsongsprofil"),
    "linear": N_("årets månader uppräknade till tolv"),
    "volume_price": N_("volymprognos × kostnad per vårddygn"),
    "outcome": N_("helårets utfall"),
}

#: :class:`kommunanalys.catalog.staff_control.StaffMeasure` (a personnel figure)
STAFF_MEASURE = {
    "employees": N_("Antal anställda"),
    "employees_permanent": N_("Tillsvidareanställda"),
    "employees_temporary": N_("Visstidsanställda"),
    "employees_full_time": N_("Heltidsanställda"),
    "employee_share": N_("Andel av de anställda (%)"),
    "turnover": N_("Personalomsättning (%)"),
    "leavers": N_("Medarbetare som slutat"),
    "sick_leave": N_("Sjukfrånvaro, totalt (%)"),
    "sick_leave_short": N_("Sjukfrånvaro dag 1–14 (%)"),
    "hme": N_("HME, totalt"),
    "survey_engagement": N_("Engagemang"),
    "survey_structure": N_("Struktur"),
    "survey_influence": N_("Påverkan"),
    "survey_leadership": N_("Ledarskap"),
    "survey_development": N_("Utveckling (index)"),
    "survey_cooperation": N_("Samarbete"),
    "survey_safety": N_("Trygghet"),
    "survey_workload": N_("Arbetsbelastning"),
    "survey_goal_steering": N_("Målstyrning"),
}

#: :class:`kommunanalys.catalog.staff_control.StaffUnit`
STAFF_UNIT = {
    "count": N_("antal"),
    "percent": N_("procent"),
    "index": N_("index 1–100"),
}

#: :class:`kommunanalys.catalog.staff_control.ControlStatus`
CONTROL_STATUS = {
    "planned": N_("Planerad"),
    "ongoing": N_("Pågår"),
    "done": N_("Klart"),
    "not_done": N_("Ej klart"),
}

#: :class:`kommunanalys.effect.model.PreventionLevel` (as an effect logic file writes it)
PREVENTION_LEVEL = {
    "indicated": N_("indikerad"),
    "selective": N_("selektiv"),
    "universal": N_("universell"),
}

#: :class:`kommunanalys.effect.model.TargetGender` (as an effect logic file writes it)
TARGET_GENDER = {
    "all": N_("alla"),
    "female": N_("kvinnor och flickor"),
    "male": N_("män och pojkar"),
}

#: what each prevention level means, as the seed's effect logic heads its rows
#: ("Indikerad – tidiga tecken observerade"); see :func:`level_note`
PREVENTION_LEVEL_NOTE = {
    "indicated": N_("tidiga tecken observerade"),
    "selective": N_("till riskgrupp (utifrån bakgrundsvariabler)"),
    "universal": N_("ges till alla"),
}

#: :class:`kommunanalys.effect.model.GridColumn` (as an effect logic file writes it)
GRID_COLUMN = {
    "process": N_("process/organisation"),
    "short_term": N_("målgrupp: kort sikt"),
    "long_term": N_("målgrupp: lång sikt"),
}

#: :class:`kommunanalys.effect.model.WantedDirection` (as an effect logic file writes it)
WANTED_DIRECTION = {
    "increase": N_("ökning"),
    "decrease": N_("minskning"),
}

#: :class:`kommunanalys.effect.model.OwnerKind` (whom an outcome belongs to)
OWNER_KIND = {
    "project": N_("projekt"),
    "kommun": N_("kommunen"),
}

#: :class:`kommunanalys.effect.model.Delivery` (as an effect logic file writes it)
DELIVERY = {
    "api": N_("api"),
    "file": N_("fil"),
    "manual": N_("manuell inmatning"),
}

#: :class:`kommunanalys.effect.model.Frequency` (as an effect logic file writes it)
FREQUENCY = {
    "yearly": N_("årlig"),
    "termly": N_("per termin"),
    "monthly": N_("månadsvis"),
    "continuous": N_("löpande"),
}

#: :class:`kommunanalys.effect.model.Movement` (an item's indicator against its wanted direction)
MOVEMENT = {
    "wanted": N_("i önskad riktning"),
    "unwanted": N_("åt fel håll"),
    "no_change": N_("ingen säker förändring"),
    "not_assessed": N_("kan inte bedömas"),
}

#: :class:`kommunanalys.effect.model.Availability` (whether there is data)
AVAILABILITY = {
    "available": N_("data finns"),
    "not_loaded": N_("indikator utan inlästa värden"),
    "missing": N_("data saknas"),
}

#: :class:`kommunanalys.effect.model.InterventionStatus` (as an interventions file writes it)
INTERVENTION_STATUS = {
    "draft": N_("utkast"),
    "planned": N_("planerad"),
    "ongoing": N_("pågår"),
    "ended": N_("avslutad"),
}

#: the label table of each kind of code, by the code's class name
#: :class:`kommunanalys.report.narrative.TextSection`: a narrative section's heading in the report
REPORT_TEXT_SECTION = {
    "sammanfattning": N_("Sammanfattning"),
    "genomfort_arbete": N_("Genomfört arbete"),
    "arets_handelser": N_("Årets händelser"),
    "effektiviseringsarbete": N_("Effektiviseringsarbete"),
    "ekonomi": N_("Ekonomi"),
    "resultatrakning": N_("Resultaträkning"),
    "personal": N_("Väsentliga personalförhållanden"),
    "personalforsorjning": N_("Personalförsörjning (särskilt bristyrkesgrupper)"),
    "kompetensutveckling": N_("Kompetensutveckling (inklusive chefsutveckling)"),
    "intern_kontroll": N_("Sammanfattande bedömning av nämndens interna kontroll"),
    "atgarder_risker": N_("Åtgärder för att minska identifierade risker"),
    "atgarder_revision": N_(
        "Åtgärder utifrån rekommendation från revision eller annan extern granskning"
    ),
    "uppfoljning_insyn": N_("Plan för uppföljning och insyn"),
    "planerad_uppfoljning": N_("Planerad uppföljning"),
}

TABLES: dict[str, dict[str, str]] = {
    "Outcome": OUTCOME,
    "TrendResult": TREND,
    "FollowUpResult": FOLLOW_UP,
    "TrendSpan": TREND_SPAN,
    "FindingKind": FINDING_KIND,
    "GenderOutcome": GENDER_OUTCOME,
    "GapKind": GAP_KIND,
    "Role": ROLE,
    "Quality": QUALITY,
    "ValueType": VALUE_TYPE,
    "GoalStatus": GOAL_STATUS,
    "Track": TRACK,
    "Grade": GRADE,
    "Direction": DIRECTION,
    "AssignmentStatus": ASSIGNMENT_STATUS,
    "CostType": COST_TYPE,
    "SummaryRow": SUMMARY_ROW,
    "AmountKind": AMOUNT_KIND,
    "UnitLevel": UNIT_LEVEL,
    "Regi": REGI,
    "VolumeMeasure": VOLUME_MEASURE,
    "ForecastMethod": FORECAST_METHOD,
    "PreventionLevel": PREVENTION_LEVEL,
    "TargetGender": TARGET_GENDER,
    "GridColumn": GRID_COLUMN,
    "WantedDirection": WANTED_DIRECTION,
    "OwnerKind": OWNER_KIND,
    "Delivery": DELIVERY,
    "Frequency": FREQUENCY,
    "Movement": MOVEMENT,
    "Availability": AVAILABILITY,
    "InterventionStatus": INTERVENTION_STATUS,
    "StaffMeasure": STAFF_MEASURE,
    "StaffUnit": STAFF_UNIT,
    "ControlStatus": CONTROL_STATUS,
    "TextSection": REPORT_TEXT_SECTION,
}


def msgid(code: StrEnum) -> str:
    """The Swedish label of ``code`` (the msgid; for text that stays Swedish)."""
    return TABLES[type(code).__name__][code.value]


def label(code: StrEnum) -> str:
    """The label of ``code`` in the reader's language."""
    return gettext(msgid(code))


def level_note(level: StrEnum) -> str:
    """What a prevention level means (the effect logic grid's row head), in the reader's
    language."""
    return gettext(PREVENTION_LEVEL_NOTE[level.value])


def status_msgid(status: str | None) -> str | None:
    """What a value's ``status`` means, in Swedish (a JSON row's ``status_text``); ``None`` for
    a status without one."""
    return VALUE_STATUS.get(status) if status is not None else None


def status_label(status: str | None, otherwise: str | None = None) -> str:
    """What a value's ``status`` means in the reader's language; a status without a meaning
    is shown as ``otherwise`` (a msgid) or as it is."""
    fallback = otherwise if otherwise is not None else status or ""
    return gettext(VALUE_STATUS.get(status or "", fallback))


def phrase(outcome: StrEnum) -> str:
    """ "bättre än", "lägre än", … in the reader's language."""
    return gettext(OUTCOME_PHRASE[outcome.value])
