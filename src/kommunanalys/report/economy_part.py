"""The report's *Ekonomi*: resultaträkning, drift per verksamhet, särskilda satsningar, extern
finansiering and investeringar, from the ledger (:mod:`kommunanalys.analysis.economy`) and the
financing tables (:mod:`kommunanalys.store.staff_control`).

A verksamhetsberättelse shows the full year against the budget and the year before, as the
seed prints it (tkr; the resultaträkning signed, drift per verksamhet as net costs). A
delårsrapport shows the months of its period (delår 1: January–April, delår 2: January–August)
against the same months' budget and the year before, and the year-end forecast — the
committee's own where it imported one for that delår, else the seasonal-profile forecast.
"""

from __future__ import annotations

from typing import Any

from kommunanalys.analysis.economy import (
    FollowUpRow,
    Ledger,
    Volumes,
    by_cost_type,
    by_unit,
    rounded_total,
    share,
    years_of,
)
from kommunanalys.analysis.economy_forecast import profile_forecast
from kommunanalys.analysis.economy_model import AmountKind, CostType, Regi, SummaryRow
from kommunanalys.charts import Point, Series, line_chart
from kommunanalys.formatting import format_number
from kommunanalys.i18n.labels import msgid
from kommunanalys.report.document import Block, ChartBlock, Part, table, text_blocks
from kommunanalys.report.narrative import Narrative, TextSection
from kommunanalys.store import Store
from kommunanalys.store.staff_control import (
    INVESTMENT,
    SPECIAL_INITIATIVE,
    STATE_GRANT,
    StaffControlRows,
)

TKR = 1000
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
#: the last month of each goal period's part of the year
PERIOD_MONTHS = {"helår": 12, "delår 1": 4, "delår 2": 8}
_DELAR = {4: "delar1", 8: "delar2", 12: "helar"}


def through_of(period: str) -> int:
    """The last month a period covers: helår 12, delår 1 April, delår 2 August, ``m05`` May."""
    if period in PERIOD_MONTHS:
        return PERIOD_MONTHS[period]
    return int(period[1:])


def tkr(value: float | None, *, negate: bool = False) -> str:
    if value is None:
        return "–"
    return format_number(round((-value if negate else value) / TKR), 0)


def pct(value: float | None) -> str:
    if value is None:
        return "–"
    return format_number(value, 1 if abs(value) < 10 else 0) + " %"


def _budget_kind(ledger: Ledger, year: int) -> AmountKind:
    return (
        AmountKind.REVISED_BUDGET
        if ledger.has(AmountKind.REVISED_BUDGET, year)
        else AmountKind.BUDGET
    )


def _name(key: str) -> str:
    if key in {s.value for s in SummaryRow}:
        return msgid(SummaryRow(key))
    return msgid(CostType(key))


def economy_part(
    store: Store, committee: str, year: int, period: str, text: Narrative
) -> Part | None:
    """*Ekonomi* of one committee's report, or None when it has no ledger for ``year``."""
    if committee not in store.economy.committees():
        return None
    ledger = Ledger.from_rows(store.economy.units(committee), store.economy.amounts(committee))
    if year not in ledger.years():
        return None
    volumes = Volumes.from_rows(store.economy.volumes(committee))
    through = through_of(period)
    span = "helår" if through == 12 else f"jan–{MONTHS[through - 1]}"
    notes = []
    if ledger.synthetic:
        notes.append(
            "Obs: månadsbeloppen i demodatabasen är syntetiska; årssummorna är "
            "verksamhetsberättelsens."
        )
    parts = [
        _result_part(ledger, year, through, span, text.text(TextSection.RESULT)),
        _drift_part(ledger, volumes, year, through, span),
        *_financing_parts(store, committee, year),
    ]
    return Part(
        "Ekonomi",
        text_blocks(text.text(TextSection.ECONOMY), *notes),
        tuple(parts),
        anchor="ekonomi",
    )


def _forecast(ledger: Ledger, year: int, through: int, **where: Any) -> float | None:
    """The committee's own year-end forecast of this delår where imported, else computed."""
    version = _DELAR.get(through)
    if version and ledger.has(AmountKind.FORECAST, year, version):
        return ledger.total(year=year, kind=AmountKind.FORECAST, version=version, **where)
    made = profile_forecast(ledger, year, through, **where)
    return None if made is None else made.value


def _result_part(ledger: Ledger, year: int, through: int, span: str, comment: str) -> Part:
    rows = by_cost_type(ledger, year, through=through)
    header: tuple[str, ...]
    body: list[tuple[str, ...]]
    if through == 12:
        header = (
            "Resultaträkning",
            "Budget helår",
            "Utfall helår",
            "Avvikelse helår",
            "Utfall föregående år",
        )
        body = [
            (_name(r.key), tkr(r.budget), tkr(r.outcome), tkr(r.deviation), tkr(r.previous))
            for r in rows
        ]
    else:
        header = (
            "Resultaträkning",
            f"Budget {span}",
            f"Utfall {span}",
            f"Avvikelse {span}",
            f"Utfall {span} föregående år",
            "Budget helår",
            "Prognos helår",
            "Avvikelse prognos",
        )
        body = []
        for r in rows:
            types = _types(r.key)
            budget = ledger.total(year=year, kind=_budget_kind(ledger, year), cost_types=types)
            forecast = _forecast(ledger, year, through, cost_types=types)
            body.append(
                (
                    _name(r.key),
                    tkr(r.budget),
                    tkr(r.outcome),
                    tkr(r.deviation),
                    tkr(r.previous),
                    tkr(budget),
                    tkr(forecast),
                    tkr(None if forecast is None or budget is None else forecast - budget),
                )
            )
    blocks: list[Block] = [table("Resultaträkning, tkr", header, body, total=True)]
    blocks.append(ChartBlock(_chart(ledger, year, through), "Nettokostnad ackumulerad per månad"))
    blocks.extend(text_blocks(comment))
    return Part("Resultaträkning", tuple(blocks), anchor="resultatrakning")


def _types(key: str) -> tuple[CostType, ...] | None:
    if key == SummaryRow.RESULT:
        return None
    if key == SummaryRow.COSTS:
        return tuple(c for c in CostType if c is not CostType.INTAKTER)
    return (CostType(key),)


def _drift_part(ledger: Ledger, volumes: Volumes, year: int, through: int, span: str) -> Part:
    names = {u.code: u.name for u in ledger.units}
    rows = by_unit(ledger, year, through=through)
    shown = [r for r in rows if r.key != SummaryRow.RESULT]
    whole = rows[-1]

    def line(r: FollowUpRow, name: str) -> list[str]:
        return [
            name,
            tkr(r.budget, negate=True),
            tkr(r.outcome, negate=True),
            tkr(r.deviation),
            pct(r.deviation_pct),
            tkr(r.previous, negate=True),
        ]

    def total_line() -> list[str]:
        return [
            "Årets resultat",
            format_number(-rounded_total(r.budget for r in shown), 0),
            format_number(-rounded_total(r.outcome for r in shown), 0),
            format_number(rounded_total(r.deviation for r in shown), 0),
            pct(share(whole.deviation, whole.budget)),
            format_number(-rounded_total(r.previous for r in shown), 0),
        ]

    when = "helår" if through == 12 else span
    header = [
        "Verksamhet",
        f"Budget {when}",
        f"Utfall {when}",
        f"Avvikelse {when}",
        "Avvikelse (%)",
        f"Utfall {when} föregående år" if through < 12 else "Utfall föregående år",
    ]
    body = [line(r, names[r.key]) for r in shown]
    total = total_line()
    if through < 12:
        header += ["Prognos helår", "Budget helår"]
        kind = _budget_kind(ledger, year)
        root = ledger.root().code
        for cells, code in [*zip(body, (r.key for r in shown), strict=True), (total, root)]:
            cells.append(tkr(_forecast(ledger, year, through, unit=code), negate=True))
            cells.append(tkr(ledger.total(unit=code, year=year, kind=kind), negate=True))
    blocks: list[Block] = [
        table("Driftsredovisning per verksamhet, tkr", header, [*body, total], total=True)
    ]
    if through == 12:
        three = [year - 2, year - 1, year]
        years_rows = []
        for u in ledger.children(ledger.root().code):
            values = years_of(ledger, u.code, three)
            years_rows.append(
                [
                    u.name,
                    *(tkr(v, negate=True) for _, v, _ in values),
                    *(pct(c) for _, _, c in values[1:]),
                ]
            )
        blocks.append(
            table(
                "Nettokostnad per verksamhet, tkr",
                [
                    "Verksamhet",
                    *(f"jan–dec {y}" for y in three),
                    f"Förändring {three[1]}",
                    f"Förändring {three[2]}",
                ],
                years_rows,
            )
        )
    placed = []
    for code in volumes.units():
        now = volumes.mean_placed(code, year, last=through, regi=Regi.EXTERNAL)
        before = volumes.mean_placed(code, year - 1, last=through, regi=Regi.EXTERNAL)
        if now is None and before is None:
            continue
        change = None if not before or now is None else 100 * (now - before) / before
        placed.append([names.get(code, code), _one(before), _one(now), pct(change)])
    if placed:
        blocks.append(
            table(
                f"Externa placeringar, placerade i genomsnitt per månad ({when})",
                ["Insats", str(year - 1), str(year), "Förändring"],
                placed,
            )
        )
    return Part("Drift per verksamhet", tuple(blocks), anchor="drift")


def _one(value: float | None) -> str:
    return "–" if value is None else format_number(value, 1)


def _financing_parts(store: Store, committee: str, year: int) -> list[Part]:
    rows = StaffControlRows(store.backend)

    def n(value: float | None) -> str:
        return "–" if value is None else format_number(value, 0)

    def total(items: list[dict[str, Any]], column: str) -> float:
        return sum(i[column] or 0.0 for i in items)

    initiatives = rows.rows(SPECIAL_INITIATIVE, committee, year)
    grants = rows.rows(STATE_GRANT, committee, year)
    investments = rows.rows(INVESTMENT, committee, year)
    parts = []
    body: list[list[str]] = [[i["name"], n(i["budget"]), n(i["outcome"])] for i in initiatives]
    parts.append(
        Part(
            "Särskilda satsningar",
            (table("Särskilda satsningar, tkr", ["Satsning", "Budget", "Utfall"], body),)
            if body
            else text_blocks("Inga särskilda satsningar är inlästa för året."),
            anchor="satsningar",
        )
    )
    body = [
        [g["name"], n(g["applied"]), n(g["received"]), n(g["budgeted"]), g["objective"]]
        for g in grants
    ]
    if body:
        body.append(
            [
                "Summa",
                n(total(grants, "applied")),
                n(total(grants, "received")),
                n(total(grants, "budgeted")),
                "",
            ]
        )
    parts.append(
        Part(
            "Extern finansiering",
            (
                table(
                    "Extern finansiering, tkr",
                    [
                        "Sökt bidrag",
                        f"Ansökt {year}",
                        f"Erhållet {year}",
                        f"Budgeterat {year}",
                        "Nämndmål",
                    ],
                    body,
                    (False, True, True, True, False),
                    total=True,
                ),
            )
            if body
            else text_blocks("Ingen extern finansiering är inläst för året."),
            anchor="finansiering",
        )
    )
    body = [
        [
            i["name"],
            n(i["budget"]),
            n(i["outcome"]),
            n((i["budget"] or 0.0) - (i["outcome"] or 0.0)),
        ]
        for i in investments
    ]
    if body:
        budget, outcome = total(investments, "budget"), total(investments, "outcome")
        body.append(["Summa investeringar", n(budget), n(outcome), n(budget - outcome)])
    parts.append(
        Part(
            "Investeringar",
            (
                table(
                    "Investeringar, tkr",
                    ["Investeringar", "Budget", "Utfall", "Avvikelse"],
                    body,
                    total=True,
                ),
            )
            if body
            else text_blocks("Inga investeringar är inlästa för året."),
            anchor="investeringar",
        )
    )
    return parts


def _cumulative(ledger: Ledger, year: int, kind: AmountKind, last: int) -> list[Point]:
    points = []
    for m in range(1, 13):
        value = ledger.total(year=year, through=m, kind=kind) if m <= last else None
        points.append(Point(MONTHS[m - 1], None if value is None else -value / 1e6))
    return points


def _chart(ledger: Ledger, year: int, through: int) -> str:
    series = [
        Series(f"Utfall {year}", _cumulative(ledger, year, AmountKind.OUTCOME, through)),
        Series(f"Budget {year}", _cumulative(ledger, year, _budget_kind(ledger, year), 12)),
        Series(f"Utfall {year - 1}", _cumulative(ledger, year - 1, AmountKind.OUTCOME, 12)),
    ]
    if through < 12:
        made = profile_forecast(ledger, year, through)
        so_far = ledger.total(year=year, through=through)
        if made is not None and so_far is not None:
            points = [Point(MONTHS[m], None) for m in range(12)]
            points[through - 1] = Point(MONTHS[through - 1], -so_far / 1e6)
            ends = [x for x in (made.low, made.high) if x is not None]
            points[11] = Point(
                "dec",
                -made.value / 1e6,
                -max(ends) / 1e6 if ends else None,
                -min(ends) / 1e6 if ends else None,
            )
            series.append(Series(f"Prognos vid {MONTHS[through - 1]}", points))
    return line_chart(
        series,
        title="Nettokostnad ackumulerad per månad, mnkr",
        unit="mnkr",
        years=list(MONTHS),
        decimals=1,
        include_zero=True,
    )
