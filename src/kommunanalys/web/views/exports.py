"""CSV and Excel downloads of every view: exactly the values the page shows.

Each view is turned into one :class:`Sheet` (a tidy table: one row per shown value, with its
unit, source and quality beside it), built from the same object the template renders, so a
download can never hold more, or other, numbers than the page. Values have already passed
the disclosure gate; a suppressed value is written as the suppression mark, never as a number.

* CSV: UTF-8 with a byte-order mark (Excel then reads the å, ä and ö right); comma-separated
  with a decimal point by default, or ``?sep=semikolon`` for Swedish Excel (``;`` and a decimal
  comma). Numbers are rounded as on the page.
* Excel (.xlsx): a header with title, units, sources, quality, the suppression note and the
  page's address; numbers stay numbers, with a number format of the page's decimals.

A page of several tables (``/ekonomi``) is a :class:`Book` of sheets: one worksheet per table
in Excel, and in the CSV one block per table — its header row, its rows, an empty line — each
row starting with the table's title, so that every table of the page is in the download.

Text that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) is
written with a leading apostrophe (:mod:`kommunanalys.report.cells`, shared with the reports).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import HTTPException
from fastapi.responses import Response

from kommunanalys.analysis.assessment import Assessment
from kommunanalys.analysis.comparison import AreaComparison, BubbleView, YearComparison
from kommunanalys.charts.limits import check_rows
from kommunanalys.config import LIMITS, Limits
from kommunanalys.formatting import decimals_for
from kommunanalys.i18n import N_, gettext, indicator_name, unit_name
from kommunanalys.i18n.labels import msgid, status_msgid
from kommunanalys.model import Area, Indicator, Value
from kommunanalys.privacy import SUPPRESSED, SUPPRESSION_TEXT
from kommunanalys.query import AreaProfile
from kommunanalys.report.cells import safe_cell
from kommunanalys.stats.comparison import Comparison, Outcome
from kommunanalys.stats.intervals import Interval
from kommunanalys.web.views.indicator_values import AreaValue, LevelValues

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: What a suppressed value is written as (the gate's status word, as the pages' notes say).
SUPPRESSION_MARK = SUPPRESSED
#: The note every export carries about suppressed values.
SUPPRESSION_NOTE = f"«{SUPPRESSION_MARK}»: {SUPPRESSION_TEXT}"
SYNTHETIC_NOTE = N_("Värden markerade «ja» i kolumnen Syntetiska är syntetiska demodata.")
GENDER_TEXT = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
LEVEL_TEXT = {"kommun": "Kommun", "regso": "RegSO", "deso": "DeSO"}

#: Separators: the URL's word → (field separator, decimal mark).
SEPARATORS = {"komma": (",", "."), "semikolon": (";", ",")}

_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class Number:
    """A number as the page shows it: rounded to ``decimals``."""

    value: float
    decimals: int

    @property
    def rounded(self) -> float | int:
        return round(self.value) if self.decimals == 0 else round(self.value, self.decimals)


Cell = str | Number | None


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    #: (label, text) lines of the Excel header: units, sources, quality, notes, address
    notes: list[tuple[str, str]] = field(default_factory=list)
    name: str = "export"


@dataclass(frozen=True)
class Book:
    """A page's several tables, in the page's order: one worksheet each in Excel (``notes`` in
    every worksheet's header, before the table's own), one block each in the CSV."""

    title: str
    sheets: tuple[Sheet, ...]
    notes: list[tuple[str, str]] = field(default_factory=list)
    name: str = "export"

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


# -- building a sheet from a view's rows -----------------------------------------------------------


def number(value: float | None, decimals: int = 0) -> Number | None:
    """A number of a view as the page rounds it (a missing one stays an empty cell)."""
    return None if value is None else Number(float(value), decimals)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table made from a view's rows: its header (in the reader's language),
    the cell of a row, and the decimals the page shows (None: the cell is text). A cell that
    is a :class:`Number` already keeps its own decimals (a row rounded as its measure is)."""

    header: str
    cell: Callable[[Any], Any]
    decimals: int | None = None


def table(
    title: str,
    columns: Sequence[Column],
    items: Iterable[Any],
    *,
    name: str,
    notes: Sequence[tuple[str, str]] = (),
) -> Sheet:
    """The sheet of ``items`` (a view's rows), one row each, cell by cell as ``columns`` say."""
    rows: list[tuple[Cell, ...]] = []
    for item in items:
        cells: list[Cell] = []
        for c in columns:
            raw = c.cell(item)
            if isinstance(raw, Number):
                cells.append(raw)
            elif c.decimals is None:
                cells.append(None if raw is None else str(raw))
            else:
                cells.append(number(raw, c.decimals))
        rows.append(tuple(cells))
    return Sheet(title, tuple(c.header for c in columns), rows, list(notes), name)


# -- writers ---------------------------------------------------------------------------------------


def escape_text(text: str) -> str:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe (the shared
    rule of :func:`kommunanalys.report.cells.safe_cell`)."""
    return str(safe_cell(text))


def to_csv(sheet: Sheet | Book, sep: str = "komma") -> bytes:
    delimiter, decimal = SEPARATORS[sep]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if isinstance(sheet, Sheet):
        writer.writerow([escape_text(c) for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_csv_cell(c, decimal) for c in row])
        return out.getvalue().encode("utf-8-sig")
    for k, part in enumerate(sheet.sheets):
        if k:
            writer.writerow([])
        writer.writerow([escape_text(c) for c in (gettext("Tabell"), *part.columns)])
        for row in part.rows:
            writer.writerow([_csv_cell(c, decimal) for c in (part.title, *row)])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(cell: Cell, decimal: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Number):
        number = cell.rounded
        text = str(number) if isinstance(number, int) else f"{number:.{cell.decimals}f}"
        return text.replace(".", decimal)
    return escape_text(cell)


def to_xlsx(sheet: Sheet | Book) -> bytes:
    # openpyxl (and Pillow behind it) is an eighth of the server's start: read when a
    # workbook is asked for, not when the app starts
    from openpyxl import Workbook

    book = Workbook()
    if isinstance(sheet, Sheet):
        _write_sheet(book.active, sheet, sheet.title, sheet.notes, sheet.name)
    else:
        taken: set[str] = set()
        for k, part in enumerate(sheet.sheets):
            ws = book.active if k == 0 else book.create_sheet()
            name = _sheet_name(part.name, taken)
            _write_sheet(
                ws, part, f"{sheet.title}: {part.title}", [*sheet.notes, *part.notes], name
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: what a worksheet's name may not hold (Excel's rule), and its longest
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts, unique in its book."""
    base = _NOT_IN_SHEET_NAME.sub("", wanted).strip("' ")[:_SHEET_NAME_LENGTH] or "blad"
    name, k = base, 2
    while name.casefold() in taken:
        suffix = f" {k}"
        name, k = base[: _SHEET_NAME_LENGTH - len(suffix)] + suffix, k + 1
    taken.add(name.casefold())
    return name


def _write_sheet(
    ws: Worksheet, sheet: Sheet, title: str, notes: Sequence[tuple[str, str]], name: str
) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.title = name[:_SHEET_NAME_LENGTH]
    ws.append([escape_text(title)])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for label, text in notes:
        ws.append([escape_text(label), escape_text(text)])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.append([])  # an empty row moves the writing on, but not ws.max_row
    ws.append([escape_text(c) for c in sheet.columns])
    header_row = ws.max_row
    fill = PatternFill("solid", fgColor="DCE6F1")
    for k in range(1, len(sheet.columns) + 1):
        cell = ws.cell(row=header_row, column=k)
        cell.font = Font(bold=True)
        cell.fill = fill
    for row in sheet.rows:
        ws.append([_xlsx_value(c) for c in row])
        r = ws.max_row
        for k, c in enumerate(row, start=1):
            if isinstance(c, Number):
                ws.cell(row=r, column=k).number_format = (
                    "#,##0" if c.decimals == 0 else "#,##0." + "0" * c.decimals
                )
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if sheet.rows:
        last = get_column_letter(len(sheet.columns))
        ws.auto_filter.ref = f"A{header_row}:{last}{ws.max_row}"
    for k, label in enumerate(sheet.columns, start=1):
        width = max([len(label), *(len(_width_text(r[k - 1])) for r in sheet.rows[:200])])
        ws.column_dimensions[get_column_letter(k)].width = min(max(width + 2, 8), 60)


def _xlsx_value(cell: Cell) -> str | float | int | None:
    if isinstance(cell, Number):
        return cell.rounded
    return escape_text(cell) if cell is not None else None


def _width_text(cell: Cell) -> str:
    if isinstance(cell, Number):
        return f"{cell.rounded:,}"
    return cell or ""


def download(
    sheet: Sheet | Book, fmt: str, sep: str | None = None, limits: Limits = LIMITS
) -> Response:
    """The sheet (or book) as a file download (``fmt`` csv or xlsx; ``sep`` komma or
    semikolon), at most ``limits.export_rows`` rows (refused before the file is written)."""
    check_rows(len(sheet.rows) if isinstance(sheet, Sheet) else sheet.row_count, limits)
    if fmt == "csv":
        choice = (sep or "komma").lower()
        if choice not in SEPARATORS:
            raise HTTPException(
                400,
                gettext("Okänd avgränsare '%(v)s' (välj komma eller semikolon).") % {"v": sep},
            )
        body = to_csv(sheet, choice)
    else:
        body = to_xlsx(sheet)
    filename = f"{sheet.name}.{fmt}"
    return Response(
        body,
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


def links(path: str, query: str) -> dict[str, str]:
    """The download addresses of a view at ``path?query``: same state, other suffix."""
    q = f"?{query}" if query else ""
    joiner = "&" if query else "?"
    return {
        "csv": f"{path}.csv{q}",
        "csv_semikolon": f"{path}.csv{q}{joiner}sep=semikolon",
        "xlsx": f"{path}.xlsx{q}",
        "json": f"{path}.json{q}",
        "svg": f"{path}.svg{q}",
        "png": f"{path}.png{q}",
    }


# -- cells -----------------------------------------------------------------------------------------


def _number(x: float | None, indicator: Indicator) -> Number | None:
    return None if x is None else Number(x, decimals_for(indicator))


def _value_cell(v: Value | None, indicator: Indicator) -> Cell:
    """The value, or the mark that stands in for it (suppressed, SCB's ".." and the like)."""
    if v is None:
        return None
    if v.value is not None:
        return _number(v.value, indicator)
    return SUPPRESSION_MARK if v.status == SUPPRESSED else v.status


def _status_note(v: Value | None) -> str:
    if v is None:
        return "Uppgift saknas."
    if v.value is None:
        return status_msgid(v.status) or "Uppgift saknas."
    return ""


def _bounds(interval: Interval | None, indicator: Indicator) -> tuple[Cell, Cell]:
    if interval is None:
        return None, None
    return _number(interval.lower, indicator), _number(interval.upper, indicator)


def _outcome(comparison: Comparison | None) -> str | None:
    """The comparison's Swedish word (none where the value cannot be compared)."""
    if comparison is None or comparison.outcome is Outcome.NOT_COMPARED:
        return None
    return msgid(comparison.outcome)


def _synthetic(v: Value | None) -> str:
    return "ja" if v is not None and v.synthetic else "nej"


def _indicator_notes(indicators: Iterable[Indicator], address: str) -> list[tuple[str, str]]:
    unique = list({i.id: i for i in indicators}.values())
    units = sorted({i.unit for i in unique})
    sources = sorted({i.source for i in unique})
    qualities = sorted({msgid(i.quality) for i in unique})
    unit_note = (
        units[0]
        if len(units) == 1
        else gettext("se kolumnen Enhet (%(units)s)") % {"units": ", ".join(units)}
    )
    return [
        (gettext("Enhet"), unit_note),
        (gettext("Källa"), "; ".join(sources)),
        (
            gettext("Kvalitet"),
            ", ".join(qualities) + " " + gettext("(per indikator i kolumnen Kvalitet)"),
        ),
        (gettext("Skyddade värden"), f"«{SUPPRESSION_MARK}»: {gettext(SUPPRESSION_TEXT)}"),
        (gettext("Adress"), address),
    ]


def _synthetic_note(text: str = SYNTHETIC_NOTE) -> tuple[str, str]:
    return (gettext("Syntetiska demodata"), gettext(text))


def _headers(*names: str) -> tuple[str, ...]:
    """Column headers in the reader's language (the cells below them stay the same data)."""
    return tuple(gettext(name) for name in names)


def _area_cells(area: Area) -> tuple[Cell, ...]:
    return (
        area.name,
        area.code,
        LEVEL_TEXT.get(area.level.value, area.level.value),
        area.division.value,
    )


def _indicator_cells(indicator: Indicator) -> tuple[Cell, ...]:
    return (indicator.domain, indicator.name_sv, indicator.id, indicator.unit)


def _meta_cells(indicator: Indicator, v: Value | None) -> tuple[Cell, ...]:
    return (msgid(indicator.quality), indicator.source, _synthetic(v))


# -- the views' sheets -----------------------------------------------------------------------------

_AREA = (N_("Område"), N_("Områdeskod"), N_("Nivå"), N_("Indelning"))
_INDICATOR = (N_("Domän"), N_("Indikator"), N_("Indikator-id"), N_("Enhet"))
_META = (N_("Kvalitet"), N_("Källa"), N_("Syntetiska"))


def area_comparison_sheet(result: AreaComparison, title: str, address: str) -> Sheet:
    bench = {"name": result.benchmark.name}
    columns = (
        *_headers(*_INDICATOR, *_AREA, N_("År"), N_("Kön"), N_("Värde")),
        *_headers(N_("95 % KI nedre"), N_("95 % KI övre")),
        gettext("Jämfört med %(name)s") % bench,
        gettext("Värde %(name)s") % bench,
        *_headers(N_("Anmärkning"), *_META),
    )
    rows: list[tuple[Cell, ...]] = []
    for row in result.rows:
        ind = row.indicator
        for area, cell in zip(result.areas, row.cells, strict=True):
            v = cell.value
            rows.append(
                (
                    *_indicator_cells(ind),
                    *_area_cells(area),
                    result.year,
                    GENDER_TEXT[(ind.view_gender or result.gender).value],
                    _value_cell(v, ind),
                    *_bounds(cell.interval, ind),
                    _outcome(cell.comparison),
                    _value_cell(row.benchmark, ind),
                    _status_note(v),
                    *_meta_cells(ind, v),
                )
            )
    notes = _indicator_notes((r.indicator for r in result.rows), address)
    if result.synthetic:
        notes.append(_synthetic_note())
    return Sheet(title, columns, rows, notes, "jamfor")


def year_comparison_sheet(result: YearComparison, title: str, address: str) -> Sheet:
    columns = _headers(
        *_AREA[:3],
        *_INDICATOR,
        N_("Kön"),
        N_("År"),
        N_("Indelning"),
        N_("Värde"),
        N_("95 % KI nedre"),
        N_("95 % KI övre"),
        N_("Serie"),
        N_("Anmärkning"),
        *_META,
    )
    rows: list[tuple[Cell, ...]] = []
    for s in result.series:
        ind = s.indicator
        for k, segment in enumerate(s.segments):
            part = "hel serie"
            if s.broken:
                part = f"del {k + 1} av {len(s.segments)}: serien bryts vid nyindelningen 2025"
            if s.bridged_by:
                part = "hel serie: från 2024 summan av " + " och ".join(s.bridged_by)
            for p in segment.points:
                rows.append(
                    (
                        *_area_cells(s.area)[:3],
                        *_indicator_cells(ind),
                        GENDER_TEXT[s.gender.value],
                        p.value.period,
                        p.value.division.value,
                        _value_cell(p.value, ind),
                        *_bounds(p.interval, ind),
                        part,
                        _status_note(p.value),
                        *_meta_cells(ind, p.value),
                    )
                )
    notes = _indicator_notes((s.indicator for s in result.series), address)
    if result.any_break:
        notes.append(
            (
                gettext("Seriebrott"),
                gettext(
                    "Områden vars gräns ändrades vid SCB:s nyindelning 2025-01-01 har två "
                    "delserier (kolumnen Serie): värden före och efter är inte direkt jämförbara."
                ),
            )
        )
    if result.synthetic:
        notes.append(_synthetic_note())
    return Sheet(title, columns, rows, notes, "utveckling")


def bubble_sheet(view: BubbleView, title: str, address: str) -> Sheet:
    roles = [
        (label, ind, attr)
        for label, ind, attr in (
            ("x", view.x, "x"),
            ("y", view.y, "y"),
            (N_("storlek"), view.size, "size"),
            (N_("färg"), view.colour, "colour"),
        )
        if ind is not None
    ]
    columns = (
        *_headers(*_AREA, N_("År")),
        *(
            f"{indicator_name(ind)} ({unit_name(ind.unit)}) [{gettext(label)}]"
            for label, ind, _ in roles
        ),
        *_headers(N_("I diagrammet"), N_("Anmärkning")),
    )
    rows: list[tuple[Cell, ...]] = []
    for b in (*view.bubbles, view.kommun):
        values = [getattr(b, attr) for _, _, attr in roles]
        missing = [
            f"{label}: {_status_note(v)}"
            for (label, _, _), v in zip(roles, values, strict=True)
            if _status_note(v)
        ]
        drawn = b.complete and b is not view.kommun
        rows.append(
            (
                *_area_cells(b.area),
                view.year,
                *(_value_cell(v, ind) for (_, ind, _), v in zip(roles, values, strict=True)),
                "ja" if drawn else ("referenslinje" if b is view.kommun else "nej"),
                " ".join(missing),
            )
        )
    notes = _indicator_notes((ind for _, ind, _ in roles), address)
    if view.synthetic:
        notes.append(
            _synthetic_note(N_("Minst en av indikatorerna bygger på syntetiska demodata."))
        )
    return Sheet(title, columns, rows, notes, "bubblor")


def profile_sheet(
    profile: AreaProfile, assessments: dict[str, Assessment], benchmark: Area, address: str
) -> Sheet:
    """The area profile's cards: value, interval, comparison, trend, genders, kommun value."""
    area = profile.area
    columns = (
        *_headers(*_INDICATOR, *_AREA, N_("År"), N_("Värde")),
        *_headers(N_("95 % KI nedre"), N_("95 % KI övre")),
        gettext("Jämfört med %(name)s") % {"name": benchmark.name},
        *_headers(N_("Trend"), N_("Kvinnor"), N_("Män")),
        gettext("Värde %(name)s") % {"name": profile.kommun.name},
        *_headers(N_("Täljare"), N_("Nämnare"), N_("Anmärkning"), *_META),
    )
    rows: list[tuple[Cell, ...]] = []
    for section in profile.sections:
        for card in section.cards:
            ind, v = card.indicator, card.value
            a = assessments.get(ind.id)
            trend = a.trend if a and a.trend and a.trend.periods >= 5 else None
            rows.append(
                (
                    *_indicator_cells(ind),
                    *_area_cells(area),
                    profile.year,
                    _value_cell(v, ind),
                    *_bounds(a.interval if a else None, ind),
                    _outcome(a.comparison if a else None),
                    f"{msgid(trend.assessment)} {trend.first}–{trend.last}" if trend else None,
                    _value_cell(card.genders.get("K"), ind),
                    _value_cell(card.genders.get("M"), ind),
                    _value_cell(card.kommun_value, ind),
                    _count(v.numerator if v else None),
                    _count(v.denominator if v else None),
                    _status_note(v),
                    *_meta_cells(ind, v),
                )
            )
    notes = _indicator_notes((c.indicator for s in profile.sections for c in s.cards), address)
    if profile.synthetic:
        notes.append(_synthetic_note())
    return Sheet(
        gettext("Områdesprofil %(name)s %(year)s") % {"name": area.name, "year": profile.year},
        columns,
        rows,
        notes,
        f"omrade-{area.code}-{profile.year}",
    )


def _count(x: float | None) -> Number | None:
    return None if x is None else Number(x, 0)


def level_sheet(
    found: LevelValues,
    rows: list[AreaValue],
    extra: tuple[str, list[Cell]],
    title: str,
    address: str,
    name: str,
) -> Sheet:
    """One indicator for every area of a level (the map, the ranking): each area's gated value,
    interval and comparison with the benchmark (the kommun, its län or riket; the kommun's
    name where the rows are not compared), in ``rows``' order, with the view's own column
    ``extra`` (the map's class, the ranking's rank) first."""
    ind = found.indicator
    reference = found.benchmark or found.kommun
    kommun = {"name": reference.name}
    reference_value = found.benchmark_value if found.benchmark else found.kommun_value
    label, extra_cells = extra
    columns = (
        gettext(label),
        *_headers(*_AREA, *_INDICATOR, N_("År"), N_("Kön"), N_("Värde")),
        *_headers(N_("95 % KI nedre"), N_("95 % KI övre")),
        gettext("Jämfört med %(name)s") % kommun,
        gettext("Värde %(name)s") % kommun,
        *_headers(N_("Täljare"), N_("Nämnare"), N_("Anmärkning"), *_META),
    )
    out = [
        (
            cell,
            *_area_cells(r.area),
            *_indicator_cells(ind),
            found.year,
            GENDER_TEXT[found.gender.value],
            _value_cell(r.value, ind),
            *_bounds(r.interval, ind),
            _outcome(r.comparison),
            _value_cell(reference_value, ind),
            _count(r.value.numerator if r.value else None),
            _count(r.value.denominator if r.value else None),
            _status_note(r.value),
            *_meta_cells(ind, r.value),
        )
        for r, cell in zip(rows, extra_cells, strict=True)
    ]
    notes = _indicator_notes([ind], address)
    if any(r.value is not None and r.value.synthetic for r in rows):
        notes.append(_synthetic_note())
    return Sheet(title, columns, out, notes, name)


# -- the cells for a view that lays out its own sheet (the overview table: one row per area) ----
value_cell = _value_cell
outcome_word = _outcome
indicator_notes = _indicator_notes
synthetic_note = _synthetic_note
