"""Custom areas: an analyst's own area made of DeSO ("Skogås" = the DeSO of Skogås västra and
östra), with a profile like any other area and values summed from the counts of its DeSO.

A custom area is defined on the current division (DeSO 2025; a RegSO code stands for all its
DeSO). It gets the same area in the DeSO 2018 division only where SCB's change log maps its
DeSO back exactly (every 2018 DeSO that gave land to it gave land to it alone): then its
series reaches back before the 2025 redraw; otherwise it starts in 2024, and the profile says
so. Counts are summed in :mod:`kommunanalys.derive`, shares computed from the summed counts,
and the disclosure plan protects a custom area like a RegSO (it is one more margin).

Definitions come from a TOML file (``kommunanalys area load``), the CLI (``area add``) or the
analysts' page ``/omraden/egna``::

    [[omrade]]
    kod = "skogas"
    namn = "Skogås"
    regso = ["0126R014", "0126R015"]   # and/or
    deso = ["0126C1020"]
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kommunanalys import toml_text
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.i18n.catalogue import N_
from kommunanalys.i18n.text import Text
from kommunanalys.model import Area, AreaChange, Division, Level

#: A custom area's code: lower-case letters, digits and dashes, so that it never looks like an
#: SCB code (which are upper-case) and reads well in a URL.
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
Members = Mapping[tuple[str, Division], Sequence[tuple[str, Division]]]


class CustomAreaError(KommunanalysError, ValueError):
    """A definition that cannot be used: a code, ``where`` (the file and the [[omrade]]'s
    number, or nothing) and the values of its message."""


@dataclass(frozen=True)
class CustomAreaDefinition:
    code: str
    name: str
    deso: tuple[str, ...] = ()
    regso: tuple[str, ...] = ()
    #: "file, område 2: " before a message, or nothing for a definition not from a file
    where: Text | str = field(default="", compare=False)


@dataclass(frozen=True)
class CustomArea:
    """A resolved definition: its area rows (one per vintage it exists in) and members."""

    areas: tuple[Area, ...]
    members: dict[tuple[str, Division], tuple[tuple[str, Division], ...]]

    @property
    def code(self) -> str:
        return self.areas[0].code

    @property
    def name(self) -> str:
        return self.areas[0].name

    def deso(self, division: Division) -> tuple[str, ...]:
        return tuple(code for code, _ in self.members.get((self.code, division), ()))


def resolve(
    definition: CustomAreaDefinition, areas: Iterable[Area], changes: Iterable[AreaChange]
) -> CustomArea:
    """Check ``definition`` against the area catalogue and work out its members per vintage."""
    where = definition.where
    code, name = definition.code.strip(), definition.name.strip()
    if not CODE_PATTERN.match(code):
        raise CustomAreaError(ErrorCode.CUSTOM_AREA_BAD_CODE, where=where, v=definition.code)
    if not name:
        raise CustomAreaError(ErrorCode.CUSTOM_AREA_NO_NAME, where=where, v=code)
    areas = list(areas)
    by_code = {(a.code, a.division): a for a in areas}
    if any(a.code == code and a.level is not Level.CUSTOM for a in areas):
        raise CustomAreaError(ErrorCode.CUSTOM_AREA_CODE_TAKEN, where=where, v=code)
    deso25: set[str] = set()
    for deso in definition.deso:
        if (deso, Division.DESO2025) not in by_code:
            raise CustomAreaError(ErrorCode.CUSTOM_AREA_UNKNOWN_DESO, where=where, v=deso)
        deso25.add(deso)
    for regso in definition.regso:
        if (regso, Division.REGSO2025) not in by_code:
            raise CustomAreaError(ErrorCode.CUSTOM_AREA_UNKNOWN_REGSO, where=where, v=regso)
        deso25.update(
            a.code for a in areas if a.division is Division.DESO2025 and a.parent == regso
        )
    if not deso25:
        raise CustomAreaError(ErrorCode.CUSTOM_AREA_NO_DESO, where=where, v=code)
    kommun = next((a.kommun for a in areas if a.division is Division.DESO2025), None)
    members = {(code, Division.DESO2025): tuple((d, Division.DESO2025) for d in sorted(deso25))}
    rows = [Area(code, name, Level.CUSTOM, Division.DESO2025, None, kommun, None)]
    old = deso2018_preimage(deso25, [a for a in areas if a.division is Division.DESO2018], changes)
    if old is not None:
        members[(code, Division.DESO2018)] = tuple((d, Division.DESO2018) for d in sorted(old))
        rows.append(Area(code, name, Level.CUSTOM, Division.DESO2018, None, kommun, None))
    return CustomArea(tuple(rows), members)


def deso2018_preimage(
    deso25: set[str], deso18: Iterable[Area], changes: Iterable[AreaChange]
) -> set[str] | None:
    """The DeSO 2018 that make up exactly the same land as ``deso25``, or None if none do.

    Unchanged DeSO map to themselves; for changed ones the change log's from → to pairs say
    where land went. The set is exact when the 2018 DeSO touching ``deso25`` send land only
    into it, and ``deso25``'s DeSO take land only from them."""
    forward: dict[str, set[str]] = defaultdict(set)
    backward: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        if change.from_division is Division.DESO2018:
            forward[change.from_code].add(change.to_code)
            backward[change.to_code].add(change.from_code)
    existing = {a.code for a in deso18}
    old = set().union(*(backward.get(d, {d}) for d in deso25))
    if not old <= existing:
        return None
    image = set().union(*(forward.get(d, {d}) for d in old))
    return old if image == deso25 else None


def read_definitions(path: Path) -> list[CustomAreaDefinition]:
    """Definitions from a TOML file; errors name the file and the area's place in it."""
    try:
        data = toml_text.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        error = ErrorCode.CUSTOM_AREAS_UNREADABLE
        raise CustomAreaError(error, file=path.name, reason=exc) from exc
    except tomllib.TOMLDecodeError as exc:
        error = ErrorCode.CUSTOM_AREAS_BAD_TOML
        raise CustomAreaError(error, file=path.name, reason=exc) from exc
    entries = data.get("omrade")
    if not isinstance(entries, list) or not entries:
        raise CustomAreaError(ErrorCode.CUSTOM_AREAS_NONE, file=path.name)
    out = []
    for n, entry in enumerate(entries, start=1):
        where = Text.of(N_("%(file)s, område %(n)s: "), file=path.name, n=str(n))
        if not isinstance(entry, dict):
            raise CustomAreaError(ErrorCode.CUSTOM_AREA_NOT_TABLE, where=where)
        unknown = set(entry) - {"kod", "namn", "deso", "regso"}
        if unknown:
            raise CustomAreaError(
                ErrorCode.CUSTOM_AREA_UNKNOWN_KEY, where=where, names=", ".join(sorted(unknown))
            )
        out.append(
            CustomAreaDefinition(
                code=_text(entry, "kod", where),
                name=_text(entry, "namn", where),
                deso=_codes(entry, "deso", where),
                regso=_codes(entry, "regso", where),
                where=where,
            )
        )
    codes = [d.code for d in out]
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    if doubled:
        raise CustomAreaError(
            ErrorCode.CUSTOM_AREA_CODE_TWICE, file=path.name, names=", ".join(doubled)
        )
    return out


def _text(entry: dict[str, object], key: str, where: Text) -> str:
    value = entry.get(key)
    if not isinstance(value, str):
        raise CustomAreaError(ErrorCode.CUSTOM_AREA_KEY_NOT_TEXT, where=where, key=key)
    return value


def _codes(entry: dict[str, object], key: str, where: Text) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CustomAreaError(ErrorCode.CUSTOM_AREA_KEY_NOT_LIST, where=where, key=key)
    return tuple(v.strip() for v in value)


def parse_codes(text: str) -> tuple[str, ...]:
    """Codes typed in a form or on the command line: separated by commas, spaces or lines."""
    return tuple(c for c in re.split(r"[\s,;]+", text.strip()) if c)
