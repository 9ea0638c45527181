"""What a read of SCB's PxWebApi asks for (:class:`PxWebOptions`), and how SCB's region codes
and content labels are read (:func:`area_of`, :func:`infer_value_type`).

It sits below the adapter (:mod:`~kommunanalys.sources.scb.pxweb`) and the table descriptions
(:mod:`~kommunanalys.sources.scb.api_tables`, which build options and map the adapter's cells):
the adapter imports the descriptions, they import only this module, and there is no cycle. The
SCB file adapter (:mod:`~kommunanalys.sources.scb.file`) reads content labels the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.regions import regional_code
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.model import Division, Level, ValueType
from kommunanalys.sources.adapter import SourceError

ApiVersion = Literal["v2", "v1"]
LevelName = Literal["deso", "regso", "kommun"]
Selection = tuple[tuple[str, tuple[str, ...]], ...]

BASE_URLS: dict[str, str] = {
    "v2": "https://statistikdatabasen.scb.se/api/v2",
    "v1": "https://api.scb.se/OV0104/v1/doris/sv/ssd",
}
#: In a selection: every value of the variable.
ALL = "*"
LEVELS: dict[str, Level] = {"deso": Level.DESO, "regso": Level.REGSO, "kommun": Level.KOMMUN}
SUFFIXES: dict[str, Division] = {
    "DeSO2025": Division.DESO2025,
    "RegSO2025": Division.REGSO2025,
    "DeSO2018": Division.DESO2018,
    "RegSO2020": Division.REGSO2020,
}
DESO_CODE = re.compile(r"\d{4}[A-C]\d{4}")
REGSO_CODE = re.compile(r"\d{4}R\d{3}")


class BadOptions(KommunanalysError, ValueError):
    """Options for an SCB import that cannot be used: a code and the value at fault."""


@dataclass(frozen=True)
class PxWebOptions:
    """What to read: one table, for one kommun's DeSO, RegSO or the kommun itself.

    ``selection`` fixes other variables: ``(("Kon", ("1", "2", "1+2")), ("Alder",
    ("totalt",)))``; ``("*",)`` means every value. A variable left out is eliminated (summed
    by SCB) when the table allows it, else all its values are read. ``years=()`` is every
    year the table has. ``base_url`` defaults to SCB's for ``api_version``.
    """

    table: str
    kommun: str
    years: tuple[str, ...] = ()
    selection: Selection = ()
    api_version: ApiVersion = "v2"
    base_url: str = ""
    level: LevelName = "deso"

    def __post_init__(self) -> None:
        if self.api_version not in BASE_URLS:
            raise BadOptions(ErrorCode.SCB_UNKNOWN_API_VERSION, v=self.api_version)
        if self.level not in LEVELS:
            raise BadOptions(ErrorCode.SCB_UNKNOWN_LEVEL, v=self.level)
        if not re.fullmatch(r"\d{4}", self.kommun):
            raise BadOptions(ErrorCode.SCB_BAD_KOMMUN_CODE, v=self.kommun)
        pairs = self.selection.items() if isinstance(self.selection, Mapping) else self.selection
        object.__setattr__(
            self, "selection", tuple((str(v), tuple(str(c) for c in cs)) for v, cs in pairs)
        )
        object.__setattr__(self, "years", tuple(str(y) for y in self.years))
        if not self.base_url:
            object.__setattr__(self, "base_url", BASE_URLS[self.api_version])

    def selected(self, variable: str) -> tuple[str, ...] | None:
        return next((codes for v, codes in self.selection if v == variable), None)



def area_of(code: str, period: str, level: LevelName = "deso") -> tuple[str, Division]:
    """``0126C1311_DeSO2025`` → (``0126C1311``, DESO2025); a plain code gets the division
    SCB used for ``period`` (:func:`division_for`)."""
    plain, _, suffix = code.partition("_")
    if suffix:
        if suffix not in SUFFIXES:
            raise SourceError(ErrorCode.UNKNOWN_REGION_DIVISION, v=suffix, code=code)
        return plain, SUFFIXES[suffix]
    if re.fullmatch(r"\d{4}", plain):
        return plain, Division.KOMMUN
    regional = regional_code(plain)  # SCB's riket 00 and län 01…25: one vintage
    if regional is not None:
        return regional, Division.KOMMUN
    shape = Level.DESO if DESO_CODE.fullmatch(plain) else None
    shape = shape or (Level.REGSO if REGSO_CODE.fullmatch(plain) else LEVELS[level])
    return plain, division_for(shape, int(period[:4]))


def infer_value_type(label: str, unit: str = "") -> tuple[ValueType, str]:
    """Value type and unit from an SCB content label (and the metadata's unit, if any).

    "procent"/"andel" → PROPORTION in "%"; "median" → MEDIAN; "medel"/"genomsnitt" → MEAN;
    "per 1 000" → RATE; "index" → INDEX; "antal" → COUNT in "antal"; "tkr"/"kr" give the
    unit of medians and means. Anything else is an INDEX (shown as is, never summed or
    averaged up the area hierarchy), so a wrong guess cannot add up wrong numbers.
    """
    text = " ".join(label.casefold().split())
    hint = unit.casefold().strip()
    money = next((m for m in ("tkr", "mnkr", "kr") if re.search(rf"\b{m}\b", text)), None)
    money = money or (hint if hint in ("tkr", "mnkr", "kr", "kronor") else None)
    measure = money or (hint if hint not in ("", "antal", "procent", "%") else "")
    if "median" in text:
        return ValueType.MEDIAN, measure or "värde"
    if "medel" in text or "genomsnitt" in text:
        return ValueType.MEAN, measure or "värde"
    if "procent" in text or "andel" in text or "%" in text or hint in ("procent", "%"):
        return ValueType.PROPORTION, "%"
    rate = re.search(r"per (1 ?000|10 ?000|100 ?000)\b", text)
    if rate:
        return ValueType.RATE, rate.group(0)
    if "index" in text:
        return ValueType.INDEX, "index"
    if "antal" in text or hint == "antal":
        return ValueType.COUNT, "antal"
    return ValueType.INDEX, measure or "värde"


__all__ = [
    "ALL",
    "BASE_URLS",
    "DESO_CODE",
    "LEVELS",
    "REGSO_CODE",
    "SUFFIXES",
    "ApiVersion",
    "LevelName",
    "PxWebOptions",
    "Selection",
    "area_of",
    "infer_value_type",
]
