"""The view of ``/ekonomi/volymer``: placements per insats month by month, year against year
(so the autumn's change shows), the volume forecast with its 80 % and 95 % prediction
intervals, cost per vårddygn, and the volume/price split of köp av verksamhet against the
previous year and the budget. One dict for the page and its JSON twin."""

from __future__ import annotations

from typing import Any

from kommunanalys.analysis.economy import (
    Volumes,
    change,
    cost_per_care_day,
    volume_price_split,
)
from kommunanalys.analysis.economy_forecast import volume_forecast
from kommunanalys.analysis.economy_model import (
    AmountKind,
    CostType,
    Month,
    Regi,
    UnitLevel,
    VolumeMeasure,
)
from kommunanalys.charts import Point, Series, line_chart
from kommunanalys.i18n import gettext
from kommunanalys.i18n.labels import label
from kommunanalys.privacy import SUPPRESSED
from kommunanalys.privacy.gate import publish_placements
from kommunanalys.query import Dataset
from kommunanalys.web.views.economy_view import NoEconomy, economy_data, month_names
from kommunanalys.web.views.exports import Column, Sheet, table

#: months ahead when the last year is complete
HORIZON = 6
BUY = (CostType.KOP_AV_VERKSAMHET,)


def _split_json(
    reference_cost: float | None,
    reference_days: float | None,
    cost: float | None,
    days: float | None,
) -> dict[str, Any] | None:
    if not reference_cost or not reference_days or cost is None or days is None:
        return None
    split = volume_price_split(abs(reference_cost), reference_days, abs(cost), days)
    volume, price, deviation = split.rounded()
    return {"volume": volume, "price": price, "deviation": deviation}


def volumes_view(ds: Dataset, committee: str | None, insats: str | None) -> dict[str, Any]:
    data = economy_data(ds, committee)
    ledger, volumes = data.ledger, data.volumes
    have = set(volumes.units())
    codes = [u.code for u in ledger.units if u.code in have]  # the tree's order
    if not codes:
        raise NoEconomy(data.committee)
    chosen = insats if insats in codes else codes[0]
    names = {u.code: u.name for u in ledger.units}
    parents = {u.code: u.parent for u in ledger.units}
    last = max(m for m, _ in volumes.series(chosen)) if volumes.series(chosen) else None
    years = sorted({m.year for code in codes for m, _ in volumes.series(code)})[-3:]
    rows = []
    for code in codes:
        per_year = []
        previous_mean: float | None = None
        for i, year in enumerate(years):
            mean = volumes.mean_placed(code, year)
            cost = ledger.total(unit=code, year=year, cost_types=BUY)
            if publish_placements(mean) is None:  # a few people: nothing derived either
                per_year.append(_withheld(year, cost))
                previous_mean = None
                continue
            days = volumes.total(code, year, regi=Regi.EXTERNAL)
            per_year.append(
                {
                    "year": year,
                    "placed": None if mean is None else round(mean, 1),
                    "change_pct": None if i == 0 else _round(change(mean, previous_mean)),
                    "care_days": days,
                    "purchases": None if cost is None else round(-cost / 1000),
                    "cost_per_care_day": _round(cost_per_care_day(cost, days), 0),
                    "status": None,
                }
            )
            previous_mean = mean
        latest, before = years[-1], years[-2] if len(years) > 1 else None
        shown = {y["year"] for y in per_year if y["status"] is None}
        cost = ledger.total(unit=code, year=latest, cost_types=BUY)
        days = volumes.total(code, latest, regi=Regi.EXTERNAL)
        budget_days = volumes.total(code, latest, regi=Regi.EXTERNAL, kind=AmountKind.BUDGET)
        budget_cost = ledger.total(unit=code, year=latest, kind=AmountKind.BUDGET, cost_types=BUY)
        rows.append(
            {
                "code": code,
                "name": names.get(code, code),
                "verksamhet": names.get(parents.get(code) or "", ""),
                "years": per_year,
                "split_previous_year": None
                if before is None or before not in shown or latest not in shown
                else _split_json(
                    ledger.total(unit=code, year=before, cost_types=BUY),
                    volumes.total(code, before, regi=Regi.EXTERNAL),
                    cost,
                    days,
                ),
                "split_budget": _split_json(budget_cost, budget_days, cost, days)
                if latest in shown
                else None,
            }
        )
    forecast = _forecast(ds, data.committee, volumes, chosen, last)
    months = month_names()
    view: dict[str, Any] = {
        "committee": data.committee,
        "insats": chosen,
        "insats_name": names.get(chosen, chosen),
        "insatser": [{"code": c, "name": names.get(c, c)} for c in codes],
        "level": UnitLevel.INSATS.value,
        "measure": VolumeMeasure.PLACED.value,
        "measure_label": label(VolumeMeasure.PLACED),
        "last_month": None if last is None else str(last),
        "synthetic": volumes.synthetic,
        "years": years,
        "rows": rows,
        "monthly": [_month(m, v) for m, v in volumes.series(chosen) if m.year in years],
        "forecast": forecast,
        "_months": months,
    }
    view["_chart"] = _chart(volumes, chosen, names.get(chosen, chosen), years, forecast, months)
    return view


def _month(month: Month, value: float) -> dict[str, Any]:
    shown = publish_placements(value)
    return {
        "month": str(month),
        "placed": None if shown is None else round(shown, 1),
        "status": None if shown is not None else SUPPRESSED,
    }


def _withheld(year: int, cost: float | None) -> dict[str, Any]:
    """A year whose placements are too few to show: the purchases stay (an amount of the
    ledger, published in the resultaträkning anyway), nothing per placement."""
    return {
        "year": year,
        "placed": None,
        "change_pct": None,
        "care_days": None,
        "purchases": None if cost is None else round(-cost / 1000),
        "cost_per_care_day": None,
        "status": SUPPRESSED,
    }


def _round(value: float | None, decimals: int = 1) -> float | None:
    return None if value is None else round(value, decimals)


def _forecast(
    ds: Dataset, committee: str, volumes: Volumes, code: str, last: Month | None
) -> dict[str, Any] | None:
    history = [v for _, v in volumes.series(code)]
    if last is None or len(history) < 6 or any(publish_placements(v) is None for v in history):
        return None  # a series with a withheld month would tell it in its forecast
    horizon = 12 - last.month if last.month < 12 else HORIZON
    made = ds.memo(
        ("economy-volume-forecast", committee, code, str(last)),
        lambda: volume_forecast(history, horizon),
    )
    return {
        "from": str(last.shift(1)),
        "months": [
            {
                "month": str(last.shift(h + 1)),
                "placed": round(made.mean[h], 1),
                "low_80": round(made.intervals[0.8][h][0], 1),
                "high_80": round(made.intervals[0.8][h][1], 1),
                "low_95": round(made.intervals[0.95][h][0], 1),
                "high_95": round(made.intervals[0.95][h][1], 1),
            }
            for h in range(horizon)
        ],
        "method": gettext("enkel exponentiell utjämning (statsmodels)"),
    }


def _chart(
    volumes: Volumes,
    code: str,
    name: str,
    years: list[int],
    forecast: dict[str, Any] | None,
    months: list[str],
) -> str:
    series = []
    by_month = dict(volumes.series(code))

    def point(year: int, m: int) -> Point:
        value = by_month.get(Month(year, m))
        shown = publish_placements(value)
        note = SUPPRESSED if value is not None and shown is None else None
        return Point(months[m - 1], shown, note=note)

    for year in years:
        series.append(Series(str(year), [point(year, m) for m in range(1, 13)]))
    if forecast is not None:
        ahead = {Month.parse(f["month"]): f for f in forecast["months"]}
        year = min(ahead).year
        points = []
        for m in range(1, 13):
            f = ahead.get(Month(year, m))
            points.append(
                Point(
                    months[m - 1],
                    f["placed"] if f else None,
                    f["low_80"] if f else None,
                    f["high_80"] if f else None,
                )
            )
        series.append(Series(gettext("Prognos %(year)s (80 %%)") % {"year": year}, points))
    return line_chart(
        series,
        title=gettext("%(insats)s: placerade per månad") % {"insats": name},
        unit="",
        years=months,
        decimals=1,
        include_zero=True,
        focusable=True,
    )


def volumes_sheet(view: dict[str, Any]) -> Sheet:
    rows = [(r, y) for r in view["rows"] for y in r["years"]]
    notes = []
    if view["synthetic"]:
        notes.append((gettext("Obs"), gettext("Volymerna är syntetiska demodata.")))
    return table(
        gettext("Placeringsvolymer"),
        (
            Column(gettext("Insats"), lambda p: p[0]["name"]),
            Column(gettext("År"), lambda p: p[1]["year"]),
            Column(gettext("Placerade per månad"), lambda p: p[1]["placed"], 1),
            Column(gettext("Förändring (%)"), lambda p: p[1]["change_pct"], 1),
            Column(gettext("Vårddygn (extern regi)"), lambda p: p[1]["care_days"], 0),
            Column(gettext("Köp av verksamhet (tkr)"), lambda p: p[1]["purchases"], 0),
            Column(gettext("Kostnad per vårddygn (kr)"), lambda p: p[1]["cost_per_care_day"], 0),
        ),
        rows,
        name=f"volymer_{view['committee']}",
        notes=notes,
    )
