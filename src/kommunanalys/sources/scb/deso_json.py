"""Reader for the per-DeSO profile file of the 2025 division (``huddinge_0126_raw.json``).

Each record holds a DeSO 2025 (code with ``_DeSO2025`` suffix), its population, age by sex in
17 five-year bands, income components, dwellings by tenure and a history of shares per year.
Reference years: population ``pop`` is 2025; age bands, income components and tenure are 2024
(they sum to a different total than ``pop``: another reference date); ``hist`` gives its years.
"""

from __future__ import annotations

import json
from pathlib import Path

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.model import Division, Gender, Observation

AGE_BANDS = (
    "0_4",
    "5_9",
    "10_14",
    "15_19",
    "20_24",
    "25_29",
    "30_34",
    "35_39",
    "40_44",
    "45_49",
    "50_54",
    "55_59",
    "60_64",
    "65_69",
    "70_74",
    "75_79",
    "80_plus",
)
POPULATION_YEAR = "2025"
DISTRIBUTION_YEAR = "2024"
#: ``hist`` keys that are shares (percent) in the catalogue, without numerator/denominator.
SHARES = {
    "low_econ": "andel_lag_ekonomisk_standard",
    "employment": "andel_forvarvsarbetande_20_64",
    "higher_ed": "andel_eftergymnasial_25_64",
    "foreign": "andel_utrikes_fodda",
}
TENURE = ("antal_boende_hyresratt", "antal_boende_bostadsratt", "antal_boende_egnahem", None)


class DesoJsonError(KommunanalysError, ValueError):
    """A DeSO profile file that cannot be read: a code, the file's ``name`` and the area's
    ``index``."""


def read_deso_json(path: str | Path, *, source: str) -> list[Observation]:
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    observations: list[Observation] = []

    def add(
        indicator: str, area: str, period: str, value: float | None, gender: Gender = Gender.TOTAL
    ) -> None:
        observations.append(
            Observation(indicator, area, Division.DESO2025, period, value, gender, source=source)
        )

    for index, record in enumerate(document.get("areas", [])):
        where = {"name": path.name, "index": index}
        code = str(record.get("code", "")).split("_", 1)[0]
        if len(code) != 9:
            raise DesoJsonError(ErrorCode.DESO_JSON_BAD_CODE, v=record.get("code"), **where)
        for indicator in ("antal_invanare", "befolkning"):
            add(indicator, code, POPULATION_YEAR, float(record["pop"]))
        ages = record.get("dist", {}).get("age", {})
        for key, gender in (("f", Gender.WOMEN), ("m", Gender.MEN)):
            bands = ages.get(key) or []
            if len(bands) != len(AGE_BANDS):
                raise DesoJsonError(ErrorCode.DESO_JSON_AGE_BANDS, key=key, **where)
            for band, count in zip(AGE_BANDS, bands, strict=True):
                add(f"antal_invanare_{band}", code, DISTRIBUTION_YEAR, float(count), gender)
            for indicator in ("antal_invanare", "befolkning"):
                add(indicator, code, DISTRIBUTION_YEAR, float(sum(bands)), gender)
        income = record.get("dist", {}).get("income") or []
        if income:
            add("loneinkomst", code, DISTRIBUTION_YEAR, float(income[0]))
        tenure = record.get("dist", {}).get("tenure") or []
        if tenure:
            for tenure_indicator, count in zip(TENURE, tenure, strict=True):
                if tenure_indicator:
                    add(tenure_indicator, code, DISTRIBUTION_YEAR, float(count))
            add("antal_lagenheter", code, DISTRIBUTION_YEAR, float(sum(tenure)))
        for key, indicator in SHARES.items():
            for year, value in (record.get("hist", {}).get(key) or {}).items():
                add(indicator, code, str(year), None if value is None else float(value))
    return observations
