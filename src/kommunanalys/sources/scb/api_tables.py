"""How SCB API tables become observations: the tables behind the catalogue's public SCB
indicators (PxWebApi v2 ids), and new indicators for any other table.

All are from SCB's "Statistik på regional nivå: DeSO/RegSO" tables in Statistikdatabasen
(BE0101Y, HE0110I, HE0111YDeSo, UF0506D, BO0104X, AM0210G), with DeSO 2018 codes up to
reference year 2023 and DeSO 2025 codes (suffix ``_DeSO2025``) from 2024.

How sure each entry is (``ApiTable.confidence``) — nothing here was checked against the live
API from this project (tests run without a network); the ids and codes come from public code
and notes that queried it:

* ``hög``: the table id, content code and value codes are used the same way by several
  independent projects;
* ``medel``: the table id is certain, the content code or a value code comes from one source;
* ``låg``: value codes unknown; the feed names SCB's value *labels* (as in the Excel exports),
  matched (case and spacing ignored) when no code matches. A term that matches nothing in the
  table's metadata stops the import with a message listing the values the table does have.

A :class:`Feed` sums the cells of its value codes (or labels) per area, year and sex into one
catalogue indicator. Variables the plan does not fix are read whole (``"*"``) so that a wrong
guess can only fail loudly, never pick another value silently.

Not mapped, for lack of a verified v2 table on the 2025 division: ``medelinkomst``,
``medianinkomst`` and ``antal_personer_med_inkomst`` (the DeSO 2018 net-income table
000005FM; TAB6683 is income *structure*), ``andel_lag_ekonomisk_standard`` (TAB6685, content
codes unknown) and the ``befolkning_<a>_<b>`` groups that are not five-year bands.

Any other table (:func:`map_cells` without a built-in description) gets one new indicator per
content (:func:`table_indicator`); ``Alder`` becomes the age group, and any other variable
must hold one value (fix it in the options' selection), else the import stops and says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kommunanalys.model import (
    ALL_AGES,
    DOMAINS,
    Division,
    Gender,
    Indicator,
    Observation,
    Polarity,
    ValueType,
)
from kommunanalys.rows import Problem, SourceRow, Where
from kommunanalys.sources.adapter import Extract, SourceError
from kommunanalys.sources.scb.jsonstat import Cell, Content, Dataset, TableMetadata
from kommunanalys.sources.scb.options import (
    ALL,
    LevelName,
    PxWebOptions,
    Selection,
    area_of,
    infer_value_type,
)

GENDERS: dict[str, Gender] = {"1": Gender.MEN, "2": Gender.WOMEN, "1+2": Gender.TOTAL}
GENDER_VARIABLE = "Kon"
AGE_VARIABLES = ("alder", "ålder")
TOTAL_AGES = ("totalt", "tot", "samtliga")
DOMAIN_BY_SUBJECT: dict[str, str] = {
    "BE": "Befolkning",
    "BO": "Boende",
    "HE": "Inkomst och arbete",
    "AM": "Inkomst och arbete",
    "UF": "Förskola och skola",
    "LE": "Stöd och insatser",
    "KU": "Fritid",
}
DEFAULT_DOMAIN = "Befolkning"
KON = (GENDER_VARIABLE, tuple(GENDERS))
_BANDS = (
    ("-4", "0_4"),
    ("5-9", "5_9"),
    ("10-14", "10_14"),
    ("15-19", "15_19"),
    ("20-24", "20_24"),
    ("25-29", "25_29"),
    ("30-34", "30_34"),
    ("35-39", "35_39"),
    ("40-44", "40_44"),
    ("45-49", "45_49"),
    ("50-54", "50_54"),
    ("55-59", "55_59"),
    ("60-64", "60_64"),
    ("65-69", "65_69"),
    ("70-74", "70_74"),
    ("75-79", "75_79"),
    ("80-", "80_plus"),
)


@dataclass(frozen=True)
class Feed:
    """Cells that feed one catalogue indicator: a content and, per variable, the value codes
    (or labels) whose cells are summed. ``content=None``: the table's only content."""

    indicator: str
    content: str | None = None
    where: Selection = ()


@dataclass(frozen=True)
class ApiTable:
    table: str  # PxWebApi v2 id
    title: str
    v1_path: str  # the same table in v1 (Statistikdatabasen's path)
    selection: Selection
    feeds: tuple[Feed, ...]
    confidence: str  # hög / medel / låg, see the module docstring
    note: str = ""
    level: LevelName = "deso"

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.indicator for f in self.feeds))


def _f(indicator: str, content: str | None, **where: Sequence[str]) -> Feed:
    return Feed(indicator, content, tuple((v, tuple(codes)) for v, codes in where.items()))


TABLES: tuple[ApiTable, ...] = (
    ApiTable(
        "TAB6574",
        "Folkmängden per region efter ålder och kön",
        "BE/BE0101/BE0101Y/FolkmDesoAldKon",
        (
            KON,
            ("Alder", ("totalt", *(code for code, _ in _BANDS))),
            ("ContentsCode", ("000007Y7",)),
        ),
        (
            _f("antal_invanare", "000007Y7", Alder=("totalt",)),
            _f("befolkning", "000007Y7", Alder=("totalt",)),
            *(_f(f"antal_invanare_{band}", "000007Y7", Alder=(code,)) for code, band in _BANDS),
        ),
        "hög",
        "Alder 'totalt' och femårsklasserna '-4' … '80-'; 31 december varje år.",
    ),
    ApiTable(
        "TAB6571",
        "Folkmängden per region efter utländsk/svensk bakgrund och kön",
        "BE/BE0101/BE0101Y/FolkmDesoBakgrKon",
        (KON, ("UtlBakgrund", (ALL,)), ("ContentsCode", (ALL,))),
        (_f("antal_utlandsk_bakgrund", "000007Y4", UtlBakgrund=("1",)),),
        "medel",
        "UtlBakgrund 1 = utländsk bakgrund, 2 = svensk; innehållet 000007Y4 från en källa.",
    ),
    ApiTable(
        "TAB6572",
        "Folkmängden per region efter födelseregion och kön",
        "BE/BE0101/BE0101Y/FolkmDesoLandKon",
        (KON, ("Fodelseregion", (ALL,)), ("ContentsCode", (ALL,))),
        (
            _f(
                "antal_utrikes_fodda",
                None,
                Fodelseregion=("Europa utom Sverige", "övriga världen inkl. uppgift saknas"),
            ),
        ),
        "låg",
        "Koderna för födelseregion är okända; etiketterna är de i DeSO 2018-tabellens "
        "Excel-export (000005FB).",
    ),
    ApiTable(
        "TAB6568",
        "Antal hushåll efter region, hushållstyp",
        "BE/BE0101/BE0101Y/HushallDesoTyp",
        (("Hushallstyp", ("TOTALT", "ESMB")), ("ContentsCode", ("000007Y1",))),
        (
            _f("antal_hushall", "000007Y1", Hushallstyp=("TOTALT",)),
            _f("antal_hushall_ensamstaende_med_barn", "000007Y1", Hushallstyp=("ESMB",)),
        ),
        "hög",
        "TOTALT = totalt antal hushåll, ESMB = ensamstående med barn.",
    ),
    ApiTable(
        "TAB6638",
        "Antal lägenheter efter region (DeSO/RegSO 2025) och upplåtelseform",
        "BO/BO0104/BO0104X/BO0104T01N2",
        (("Upplatelseform", (ALL,)), ("ContentsCode", (ALL,))),
        (
            _f("antal_boende_hyresratt", "00000864", Upplatelseform=("1",)),
            _f("antal_boende_bostadsratt", "00000864", Upplatelseform=("2",)),
            _f("antal_boende_egnahem", "00000864", Upplatelseform=("3",)),
            _f("antal_lagenheter", "00000864", Upplatelseform=("1", "2", "3", "ÖVRIGT")),
        ),
        "medel",
        "Bara 2024– (DeSO 2025). 1 hyresrätt, 2 bostadsrätt, 3 äganderätt; 'ÖVRIGT' (uppgift "
        "saknas) från en källa. Lägenheter, som i katalogens Excel-mappning (000006OC).",
    ),
    ApiTable(
        "TAB6534",
        "Befolkning 25–65 år efter region och utbildningsnivå",
        "UF/UF0506/UF0506D/UtbSUNBefDesoRegsoN",
        (("UtbildningsNiva", (ALL,)), ("ContentsCode", (ALL,))),
        (
            _f("befolkning_25_64", "000007Z6", UtbildningsNiva=("21", "3+4", "5", "6", "US")),
            _f("antal_eftergymnasial_25_64", "000007Z6", UtbildningsNiva=("5", "6")),
        ),
        "medel",
        "Från 2024 avser SCB 25–65 år (tidigare 25–64, TAB5956 på DeSO 2018); värdena förs "
        "till katalogens 25–64-indikatorer som deso_json redan gör. 21 förgymnasial, 3+4 "
        "gymnasial, 5/6 eftergymnasial kortare/längre än 3 år, US uppgift saknas.",
    ),
    ApiTable(
        "TAB6683",
        "Inkomststruktur nettoinkomst efter region och kön",
        "HE/HE0110/HE0110I/Tab2InkDesoRegso",
        (KON, ("Inkomstkomponenter", (ALL,)), ("ContentsCode", (ALL,))),
        (_f("loneinkomst", "000008A4", Inkomstkomponenter=("löneinkomst",)),),
        "medel",
        "000008A4 = medelvärde för samtliga, tkr (en källa); komponenten väljs på etiketten.",
    ),
    ApiTable(
        "TAB6680",
        "Arbetsmarknadsstatus efter bostadens belägenhet, region (DeSO/RegSO), kön och ålder",
        "AM/AM0210/AM0210G/ArRegDesoStatusN",
        (KON, ("Alder", ("20-64",)), ("ContentsCode", (ALL,))),
        (
            _f("antal_forvarvsarbetande_20_64", "0000089X", Alder=("20-64",)),
            _f("befolkning_20_64", "0000089Y", Alder=("20-64",)),
        ),
        "medel",
        "0000089X sysselsatta, 0000089Y befolkning (en källa). BAS-statistik från 2020; "
        "katalogen säger förvärvsarbetande (RAMS), ett närliggande mått.",
    ),
    ApiTable(
        "TAB6065",
        "Antal personer efter region och hustyp",
        "HE/HE0111/HE0111YDeSo/HushallT32Deso",
        (("Hustyp", (ALL,)), ("ContentsCode", (ALL,))),
        (
            _f("antal_personer_smahus", None, Hustyp=("småhus",)),
            _f("antal_personer_flerbostadshus", None, Hustyp=("flerbostadshus",)),
            _f("antal_personer_specialbostad", None, Hustyp=("specialbostäder",)),
            _f("antal_personer_hustyp", None, Hustyp=("totalt",)),
        ),
        "låg",
        "Koderna för hustyp är okända; etiketterna är de i DeSO 2018-tabellens Excel-export "
        "(000005LO). Om tabellen har DeSO 2025 är inte bekräftat.",
    ),
)

_BY_ID = {t.table: t for t in TABLES}


def builtin_table(table: str) -> ApiTable | None:
    """The built-in description of ``table`` (v2 id, or its v1 path), if there is one."""
    found = _BY_ID.get(table)
    if found is None:
        found = next((t for t in TABLES if t.v1_path.strip("/") == table.strip("/")), None)
    return found


def update_plan(kommun: str, years: Sequence[str] = ()) -> list[PxWebOptions]:
    """Options for every built-in table, for ``kommunanalys update --kommun 0126``."""
    return [
        PxWebOptions(
            table=t.table,
            kommun=kommun,
            years=tuple(str(y) for y in years),
            selection=t.selection,
            level=t.level,
        )
        for t in TABLES
    ]


def table_indicator_id(table: str, content: str) -> str:
    """``scb_tab1234_000006ta``: the id of a new indicator for a table's content."""
    base = table.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "_", f"scb_{base}_{content}".casefold()).strip("_")


def table_indicator(
    meta: TableMetadata, content: Content, *, unit: str = "", by_gender: bool = False
) -> Indicator:
    """A new, unconfirmed indicator for one content of a table not in the catalogue."""
    label = " ".join(content.label.split()) or content.code
    value_type, inferred_unit = infer_value_type(label, content.unit or unit)
    domain = DOMAIN_BY_SUBJECT.get((meta.subject_code or "").upper(), DEFAULT_DOMAIN)
    when = f", referenstid {content.refperiod}" if content.refperiod else ""
    multiplier = 100 if value_type is ValueType.PROPORTION else 1
    if value_type is ValueType.RATE:
        multiplier = int(re.sub(r"\D", "", inferred_unit) or 1)
    return Indicator(
        id=table_indicator_id(meta.table, content.code),
        name_sv=label[:1].upper() + label[1:],
        name_en=label[:1].upper() + label[1:],
        domain=domain if domain in DOMAINS else DEFAULT_DOMAIN,
        value_type=value_type,
        unit=inferred_unit,
        multiplier=multiplier,
        polarity=Polarity.NEUTRAL,
        source_kind="scb",
        source=f"SCB {meta.title} ({content.code}, {meta.table})",
        definition=(
            f"{label} ur SCB:s tabell {meta.table} ”{meta.title}”, tabellinnehåll "
            f"{content.code}{when}. Skapad vid import från SCB:s API; värdetyp och enhet är "
            "gissade ur texten och ska bekräftas."
        ),
        by_gender=by_gender,
        in_seed=False,
    )


# -- mapping cells to observations ---------------------------------------------------------


def map_cells(data: Dataset, meta: TableMetadata, options: PxWebOptions, extract: Extract) -> None:
    """Rows (and, for a table not described here, new indicators) from merged cells."""
    cells = _Cells(data, meta, options)
    table = builtin_table(options.table)
    if table is None:
        _generic(cells, extract)
    else:
        _feeds(cells, table, extract)
    extract.problems[:0] = cells.problems
    extract.skipped += cells.skipped


@dataclass(frozen=True, slots=True)
class _Place:
    area: str
    division: Division
    period: str
    gender: Gender


class _Cells:
    """The merged cells with their place (area, division, period, gender), the kommun's only."""

    def __init__(self, data: Dataset, meta: TableMetadata, options: PxWebOptions) -> None:
        self.data, self.meta, self.options = data, meta, options
        self.where = Where(f"SCB {options.table}")
        self.position = {code: i for i, code in enumerate(data.ids)}
        self.content = meta.contents_variable or ""
        self.core = {meta.time_variable, meta.region_variable, self.content, GENDER_VARIABLE}
        self.problems: list[Problem] = []
        self.skipped = 0
        self.placed: list[tuple[Cell, _Place]] = []
        bad: set[str] = set()
        for cell in data.iter_cells():
            region = cell.key[self.position[meta.region_variable or ""]]
            period = cell.key[self.position[meta.time_variable or ""]]
            gender_code = self.code(cell, GENDER_VARIABLE)
            try:
                area, division = area_of(region, period, options.level)
            except SourceError as exc:
                bad.add(str(exc))
                continue
            gender = GENDERS.get(gender_code) if gender_code is not None else Gender.TOTAL
            if gender is None:
                bad.add(f"okänt kön '{gender_code}' i variabeln Kon (väntade 1, 2 eller 1+2)")
                continue
            if not area.startswith(options.kommun):
                self.skipped += 1
                continue
            self.placed.append((cell, _Place(area, division, period, gender)))
        self.problems += [Problem(self.where, message) for message in sorted(bad)]

    def code(self, cell: Cell, variable: str) -> str | None:
        i = self.position.get(variable)
        return None if i is None else cell.key[i]

    def extras(self) -> list[str]:
        return [d for d in self.data.ids if d not in self.core]

    def observation(
        self, indicator: str, place: _Place, cells: Sequence[Cell], age: str
    ) -> SourceRow:
        missing = next((c for c in cells if c.value is None), None)
        value = None if missing else sum(c.value for c in cells if c.value is not None)
        first = min(cells, key=lambda c: c.index)
        observation = Observation(
            indicator=indicator,
            area=place.area,
            division=place.division,
            period=place.period,
            value=value,
            gender=place.gender,
            age_group=age,
            status=missing.status if missing else None,
            source=f"SCB {self.options.table}",
        )
        column = self.code(first, self.content)
        return SourceRow(observation, replace(self.where, row=first.index, column=column))


def _generic(cells: _Cells, extract: Extract) -> None:
    """One new indicator per content; ``Alder`` becomes the age group."""
    data, meta = cells.data, cells.meta
    age_var = next((v for v in cells.extras() if v.casefold() in AGE_VARIABLES), None)
    for variable in cells.extras():
        dim = data.dimension(variable)
        if variable != age_var and dim is not None and len(dim.codes) > 1:
            extract.problems.append(
                Problem(
                    cells.where,
                    f"variabeln {variable} ({dim.label}) har {len(dim.codes)} värden; välj ett "
                    "i urvalet (selection) eller beskriv tabellen i sources/scb/api_tables.py",
                )
            )
    if extract.problems:
        return
    kon = data.dimension(GENDER_VARIABLE)
    by_gender = kon is not None and {"1", "2"} <= set(kon.codes)
    used = dict.fromkeys(cells.code(c, cells.content) or "" for c, _ in cells.placed)
    contents = data.dimension(cells.content)
    for code in used:
        label = contents.label_of(code) if contents else code
        content = meta.content(code) or Content(code, label)
        unit = data.units.get(code, "")
        extract.indicators.append(table_indicator(meta, content, unit=unit, by_gender=by_gender))
    for cell, place in cells.placed:
        content_code = cells.code(cell, cells.content) or ""
        age = cells.code(cell, age_var) if age_var else None
        age = ALL_AGES if age is None or age.casefold() in TOTAL_AGES else age
        indicator = table_indicator_id(meta.table, content_code)
        extract.rows.append(cells.observation(indicator, place, [cell], age))


def _feeds(cells: _Cells, table: ApiTable, extract: Extract) -> None:
    """A built-in table: each feed sums the cells of its value codes into one indicator."""
    data = cells.data
    for feed in table.feeds:
        resolved = _resolve(cells, feed.content, feed.where, feed.indicator)
        if resolved is None:
            continue
        content, wanted = resolved
        loose = [
            v
            for v in cells.extras()
            if v not in wanted and (dim := data.dimension(v)) is not None and len(dim.codes) > 1
        ]
        if loose:
            extract.problems.append(
                Problem(cells.where, f"{feed.indicator}: variabeln {loose[0]} har flera värden")
            )
            continue
        expected = math.prod(len(codes) for codes in wanted.values())
        groups: dict[_Place, dict[tuple[str | None, ...], Cell]] = {}
        for cell, place in cells.placed:
            if cells.code(cell, cells.content) != content:
                continue
            combo = tuple(cells.code(cell, v) for v in wanted)
            if all(c in wanted[v] for c, v in zip(combo, wanted, strict=True)):
                groups.setdefault(place, {})[combo] = cell
        for place, parts in groups.items():
            if len(parts) == expected:
                extract.rows.append(
                    cells.observation(feed.indicator, place, list(parts.values()), ALL_AGES)
                )


def _resolve(
    cells: _Cells, content: str | None, where: Selection, indicator: str
) -> tuple[str, dict[str, frozenset[str]]] | None:
    """A feed's content and value terms (codes, or labels) as codes of the table: checked
    against its metadata, so a trimmed answer is no error — the feed then has no rows."""
    found: dict[str, frozenset[str]] = {}
    for variable, terms in ((cells.content, (content,) if content else ()), *where):
        var = cells.meta.variable(variable)
        dim = cells.data.dimension(variable)
        if dim is None:
            cells.problems.append(
                Problem(cells.where, f"{indicator}: variabeln {variable} finns inte i svaret")
            )
            return None
        codes, labels = (var.codes, var.labels) if var else (dim.codes, dim.labels)
        if not terms:  # the table's only content
            if len(codes) != 1:
                message = f"{indicator}: tabellen har {len(codes)} innehåll, ange vilket"
                cells.problems.append(Problem(cells.where, message))
                return None
            found[variable] = frozenset(codes)
            continue
        by_label = {_norm(label): code for code, label in zip(codes, labels, strict=True)}
        picked = [t if t in codes else by_label.get(_norm(t)) for t in terms]
        if None in picked:
            term = terms[picked.index(None)]
            listing = _listing([f"{c} ({lbl})" for c, lbl in zip(codes, labels, strict=True)])
            cells.problems.append(
                Problem(
                    cells.where,
                    f"{indicator}: '{term}' finns inte i variabeln {variable} (finns: {listing})",
                )
            )
            return None
        found[variable] = frozenset(c for c in picked if c)
    content_codes = found.pop(cells.content)
    return next(iter(content_codes)), found


def _listing(items: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" … ({len(items)} i allt)" if len(items) > limit else "")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


__all__ = [
    "TABLES",
    "ApiTable",
    "Feed",
    "builtin_table",
    "map_cells",
    "table_indicator",
    "table_indicator_id",
    "update_plan",
]
