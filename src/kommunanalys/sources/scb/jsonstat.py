"""JSON-stat 2.0 as SCB's PxWebApi writes it: data cells and table metadata.

* A dataset's ``value`` is a flat array (or an object keyed by cell index) in **row-major**
  order over ``id``/``size``: the last dimension varies fastest, so cell ``(i0, …, in)`` is at
  ``i0·(s1·…·sn) + … + in``.
* ``status`` (an object keyed by cell index, an array, or one string for every cell) marks
  cells SCB could not give: ``..`` not available or too uncertain, ``.`` cannot occur, ``-``
  nothing to report, ``x``/``:`` confidential. Such a cell becomes value ``None`` with the
  marker as status — **never 0**. A ``null`` without a marker gets ``..``, so that a missing
  value always says it is missing. Other status symbols beside a number (footnote marks) are
  dropped: a status on an observation means "no value".
* Table metadata (``/tables/{id}/metadata`` in v2) is a dataset with an empty ``value`` and
  SCB's ``extension``: elimination and codelists per variable, unit and reference period per
  content (``ContentsCode``), and the PX keywords (subject code, notes). SCB does not set
  ``role.geo``; the region variable is ``Region``. v1's metadata is its own shape
  (``{"title", "variables": [{"code", "text", "values", "valueTexts", …}]}``), read by
  :func:`parse_v1_metadata`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kommunanalys.errors import ErrorCode
from kommunanalys.sources.adapter import SourceError
from kommunanalys.sources.numbers import MISSING_MARKERS, NotANumber, parse_cell

#: Status symbols that mean "no value", normalised to the project's markers.
MISSING_STATUS: dict[str, str] = {**MISSING_MARKERS, ":": "x"}
#: Status of a ``null`` value that came without a marker.
UNMARKED_MISSING = ".."

Key = tuple[str, ...]


class JsonStatError(SourceError):
    """A JSON-stat document that cannot be read: a code and the values of its message."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its row-major index, one code per dimension, and value or missing marker."""

    index: int
    key: Key
    value: float | None
    status: str | None


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]

    def label_of(self, code: str) -> str:
        return dict(zip(self.codes, self.labels, strict=True)).get(code, code)


@dataclass(frozen=True)
class Dataset:
    """A JSON-stat dataset as cells. ``cells`` holds only the cells the source gave, so a
    merge of several answers (:func:`merge`) needs no filler for combinations never asked."""

    label: str
    source: str
    updated: str
    dimensions: tuple[Dimension, ...]
    cells: Mapping[Key, tuple[float | None, str | None]] = field(default_factory=dict)
    #: Unit per content code (``category.unit.base`` of the metric dimension).
    units: Mapping[str, str] = field(default_factory=dict)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.dimensions)

    @property
    def size(self) -> tuple[int, ...]:
        return tuple(len(d.codes) for d in self.dimensions)

    def dimension(self, code: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.code == code), None)

    def iter_cells(self) -> Iterator[Cell]:
        """The cells present, in row-major order, with their index in the full product."""
        positions = [{c: i for i, c in enumerate(d.codes)} for d in self.dimensions]
        strides = _strides(self.size)

        def index(key: Key) -> int:
            return sum(p[c] * s for p, c, s in zip(positions, key, strides, strict=True))

        for i, key in sorted((index(k), k) for k in self.cells):
            value, status = self.cells[key]
            yield Cell(i, key, value, status)


def parse_dataset(doc: Mapping[str, Any]) -> Dataset:
    """A JSON-stat 2.0 dataset (``class: dataset``) as :class:`Dataset`."""
    if not isinstance(doc, Mapping):
        raise JsonStatError(ErrorCode.JSONSTAT_NOT_OBJECT)
    ids = doc.get("id")
    sizes = doc.get("size")
    dims_doc = doc.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims_doc, dict):
        raise JsonStatError(ErrorCode.JSONSTAT_FIELDS_MISSING)
    if len(ids) != len(sizes):
        raise JsonStatError(ErrorCode.JSONSTAT_SIZE_MISMATCH, ids=len(ids), sizes=len(sizes))
    dimensions = tuple(_dimension(str(i), dims_doc.get(i)) for i in ids)
    for dim, size in zip(dimensions, sizes, strict=True):
        if len(dim.codes) != size:
            raise JsonStatError(
                ErrorCode.JSONSTAT_DIMENSION_SIZE,
                dimension=dim.code,
                codes=len(dim.codes),
                size=size,
            )
    total = math.prod(sizes)
    values = _indexed(doc.get("value"), total, "value")
    statuses = _indexed(doc.get("status"), total, "status")
    cells: dict[Key, tuple[float | None, str | None]] = {}
    strides = _strides(tuple(sizes))
    for i in sorted(values.keys() | statuses.keys()):
        key = tuple(
            dim.codes[(i // stride) % len(dim.codes)]
            for dim, stride in zip(dimensions, strides, strict=True)
        )
        cells[key] = _cell(values.get(i), statuses.get(i), i)
    return Dataset(
        label=str(doc.get("label") or ""),
        source=str(doc.get("source") or ""),
        updated=str(doc.get("updated") or ""),
        dimensions=dimensions,
        cells=cells,
        units=_units(doc),
    )


def merge(datasets: Sequence[Dataset]) -> Dataset:
    """One dataset from the answers to a split query: codes in first-seen order, all cells."""
    if not datasets:
        raise JsonStatError(ErrorCode.JSONSTAT_NOTHING_TO_MERGE)
    first = datasets[0]
    codes: dict[str, dict[str, str]] = {d.code: {} for d in first.dimensions}
    cells: dict[Key, tuple[float | None, str | None]] = {}
    units: dict[str, str] = {}
    for dataset in datasets:
        if dataset.ids != first.ids:
            raise JsonStatError(
                ErrorCode.JSONSTAT_PARTS_DIFFER,
                first=", ".join(first.ids),
                other=", ".join(dataset.ids),
            )
        for dim in dataset.dimensions:
            for code, label in zip(dim.codes, dim.labels, strict=True):
                codes[dim.code].setdefault(code, label)
        for key, cell in dataset.cells.items():
            if key in cells and cells[key] != cell:
                raise JsonStatError(ErrorCode.JSONSTAT_CELL_TWICE, cell=key)
            cells[key] = cell
        units.update(dataset.units)
    dimensions = tuple(
        Dimension(d.code, d.label, tuple(codes[d.code]), tuple(codes[d.code].values()))
        for d in first.dimensions
    )
    return Dataset(first.label, first.source, first.updated, dimensions, cells, units)


# -- metadata -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Codelist:
    id: str
    label: str


@dataclass(frozen=True)
class Variable:
    code: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    elimination: bool = False
    codelists: tuple[Codelist, ...] = ()


@dataclass(frozen=True)
class Content:
    """One value of the content variable: what is measured, in which unit, when."""

    code: str  # SCB's reference code for the content, e.g. 000007Y7
    label: str
    unit: str = ""
    decimals: int | None = None
    refperiod: str | None = None


@dataclass(frozen=True)
class TableMetadata:
    table: str
    title: str
    source: str
    updated: str
    variables: tuple[Variable, ...]
    contents: tuple[Content, ...] = ()
    time_variable: str | None = None
    contents_variable: str | None = None
    region_variable: str | None = None
    subject_code: str | None = None
    notes: tuple[str, ...] = ()

    def variable(self, code: str) -> Variable | None:
        return next((v for v in self.variables if v.code == code), None)

    def content(self, code: str) -> Content | None:
        return next((c for c in self.contents if c.code == code), None)


def parse_metadata(doc: Mapping[str, Any], table: str) -> TableMetadata:
    """v2 ``/tables/{id}/metadata``: a JSON-stat2 dataset with SCB's extension."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("dimension"), dict):
        raise JsonStatError(ErrorCode.METADATA_NOT_JSONSTAT, table=table)
    ids = [str(i) for i in doc.get("id") or doc["dimension"].keys()]
    role = doc.get("role") or {}
    variables: list[Variable] = []
    for code in ids:
        dim = doc["dimension"].get(code) or {}
        parsed = _dimension(code, dim)
        ext = dim.get("extension") or {}
        codelists = tuple(
            Codelist(str(c.get("id")), str(c.get("label") or ""))
            for c in ext.get("codelists") or ext.get("codeLists") or []
            if isinstance(c, Mapping) and c.get("id")
        )
        variables.append(
            Variable(
                code,
                parsed.label,
                parsed.codes,
                parsed.labels,
                bool(ext.get("elimination", False)),
                codelists,
            )
        )
    metric = _first(role.get("metric")) or ("ContentsCode" if "ContentsCode" in ids else None)
    contents: tuple[Content, ...] = ()
    if metric:
        dim = doc["dimension"].get(metric) or {}
        units = (dim.get("category") or {}).get("unit") or {}
        refperiods = (dim.get("extension") or {}).get("refperiod") or {}
        var = next(v for v in variables if v.code == metric)
        contents = tuple(
            Content(
                code,
                label,
                str((units.get(code) or {}).get("base") or ""),
                (units.get(code) or {}).get("decimals"),
                refperiods.get(code),
            )
            for code, label in zip(var.codes, var.labels, strict=True)
        )
    ext = doc.get("extension") or {}
    px = ext.get("px") or {}
    notes = tuple(_note_text(n) for n in (doc.get("note") or ext.get("note") or []))
    return TableMetadata(
        table=table,
        title=str(doc.get("label") or table),
        source=str(doc.get("source") or "SCB"),
        updated=str(doc.get("updated") or ""),
        variables=tuple(variables),
        contents=contents,
        time_variable=_first(role.get("time")) or ("Tid" if "Tid" in ids else None),
        contents_variable=metric,
        region_variable=_region_variable(role, variables),
        subject_code=px.get("subject-code") or None,
        notes=tuple(n for n in notes if n),
    )


def parse_v1_metadata(doc: Mapping[str, Any], table: str) -> TableMetadata:
    """v1 table metadata: ``{"title", "variables": [{"code", "text", "values", …}]}``."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("variables"), list):
        raise JsonStatError(ErrorCode.METADATA_FIELDS_MISSING, table=table)
    variables: list[Variable] = []
    time_variable = None
    for var in doc["variables"]:
        codes = tuple(str(c) for c in var.get("values") or [])
        labels = tuple(str(t) for t in var.get("valueTexts") or codes)
        if len(labels) != len(codes):
            raise JsonStatError(
                ErrorCode.METADATA_TEXT_COUNT, table=table, variable=var.get("code")
            )
        elimination = bool(var.get("elimination", False))
        variables.append(
            Variable(str(var["code"]), str(var.get("text") or ""), codes, labels, elimination)
        )
        if var.get("time"):
            time_variable = str(var["code"])
    variable_codes = [v.code for v in variables]
    metric = "ContentsCode" if "ContentsCode" in variable_codes else None
    contents: tuple[Content, ...] = ()
    if metric:
        var = variables[variable_codes.index(metric)]
        contents = tuple(Content(c, t) for c, t in zip(var.codes, var.labels, strict=True))
    return TableMetadata(
        table=table,
        title=str(doc.get("title") or table),
        source="SCB",
        updated="",
        variables=tuple(variables),
        contents=contents,
        time_variable=time_variable or ("Tid" if "Tid" in variable_codes else None),
        contents_variable=metric,
        region_variable=_region_variable({}, variables),
    )


# -- helpers ------------------------------------------------------------------------------


def _strides(size: Sequence[int]) -> tuple[int, ...]:
    strides = [1] * len(size)
    for i in range(len(size) - 2, -1, -1):
        strides[i] = strides[i + 1] * size[i + 1]
    return tuple(strides)


def _dimension(code: str, doc: Any) -> Dimension:
    if not isinstance(doc, Mapping):
        raise JsonStatError(ErrorCode.JSONSTAT_DIMENSION_MISSING, dimension=code)
    category = doc.get("category") or {}
    index = category.get("index")
    labels = category.get("label") or {}
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, Mapping):
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda item: item[1])]
    elif isinstance(labels, Mapping) and len(labels) == 1:  # one category: index may be left out
        codes = [str(c) for c in labels]
    else:
        raise JsonStatError(ErrorCode.JSONSTAT_NO_INDEX, dimension=code)
    return Dimension(
        code,
        str(doc.get("label") or code),
        tuple(codes),
        tuple(str(labels.get(c, c)) for c in codes),
    )


def _indexed(raw: Any, total: int, name: str) -> dict[int, Any]:
    """``value``/``status`` as {cell index: entry}; arrays, sparse objects and one string."""
    if raw is None:
        return {}
    if isinstance(raw, str):  # one status for every cell
        return dict.fromkeys(range(total), raw)
    if isinstance(raw, list):
        if name == "value" and len(raw) != total:
            raise JsonStatError(ErrorCode.JSONSTAT_CELL_COUNT, cells=len(raw), total=total)
        return {i: v for i, v in enumerate(raw) if name == "value" or v is not None}
    if isinstance(raw, Mapping):
        out: dict[int, Any] = {}
        for k, v in raw.items():
            try:
                i = int(k)
            except ValueError:
                raise JsonStatError(
                    ErrorCode.JSONSTAT_KEY_NOT_INDEX, name=name, key=repr(k)
                ) from None
            if not 0 <= i < total:
                raise JsonStatError(
                    ErrorCode.JSONSTAT_INDEX_OUTSIDE, name=name, index=i, last=total - 1
                )
            out[i] = v
        return out
    raise JsonStatError(ErrorCode.JSONSTAT_WRONG_TYPE, name=name, type=type(raw).__name__)


def _cell(raw: Any, status: Any, index: int) -> tuple[float | None, str | None]:
    marker = MISSING_STATUS.get(str(status).strip()) if status is not None else None
    if isinstance(raw, str):
        try:
            value, text_marker = parse_cell(raw)
        except NotANumber:
            raise JsonStatError(
                ErrorCode.JSONSTAT_CELL_NOT_NUMBER, index=index, v=repr(raw)
            ) from None
        marker = marker or text_marker
    elif raw is None or (isinstance(raw, int | float) and not isinstance(raw, bool)):
        value = None if raw is None else float(raw)
    else:
        raise JsonStatError(ErrorCode.JSONSTAT_CELL_NOT_NUMBER, index=index, v=repr(raw))
    if marker is not None:
        return None, marker
    if value is None:
        return None, UNMARKED_MISSING
    return value, None


def _units(doc: Mapping[str, Any]) -> dict[str, str]:
    metric = _first((doc.get("role") or {}).get("metric")) or "ContentsCode"
    dim = (doc.get("dimension") or {}).get(metric) or {}
    units = (dim.get("category") or {}).get("unit") or {}
    return {str(c): str((u or {}).get("base") or "") for c, u in units.items()}


def _first(values: Any) -> str | None:
    return str(values[0]) if isinstance(values, list) and values else None


def _region_variable(role: Mapping[str, Any], variables: Sequence[Variable]) -> str | None:
    geo = _first(role.get("geo"))
    if geo:
        return geo
    for var in variables:
        if var.code.casefold() == "region" or var.label.casefold().startswith("region"):
            return var.code
    return None


def _note_text(note: Any) -> str:
    if isinstance(note, Mapping):
        return str(note.get("text") or "")
    return str(note)


__all__ = [
    "MISSING_STATUS",
    "Cell",
    "Codelist",
    "Content",
    "Dataset",
    "Dimension",
    "JsonStatError",
    "TableMetadata",
    "Variable",
    "merge",
    "parse_dataset",
    "parse_metadata",
    "parse_v1_metadata",
]
