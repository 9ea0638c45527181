"""Map cells of an SCB export onto catalogue indicators and areas.

A :class:`ColumnRule` says which columns (by their header labels, year removed) feed an
indicator; several label sets are summed (e.g. the two "eftergymnasial" columns). Regions are
resolved to area codes of the municipality, in the vintage that SCB used for the cell's year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kommunanalys.catalog.areas import division_for
from kommunanalys.catalog.regions import RIKET, regional_code_of_label
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.model import Gender, Level, Observation
from kommunanalys.sources.grid import column_letter
from kommunanalys.sources.scb.export import YEAR, ScbCell, ScbTable

_CODE = re.compile(r"^(\d{4}(?:[A-C]\d{4}|R\d{3}))(?:_([A-Za-z]+)(\d{4}))?$")
_NAMED = re.compile(r"^(?P<kommun>[^()]+) \((?P<name>[^()]+)\)$")


class MappingError(KommunanalysError, ValueError):
    """A cell that cannot be placed: a code, the file's ``name``, ``row`` and ``column``."""


@dataclass(frozen=True)
class ColumnRule:
    indicator: str
    columns: tuple[frozenset[str], ...]
    gender: Gender = Gender.TOTAL
    subtract: tuple[frozenset[str], ...] = ()

    @classmethod
    def of(
        cls,
        indicator: str,
        *columns: tuple[str, ...],
        minus: tuple[tuple[str, ...], ...] = (),
        gender: Gender = Gender.TOTAL,
    ) -> ColumnRule:
        """``indicator`` = sum of ``columns`` (label sets) minus the ``minus`` columns."""
        return cls(indicator, _keys(columns), gender, _keys(minus))


def column_key(cell: ScbCell) -> frozenset[str]:
    """The cell's header labels without the year, normalised."""
    labels = (_norm(YEAR.sub("", label)) for label in cell.labels)
    return frozenset(label for label in labels if label)


@dataclass(frozen=True)
class RegionResolver:
    """Resolves SCB region texts to ``(code, level)`` within one municipality."""

    kommun: str
    kommun_name: str
    regso_by_name: Mapping[str, str]

    def resolve(self, region: str) -> tuple[str, Level] | None:
        match = _CODE.match(region)
        if match:
            code = match.group(1)
            if not code.startswith(self.kommun):
                return None
            return code, Level.REGSO if "R" in code[4:5] else Level.DESO
        named = _NAMED.match(region)
        if named:
            if named.group("kommun").strip() != self.kommun_name:
                return None
            code = self.regso_by_name.get(named.group("name").strip())
            return (code, Level.REGSO) if code else None
        if region.split(" ", 1)[0] == self.kommun:
            return self.kommun, Level.KOMMUN
        regional = regional_code_of_label(region)  # "00 Riket", "01 Stockholms län"
        if regional is not None:
            return regional, Level.RIKET if regional == RIKET else Level.LAN
        return None


def to_observations(
    table: ScbTable,
    rules: Iterable[ColumnRule],
    resolver: RegionResolver,
    *,
    source: str,
) -> list[Observation]:
    """Observations for every rule, region of the municipality and year in ``table``."""
    by_place: dict[tuple[str, str, frozenset[str]], ScbCell] = {}
    # a table has few distinct label sets (columns × stub values): year and key once per set
    keyed: dict[tuple[str, ...], tuple[str | None, frozenset[str]]] = {}
    for cell in table.cells:
        known = keyed.get(cell.labels)
        if known is None:
            known = keyed[cell.labels] = (cell.year, column_key(cell))
        year, key = known
        if year is None:
            raise MappingError(
                ErrorCode.MAPPING_NO_YEAR,
                name=table.file,
                row=cell.row,
                column=column_letter(cell.column - 1),  # as the reader's errors name columns
            )
        by_place[(cell.region, year, key)] = cell
    places = sorted({(region, year) for region, year, _ in by_place})
    observations: list[Observation] = []
    resolved_places = [
        (region, year, resolved)
        for region, year in places
        if (resolved := resolver.resolve(region)) is not None
    ]
    for rule in rules:
        for region, year, (code, level) in resolved_places:
            parts = [by_place.get((region, year, key)) for key in rule.columns]
            minus = [by_place.get((region, year, key)) for key in rule.subtract]
            if any(part is None for part in (*parts, *minus)):
                continue
            statuses = [p.status for p in (*parts, *minus) if p is not None and p.status]
            value = None
            if not statuses:
                value = sum(p.value or 0.0 for p in parts if p is not None) - sum(
                    p.value or 0.0 for p in minus if p is not None
                )
            observations.append(
                Observation(
                    indicator=rule.indicator,
                    area=code,
                    division=division_for(level, int(year)),
                    period=year,
                    value=value,
                    gender=rule.gender,
                    status=statuses[0] if statuses else None,
                    source=source,
                )
            )
    return observations


def _keys(columns: tuple[tuple[str, ...], ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(_norm(x) for x in c) for c in columns)


def _norm(label: str) -> str:
    return " ".join(label.split()).lower()
