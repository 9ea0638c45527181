"""SCB's statistical database through PxWebApi v2 (and v1) as a source adapter.

What this module relies on in the API:

* **v2** (``https://statistikdatabasen.scb.se/api/v2``): ``GET /config`` (``maxDataCells``,
  ``maxCallsPerTimeWindow``/``timeWindow``: SCB says 150 000 cells and 30 calls per 10 s);
  ``GET /tables?query=…&lang=sv`` search; ``GET /tables/{id}``; ``GET /tables/{id}/metadata``
  (JSON-stat2 with SCB's extension, see :mod:`~kommunanalys.sources.scb.jsonstat`); ``GET
  /codelists/{id}``; ``POST /tables/{id}/data?lang=sv&outputFormat=json-stat2`` with
  ``{"selection": [{"variableCode", "valueCodes", "codelist"}]}`` (POST, since a kommun's
  DeSO codes would make a long GET URL).
* **v1** (``https://api.scb.se/OV0104/v1/doris/sv/ssd/<path>``): ``GET`` the table's path for
  metadata, ``POST`` ``{"query": [{"code", "selection": {"filter": "item", "values"}}],
  "response": {"format": "json-stat2"}}`` for data; at most 100 000 cells a request.

**Regions.** SCB publishes reference years up to 2023 on DeSO 2018/RegSO 2020 and from 2024
on DeSO 2025/RegSO 2025, whose codes carry a suffix (``0126C1311_DeSO2025``). "All DeSO of a
kommun" groups the years by vintage (:func:`~kommunanalys.catalog.areas.division_for`); each
group uses the Region codelist of its vintage (``vs_DeSO2018``/``vs_DeSO2025``,
``vs_RegSO2020``/``vs_RegSO2025``; older tables ``vs_DeSoHE``/``vs_RegSo1``) and keeps the
codes that start with the kommun code. Without such a codelist (and in v1) the codes are
filtered from the metadata. A suffixed code maps to the plain code and the suffix's division;
a plain code to ``division_for(level, year)``.

**Splitting.** A request asks for the product of its value counts. Above the server's limit
(``/config``, else :data:`MAX_CELLS`) the time variable is split first, then the region, then
the largest other variable, into chunks that each stay under; the answers are merged
(:func:`~kommunanalys.sources.scb.jsonstat.merge`).

**Indicators** (:mod:`~kommunanalys.sources.scb.api_tables`). A table described there feeds
the catalogue's indicators. Any other table gets one new indicator per content: id
``scb_<table>_<content code>`` lower-cased (``scb_tab1234_000006ta``; a v1 path uses its last
segment), named after the content's label, value type and unit from
:func:`~kommunanalys.sources.scb.options.infer_value_type`, source ``SCB <title> (<content
code>, <table>)``. A new PROPORTION has no numerator/denominator: :mod:`kommunanalys.derive`
then keeps its observed values as they are (shares are never averaged up the hierarchy, and
``_ratios`` only computes indicators whose numerator has values), which is right for a share
SCB computed. Such an indicator stays unconfirmed in the store; the shipped ``indicators.csv``
validation demands numerator and denominator, so it must get them before it is moved into the
catalogue.

**Options** (what to read), region codes and content labels live in
:mod:`~kommunanalys.sources.scb.options`, below this module and the table descriptions.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from kommunanalys.catalog.areas import division_for
from kommunanalys.errors import ErrorCode
from kommunanalys.model import Division
from kommunanalys.rows import Problem, Where
from kommunanalys.sources.adapter import CheckResult, Extract, Progress, SourceError, no_progress
from kommunanalys.sources.http import ApiClient, ApiError, RateLimit
from kommunanalys.sources.scb.api_tables import map_cells
from kommunanalys.sources.scb.jsonstat import (
    Dataset,
    TableMetadata,
    merge,
    parse_dataset,
    parse_metadata,
    parse_v1_metadata,
)
from kommunanalys.sources.scb.options import (
    ALL,
    BASE_URLS,
    DESO_CODE,
    LEVELS,
    REGSO_CODE,
    SUFFIXES,
    ApiVersion,
    PxWebOptions,
    Selection,
)

if TYPE_CHECKING:
    import httpx

#: Cells a request may ask for when the server does not say (v2: /config).
MAX_CELLS: dict[str, int] = {"v2": 150_000, "v1": 100_000}
#: SCB: at most 30 calls in any 10 seconds.
RATE_LIMIT = (30, 10.0)
#: Region codelists per vintage, by what their ids contain (case-insensitive).
CODELISTS: dict[Division, tuple[str, ...]] = {
    Division.DESO2025: ("deso2025",),
    Division.DESO2018: ("deso2018", "desohe"),
    Division.REGSO2025: ("regso2025",),
    Division.REGSO2020: ("regso2020", "regso1"),
}


@dataclass(frozen=True)
class TableSummary:
    """A search hit or ``GET /tables/{id}``."""

    id: str
    label: str
    updated: str = ""
    first_period: str | None = None
    last_period: str | None = None
    discontinued: bool | None = None


@dataclass(frozen=True)
class Query:
    """One data request: value codes per variable (metadata order), and codelists used."""

    values: Selection
    codelists: tuple[tuple[str, str], ...] = ()

    @property
    def cells(self) -> int:
        return math.prod(len(codes) for _, codes in self.values)

    def codes(self, variable: str) -> tuple[str, ...]:
        return next(codes for v, codes in self.values if v == variable)

    def with_codes(self, variable: str, codes: tuple[str, ...]) -> Query:
        values = tuple((v, codes if v == variable else cs) for v, cs in self.values)
        return replace(self, values=values)

    def v2_body(self) -> dict[str, Any]:
        lists = dict(self.codelists)
        return {
            "selection": [
                {"variableCode": v, "valueCodes": list(codes)}
                | ({"codelist": lists[v]} if v in lists else {})
                for v, codes in self.values
            ]
        }

    def v1_body(self) -> dict[str, Any]:
        return {
            "query": [
                {"code": v, "selection": {"filter": "item", "values": list(codes)}}
                for v, codes in self.values
            ],
            "response": {"format": "json-stat2"},
        }


def split_query(query: Query, max_cells: int, prefer: Sequence[str] = ()) -> list[Query]:
    """Chunks of ``query`` that each ask for at most ``max_cells`` cells and together ask
    for exactly its cells. Splits ``prefer`` (time, region) first, then the largest."""
    if max_cells < 1:
        raise ValueError("max_cells must be at least 1")
    if query.cells <= max_cells:
        return [query]
    names = [v for v, _ in query.values]
    others = sorted((v for v in names if v not in prefer), key=lambda v: -len(query.codes(v)))
    order = [v for v in prefer if v in names] + others
    variable = next(v for v in order if len(query.codes(v)) > 1)
    codes = query.codes(variable)
    rest = query.cells // len(codes)
    if rest <= max_cells:
        step = max_cells // rest
        return [query.with_codes(variable, codes[i : i + step]) for i in range(0, len(codes), step)]
    return [
        part
        for code in codes
        for part in split_query(query.with_codes(variable, (code,)), max_cells, prefer)
    ]


def plan_queries(
    meta: TableMetadata,
    options: PxWebOptions,
    codelist: Callable[[str], Sequence[str]] | None = None,
) -> list[Query]:
    """The requests for ``options``: one per region vintage among the years asked for.

    ``codelist`` fetches a codelist's value codes (v2); without it, region codes come from
    the metadata.
    """
    table, time_var, region_var = options.table, meta.time_variable, meta.region_variable
    if time_var is None or region_var is None or meta.variable(region_var) is None:
        raise SourceError(ErrorCode.SCB_NO_TIME_OR_REGION, table=table)
    years = _years(meta, options)
    fixed: dict[str, tuple[str, ...]] = {}
    for var in meta.variables:
        if var.code in (time_var, region_var):
            continue
        chosen = options.selected(var.code)
        if chosen is None:
            if var.elimination and var.code != meta.contents_variable:
                continue  # SCB sums it away
            chosen = (ALL,)
        if chosen == (ALL,):
            fixed[var.code] = var.codes
            continue
        unknown = [c for c in chosen if c not in var.codes]
        if unknown:
            raise SourceError(
                ErrorCode.SCB_VARIABLE_LACKS,
                table=table,
                variable=var.code,
                codes=", ".join(unknown),
                available=_listing(var.codes),
            )
        fixed[var.code] = chosen
    level = LEVELS[options.level]
    groups: dict[Division, list[str]] = {}
    for year in years:
        groups.setdefault(division_for(level, int(year[:4])), []).append(year)
    queries: list[Query] = []
    for division, group_years in groups.items():
        regions, codelist_id = _regions(meta, region_var, division, options, codelist)
        if not regions:
            continue
        picked = {time_var: tuple(group_years), region_var: regions, **fixed}
        values = tuple((v.code, picked[v.code]) for v in meta.variables if v.code in picked)
        lists = ((region_var, codelist_id),) if codelist_id else ()
        queries.append(Query(values, lists))
    if not queries:
        raise SourceError(
            ErrorCode.SCB_NO_AREAS,
            table=table,
            level=options.level,
            kommun=options.kommun,
            years=_listing(years),
        )
    return queries




class PxWebClient:
    """SCB's PxWebApi over :class:`~kommunanalys.sources.http.ApiClient`, 30 calls per 10 s."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        api_version: ApiVersion = "v2",
        lang: str = "sv",
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        retries: int = 4,
        backoff: float = 1.0,
    ) -> None:
        self.api_version = api_version
        self.lang = lang
        self.http = ApiClient(
            base_url or BASE_URLS[api_version],
            rate_limit=RateLimit(*RATE_LIMIT, clock=clock, sleep=sleep),
            retries=retries,
            backoff=backoff,
            transport=transport,
            sleep=sleep,
        )
        self._config: dict[str, Any] | None = None

    def config(self) -> dict[str, Any]:
        """v2 ``/config``: limits, formats, languages, licence."""
        if self._config is None:
            self._config = dict(self._get("API:ets inställningar (/config)", "config"))
        return self._config

    def max_cells(self) -> int:
        """Cells one request may ask for: /config's ``maxDataCells`` when v2 says."""
        if self.api_version == "v1":
            return MAX_CELLS["v1"]
        try:
            value = self.config().get("maxDataCells")
        except ApiError:
            return MAX_CELLS["v2"]
        return value if isinstance(value, int) and value > 0 else MAX_CELLS["v2"]

    def search(self, query: str, *, page_size: int = 50) -> list[TableSummary]:
        if self.api_version == "v1":
            hits = self._get(f"sökningen '{query}'", "", {"query": query})
            return [
                TableSummary(
                    f"{h.get('path', '').strip('/')}/{h['id']}".strip("/"),
                    str(h.get("title", "")),
                    str(h.get("published", "")),
                )
                for h in hits or []
            ]
        params = {"query": query, "lang": self.lang, "pageSize": page_size}
        answer = self._get(f"sökningen '{query}'", "tables", params)
        return [_summary(t) for t in answer.get("tables") or []]

    def table(self, table: str) -> TableSummary:
        if self.api_version == "v1":
            meta = self.metadata(table)
            return TableSummary(table, meta.title)
        return _summary(self._get(f"tabell {table}", f"tables/{table}", {"lang": self.lang}))

    def metadata(self, table: str) -> TableMetadata:
        what = f"beskrivningen av tabell {table}"
        if self.api_version == "v1":
            return parse_v1_metadata(self._get(what, table), table)
        doc = self._get(what, f"tables/{table}/metadata", {"lang": self.lang})
        return parse_metadata(doc, table)

    def codelist(self, codelist_id: str) -> tuple[str, ...]:
        """The value codes of a v2 codelist (``vs_DeSO2025``: suffixed DeSO 2025 codes)."""
        doc = self._get(f"kodlistan {codelist_id}", f"codelists/{codelist_id}", {"lang": self.lang})
        return tuple(str(v["code"]) for v in doc.get("values") or [])

    def data(self, table: str, query: Query) -> Dataset:
        what = f"data ur tabell {table}"
        if self.api_version == "v1":
            return parse_dataset(self._post(what, table, query.v1_body()))
        params = {"lang": self.lang, "outputFormat": "json-stat2"}
        return parse_dataset(self._post(what, f"tables/{table}/data", query.v2_body(), params))

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> PxWebClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _get(self, what: str, path: str, params: Mapping[str, Any] | None = None) -> Any:
        try:
            return self.http.get_json(path, params)
        except ApiError as exc:
            raise _scb_error(what, exc) from exc

    def _post(
        self, what: str, path: str, body: Any, params: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            return self.http.post_json(path, body, params)
        except ApiError as exc:
            raise _scb_error(what, exc) from exc


@dataclass(frozen=True)
class PxWebRaw:
    """What :meth:`PxWebAdapter.fetch` read: the metadata and one dataset per request."""

    metadata: TableMetadata
    datasets: tuple[Dataset, ...]
    queries: tuple[Query, ...] = ()

    def checksum(self) -> str:
        body = [
            [
                [list(d.codes) for d in ds.dimensions],
                sorted([*key, value, status] for key, (value, status) in ds.cells.items()),
            ]
            for ds in self.datasets
        ]
        text = json.dumps([self.metadata.table, body], ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PxWebAdapter:
    """SCB PxWebApi as a source: ``check``, ``fetch`` and ``to_extract``."""

    name: ClassVar[str] = "scb-api"
    Options: ClassVar[type[PxWebOptions]] = PxWebOptions

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        retries: int = 4,
    ) -> None:
        self._transport = transport
        self._sleep = sleep
        self._clock = clock
        self._retries = retries

    def client(self, options: PxWebOptions, *, retries: int | None = None) -> PxWebClient:
        return PxWebClient(
            options.base_url,
            api_version=options.api_version,
            transport=self._transport,
            sleep=self._sleep,
            clock=self._clock,
            retries=self._retries if retries is None else retries,
        )

    def check(self, options: PxWebOptions) -> CheckResult:
        """Is SCB's API reachable and does it know the table? Never raises."""
        try:
            with self.client(options, retries=1) as client:
                summary = client.table(options.table)
                cells = client.max_cells()
        except Exception as exc:  # check says why, it never raises
            return CheckResult(False, f"SCB:s API går inte att använda för {options.table}: {exc}")
        span = f", {summary.first_period}–{summary.last_period}" if summary.last_period else ""
        return CheckResult(
            True,
            f"SCB:s API svarar ({options.base_url}, högst {cells} celler per anrop); "
            f"tabell {summary.id} ”{summary.label}”{span}.",
        )

    def fetch(self, options: PxWebOptions, progress: Progress = no_progress) -> PxWebRaw:
        """The table's metadata, then its data in requests under the server's cell limit."""
        with self.client(options) as client:
            progress(0, None, f"Hämtar beskrivningen av {options.table} från SCB")
            meta = client.metadata(options.table)
            fetch_codelist = client.codelist if options.api_version == "v2" else None
            queries = plan_queries(meta, options, fetch_codelist)
            prefer = tuple(v for v in (meta.time_variable, meta.region_variable) if v)
            max_cells = client.max_cells()
            chunks = [c for q in queries for c in split_query(q, max_cells, prefer)]
            datasets: list[Dataset] = []
            for done, chunk in enumerate(chunks, start=1):
                datasets.append(client.data(options.table, chunk))
                progress(
                    done, len(chunks), f"Hämtat del {done} av {len(chunks)} ur {options.table}"
                )
        return PxWebRaw(meta, tuple(datasets), tuple(chunks))

    def to_extract(self, raw: PxWebRaw, options: PxWebOptions) -> Extract:
        meta = raw.metadata
        extract = Extract(
            source=self.name,
            description=_describe(meta, options),
            checksum=raw.checksum(),
            rows_read=0,
        )
        if not raw.datasets:
            return extract
        data = merge(raw.datasets)
        extract.rows_read = len(data.cells)
        where = Where(f"SCB {options.table}")
        names = (meta.time_variable, meta.region_variable, meta.contents_variable)
        if any(n is None or data.dimension(n) is None for n in names):
            extract.problems.append(
                Problem(where, "svaret saknar tids-, region- eller innehållsvariabel")
            )
            return extract
        map_cells(data, meta, options, extract)
        return extract


# -- helpers --------------------------------------------------------------------------------


def _years(meta: TableMetadata, options: PxWebOptions) -> tuple[str, ...]:
    available = meta.variable(meta.time_variable or "")
    codes = available.codes if available else ()
    if not options.years:
        return codes
    unknown = [y for y in options.years if y not in codes]
    if unknown:
        raise SourceError(
            ErrorCode.SCB_YEARS_MISSING,
            table=options.table,
            years=", ".join(unknown),
            available=_listing(codes),
        )
    return tuple(y for y in codes if y in options.years)


def _regions(
    meta: TableMetadata,
    region_var: str,
    division: Division,
    options: PxWebOptions,
    codelist: Callable[[str], Sequence[str]] | None,
) -> tuple[tuple[str, ...], str | None]:
    var = meta.variable(region_var)
    assert var is not None
    if division is Division.KOMMUN:
        return ((options.kommun,) if options.kommun in var.codes else ()), None
    if codelist is not None:
        wanted = CODELISTS.get(division, ())
        chosen = next((c for c in var.codelists if any(w in c.id.casefold() for w in wanted)), None)
        if chosen is not None:
            codes = tuple(c for c in codelist(chosen.id) if c.startswith(options.kommun))
            return codes, chosen.id
    suffix = next((s for s, d in SUFFIXES.items() if d is division), "")
    modern = division in (Division.DESO2025, Division.REGSO2025)
    shape = DESO_CODE if division in (Division.DESO2018, Division.DESO2025) else REGSO_CODE
    picked = []
    for code in var.codes:
        plain, _, own = code.partition("_")
        vintage = own == suffix or (not own and not modern)
        if code.startswith(options.kommun) and shape.fullmatch(plain) and vintage:
            picked.append(code)
    return tuple(picked), None


def _summary(t: Mapping[str, Any]) -> TableSummary:
    return TableSummary(
        id=str(t.get("id", "")),
        label=str(t.get("label", "")),
        updated=str(t.get("updated") or ""),
        first_period=t.get("firstPeriod"),
        last_period=t.get("lastPeriod"),
        discontinued=t.get("discontinued"),
    )


def _scb_error(what: str, exc: ApiError) -> ApiError:
    if exc.status == 404:
        return ApiError(ErrorCode.SCB_NOT_FOUND, status=404, what=what, reason=exc)
    return ApiError(ErrorCode.SCB_FETCH_FAILED, status=exc.status, what=what, reason=exc)


def _describe(meta: TableMetadata, options: PxWebOptions) -> str:
    years = ", ".join(options.years) if options.years else "alla år"
    return f"SCB {options.table} ”{meta.title}”: {options.level} i kommun {options.kommun}, {years}"


def _listing(items: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" … ({len(items)} i allt)" if len(items) > limit else "")


__all__ = [
    "MAX_CELLS",
    "PxWebAdapter",
    "PxWebClient",
    "PxWebRaw",
    "Query",
    "TableSummary",
    "plan_queries",
    "split_query",
]
