"""Read an effect logic file (TOML) into an :class:`EffectLogic`, or say exactly what is wrong.

The format is documented in ``docs/effect-logic.md``; the demo's file is
``kommunanalys/demo/data/effektlogik/skogas.toml``. Every problem is a coded error naming the
file, the line and the key (``utfall[1].post[3].riktning``), and all of them are collected, so
that one run lists every problem; nothing is loaded unless the whole file is right.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kommunanalys import toml_text
from kommunanalys.effect.model import (
    Delivery,
    EffectCode,
    EffectLogic,
    Frequency,
    GridColumn,
    Intervention,
    InterventionStatus,
    Item,
    Outcome,
    OwnerKind,
    PreventionLevel,
    Project,
    SourceInfo,
    TargetGender,
    WantedDirection,
    valid_ages,
)
from kommunanalys.effect.toml_lines import key_lines, line_of
from kommunanalys.errors import ErrorCode, KommunanalysError, echoed

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the owner that stands for the kommun as a whole (any other owner is a project's id)
KOMMUN_OWNER = "kommun"
_C = TypeVar("_C", bound=EffectCode)

_KEYS = {
    "": {"format", "projekt", "utfall", "kalla"},
    "projekt": {"id", "namn", "omrade", "mal"},
    "utfall": {"id", "namn", "agare", "beskrivning", "post"},
    "post": {"niva", "kolumn", "text", "riktning", "indikatorer", "data"},
    "kalla": {"indikator", "system", "frekvens", "leverans", "ansvarig"},
    "insatser": {"format", "insats"},
    "insats": {
        "id",
        "namn",
        "beskrivning",
        "omraden",
        "malgrupp",
        "alder",
        "kon",
        "niva",
        "start",
        "slut",
        "ansvarig",
        "kostnad",
        "poster",
        "indikatorer",
        "status",
    },
}


class EffectLogicFileError(KommunanalysError, ValueError):
    """The file cannot be loaded; ``problems`` lists every problem (coded errors). ``code``
    names the kind of file (an effect logic file, or an interventions file)."""

    def __init__(
        self,
        file: str,
        problems: list[KommunanalysError],
        code: ErrorCode = ErrorCode.EFFECT_FILE_INVALID,
    ) -> None:
        super().__init__(code, file=file, count=str(len(problems)))
        self.problems = problems

    def report(self) -> str:
        """The message and every problem, one a line (the CLI's text)."""
        return "\n".join([str(self), *(f"  - {p}" for p in self.problems)])


def read_logic_file(
    path: str | Path, indicators: Collection[str], areas: Collection[str]
) -> EffectLogic:
    """Parse and validate ``path`` against the catalogue's ``indicators`` and the known
    ``areas``; raise :class:`EffectLogicFileError` naming every problem."""
    return parse_logic_text(_read_text(path), Path(path).name, indicators, areas)


def read_interventions_file(
    path: str | Path, indicators: Collection[str], areas: Collection[str], items: Collection[str]
) -> tuple[Intervention, ...]:
    """An interventions file (``[[insats]]``), validated against the catalogue's
    ``indicators``, the known ``areas`` and the loaded effect logic's ``items``
    (``outcome:number``); raise :class:`EffectLogicFileError` naming every problem."""
    try:
        text = _read_text(path)
    except EffectLogicFileError as exc:
        raise _as_interventions(exc) from exc
    return parse_interventions_text(text, Path(path).name, indicators, areas, items)


def _as_interventions(error: EffectLogicFileError) -> EffectLogicFileError:
    """``error`` with the headline of an interventions file."""
    return EffectLogicFileError(
        error.values["file"], error.problems, ErrorCode.INTERVENTIONS_FILE_INVALID
    )


def _read_text(path: str | Path) -> str:
    name = Path(path).name
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        problem = KommunanalysError(
            ErrorCode.EFFECT_FILE_UNREADABLE, file=name, reason=exc.strerror or str(exc)
        )
        raise EffectLogicFileError(name, [problem]) from exc
    except UnicodeDecodeError as exc:
        problem = KommunanalysError(
            ErrorCode.EFFECT_FILE_UNREADABLE, file=name, reason=f"inte UTF-8 (byte {exc.start})"
        )
        raise EffectLogicFileError(name, [problem]) from exc


#: where tomllib puts the place of a syntax error in its message
_TOML_PLACE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


def _toml(text: str, name: str) -> dict[str, Any]:
    try:
        return toml_text.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # the place as every other problem of the file gives it: file, line (and column)
        message = str(exc)
        place = _TOML_PLACE.search(message)
        reason = message[: place.start()] if place else message
        line = place.group(1) if place and place.group(1) else str(text.count("\n") + 1)
        column = place.group(2) if place and place.group(2) else "1"
        problem = KommunanalysError(
            ErrorCode.EFFECT_FILE_BAD_TOML, file=name, line=line, column=column, reason=reason
        )
        raise EffectLogicFileError(name, [problem]) from exc


def parse_logic_text(
    text: str, name: str, indicators: Collection[str], areas: Collection[str]
) -> EffectLogic:
    data = _toml(text, name)
    reader = _Reader(name, key_lines(text), set(indicators), set(areas))
    logic = reader.logic(data)
    if reader.problems:
        raise EffectLogicFileError(name, reader.problems)
    return logic


def parse_interventions_text(
    text: str,
    name: str,
    indicators: Collection[str],
    areas: Collection[str],
    items: Collection[str],
) -> tuple[Intervention, ...]:
    try:
        data = _toml(text, name)
    except EffectLogicFileError as exc:
        raise _as_interventions(exc) from exc
    reader = _Reader(name, key_lines(text), set(indicators), set(areas))
    found = reader.interventions(data, set(items))
    if reader.problems:
        raise EffectLogicFileError(name, reader.problems, ErrorCode.INTERVENTIONS_FILE_INVALID)
    return found


class _Reader:
    def __init__(
        self, name: str, lines: dict[str, int], indicators: set[str], areas: set[str]
    ) -> None:
        self.name = name
        self.lines = lines
        self.indicators = indicators
        self.areas = areas
        self.problems: list[KommunanalysError] = []

    def fail(self, where: str, code: ErrorCode, *, v: str | None = None, **values: str) -> None:
        """A problem at ``where`` (its line found in the file); ``v``, what the file wrote
        there, repeated as every message repeats a user's input (its beginning, when long)."""
        line = str(line_of(self.lines, where))
        if v is not None:
            values["v"] = echoed(v)
        self.problems.append(
            KommunanalysError(code, file=self.name, line=line, key=where, **values)
        )

    # -- fields --------------------------------------------------------------------------
    def text(self, row: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = row.get(key)
        if value is None:
            if required:
                self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_MISSING)
            return ""
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_NOT_TEXT, v=repr(value))
            return ""
        value = value.strip()
        if required and not value:
            self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_MISSING)
        return value

    def slug(self, row: Mapping[str, Any], key: str, where: str) -> str:
        value = self.text(row, key, where)
        if value and not SLUG.match(value):
            self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_BAD_ID, v=value)
        return value

    def texts(self, row: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = row.get(key, [])
        if not isinstance(value, list):
            self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_NOT_LIST)
            return ()
        out = []
        for v in value:
            if not isinstance(v, str) or not v.strip():
                self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_NOT_TEXT, v=repr(v))
                continue
            out.append(v.strip())
        return tuple(out)

    def choice(
        self,
        row: Mapping[str, Any],
        key: str,
        where: str,
        codes: type[_C],
        *,
        required: bool = True,
    ) -> _C | None:
        value = self.text(row, key, where, required=required)
        if not value:
            return None
        try:
            return codes.parse(value)
        except ValueError:
            self.fail(
                f"{where}.{key}", ErrorCode.EFFECT_KEY_BAD_CHOICE, v=value, choices=codes.words()
            )
            return None

    def tables(
        self, data: Mapping[str, Any], key: str, where: str = ""
    ) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key, [])
        path = f"{where}.{key}" if where else key
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            self.fail(path, ErrorCode.EFFECT_KEY_NOT_LIST)
            return []
        rows = [(f"{path}[{i}]", r) for i, r in enumerate(value)]
        for w, r in rows:
            self.unknown(r, key, w)
        return rows

    def unknown(self, row: Mapping[str, Any], kind: str, where: str) -> None:
        for key in sorted(set(row) - _KEYS[kind]):
            self.fail(f"{where}.{key}" if where else key, ErrorCode.EFFECT_KEY_UNKNOWN)

    def unique(self, seen: set[str], value: str, where: str) -> None:
        if value in seen:
            self.fail(where, ErrorCode.EFFECT_KEY_DUPLICATE, v=value)
        seen.add(value)

    # -- sections ------------------------------------------------------------------------
    def logic(self, data: Mapping[str, Any]) -> EffectLogic:
        self.unknown(data, "", "")
        if data.get("format") != 1:
            self.fail(
                "format", ErrorCode.EFFECT_KEY_BAD_CHOICE, v=repr(data.get("format")), choices="1"
            )
        projects = self.projects(data)
        outcomes = self.outcomes(data, {p.id for p in projects})
        if not data.get("utfall"):
            self.fail("utfall", ErrorCode.EFFECT_KEY_MISSING)
        return EffectLogic(tuple(projects), tuple(outcomes), tuple(self.sources(data)))

    def projects(self, data: Mapping[str, Any]) -> list[Project]:
        out, seen = [], set[str]()
        for w, r in self.tables(data, "projekt"):
            pid = self.slug(r, "id", w)
            self.unique(seen, pid, f"{w}.id")
            area = self.text(r, "omrade", w)
            if area and area not in self.areas:
                self.fail(f"{w}.omrade", ErrorCode.EFFECT_UNKNOWN_AREA, v=area)
            out.append(Project(pid, self.text(r, "namn", w), area, self.texts(r, "mal", w)))
        return out

    def outcomes(self, data: Mapping[str, Any], projects: set[str]) -> list[Outcome]:
        out, seen = [], set[str]()
        for i, (w, r) in enumerate(self.tables(data, "utfall")):
            oid = self.slug(r, "id", w)
            self.unique(seen, oid, f"{w}.id")
            owner = self.text(r, "agare", w)
            if owner and owner != KOMMUN_OWNER and owner not in projects:
                self.fail(f"{w}.agare", ErrorCode.EFFECT_UNKNOWN_PROJECT, v=owner)
            kind = OwnerKind.KOMMUN if owner == KOMMUN_OWNER else OwnerKind.PROJECT
            items = [
                self.item(oid, n, pw, p)
                for n, (pw, p) in enumerate(self.tables(r, "post", w), start=1)
            ]
            out.append(
                Outcome(
                    oid,
                    self.text(r, "namn", w),
                    kind,
                    owner,
                    self.text(r, "beskrivning", w, required=False),
                    i,
                    tuple(x for x in items if x is not None),
                )
            )
        return out

    def item(self, outcome: str, number: int, w: str, r: Mapping[str, Any]) -> Item | None:
        level = self.choice(r, "niva", w, PreventionLevel)
        column = self.choice(r, "kolumn", w, GridColumn)
        direction = self.choice(r, "riktning", w, WantedDirection)
        text = self.text(r, "text", w)
        indicators = self.texts(r, "indikatorer", w)
        for ind in indicators:
            if ind not in self.indicators:
                self.fail(f"{w}.indikatorer", ErrorCode.EFFECT_UNKNOWN_INDICATOR, v=ind)
        need = self.text(r, "data", w, required=False)
        if level is None or column is None or direction is None:
            return None
        return Item(outcome, number, level, column, text, direction, indicators, need)

    def date(self, row: Mapping[str, Any], key: str, where: str) -> str:
        value = row.get(key)
        if value is None:
            return ""
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if isinstance(value, dt.datetime) or not DATE.match(text):
            self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_BAD_DATE, v=text)
            return ""
        return text

    def ages(self, row: Mapping[str, Any], where: str) -> str:
        text = self.text(row, "alder", where, required=False)
        if not valid_ages(text):
            self.fail(f"{where}.alder", ErrorCode.EFFECT_KEY_BAD_AGES, v=text)
            return ""
        return text

    def amount(self, row: Mapping[str, Any], key: str, where: str) -> float | None:
        value = row.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            self.fail(f"{where}.{key}", ErrorCode.EFFECT_KEY_NOT_NUMBER, v=repr(value))
            return None
        return float(value)

    def interventions(self, data: Mapping[str, Any], items: set[str]) -> tuple[Intervention, ...]:
        self.unknown(data, "insatser", "")
        if data.get("format") != 1:
            self.fail(
                "format", ErrorCode.EFFECT_KEY_BAD_CHOICE, v=repr(data.get("format")), choices="1"
            )
        if not data.get("insats"):
            self.fail("insats", ErrorCode.EFFECT_KEY_MISSING)
        out, seen = [], set[str]()
        for w, r in self.tables(data, "insats"):
            iid = self.slug(r, "id", w)
            self.unique(seen, iid, f"{w}.id")
            areas = self.texts(r, "omraden", w)
            for area in areas:
                if area not in self.areas:
                    self.fail(f"{w}.omraden", ErrorCode.EFFECT_UNKNOWN_AREA, v=area)
            linked = self.texts(r, "poster", w)
            for item in linked:
                if item not in items:
                    self.fail(f"{w}.poster", ErrorCode.EFFECT_UNKNOWN_ITEM, v=item)
            indicators = self.texts(r, "indikatorer", w)
            for ind in indicators:
                if ind not in self.indicators:
                    self.fail(f"{w}.indikatorer", ErrorCode.EFFECT_UNKNOWN_INDICATOR, v=ind)
            start, end = self.date(r, "start", w), self.date(r, "slut", w)
            if start and end and end < start:
                self.fail(f"{w}.slut", ErrorCode.EFFECT_KEY_BAD_DATE, v=end)
            out.append(
                Intervention(
                    id=iid,
                    name=self.text(r, "namn", w),
                    description=self.text(r, "beskrivning", w, required=False),
                    areas=areas,
                    target_group=self.text(r, "malgrupp", w, required=False),
                    ages=self.ages(r, w),
                    gender=self.choice(r, "kon", w, TargetGender, required=False),
                    level=self.choice(r, "niva", w, PreventionLevel, required=False),
                    start=start,
                    end=end,
                    responsible=self.text(r, "ansvarig", w, required=False),
                    cost=self.amount(r, "kostnad", w),
                    items=linked,
                    indicators=indicators,
                    status=self.choice(r, "status", w, InterventionStatus, required=False)
                    or InterventionStatus.PLANNED,
                )
            )
        return tuple(out)

    def sources(self, data: Mapping[str, Any]) -> list[SourceInfo]:
        out, seen = [], set[str]()
        for w, r in self.tables(data, "kalla"):
            ind = self.text(r, "indikator", w)
            self.unique(seen, ind, f"{w}.indikator")
            if ind and ind not in self.indicators:
                self.fail(f"{w}.indikator", ErrorCode.EFFECT_UNKNOWN_INDICATOR, v=ind)
            out.append(
                SourceInfo(
                    ind,
                    self.text(r, "system", w, required=False),
                    self.choice(r, "frekvens", w, Frequency, required=False),
                    self.choice(r, "leverans", w, Delivery, required=False),
                    self.text(r, "ansvarig", w, required=False),
                )
            )
        return out
