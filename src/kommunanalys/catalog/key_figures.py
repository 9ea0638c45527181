"""The key figures of each domain: the few headline cards an area profile shows first, as on
the seed's Power BI page ("Huddingeanalysen": Antal invånare, Andel små barn, Andel ungdomar
under Befolkning; Behörighet yrkesprogram, Andel barn i förskolan, Andel elever med
högskolebehörighet under Förskola och skola; Andel ledarledd fritid, Andel med APN-aktivitet,
Andel unga biblioteksbesökare under Fritid; the two shares of referrals under Stöd och
insatser). The seed shows no page for Boende and Inkomst och arbete: their first cards are the
shares the start page has always shown and the standard measures of income.

The rest of a domain's cards are folded away on the profile (still in the page and its twin)."""

from __future__ import annotations

KEY_FIGURES: dict[str, tuple[str, ...]] = {
    "Befolkning": ("antal_invanare", "andel_befolkning_0_6", "andel_befolkning_7_20"),
    "Förskola och skola": ("behorighet_yrkes", "andel_barn_i_forskolan", "andel_behoriga_hogskola"),
    "Fritid": ("andel_ledarledd_fritid", "andel_apn_aktivitet", "andel_besokare_bibliotek_7_20"),
    "Stöd och insatser": (
        "andel_aktualiseringar_barn_o_ungdom",
        "andel_aktualiseringar_kriminalitet",
    ),
    "Boende": ("andel_boende_hyresratt", "bostadsarea_per_person"),
    "Inkomst och arbete": (
        "medianinkomst",
        "andel_lag_ekonomisk_standard",
        "andel_forvarvsarbetande_20_64",
    ),
}

#: The start page's key figures (the kommun's), in the profile's order.
OVERVIEW_FIGURES: tuple[str, ...] = (
    "antal_invanare",
    "andel_befolkning_0_6",
    "andel_befolkning_7_20",
    "andel_boende_hyresratt",
    "andel_ledarledd_fritid",
    "andel_behoriga_hogskola",
    "andel_aktualiseringar_barn_o_ungdom",
    "andel_aktualiseringar_kriminalitet",
)


#: Indicators the catalogue keeps twice under two names because the seed lists both, read from
#: the same cell of the same SCB table: kept (the second is a denominator of shares and a
#: target of imports) but shown once on a profile, as the first. tests/catalog finds every
#: pair of indicators with identical values in the demo and requires it to be declared here.
SAME_MEASURE: dict[str, str] = {"befolkning": "antal_invanare"}
