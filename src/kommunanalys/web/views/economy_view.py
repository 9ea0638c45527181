"""The view of ``/ekonomi``: the resultaträkning, drift per verksamhet, three years with their
change, the year-end forecast per verksamhet with its band, and how good earlier forecasts
were (the backtest). One dict for the page and its JSON twin (``_`` keys for the template).

Amounts are shown in tkr as the verksamhetsberättelse prints them: the resultaträkning signed
(intäkter +, kostnader −), drift per verksamhet as net costs (positive), its total row the sum
of its rounded rows (:func:`kommunanalys.analysis.economy.rounded_total`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

from babel.dates import get_month_names

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
from kommunanalys.analysis.economy_entry import ForecastEntries, ForecastEntry
from kommunanalys.analysis.economy_forecast import (
    BacktestRow,
    Forecast,
    backtest,
    profile_forecast,
)
from kommunanalys.analysis.economy_model import DELAR_MONTHS, AmountKind, CostType, SummaryRow
from kommunanalys.charts import Point, Series, line_chart
from kommunanalys.errors import ErrorCode
from kommunanalys.i18n import N_, current_language, gettext
from kommunanalys.i18n.labels import label
from kommunanalys.query import Dataset, QueryError
from kommunanalys.store import Store
from kommunanalys.web.views.economy_costs import costs_view
from kommunanalys.web.views.exports import Book, Column, Sheet, table

TKR = 1000
#: what the page says where a table is empty (the downloads say it too)
NO_KOLADA = N_(
    "Inga av Koladas kostnadsnyckeltal för individ- och familjeomsorg (N30005, N30101, N30007) "
    "är inlästa. Läs in kommunens värden med"
)
NO_BACKTEST = N_("Det finns inget helt tidigare år att pröva prognosen mot.")


class NoEconomy(QueryError):
    """The database has no economy (for that committee): a 404 that says how to import one."""

    def __init__(self, committee: str | None) -> None:
        super().__init__(ErrorCode.NO_ECONOMY, committee=committee or gettext("någon nämnd"))


@dataclass(frozen=True)
class EconomyData:
    committee: str
    ledger: Ledger
    volumes: Volumes


def economy_data(ds: Dataset, committee: str | None) -> EconomyData:
    """The committee's ledger and volumes, read once per dataset."""
    store: Store = ds.store
    committees = ds.memo(("economy", "committees"), store.economy.committees)
    if not committees:
        raise NoEconomy(None)
    chosen = committee or committees[0]
    if chosen not in committees:
        raise NoEconomy(chosen)

    def load() -> EconomyData:
        units = store.economy.units(chosen)
        return EconomyData(
            chosen,
            Ledger.from_rows(units, store.economy.amounts(chosen)),
            Volumes.from_rows(store.economy.volumes(chosen)),
        )

    return ds.memo(("economy", chosen), load)


def month_names() -> list[str]:
    """Jan … dec in the reader's language."""
    names = get_month_names("abbreviated", locale=current_language())
    return [str(names[m]).rstrip(".") for m in range(1, 13)]


def _tkr(value: float | None, *, negate: bool = False) -> int | None:
    return None if value is None else round((-value if negate else value) / TKR)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _row(r: FollowUpRow, name: str, *, negate: bool) -> dict[str, Any]:
    return {
        "key": r.key,
        "name": name,
        "budget": _tkr(r.budget, negate=negate),
        "outcome": _tkr(r.outcome, negate=negate),
        "deviation": _tkr(r.deviation),
        "deviation_pct": _pct(r.deviation_pct),
        "previous": _tkr(r.previous, negate=negate),
        "change_pct": _pct(r.change_pct),
    }


def _forecast_json(f: Forecast | None, *, negate: bool) -> dict[str, Any] | None:
    if f is None:
        return None
    ends = sorted(
        x for x in (_tkr(f.low, negate=negate), _tkr(f.high, negate=negate)) if x is not None
    )
    return {
        "value": _tkr(f.value, negate=negate),
        "low": ends[0] if ends else None,
        "high": ends[-1] if ends else None,
        "method": f.method.value,
        "method_label": label(f.method),
        "through": f.through,
        "years": list(f.years),
    }


def _backtest_json(rows: Sequence[BacktestRow]) -> list[dict[str, Any]]:
    return [
        {
            "year": r.year,
            "delar": r.delar,
            "through": r.through,
            "forecast": _tkr(r.forecast, negate=True),
            "outcome": _tkr(r.outcome, negate=True),
            "error": _tkr(r.error, negate=True),
            "error_pct": _pct(
                None if r.error_pct is None else -r.error_pct if r.outcome < 0 else r.error_pct
            ),
            "method": r.method.value,
        }
        for r in rows
    ]


def choose_period(ledger: Ledger, year: int | None, through: int | None) -> tuple[int, int]:
    """The year (default: the latest with an outcome) and its last month (default: the latest
    booked; 12 for an earlier year)."""
    last = ledger.last_month()
    if last is None:
        raise NoEconomy(None)
    chosen = year if year is not None else last.year
    if through is None:
        through = last.month if chosen == last.year else 12
    return chosen, through


def economy_view(
    ds: Dataset, committee: str | None, year: int | None, through: int | None
) -> dict[str, Any]:
    data = economy_data(ds, committee)
    ledger = data.ledger
    year, through = choose_period(ledger, year, through)
    names = {u.code: u.name for u in ledger.units}
    root = ledger.root()
    types = by_cost_type(ledger, year, through=through)
    result_rows = [
        _row(
            r,
            label(SummaryRow(r.key))
            if r.key in {s.value for s in SummaryRow}
            else label(CostType(r.key)),
            negate=False,
        )
        for r in types
    ]
    units = by_unit(ledger, year, through=through)
    drift = [_row(r, names[r.key], negate=True) for r in units if r.key != SummaryRow.RESULT]
    shown = [r for r in units if r.key != SummaryRow.RESULT]
    whole = units[-1]
    drift_total = {
        "key": SummaryRow.RESULT.value,
        "name": label(SummaryRow.RESULT),
        "budget": -rounded_total(r.budget for r in shown),
        "outcome": -rounded_total(r.outcome for r in shown),
        "deviation": rounded_total(r.deviation for r in shown),
        "deviation_pct": _pct(share(whole.deviation, whole.budget)),
        "previous": -rounded_total(r.previous for r in shown),
        "change_pct": _pct(whole.change_pct),
    }
    three = [year - 2, year - 1, year]
    years_table = [
        {
            "code": u.code,
            "name": u.name,
            "values": [
                {"year": y, "net": _tkr(v, negate=True), "change_pct": _pct(c)}
                for y, v, c in years_of(ledger, u.code, three)
            ],
        }
        for u in ledger.children(root.code)
    ]
    # the forecast: from the months so far; for a finished year, as it was made at delår 2
    made_at = through if through < 12 else DELAR_MONTHS["delar2"]
    forecasts: list[dict[str, Any]] = []

    def forecast_of(code: str) -> Forecast | None:
        return profile_forecast(ledger, year, made_at, unit=code)

    # the committee's own forecast of the delår the page is at (imported, kind forecast)
    delar = next((d for d, m in DELAR_MONTHS.items() if m == made_at), None)
    own = delar if delar and ledger.has(AmountKind.FORECAST, year, delar) else None
    # the editors' own, up to the page's month
    entered = ForecastEntries(ds.store).latest_by_unit(data.committee, year, through)
    for code in [*(u.code for u in ledger.children(root.code)), root.code]:
        made = ds.memo(
            ("economy-forecast", data.committee, code, year, made_at),
            partial(forecast_of, code),
        )
        outcome = ledger.total(unit=code, year=year) if through == 12 else None
        budget = ledger.total(unit=code, year=year, kind=_budget_kind(ledger, year))
        forecasts.append(
            {
                "code": code,
                "name": names[code] if code != root.code else label(SummaryRow.RESULT),
                "forecast": _forecast_json(made, negate=True),
                "budget": _tkr(budget, negate=True),
                "outcome": _tkr(outcome, negate=True),
                "committee_forecast": None
                if own is None
                else _tkr(
                    ledger.total(unit=code, year=year, kind=AmountKind.FORECAST, version=own),
                    negate=True,
                ),
                "deviation_from_budget": None
                if made is None or budget is None
                else _tkr(made.value - budget),
                "entered": _entered_json(entered.get(code)),
            }
        )
    tested = ds.memo(("economy-backtest", data.committee), lambda: backtest(ledger, unit=root.code))
    months = month_names()
    period = gettext("helår") if through == 12 else f"{months[0]}–{months[through - 1]}"
    view: dict[str, Any] = {
        "committee": data.committee,
        "committee_name": root.name,
        "year": year,
        "through": through,
        "period": period,
        "unit": "tkr",
        "synthetic": ledger.synthetic,
        "years_available": ledger.years(),
        "resultatrakning": result_rows,
        "drift": drift,
        "drift_total": drift_total,
        "three_years": {"years": three, "rows": years_table},
        "costs": costs_view(ds, ledger, three),
        "forecast": {
            "committee_version": own,
            "made_through": made_at,
            "made_through_name": months[made_at - 1],
            "rows": forecasts,
            "entered_any": any(r["entered"] for r in forecasts),
        },
        "backtest": _backtest_json(tested),
        "_months": months,
    }
    view["_chart"] = _chart(
        ledger, root.code, year, through, made_at, forecasts[-1]["forecast"], months
    )
    return view


def _entered_json(e: ForecastEntry | None) -> dict[str, Any] | None:
    """A verksamhet's own entered forecast (``/ekonomi/prognos``): net cost in tkr."""
    if e is None:
        return None
    return {
        "net_cost_tkr": None if e.net_cost_tkr is None else round(e.net_cost_tkr),
        "comment": e.comment,
        "month": e.month,
        "entered_by": e.entered_by,
    }


def _budget_kind(ledger: Ledger, year: int) -> AmountKind:
    return (
        AmountKind.REVISED_BUDGET
        if ledger.has(AmountKind.REVISED_BUDGET, year)
        else AmountKind.BUDGET
    )


def _cumulative(ledger: Ledger, unit: str, year: int, kind: AmountKind, last: int) -> list[Point]:
    points = []
    for m in range(1, 13):
        value = ledger.total(unit=unit, year=year, through=m, kind=kind) if m <= last else None
        points.append(Point(m, None if value is None else -value / 1e6))
    return points


def _chart(
    ledger: Ledger,
    unit: str,
    year: int,
    through: int,
    made_at: int,
    forecast: dict[str, Any] | None,
    months: list[str],
) -> str:
    series = [
        Series(
            gettext("Utfall %(year)s") % {"year": year},
            _cumulative(ledger, unit, year, AmountKind.OUTCOME, through),
        ),
        Series(
            gettext("Budget %(year)s") % {"year": year},
            _cumulative(ledger, unit, year, _budget_kind(ledger, year), 12),
        ),
        Series(
            gettext("Utfall %(year)s") % {"year": year - 1},
            _cumulative(ledger, unit, year - 1, AmountKind.OUTCOME, 12),
        ),
    ]
    if forecast is not None:
        so_far = ledger.total(unit=unit, year=year, through=made_at)
        points = [Point(m, None) for m in range(1, 13)]
        if so_far is not None:
            points[made_at - 1] = Point(made_at, -so_far / 1e6)
            points[11] = Point(
                12,
                forecast["value"] / 1e3,
                None if forecast["low"] is None else forecast["low"] / 1e3,
                None if forecast["high"] is None else forecast["high"] / 1e3,
            )
        series.append(
            Series(gettext("Prognos vid %(month)s") % {"month": months[made_at - 1]}, points)
        )
    labelled = [
        Series(s.label, [Point(months[int(p.year) - 1], p.value, p.low, p.high) for p in s.points])
        for s in series
    ]
    return line_chart(
        labelled,
        title=gettext("Nettokostnad ackumulerad per månad, mnkr"),
        unit="mnkr",
        years=months,
        decimals=1,
        include_zero=True,
        focusable=True,
    )


def economy_sheet(view: dict[str, Any]) -> Book:
    """Every table of the page, in its order and with its columns: resultaträkning, drift per
    verksamhet, three years, cost per invånare, Kolada's key figures, the forecast and the
    backtest (one worksheet each in Excel, one block each in the CSV)."""
    tkr = gettext("Budget (tkr)"), gettext("Utfall (tkr)"), gettext("Avvikelse (tkr)")
    result = table(
        gettext("Resultaträkning"),
        (
            Column(gettext("Rad"), itemgetter("name")),
            Column(tkr[0], itemgetter("budget"), 0),
            Column(tkr[1], itemgetter("outcome"), 0),
            Column(tkr[2], itemgetter("deviation"), 0),
            Column(gettext("Utfall föregående år (tkr)"), itemgetter("previous"), 0),
            Column(gettext("Förändring (%)"), itemgetter("change_pct"), 1),
        ),
        view["resultatrakning"],
        name=gettext("Resultaträkning"),
    )
    drift = table(
        gettext("Drift per verksamhet"),
        (
            Column(gettext("Verksamhet"), itemgetter("name")),
            Column(tkr[0], itemgetter("budget"), 0),
            Column(tkr[1], itemgetter("outcome"), 0),
            Column(tkr[2], itemgetter("deviation"), 0),
            Column(gettext("Avvikelse (%)"), itemgetter("deviation_pct"), 1),
            Column(gettext("Utfall föregående år (tkr)"), itemgetter("previous"), 0),
        ),
        [*view["drift"], view["drift_total"]],
        name=gettext("Drift per verksamhet"),
    )
    sheets = [result, drift, _three_years(view), *_cost_sheets(view), _forecast_sheet(view)]
    sheets.append(
        table(
            gettext("Hur bra var tidigare prognoser?"),
            (
                Column(gettext("År"), itemgetter("year")),
                Column(
                    gettext("Delår"),
                    lambda r: gettext("delår 1") if r["delar"] == "delar1" else gettext("delår 2"),
                ),
                Column(gettext("Prognos"), itemgetter("forecast"), 0),
                Column(gettext("Utfall"), itemgetter("outcome"), 0),
                Column(gettext("Fel"), itemgetter("error"), 0),
                Column(gettext("Fel (%%)") % {}, itemgetter("error_pct"), 1),
            ),
            view["backtest"],
            name=gettext("Hur bra var tidigare prognoser?"),
            notes=[] if view["backtest"] else [(gettext("Obs"), gettext(NO_BACKTEST))],
        )
    )
    notes = [(gettext("Period"), f"{view['year']} {view['period']}"), (gettext("Enhet"), "tkr")]
    if view["synthetic"]:
        notes.append(
            (
                gettext("Obs"),
                gettext(
                    "Månadsbeloppen är syntetiska demodata; årssummorna är verksamhetsberättelsens."
                ),
            )
        )
    return Book(
        title=f"{view['committee_name']}: {gettext('Ekonomi')} {view['year']}",
        sheets=tuple(sheets),
        notes=notes,
        name=f"ekonomi_{view['committee']}_{view['year']}",
    )


def _three_years(view: dict[str, Any]) -> Sheet:
    years = view["three_years"]["years"]

    def net(k: int) -> Column:
        return Column(str(years[k]), lambda r: r["values"][k]["net"], 0)

    def change(k: int) -> Column:
        header = gettext("Förändring %(year)s (%%)") % {"year": years[k]}
        return Column(header, lambda r: r["values"][k]["change_pct"], 1)

    return table(
        gettext("Tre år"),
        (
            Column(gettext("Verksamhet"), itemgetter("name")),
            *(net(k) for k in range(len(years))),
            *(change(k) for k in range(1, len(years))),
        ),
        view["three_years"]["rows"],
        name=gettext("Tre år"),
    )


def _cost_sheets(view: dict[str, Any]) -> list[Sheet]:
    """Cost per invånare, and Kolada's key figures (one row per key figure and year)."""
    costs = view["costs"]
    per_resident = table(
        gettext("Kostnad per invånare"),
        (
            Column(gettext("År"), itemgetter("year")),
            Column(gettext("Nettokostnad (tkr)"), itemgetter("net_cost_tkr"), 0),
            Column(gettext("Invånare"), itemgetter("residents"), 0),
            Column(gettext("Kr per invånare"), itemgetter("kr_per_resident"), 0),
        ),
        costs["per_resident"],
        name=gettext("Kostnad per invånare"),
    )
    figures = [(k, y) for k in costs["kolada"] for y in k["years"]]
    kolada = table(
        gettext("Jämfört med andra kommuner (Kolada)"),
        (
            Column(gettext("Nyckeltal"), lambda f: f[0]["name"]),
            Column(gettext("Indikator-id"), lambda f: f[0]["indicator"]),
            Column(gettext("År"), lambda f: f[1]["year"]),
            Column(gettext("Kommunen"), lambda f: f[1]["kommun"], 0),
            Column(gettext("Länet"), lambda f: f[1]["lan"], 0),
            Column(gettext("Riket"), lambda f: f[1]["riket"], 0),
            Column(gettext("Median, inlästa kommuner"), lambda f: f[1]["median"], 0),
            Column(gettext("Placering"), lambda f: f[1]["rank"], 0),
            Column(gettext("Inlästa kommuner med värde"), lambda f: f[1]["count"], 0),
        ),
        figures,
        name="Kolada",
        notes=[(gettext("Enhet"), gettext("Kr per invånare"))]
        if figures
        else [(gettext("Obs"), f"{gettext(NO_KOLADA)} {costs['kolada_command']}")],
    )
    return [per_resident, kolada]


def _forecast_sheet(view: dict[str, Any]) -> Sheet:
    """The forecast table with the columns the page shows for it."""
    forecast = view["forecast"]

    def of(key: str) -> Any:
        return lambda r: None if r["forecast"] is None else r["forecast"][key]

    def entered(key: str) -> Any:
        return lambda r: None if r["entered"] is None else r["entered"][key]

    columns = [
        Column(gettext("Verksamhet"), itemgetter("name")),
        Column(gettext("Prognos"), of("value"), 0),
        Column(gettext("Intervall, nedre"), of("low"), 0),
        Column(gettext("Intervall, övre"), of("high"), 0),
        Column(gettext("Budget"), itemgetter("budget"), 0),
        Column(gettext("Prognos mot budget"), itemgetter("deviation_from_budget"), 0),
    ]
    if forecast["committee_version"]:
        columns.append(Column(gettext("Nämndens prognos"), itemgetter("committee_forecast"), 0))
    if forecast["entered_any"]:
        columns += [
            Column(gettext("Verksamhetens prognos"), entered("net_cost_tkr"), 0),
            Column(gettext("Kommentar"), entered("comment")),
            Column(gettext("Månad"), entered("month")),
            Column(gettext("Lämnad av"), entered("entered_by")),
        ]
    if view["through"] == 12:
        columns.append(Column(gettext("Utfall"), itemgetter("outcome"), 0))
    columns.append(Column(gettext("Metod"), of("method_label")))
    made = gettext("Prognos vid %(month)s") % {"month": forecast["made_through_name"]}
    return table(
        gettext("Prognos för helåret"),
        columns,
        forecast["rows"],
        name=gettext("Prognos för helåret"),
        notes=[(gettext("Prognos"), made)],
    )
