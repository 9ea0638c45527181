"""Kolada (RKA) API v3: KPI metadata and municipal and unit (OU) values, as a source adapter.

What this module relies on in the API (https://api.kolada.se/v3, docs at ``/v3/docs``):

* metadata: ``/kpi`` (``?title=``), ``/kpi/{ids}``, ``/municipality`` (``?title=``),
  ``/municipality_groups``, ``/ou?municipality={id}``;
* values: ``/data/kpi/{kpis}/municipality/{ids}[/year/{years}]`` and
  ``/oudata/kpi/{kpis}/ou/{ids}[/year/{years}]``, with ``per_page`` and ``from_date``
  (``YYYY-MM-DD``, only what changed since) as query parameters;
* at most :data:`MAX_IDS` ids in a path segment: longer lists are requested in chunks;
* every answer is ``{"values": [...], "count": n, "next_url": ..., "previous_url": ...}``;
  ``next_url`` is followed until it is null (v2's ``next_page`` is read too);
* a value is ``{"kpi", "municipality" | "ou", "period": year, "values": [{"gender": T|K|M,
  "count", "status", "value", "isdeleted"}]}``.

Mapping (see :func:`kpi_indicator` and :meth:`KoladaAdapter.to_extract`): a municipality is a
``Division.KOMMUN`` area with Kolada's id as code; an OU is a ``Level.UNIT``/``Division.UNIT``
area under its municipality. A missing value (``null``, or deleted in Kolada) is ``None`` with
Kolada's status text, or ``".."`` when Kolada gives none — never 0. A status text that comes
with a value is kept too.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from itertools import product
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin, urlsplit, urlunsplit

from kommunanalys.catalog.areas import comparison_kommuner
from kommunanalys.catalog.regions import regional_code
from kommunanalys.errors import ErrorCode
from kommunanalys.model import (
    Area,
    Division,
    Gender,
    Indicator,
    Level,
    Observation,
    Polarity,
    Quality,
    ValueType,
)
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import CheckResult, Extract, Progress, SourceError, no_progress
from kommunanalys.sources.http import ApiClient, ApiError, RateLimit

if TYPE_CHECKING:
    import httpx

BASE_URL = "https://api.kolada.se/v3"
#: Kolada refuses longer id lists in one path segment.
MAX_IDS = 25
#: Rows per page asked for (Kolada's maximum).
PER_PAGE = 5000
#: Status of a missing value when Kolada gives no status text (SCB's "uppgift saknas").
MISSING = ".."

#: Kolada's ``operating_area`` → the catalogue's domain. Areas that fit none of the domains
#: (the municipality's or region's economy as a whole, democracy, business operations) get
#: :data:`FALLBACK_DOMAIN`; Kolada indicators arrive unconfirmed, so an analyst can move them.
DOMAIN_BY_OPERATING_AREA: dict[str, str] = {
    "Befolkning": "Befolkning",
    "Förskoleverksamhet": "Förskola och skola",
    "Grundskola åk 0-9 inkl förskoleklass": "Förskola och skola",
    "Gymnasieskola åk 1-3": "Förskola och skola",
    "Anpassad skola": "Förskola och skola",
    "Vuxenutbildning": "Förskola och skola",
    "Utbildning, övergripande": "Förskola och skola",
    "Kultur och fritid": "Fritid",
    "Äldre och funktionshinder": "Stöd och insatser",
    "Individ- och familjeomsorg": "Stöd och insatser",
    "Hälso- och sjukvård": "Stöd och insatser",
    "Tandvård": "Stöd och insatser",
    "Infrastruktur, miljö- och hälsoskydd mm": "Boende",
    "Arbetsmarknad": "Inkomst och arbete",
}
FALLBACK_DOMAIN = "Befolkning"

_PERIOD_NOTE = re.compile(r"\s*\((?:-\s*\d{4}|\d{4}\s*-(?:\s*\d{4})?)\)\s*$")  # "(-2024)"
_TRAILING_PARENS = re.compile(r"\(([^()]*)\)\s*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9_-]+$")  # KPI, municipality and OU ids; nothing that alters a path


@dataclass(frozen=True, slots=True)
class KoladaOptions:
    """What to fetch. Empty ``years`` means every year; ``ous`` are units (Kolada OU ids)."""

    kpis: tuple[str, ...]
    municipalities: tuple[str, ...]
    years: tuple[int, ...] = ()
    ous: tuple[str, ...] = ()
    from_date: str | None = None  # YYYY-MM-DD: only values changed since (delta update)
    base_url: str = BASE_URL


@dataclass(frozen=True, slots=True)
class KoladaKpi:
    id: str
    title: str
    description: str = ""
    is_divided_by_gender: bool = False
    municipality_type: str = ""
    operating_area: str = ""
    perspective: str = ""
    publication_date: str | None = None
    prel_publication_date: str | None = None
    publ_period: str | None = None
    has_ou_data: bool = False

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> KoladaKpi:
        def text(key: str) -> str | None:
            value = item.get(key)
            return None if value in (None, "") else str(value)

        return cls(
            id=str(item["id"]),
            title=str(item.get("title") or item["id"]),
            description=str(item.get("description") or "").strip(),
            is_divided_by_gender=bool(item.get("is_divided_by_gender")),
            municipality_type=str(item.get("municipality_type") or ""),
            operating_area=str(item.get("operating_area") or ""),
            perspective=str(item.get("perspective") or ""),
            publication_date=text("publication_date"),
            prel_publication_date=text("prel_publication_date"),
            publ_period=text("publ_period"),
            has_ou_data=bool(item.get("has_ou_data")),
        )


@dataclass(frozen=True, slots=True)
class KoladaMunicipality:
    id: str
    title: str
    type: str  # K kommun, L region (Kolada's "landsting")


@dataclass(frozen=True, slots=True)
class KoladaGroup:
    id: str
    title: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KoladaOu:
    id: str
    title: str
    municipality: str


@dataclass(frozen=True, slots=True)
class KoladaValue:
    """One value, flattened; ``url`` and ``row`` say where in which answer it was."""

    kpi: str
    area: str
    period: int
    gender: str
    value: float | None
    count: int | None
    status: str | None
    deleted: bool = False
    url: str = ""
    row: int = 0


@dataclass(frozen=True)
class KoladaRaw:
    """What :meth:`KoladaAdapter.fetch` read, as Kolada gave it."""

    fetched_on: str  # ISO date: decides which publications are still preliminary
    kpis: tuple[KoladaKpi, ...]
    values: tuple[KoladaValue, ...]
    ous: tuple[KoladaOu, ...] = ()
    ou_values: tuple[KoladaValue, ...] = ()

    def checksum(self) -> str:
        """sha256 of the canonical JSON of the data (the fetch date left out)."""
        body = {
            "kpis": [asdict(k) for k in self.kpis],
            "values": [asdict(v) for v in self.values],
            "ous": [asdict(o) for o in self.ous],
            "ou_values": [asdict(v) for v in self.ou_values],
        }
        text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunks(ids: Sequence[str], size: int = MAX_IDS) -> list[tuple[str, ...]]:
    """``ids`` in order, without duplicates, in chunks of at most ``size``."""
    unique = tuple(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    bad = [i for i in unique if not _ID.match(i)]
    if bad:
        raise SourceError(ErrorCode.KOLADA_BAD_ID, ids=", ".join(repr(i) for i in bad))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


class KoladaClient:
    """Typed calls to Kolada v3 over a polite :class:`ApiClient` (5 calls a second)."""

    def __init__(
        self,
        base_url: str = BASE_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rate_limit: RateLimit | None = None,
        retries: int = 4,
        backoff: float = 1.0,
        per_page: int = PER_PAGE,
    ) -> None:
        self.api = ApiClient(
            base_url,
            rate_limit=rate_limit or RateLimit(5, 1.0, sleep=sleep),
            retries=retries,
            backoff=backoff,
            transport=transport,
            sleep=sleep,
        )
        self.per_page = per_page

    def close(self) -> None:
        self.api.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pages(
        self, path: str, params: Mapping[str, Any] | None = None
    ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """``(url, values)`` for every page, following next links until there is none."""
        url: str | None = self.api.url(path)
        query: dict[str, Any] | None = {"per_page": self.per_page, **(params or {})}
        seen: set[str] = set()
        while url:
            shown = _shown_url(url, query) if query else url
            if shown in seen:
                raise ApiError(ErrorCode.KOLADA_PAGE_SEEN, url=shown)
            seen.add(shown)
            body = self.api.get_json(url, params=query)
            if not isinstance(body, dict) or not isinstance(body.get("values"), list):
                raise ApiError(ErrorCode.KOLADA_NO_VALUES, url=shown)
            yield shown, body["values"]
            link = body.get("next_url") or body.get("next_page")
            url, query = (self._absolute(str(link)), None) if link else (None, None)

    def kpis(self, title: str | None = None, ids: Sequence[str] | None = None) -> list[KoladaKpi]:
        """KPI metadata: by ids (chunked), by a title search, or the whole catalogue."""
        requests: list[tuple[str, dict[str, str] | None]]
        if ids:
            requests = [(f"kpi/{','.join(chunk)}", None) for chunk in chunks(ids)]
        else:
            requests = [("kpi", {"title": title} if title else None)]
        return [
            KoladaKpi.from_json(item)
            for path, params in requests
            for _, values in self.pages(path, params)
            for item in values
        ]

    def municipalities(self, title: str | None = None) -> list[KoladaMunicipality]:
        params = {"title": title} if title else None
        return [
            KoladaMunicipality(str(m["id"]), str(m.get("title", "")), str(m.get("type", "")))
            for _, values in self.pages("municipality", params)
            for m in values
        ]

    def municipality_groups(self) -> list[KoladaGroup]:
        groups: list[KoladaGroup] = []
        for _, values in self.pages("municipality_groups"):
            for g in values:
                members = tuple(
                    str(m.get("member_id", m.get("id", ""))) if isinstance(m, dict) else str(m)
                    for m in g.get("members") or ()
                )
                groups.append(KoladaGroup(str(g["id"]), str(g.get("title", "")), members))
        return groups

    def ous(self, municipality: str) -> list[KoladaOu]:
        """The units (OU) of one municipality."""
        return [
            KoladaOu(
                str(o["id"]), str(o.get("title", "")), str(o.get("municipality", municipality))
            )
            for _, values in self.pages("ou", {"municipality": municipality})
            for o in values
        ]

    def data_paths(
        self, kind: str, kpis: Sequence[str], places: Sequence[str], years: Sequence[int] = ()
    ) -> list[str]:
        """Request paths for ``kind`` ``data`` (municipalities) or ``oudata`` (units)."""
        place = {"data": "municipality", "oudata": "ou"}[kind]
        if not chunks(kpis) or not chunks(places):
            raise SourceError(ErrorCode.KOLADA_NEEDS_KPI_AND_PLACE)
        year_chunks: list[tuple[str, ...] | None] = list(chunks([str(y) for y in years])) or [None]
        return [
            f"{kind}/kpi/{','.join(k)}/{place}/{','.join(p)}"
            + (f"/year/{','.join(y)}" if y else "")
            for k, p, y in product(chunks(kpis), chunks(places), year_chunks)
        ]

    def values(self, path: str, from_date: str | None = None) -> Iterator[KoladaValue]:
        """The flat values of one data path, every page."""
        _check_date(from_date)
        place = "ou" if path.startswith("oudata/") else "municipality"
        params = {"from_date": from_date} if from_date else None
        for url, items in self.pages(path, params):
            row = 0
            for item in items:
                for v in item.get("values") or ():
                    row += 1
                    yield _flat(item, v, place, url, row)

    def data(
        self,
        kpis: Sequence[str],
        municipalities: Sequence[str],
        years: Sequence[int] = (),
        from_date: str | None = None,
    ) -> Iterator[KoladaValue]:
        for path in self.data_paths("data", kpis, municipalities, years):
            yield from self.values(path, from_date)

    def ou_data(
        self,
        kpis: Sequence[str],
        ous: Sequence[str],
        years: Sequence[int] = (),
        from_date: str | None = None,
    ) -> Iterator[KoladaValue]:
        for path in self.data_paths("oudata", kpis, ous, years):
            yield from self.values(path, from_date)

    def _absolute(self, link: str) -> str:
        """A next link as an absolute URL; Kolada's own http links are upgraded to https."""
        url = urljoin(self.api.base_url + "/", link)
        base, parts = urlsplit(self.api.base_url), urlsplit(url)
        if parts.scheme == "http" and base.scheme == "https" and parts.netloc == base.netloc:
            url = urlunsplit(parts._replace(scheme="https"))
        return url


def _flat(
    item: Mapping[str, Any], v: Mapping[str, Any], place: str, url: str, row: int
) -> KoladaValue:
    raw_value, count = v.get("value"), v.get("count")
    status = str(v.get("status") or "").strip()
    return KoladaValue(
        kpi=str(item.get("kpi", "")),
        area=str(item.get(place, "")),
        period=int(item["period"]),
        gender=str(v.get("gender") or "T"),
        value=None if raw_value is None else float(raw_value),
        count=None if count is None else int(count),
        status=status or None,
        deleted=bool(v.get("isdeleted")),
        url=url,
        row=row,
    )


def _check_date(from_date: str | None) -> None:
    if from_date is not None and (not _ISO_DATE.match(from_date) or _date(from_date) is None):
        raise SourceError(ErrorCode.KOLADA_BAD_DATE, v=from_date)


# --------------------------------------------------------------------------- KPI → Indicator


def kpi_indicator_id(kpi: str) -> str:
    """The catalogue id of a Kolada KPI: ``kolada_n00945``."""
    return "kolada_" + kpi.strip().lower()


def unit_from_title(title: str) -> str:
    """The unit Kolada writes after the title's last comma (or in trailing parentheses).

    ``"…, andel (%)"`` → ``"%"``, ``"…, kr/inv"`` → ``"kr/inv"``, ``"Skattesats (%)"`` → ``"%"``,
    ``"…, index för påståendet …"`` → ``"index"``; coded answers (``"Ja=1, Nej=0)"``) and
    texts too long for a unit give ``""``. A trailing period note ``"(-2024)"`` is dropped.
    """
    text = _PERIOD_NOTE.sub("", title.strip())
    if "," in text:
        suffix = text.rsplit(",", 1)[1].strip()
    else:
        match = _TRAILING_PARENS.search(text)
        suffix = match.group(1).strip() if match else ""
    if "%" in suffix:
        return "%"
    if suffix.lower().startswith("index"):
        return "index"
    if "=" in suffix or len(suffix) > 30:
        return ""
    return suffix


def domain_for(operating_area: str) -> str:
    """The catalogue domain for a Kolada operating area (:data:`DOMAIN_BY_OPERATING_AREA`)."""
    area = operating_area.strip()
    if area in DOMAIN_BY_OPERATING_AREA:
        return DOMAIN_BY_OPERATING_AREA[area]
    for known, domain in DOMAIN_BY_OPERATING_AREA.items():
        if known in area:
            return domain
    return FALLBACK_DOMAIN


def kpi_quality(kpi: KoladaKpi, today: date) -> Quality:
    """PRELIMINARY while Kolada's latest period is published preliminarily, else ASSURED.

    Kolada publishes ``publ_period`` first preliminarily (``prel_publication_date``) and then
    final (``publication_date``): between the two dates the newest values are preliminary.
    """
    prel, final = _date(kpi.prel_publication_date), _date(kpi.publication_date)
    if prel is not None and prel <= today and (final is None or today < final):
        return Quality.PRELIMINARY
    return Quality.ASSURED


def kpi_indicator(kpi: KoladaKpi, today: date) -> Indicator:
    """A catalogue indicator for a KPI.

    Kolada publishes finished figures (shares, costs per inhabitant, pupils per teacher)
    without numerator and denominator, so they are kept as published: ``MEAN`` without a
    weight, or ``INDEX`` (unit ``"index"``) when the title gives no unit. :mod:`kommunanalys.derive`
    neither recomputes nor sums either of them up the area hierarchy, whereas ``PROPORTION``
    and ``RATE`` need a numerator and denominator in the catalogue and ``COUNT`` is summed.
    """
    unit = unit_from_title(kpi.title) or "index"
    return Indicator(
        id=kpi_indicator_id(kpi.id),
        name_sv=kpi.title,
        name_en=kpi.title,
        domain=domain_for(kpi.operating_area),
        value_type=ValueType.INDEX if unit == "index" else ValueType.MEAN,
        unit=unit,
        multiplier=1,
        polarity=Polarity.NEUTRAL,
        source_kind="kolada",
        source=f"Kolada {kpi.id}: {kpi.title}",
        definition=kpi.description or kpi.title,
        kolada_id=kpi.id,
        quality=kpi_quality(kpi, today),
        by_gender=kpi.is_divided_by_gender,
        in_seed=False,
    )


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- the adapter


class KoladaAdapter:
    """Kolada API v3 as a source: ``check``, ``fetch`` and ``to_extract``."""

    name: ClassVar[str] = "kolada"
    Options = KoladaOptions

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        today: Callable[[], date] = date.today,
        retries: int = 4,
    ) -> None:
        self._transport = transport
        self._sleep = sleep
        self._today = today
        self._retries = retries

    def client(self, options: KoladaOptions, *, retries: int | None = None) -> KoladaClient:
        return KoladaClient(
            options.base_url,
            transport=self._transport,
            sleep=self._sleep,
            retries=self._retries if retries is None else retries,
        )

    def check(self, options: KoladaOptions) -> CheckResult:
        """Ask Kolada for the first KPIs' metadata. Never raises."""
        try:
            first = chunks(options.kpis)[:1]
            _check_date(options.from_date)
        except SourceError as exc:
            return CheckResult(False, str(exc))
        if not first:
            return CheckResult(False, "Ange minst ett nyckeltal (Kolada-id, t.ex. N00945).")
        try:
            with self.client(options, retries=1) as client:
                found = {k.id for k in client.kpis(ids=first[0])}
        except Exception as exc:  # check says why, it never raises
            return CheckResult(False, f"Kolada går inte att nå: {exc}")
        unknown = [k for k in first[0] if k not in found]
        if unknown:
            return CheckResult(False, f"Kolada svarar men känner inte till {', '.join(unknown)}.")
        return CheckResult(True, f"Kolada svarar ({options.base_url}).")

    def fetch(self, options: KoladaOptions, progress: Progress = no_progress) -> KoladaRaw:
        """KPI metadata, the municipalities' values and, if asked for, the units' values."""
        if not chunks(options.municipalities):
            raise SourceError(ErrorCode.KOLADA_NEEDS_KOMMUN)
        _check_date(options.from_date)
        with self.client(options) as client:
            progress(0, None, "Hämtar nyckeltalens beskrivningar från Kolada")
            kpis = client.kpis(ids=options.kpis) if chunks(options.kpis) else []
            known = [k.id for k in kpis]
            ou_kpis = [k.id for k in kpis if k.has_ou_data] if options.ous else []
            data_paths = (
                client.data_paths("data", known, options.municipalities, options.years)
                if known
                else []
            )
            ou_paths = (
                client.data_paths("oudata", ou_kpis, options.ous, options.years) if ou_kpis else []
            )
            ou_lists = list(dict.fromkeys(options.municipalities)) if ou_kpis else []
            total = 1 + len(data_paths) + len(ou_lists) + len(ou_paths)
            done = 1
            progress(done, total, f"{len(kpis)} nyckeltal beskrivna")

            def step(message: str) -> None:
                nonlocal done
                done += 1
                progress(done, total, message)

            values: list[KoladaValue] = []
            for path in data_paths:
                values.extend(client.values(path, options.from_date))
                step(f"Hämtat {path}")
            ous: list[KoladaOu] = []
            for municipality in ou_lists:
                ous.extend(client.ous(municipality))
                step(f"Hämtat enheterna i {municipality}")
            ou_values: list[KoladaValue] = []
            for path in ou_paths:
                ou_values.extend(client.values(path, options.from_date))
                step(f"Hämtat {path}")
        return KoladaRaw(
            self._today().isoformat(), tuple(kpis), tuple(values), tuple(ous), tuple(ou_values)
        )

    def to_extract(self, raw: KoladaRaw, options: KoladaOptions) -> Extract:
        today = date.fromisoformat(raw.fetched_on)
        by_id = {k.id: k for k in raw.kpis}
        problems = [
            Problem(
                Where(f"Kolada KPI {kpi}"), f"Kolada känner inte till nyckeltalet {kpi} (tomt svar)"
            )
            for kpi in dict.fromkeys(options.kpis)
            if kpi not in by_id
        ]
        if options.from_date is None:  # a delta update may rightly bring nothing
            with_values = {v.kpi for v in raw.values}
            places = ", ".join(options.municipalities)
            problems += [
                Problem(Where(f"Kolada KPI {kpi}"), f"Kolada har inga värden för {kpi} i {places}")
                for kpi in by_id
                if kpi not in with_values
            ]
        units, unit_problems = _units(raw, options)
        problems += unit_problems
        # Every municipality asked for is an area: the home kommun is known already, the
        # others become comparison municipalities (no RegSO of their own).
        areas = comparison_kommuner(options.municipalities) + units
        rows: list[SourceRow] = []
        for values, division in ((raw.values, Division.KOMMUN), (raw.ou_values, Division.UNIT)):
            for v in values:
                read = _row(v, division)
                if isinstance(read, Problem):
                    problems.append(read)
                else:
                    rows.append(read)
        return Extract(
            source=self.name,
            description=_describe(options),
            rows=rows,
            indicators=[kpi_indicator(k, today) for k in raw.kpis],
            areas=areas,
            problems=problems,
            checksum=raw.checksum(),
            rows_read=len(raw.values) + len(raw.ou_values),
        )


def _row(v: KoladaValue, division: Division) -> SourceRow | Problem:
    where = Where(v.url or f"Kolada KPI {v.kpi}", row=v.row or None)
    if v.gender not in {g.value for g in Gender}:
        return Problem(where, f"okänt kön '{v.gender}' (väntade T, K eller M)")
    missing = v.value is None or v.deleted  # deleted in Kolada: the value no longer holds
    observation = Observation(
        indicator=kpi_indicator_id(v.kpi),
        # riket (0000) and a region (0001) in the catalogue's spelling (0000, 01)
        area=(regional_code(v.area) or v.area) if division is Division.KOMMUN else v.area,
        division=division,
        period=str(v.period),
        value=None if missing else v.value,
        gender=Gender(v.gender),
        status=v.status or (MISSING if missing else None),
        source=f"Kolada {v.kpi}",
    )
    return SourceRow(observation, where)


def _units(raw: KoladaRaw, options: KoladaOptions) -> tuple[list[Area], list[Problem]]:
    if not options.ous:
        return [], []
    if not any(k.has_ou_data for k in raw.kpis):
        where = Where(f"Kolada KPI {', '.join(options.kpis)}")
        return [], [Problem(where, "inget av nyckeltalen har värden för enheter (has_ou_data)")]
    by_id = {o.id: o for o in raw.ous}
    places = ", ".join(options.municipalities)
    problems = [
        Problem(Where(f"Kolada enhet {ou}"), f"enheten {ou} finns inte bland enheterna i {places}")
        for ou in dict.fromkeys(options.ous)
        if ou not in by_id
    ]
    units = [by_id[ou] for ou in dict.fromkeys(options.ous) if ou in by_id]
    areas = [
        Area(u.id, u.title, Level.UNIT, Division.UNIT, parent=u.municipality, kommun=u.municipality)
        for u in units
    ]
    return areas, problems


def _describe(options: KoladaOptions) -> str:
    parts = [f"Kolada {', '.join(options.kpis)} för {', '.join(options.municipalities)}"]
    if options.years:
        parts.append(f"år {', '.join(str(y) for y in options.years)}")
    if options.ous:
        parts.append(f"enheter {', '.join(options.ous)}")
    if options.from_date:
        parts.append(f"ändrat sedan {options.from_date}")
    return ", ".join(parts)


__all__ = [
    "BASE_URL",
    "MAX_IDS",
    "KoladaAdapter",
    "KoladaClient",
    "KoladaGroup",
    "KoladaKpi",
    "KoladaMunicipality",
    "KoladaOptions",
    "KoladaOu",
    "KoladaRaw",
    "KoladaValue",
    "chunks",
    "domain_for",
    "kpi_indicator",
    "kpi_indicator_id",
    "kpi_quality",
    "unit_from_title",
]


def _shown_url(url: str, query: dict[str, Any]) -> str:
    import httpx  # here, not at import: httpx costs the CLI's start 0.15 s

    return str(httpx.URL(url, params=query))
