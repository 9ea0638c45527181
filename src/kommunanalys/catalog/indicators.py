"""The indicator catalogue: ``indicators.csv`` shipped in this folder.

Loading validates every row; an error names the file, the row and the column.

Besides the columns in :data:`COLUMNS`, a catalogue file may carry the disclosure-rule
columns in :data:`RULE_COLUMNS` (``protect_zeros``, ``round_to``) and ``complete_count``
(``true`` for a count of the whole population from a register, which gets no confidence
interval). They are optional so that
older files keep loading; a missing or empty cell means "zeros are published" and "no
rounding". The minimum cell size stays in ``min_cell`` (default 5 for sensitive indicators).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.model import DOMAINS, Gender, Indicator, Polarity, Quality, ValueType

COLUMNS = (
    "id",
    "name_sv",
    "name_en",
    "domain",
    "value_type",
    "unit",
    "multiplier",
    "numerator",
    "denominator",
    "weight",
    "view_of",
    "view_gender",
    "polarity",
    "sensitive",
    "min_cell",
    "source_kind",
    "source",
    "kolada_id",
    "quality",
    "by_gender",
    "in_seed",
    "definition",
)
#: Optional columns: the disclosure rule beyond ``min_cell`` (see :class:`DisclosureOptions`).
RULE_COLUMNS = ("protect_zeros", "round_to")
#: Optional: ``true`` for a count of the whole population from a register (no interval).
COMPLETE_COUNT_COLUMN = "complete_count"
SOURCE_KINDS = ("scb", "kolada", "internal")
DEFAULT_MIN_CELL = 5


class CatalogueError(KommunanalysError, ValueError):
    """A catalogue file that cannot be used: a code, and the ``file``, ``row`` and ``column``
    with the values of its message."""


@dataclass(frozen=True)
class DisclosureOptions:
    """The parts of an indicator's disclosure rule that are not on :class:`Indicator`.

    ``protect_zeros``: a zero is suppressed like a small count (for indicators where "nobody
    here" says something about everybody here). ``round_to``: published counts are rounded to
    this base (shares are still computed from the unrounded counts)."""

    protect_zeros: bool = False
    round_to: int | None = None


NO_OPTIONS = DisclosureOptions()


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple[Indicator, ...]
    #: Disclosure options by indicator id; indicators not listed have :data:`NO_OPTIONS`.
    options: Mapping[str, DisclosureOptions] = field(default_factory=dict, compare=False)

    _by_id: dict[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.indicators})

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def get(self, indicator_id: str) -> Indicator | None:
        return self._by_id.get(indicator_id)

    def base(self, indicator: Indicator) -> Indicator:
        """The indicator whose values a view shows (itself when it is not a view)."""
        return self[indicator.view_of] if indicator.view_of else indicator

    def in_domain(self, domain: str) -> list[Indicator]:
        return [i for i in self.indicators if i.domain == domain]

    def disclosure(self, indicator_id: str) -> DisclosureOptions:
        """``protect_zeros`` and ``round_to`` of ``indicator_id`` (defaults when not set)."""
        return self.options.get(indicator_id, NO_OPTIONS)

    def with_options(self, options: Mapping[str, DisclosureOptions]) -> Catalogue:
        """The same indicators with ``options`` (e.g. as stored in a database)."""
        return Catalogue(self.indicators, dict(options))


def default_path() -> Path:
    return Path(str(resources.files("kommunanalys.catalog").joinpath("indicators.csv")))


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    path = Path(path) if path else default_path()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogueError(
                ErrorCode.CATALOGUE_COLUMNS_MISSING, file=path.name, names=", ".join(missing)
            )
        parsed = [_parse(row, path.name, n) for n, row in enumerate(reader, start=2)]
    indicators = tuple(p[0] for p in parsed)
    options = {p[0].id: p[1] for p in parsed if p[1] != NO_OPTIONS}
    catalogue = Catalogue(indicators, options)
    validate(catalogue, path.name)
    return catalogue


def _parse(row: dict[str, str], file: str, line: int) -> tuple[Indicator, DisclosureOptions]:
    def fail(column: str, code: ErrorCode, **values: object) -> CatalogueError:
        return CatalogueError(code, file=file, row=line, column=column, **values)

    def choice(column: str, allowed: tuple[str, ...]) -> str:
        value = (row.get(column) or "").strip()
        if value not in allowed:
            raise fail(column, ErrorCode.CATALOGUE_NOT_ONE_OF, v=value, choices=", ".join(allowed))
        return value

    def flag(column: str) -> bool:
        return choice(column, ("true", "false")) == "true"

    def optional(column: str) -> str | None:
        value = (row.get(column) or "").strip()
        return value or None

    indicator_id = (row.get("id") or "").strip()
    if (
        not indicator_id
        or not indicator_id.replace("_", "").isalnum()
        or not indicator_id.isascii()
    ):
        raise fail("id", ErrorCode.CATALOGUE_BAD_ID, v=indicator_id)
    for required in ("name_sv", "name_en", "unit", "source", "definition"):
        if not (row.get(required) or "").strip():
            raise fail(required, ErrorCode.CATALOGUE_VALUE_MISSING)
    try:
        multiplier = int(row.get("multiplier") or "")
    except ValueError:
        raise fail(
            "multiplier", ErrorCode.CATALOGUE_NOT_AN_INTEGER, v=row.get("multiplier")
        ) from None
    sensitive = flag("sensitive")
    min_cell_text = optional("min_cell")
    try:
        min_cell = int(min_cell_text) if min_cell_text else None
    except ValueError:
        raise fail("min_cell", ErrorCode.CATALOGUE_NOT_AN_INTEGER, v=min_cell_text) from None
    if sensitive and min_cell is None:
        min_cell = DEFAULT_MIN_CELL
    view_gender = optional("view_gender")
    if view_gender not in (None, "K", "M"):
        raise fail("view_gender", ErrorCode.CATALOGUE_NOT_K_OR_M, v=view_gender)
    indicator = Indicator(
        id=indicator_id,
        name_sv=row["name_sv"].strip(),
        name_en=row["name_en"].strip(),
        domain=choice("domain", DOMAINS),
        value_type=ValueType(choice("value_type", tuple(v.value for v in ValueType))),
        unit=row["unit"].strip(),
        multiplier=multiplier,
        numerator=optional("numerator"),
        denominator=optional("denominator"),
        weight=optional("weight"),
        view_of=optional("view_of"),
        view_gender=Gender(view_gender) if view_gender else None,
        polarity=Polarity(choice("polarity", tuple(p.value for p in Polarity))),
        sensitive=sensitive,
        min_cell=min_cell,
        source_kind=choice("source_kind", SOURCE_KINDS),
        source=row["source"].strip(),
        kolada_id=optional("kolada_id"),
        quality=Quality(choice("quality", tuple(q.value for q in Quality))),
        by_gender=flag("by_gender"),
        in_seed=flag("in_seed"),
        definition=row["definition"].strip(),
    )
    complete = (row.get(COMPLETE_COUNT_COLUMN) or "").strip()
    if complete not in ("", "true", "false"):
        raise fail(
            COMPLETE_COUNT_COLUMN, ErrorCode.CATALOGUE_NOT_ONE_OF, v=complete, choices="true, false"
        )
    if complete == "true":
        if indicator.value_type is not ValueType.COUNT:
            raise fail(COMPLETE_COUNT_COLUMN, ErrorCode.CATALOGUE_COMPLETE_NOT_COUNT)
        indicator = replace(indicator, complete_count=True)
    return indicator, _options(indicator, row, fail)


def _options(
    indicator: Indicator, row: dict[str, str], fail: Callable[..., CatalogueError]
) -> DisclosureOptions:
    """The optional rule columns of one row (absent or empty: the defaults)."""
    zeros_text = (row.get("protect_zeros") or "").strip()
    if zeros_text not in ("", "true", "false"):
        raise fail(
            "protect_zeros", ErrorCode.CATALOGUE_NOT_ONE_OF, v=zeros_text, choices="true, false"
        )
    protect_zeros = zeros_text == "true"
    if protect_zeros and not indicator.sensitive:
        raise fail("protect_zeros", ErrorCode.CATALOGUE_ZEROS_NOT_SENSITIVE)
    round_text = (row.get("round_to") or "").strip()
    round_to: int | None = None
    if round_text:
        try:
            round_to = int(round_text)
        except ValueError:
            raise fail("round_to", ErrorCode.CATALOGUE_NOT_AN_INTEGER, v=round_text) from None
        if round_to < 2:
            raise fail("round_to", ErrorCode.CATALOGUE_ROUND_TOO_SMALL, v=round_to)
        if indicator.value_type is not ValueType.COUNT:
            raise fail("round_to", ErrorCode.CATALOGUE_ROUND_NOT_COUNT)
    if indicator.min_cell is not None and indicator.min_cell < 1:
        raise fail("min_cell", ErrorCode.CATALOGUE_MIN_CELL_TOO_SMALL, v=indicator.min_cell)
    return DisclosureOptions(protect_zeros=protect_zeros, round_to=round_to)


def validate(catalogue: Catalogue, file: str = "indicators.csv") -> None:
    """Cross-row checks: unique ids, references that exist and make sense."""
    seen: set[str] = set()
    for line, ind in enumerate(catalogue.indicators, start=2):

        def fail(column: str, code: ErrorCode, v: object, line: int = line) -> CatalogueError:
            return CatalogueError(code, file=file, row=line, column=column, v=v)

        if ind.id in seen:
            raise fail("id", ErrorCode.CATALOGUE_DUPLICATE_ID, ind.id)
        seen.add(ind.id)
        if ind.is_view:
            base = catalogue.get(ind.view_of or "")
            if base is None:
                raise fail("view_of", ErrorCode.CATALOGUE_UNKNOWN_VIEW_OF, ind.view_of)
            if not base.by_gender or ind.view_gender is None:
                raise fail("view_of", ErrorCode.CATALOGUE_VIEW_NO_GENDER, base.id)
            continue
        if ind.is_ratio:
            for column in ("numerator", "denominator"):
                ref = getattr(ind, column)
                target = catalogue.get(ref) if ref else None
                if target is None:
                    raise fail(column, ErrorCode.CATALOGUE_RATIO_NEEDS_INDICATOR, ref)
                if target.value_type is not ValueType.COUNT:
                    raise fail(column, ErrorCode.CATALOGUE_NOT_A_COUNT, ref)
        if ind.weight:
            target = catalogue.get(ind.weight)
            if target is None or target.value_type is not ValueType.COUNT:
                raise fail("weight", ErrorCode.CATALOGUE_WEIGHT_NOT_COUNT, ind.weight)
