"""Which columns of the shipped SCB exports feed which catalogue indicators."""

from __future__ import annotations

from kommunanalys.sources.scb.mapping import ColumnRule

R = ColumnRule.of
_AGES = ("0-4", "5-9", "10-14", "15-19", "20-24")
_TENURE = ("hyresrätt", "bostadsrätt", "äganderätt", "uppgift saknas")

#: Rules per shipped file, by the file name's prefix (SCB's reference code for Excel exports).
RULES: dict[str, tuple[ColumnRule, ...]] = {
    "000005FC": (R("antal_invanare", ("totalt",)), R("befolkning", ("totalt",))),
    "000005FF": (
        R("antal_invanare", ("totalt",)),
        R("befolkning", ("totalt",)),
        *(R(f"antal_invanare_{a.replace('-', '_')}", (f"{a} år", "totalt")) for a in _AGES),
    ),
    "000005FB": (
        R(
            "antal_utrikes_fodda",
            ("europa utom sverige", "totalt"),
            ("övriga världen inkl. uppgift saknas", "totalt"),
        ),
    ),
    "000005FE": (R("antal_utlandsk_bakgrund", ("utländsk bakgrund", "totalt")),),
    "000005F8": (
        R(
            "antal_hushall",
            ("sammanboende med barn",),
            ("sammanboende utan barn",),
            ("ensamstående med barn",),
            ("ensamstående utan barn",),
            ("övriga hushåll",),
        ),
        R("antal_hushall_ensamstaende_med_barn", ("ensamstående med barn",)),
    ),
    "000005FM": (
        R("medelinkomst", ("medelvärde, tkr", "nettoinkomst", "totalt")),
        R("medianinkomst", ("medianvärde, tkr", "nettoinkomst", "totalt")),
        R("antal_personer_med_inkomst", ("antal personer totalt", "nettoinkomst", "totalt")),
    ),
    "000005LO": (
        R("antal_personer_smahus", ("småhus",)),
        R("antal_personer_flerbostadshus", ("flerbostadshus",)),
        R("antal_personer_specialbostad", ("specialbostäder",)),
        R("antal_personer_hustyp", ("totalt",)),
    ),
    "000005MO": (
        R(
            "befolkning_25_64",
            ("förgymnasial utbildning",),
            ("gymnasial utbildning",),
            ("eftergymnasial utbildning, mindre än 3 år",),
            ("eftergymnasial utbildning, 3 år eller mer",),
            ("uppgift om utbildningsnivå saknas",),
        ),
        R(
            "antal_eftergymnasial_25_64",
            ("eftergymnasial utbildning, mindre än 3 år",),
            ("eftergymnasial utbildning, 3 år eller mer",),
        ),
    ),
    "000006OC": (
        R("antal_boende_hyresratt", ("hyresrätt",)),
        R("antal_boende_bostadsratt", ("bostadsrätt",)),
        R("antal_boende_egnahem", ("äganderätt",)),
        R("antal_lagenheter", *((t,) for t in _TENURE)),
    ),
    "deso_foreign_born": (
        R("antal_invanare", ("antal", "totalt")),
        R("befolkning", ("antal", "totalt")),
        R("antal_utrikes_fodda", ("antal", "totalt"), minus=(("antal", "sverige", "totalt"),)),
    ),
    "deso_housing_tenure": (
        R("antal_boende_hyresratt", ("antal", "hyresrätt")),
        R("antal_boende_bostadsratt", ("antal", "bostadsrätt")),
        R("antal_boende_egnahem", ("antal", "äganderätt")),
        R("antal_lagenheter", *(("antal", t) for t in _TENURE)),
    ),
    "deso_income": (R("loneinkomst", ("medelvärde för samtliga, tkr", "löneinkomst", "totalt")),),
    "regso_socioekonomisk_index": (R("omradestyp", ()),),
}


def rules_for(file_name: str) -> tuple[ColumnRule, ...]:
    for prefix, rules in RULES.items():
        if file_name.startswith(prefix):
            return rules
    raise KeyError(f"inga regler för {file_name}")
