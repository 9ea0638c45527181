"""Read a committee's goal file (TOML) into a :class:`GoalBook`, or say exactly what is wrong.

The format is documented in ``docs/goals.md``; the demo's file is
``kommunanalys/goals/data/socialnamnden.toml``. Every problem names the file and the place
in it (``objectives[3].grade``) and is collected, so that one run lists all of them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kommunanalys import toml_text
from kommunanalys.goals.consistency import check_targets
from kommunanalys.goals.grading import GradeRule
from kommunanalys.goals.model import (
    Assignment,
    AssignmentStatus,
    Committee,
    Direction,
    GoalArea,
    GoalBook,
    GoalIndicator,
    GoalValue,
    Grade,
    Objective,
    Period,
    Plan,
    Target,
    TransitionRow,
    Unit,
)
from kommunanalys.sources.numbers import parse_number

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class GoalFileError(ValueError):
    """The goal file cannot be loaded; ``problems`` lists every place that is wrong."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} fel i målfilen:\n{listed}")


def read_goal_file(path: str | Path) -> GoalBook:
    """Parse and validate ``path``; raise :class:`GoalFileError` naming every problem."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise GoalFileError(name, [f"kan inte läsas: {exc.strerror or exc}"]) from exc
    try:
        data = toml_text.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise GoalFileError(name, [f"är inte UTF-8 (byte {exc.start})"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise GoalFileError(name, [f"är inte giltig TOML: {exc}"]) from exc
    return parse_goal_data(data, name)


def parse_goal_data(data: Mapping[str, Any], name: str = "<målfil>") -> GoalBook:
    reader = _Reader(name)
    book = reader.book(data)
    if reader.problems:
        raise GoalFileError(name, reader.problems)
    return book


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []

    # -- field helpers -------------------------------------------------------------------
    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, row: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = row.get(key)
        if value is None:
            if required:
                self.fail(f"{where}.{key}", "saknas")
            return ""
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", f"ska vara text, inte {value!r}")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(f"{where}.{key}", "är tom")
        return value

    def slug(self, row: Mapping[str, Any], key: str, where: str) -> str:
        value = self.text(row, key, where)
        if value and not SLUG.match(value):
            self.fail(f"{where}.{key}", f"'{value}' ska vara gemena a–z, 0–9, - eller _")
        return value

    def year(self, row: Mapping[str, Any], where: str, key: str = "year") -> int:
        value = row.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
            self.fail(f"{where}.{key}", f"ska vara ett årtal 1990–2100, inte {value!r}")
            return 0
        return value

    def number(
        self, row: Mapping[str, Any], key: str, where: str, *, required: bool = True
    ) -> float | None:
        value = row.get(key)
        if value is None:
            if required:
                self.fail(f"{where}.{key}", "saknas")
            return None
        try:
            return parse_number(value)
        except ValueError as exc:
            self.fail(f"{where}.{key}", str(exc))
            return None

    def choice(
        self, row: Mapping[str, Any], key: str, where: str, parse: Callable[[str], Any]
    ) -> Any:
        value = self.text(row, key, where)
        if not value:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.fail(f"{where}.{key}", str(exc))
            return None

    def rows(self, data: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            self.fail(key, "ska vara en lista av tabeller ([[" + key + "]])")
            return []
        return [(f"{key}[{i}]", row) for i, row in enumerate(value)]

    # -- sections ------------------------------------------------------------------------
    def book(self, data: Mapping[str, Any]) -> GoalBook:
        if data.get("format") != 1:
            self.fail("format", f"ska vara 1, inte {data.get('format')!r}")
        head = data.get("committee")
        if not isinstance(head, dict):
            self.fail("committee", "saknas ([committee] med id, name, kommun)")
            head = {}
        committee = Committee(
            self.slug(head, "id", "committee"),
            self.text(head, "name", "committee"),
            self.text(head, "kommun", "committee"),
        )
        cid = committee.id
        units = self.units(data, cid)
        unit_ids = {u.id for u in units}
        indicators, targets, values = self.indicators(data, cid, unit_ids)
        indicator_ids = {i.id for i in indicators}
        plans = tuple(
            Plan(
                cid,
                self.year(r, w),
                self.text(r, "title", w),
                self.text(r, "summary", w, required=False),
            )
            for w, r in self.rows(data, "plans")
        )
        areas = tuple(
            GoalArea(
                cid,
                self.year(r, w),
                self.text(r, "name", w),
                self.text(r, "summary", w, required=False),
                i,
            )
            for i, (w, r) in enumerate(self.rows(data, "goal_areas"))
        )
        objectives = self.objectives(data, cid, indicator_ids, areas)
        objective_ids = {o.id for o in objectives}
        assignments = self.assignments(data, cid, objective_ids)
        transition = []
        for i, (w, r) in enumerate(self.rows(data, "transition")):
            indicator = self.text(r, "indicator", w)
            if indicator and indicator not in indicator_ids:
                self.fail(f"{w}.indicator", f"'{indicator}' finns inte bland indicators")
            transition.append(
                TransitionRow(
                    cid,
                    i,
                    self.text(r, "outcome", w),
                    indicator,
                    self.text(r, "note", w, required=False),
                )
            )
        plan_years = {p.year for p in plans}
        for o in objectives:
            if plan_years and o.year not in plan_years:
                self.fail(f"objectives '{o.id}'", f"år {o.year} har ingen [[plans]]-rad")
        grading = tuple(dict(r) for _, r in self.rows(data, "grading"))
        if grading:
            try:
                GradeRule.from_rows(list(grading))
            except ValueError as exc:
                self.fail("grading", str(exc))
        by_id = {i.id: i for i in indicators}
        warnings = check_targets(by_id, targets, values)
        return GoalBook(
            committee,
            units,
            indicators,
            targets,
            values,
            plans,
            areas,
            objectives,
            assignments,
            tuple(transition),
            tuple(warnings),
            grading,
        )

    def units(self, data: Mapping[str, Any], cid: str) -> tuple[Unit, ...]:
        units: list[Unit] = []
        seen: set[str] = set()
        for w, r in self.rows(data, "units"):
            unit = Unit(self.slug(r, "id", w), cid, self.text(r, "name", w))
            if unit.id in seen:
                self.fail(f"{w}.id", f"'{unit.id}' finns redan")
            seen.add(unit.id)
            units.append(unit)
        return tuple(units)

    def indicators(
        self, data: Mapping[str, Any], cid: str, unit_ids: set[str]
    ) -> tuple[tuple[GoalIndicator, ...], tuple[Target, ...], tuple[GoalValue, ...]]:
        indicators: list[GoalIndicator] = []
        targets: list[Target] = []
        values: list[GoalValue] = []
        seen: set[str] = set()
        for w, r in self.rows(data, "indicators"):
            ind = GoalIndicator(
                id=self.slug(r, "id", w),
                committee=cid,
                name=self.text(r, "name", w),
                unit=self.text(r, "unit", w),
                direction=self.choice(r, "direction", w, _direction) or Direction.INCREASE,
                decimals=int(r.get("decimals", 0)) if isinstance(r.get("decimals", 0), int) else 0,
                kolada_id=self.text(r, "kolada_id", w, required=False),
                source=self.text(r, "source", w, required=False),
                production=self.text(r, "production", w, required=False),
                responsible_unit=self.text(r, "responsible_unit", w, required=False),
                footnote=self.text(r, "footnote", w, required=False),
                area_indicator=self.text(r, "area_indicator", w, required=False),
            )
            if ind.id in seen:
                self.fail(f"{w}.id", f"'{ind.id}' finns redan")
            seen.add(ind.id)
            if ind.responsible_unit and ind.responsible_unit not in unit_ids:
                self.fail(
                    f"{w}.responsible_unit", f"'{ind.responsible_unit}' finns inte bland units"
                )
            indicators.append(ind)
            keys: set[tuple[int, str]] = set()
            for j, v in enumerate(_list(r.get("values"))):
                vw = f"{w}.values[{j}]"
                period = self.choice(v, "period", vw, Period.parse) or ""
                year = self.year(v, vw)
                if (year, period) in keys:
                    self.fail(vw, f"{period} {year} finns redan för '{ind.id}'")
                keys.add((year, period))
                values.append(
                    GoalValue(
                        ind.id,
                        year,
                        period,
                        self.number(v, "value", vw),
                        self.number(v, "numerator", vw, required=False),
                        self.number(v, "denominator", vw, required=False),
                        self.text(v, "analysis", vw, required=False),
                    )
                )
            for j, t in enumerate(_list(r.get("targets"))):
                tw = f"{w}.targets[{j}]"
                targets.append(self.target(ind.id, t, tw, "etappmal"))
            goal = r.get("goal_value")
            if isinstance(goal, dict):
                targets.append(self.target(ind.id, goal, f"{w}.goal_value", "malvarde"))
            base = r.get("baseline")
            if isinstance(base, dict):
                targets.append(self.target(ind.id, base, f"{w}.baseline", "baslinje"))
        return tuple(indicators), tuple(targets), tuple(values)

    def target(self, indicator: str, row: Mapping[str, Any], where: str, kind: str) -> Target:
        low = self.number(row, "low", where, required=False)
        high = self.number(row, "high", where, required=False)
        value = self.number(row, "value", where, required=low is None or high is None)
        return Target(indicator, self.year(row, where), kind, value, low, high)

    def objectives(
        self,
        data: Mapping[str, Any],
        cid: str,
        indicator_ids: set[str],
        areas: tuple[GoalArea, ...],
    ) -> tuple[Objective, ...]:
        known_areas = {(a.year, a.name) for a in areas}
        objectives: list[Objective] = []
        seen: set[tuple[str, int]] = set()
        for i, (w, r) in enumerate(self.rows(data, "objectives")):
            ids = tuple(_list(r.get("indicators")))
            for j, ind in enumerate(ids):
                if ind not in indicator_ids:
                    self.fail(f"{w}.indicators[{j}]", f"'{ind}' finns inte bland indicators")
            obj = Objective(
                id=self.slug(r, "id", w),
                committee=cid,
                year=self.year(r, w),
                goal_area=self.text(r, "goal_area", w),
                council_goal=self.text(r, "council_goal", w),
                name=self.text(r, "name", w),
                indicators=ids,
                grade=self.choice(r, "grade", w, _grade) if r.get("grade") else None,
                motivation=self.text(r, "motivation", w, required=False),
                analysis=self.text(r, "analysis", w, required=False),
                work_done=self.text(r, "work_done", w, required=False),
                graded_by=self.text(r, "graded_by", w, required=False)
                or ("nämnden" if r.get("grade") else ""),
                position=i,
            )
            if (obj.id, obj.year) in seen:
                self.fail(f"{w}.id", f"'{obj.id}' finns redan för {obj.year}")
            seen.add((obj.id, obj.year))
            if known_areas and (obj.year, obj.goal_area) not in known_areas:
                self.fail(
                    f"{w}.goal_area", f"'{obj.goal_area}' finns inte bland goal_areas {obj.year}"
                )
            objectives.append(obj)
        return tuple(objectives)

    def assignments(
        self, data: Mapping[str, Any], cid: str, objective_ids: set[str]
    ) -> tuple[Assignment, ...]:
        out: list[Assignment] = []
        for i, (w, r) in enumerate(self.rows(data, "assignments")):
            objective = self.text(r, "objective", w, required=False)
            if objective and objective not in objective_ids:
                self.fail(f"{w}.objective", f"'{objective}' finns inte bland objectives")
            deadline = self.text(r, "deadline", w, required=False)
            if deadline and not re.match(r"^\d{4}-\d{2}-\d{2}$", deadline):
                self.fail(f"{w}.deadline", f"'{deadline}' ska skrivas ÅÅÅÅ-MM-DD")
            out.append(
                Assignment(
                    i + 1,
                    cid,
                    self.year(r, w),
                    objective,
                    self.text(r, "origin", w),
                    self.text(r, "text", w),
                    self.choice(r, "status", w, _assignment_status) or AssignmentStatus.ONGOING,
                    self.text(r, "comment", w, required=False),
                    deadline,
                )
            )
        return tuple(out)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _direction(text: str) -> Direction:
    try:
        return Direction.parse(text)
    except ValueError:
        raise ValueError(f"'{text}' är ingen riktning; välj {Direction.words()}") from None


def _grade(text: str) -> Grade:
    try:
        return Grade.parse(text)
    except ValueError:
        raise ValueError(f"'{text}' är ingen bedömning; välj {Grade.words()}") from None


def _assignment_status(text: str) -> AssignmentStatus:
    try:
        return AssignmentStatus.parse(text)
    except ValueError:
        raise ValueError(f"'{text}' är ingen status; välj {AssignmentStatus.words()}") from None
