"""Riket and the län: the areas above the kommun, a national and a county comparator.

Sources spell them differently: SCB writes riket ``00`` and a län by its two-digit county
code (``01`` Stockholms län), Kolada writes riket ``0000`` and a region ``0001``. The catalogue
keeps one spelling — riket ``0000``, a län ``01``…``25`` — in the ``kommun`` division (neither
was redrawn in 2025: one vintage, like the kommun). :func:`regional_code` maps any spelling to
it; :func:`regional_areas` gives the areas an import brings, so that every import accepts
them without a geography file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from kommunanalys.model import Area, Division, Level

#: Riket's code in the catalogue (Kolada's spelling; SCB's ``00`` is mapped to it).
RIKET = "0000"
RIKET_NAME = "Riket"


def regional_code(code: str) -> str | None:
    """The catalogue's code of riket or a län in any source's spelling (``00``, ``0000`` →
    ``0000``; ``01``, ``0001`` → ``01``); None for any other code (a kommun, a DeSO…)."""
    plain = code.strip()
    if plain in ("00", RIKET):
        return RIKET
    if len(plain) == 4 and plain.startswith("00"):
        plain = plain[2:]
    return plain if len(plain) == 2 and plain in lan_names() else None


def regional_code_of_label(label: str) -> str | None:
    """The catalogue's code of riket or a län from a region as a source labels it: SCB's
    ``00 Riket``, ``01 Stockholms län`` (code and name), the code alone, or the name alone
    (``Riket``, ``Stockholms län``, Kolada's ``Region Stockholm``); None for anything else
    (``0126 Huddinge``, a DeSO…)."""
    text = " ".join(label.split())
    first = text.split(" ", 1)[0]
    if first.isdigit():
        return regional_code(first)
    return _regional_names().get(text.casefold())


@cache
def _regional_names() -> dict[str, str]:
    names = {RIKET_NAME.casefold(): RIKET}
    path = Path(str(resources.files("kommunanalys.demo") / "data" / "keys" / "lan.csv"))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["county_code"]
            # the län's full name and Kolada's "Region X"; never the short name alone, which
            # is also a kommun's ("Stockholm", "Uppsala", "Örebro", "Gotland" …)
            names.setdefault(row["county_name"].casefold(), code)
            for name in (row["county_name"], row["county_name_short"]):
                names.setdefault(f"region {name}".casefold(), code)
    return names


def regional_areas(codes: Iterable[str]) -> list[Area]:
    """Areas for the codes among ``codes`` that are riket or a län (others left out)."""
    areas: list[Area] = []
    for code in dict.fromkeys(c for c in map(regional_code, codes) if c is not None):
        if code == RIKET:
            areas.append(Area(RIKET, RIKET_NAME, Level.RIKET, Division.KOMMUN))
        else:
            areas.append(Area(code, lan_names()[code], Level.LAN, Division.KOMMUN, RIKET))
    return areas


def lan_of(code: str) -> str:
    """The län a kommun, RegSO or DeSO code lies in: its first two digits."""
    return code[:2]


@cache
def lan_names() -> dict[str, str]:
    """The 21 län: county code → name (SCB's list, shipped with the package, CC0)."""
    path = Path(str(resources.files("kommunanalys.demo") / "data" / "keys" / "lan.csv"))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["county_code"]: row["county_name"] for row in csv.DictReader(handle)}
