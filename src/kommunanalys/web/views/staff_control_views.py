"""The views of the personnel (``/personal``), internal-control (``/intern-kontroll``) and
financing (``/ekonomi/finansiering``) tables, and their downloads.

Each view is one dict: its keys are the JSON twin (codes beside their Swedish labels, numbers
as stored: the same in every language) and the page draws the same rows, each label in the
reader's language. The figures are the committee's own aggregates as
its verksamhetsberättelse publishes them (headcounts, shares, indices, tkr), entered by the
analyst; none is a count of people in an area, so none is a cell for the disclosure gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from kommunanalys.catalog.staff_control import (
    HEADCOUNT,
    SURVEY,
    ControlStatus,
    StaffMeasure,
)
from kommunanalys.i18n import N_, gettext
from kommunanalys.i18n.labels import msgid
from kommunanalys.model import Gender
from kommunanalys.store import Store
from kommunanalys.store.staff_control import (
    CONTRACT_FOLLOWUP,
    CONTROL_AUDIT,
    CONTROL_RISK,
    INVESTMENT,
    SPECIAL_INITIATIVE,
    STAFF_FIGURE,
    STATE_GRANT,
    StaffControlRows,
    Table,
)
from kommunanalys.web.views.exports import Cell, Column, Sheet, number, table

PERSONNEL_TABLES = (STAFF_FIGURE,)
CONTROL_TABLES = (CONTROL_RISK, CONTROL_AUDIT, CONTRACT_FOLLOWUP)
FINANCING_TABLES = (STATE_GRANT, SPECIAL_INITIATIVE, INVESTMENT)
GENDER_WORDS = {"T": N_("totalt"), "K": N_("kvinnor"), "M": N_("män")}
#: how many years the personnel indicators show (the report's three)
YEARS_SHOWN = 3


class NoStaffData(LookupError):
    """No rows for the asked committee or year (a 404)."""


@dataclass(frozen=True)
class Choice:
    """The committee and year a view shows, and what could be chosen."""

    committee: str
    name: str
    year: int
    years: tuple[int, ...]
    committees: tuple[tuple[str, str], ...]

    def json(self) -> dict[str, Any]:
        return {"committee": self.committee, "committee_name": self.name, "year": self.year}


def choose(
    store: Store, tables: Sequence[Table], committee: str | None, year: int | None
) -> Choice:
    """The committee (default: the first with rows) and year (default: its latest)."""
    rows = StaffControlRows(store.backend)
    known = rows.committees(tables)
    if not known or (committee is not None and committee not in known):
        raise NoStaffData(committee or "")
    cid = committee or known[0]
    years = rows.years(tables, cid)
    if year is not None and year not in years:
        raise NoStaffData(str(year))
    names = {c[0]: c[1] for c in store.goals.committees()}
    return Choice(
        cid,
        names.get(cid, cid),
        year if year is not None else years[-1],
        tuple(years),
        tuple((c, names.get(c, c)) for c in known),
    )


def _decimals(*values: float | None) -> int:
    """The decimals that show every one of ``values`` as stored (at most two)."""
    shown = [v for v in values if v is not None]
    return max((next(d for d in range(3) if d == 2 or round(v, d) == v) for v in shown), default=0)


def _measure(m: StaffMeasure) -> dict[str, Any]:
    return {"measure": m.value, "measure_label": msgid(m), "unit": m.unit.value}


# -- /personal -------------------------------------------------------------------------------


def personnel_view(store: Store, choice: Choice) -> dict[str, Any]:
    rows = StaffControlRows(store.backend).latest(STAFF_FIGURE, choice.committee)
    figures = {(r[1], r[2], r[3], r[4]): (r[5], r[6]) for r in rows}
    keys = sorted(
        {(r[2], r[3], r[4]) for r in rows},
        key=lambda k: (list(StaffMeasure).index(StaffMeasure(k[0])), k[1], "TKM".index(k[2])),
    )
    year = choice.year
    years = [y for y in range(year - YEARS_SHOWN + 1, year + 1)]

    def line(key: tuple[str, str, str], shown: Sequence[int]) -> dict[str, Any]:
        measure, unit, gender = key
        values = [figures.get((y, *key), (None, None))[0] for y in shown]
        return {
            **_measure(StaffMeasure(measure)),
            "unit_name": unit,
            "gender": gender,
            "gender_label": GENDER_WORDS[gender],
            "values": {str(y): v for y, v in zip(shown, values, strict=True)},
            "decimals": _decimals(*values),
        }

    headcount = []
    for key in keys:
        if StaffMeasure(key[0]) in HEADCOUNT and any((y, *key) in figures for y in years[-2:]):
            item = line(key, years[-2:])
            before, now = item["values"].values()
            item["difference"] = now - before if now is not None and before is not None else None
            headcount.append(item)
    indicators = [
        line(key, years)
        for key in keys
        if StaffMeasure(key[0]) not in HEADCOUNT
        and not StaffMeasure(key[0]).survey
        and any((y, *key) in figures for y in years)
    ]
    survey = []
    for m in SURVEY:
        own, kommun = figures.get((year, m.value, "", Gender.TOTAL.value), (None, None))
        if own is None and kommun is None:
            continue
        survey.append(
            {
                **_measure(m),
                "value": own,
                "kommun_value": kommun,
                "difference": own - kommun if own is not None and kommun is not None else None,
                "decimals": _decimals(own, kommun),
            }
        )
    return {
        **choice.json(),
        "years": years,
        "headcount": headcount,
        "indicators": indicators,
        "survey": survey,
    }


def personnel_sheet(view: dict[str, Any], title: str, address: str) -> Sheet:
    out: list[tuple[Cell, ...]] = []
    for group in ("headcount", "indicators"):
        for item in view[group]:
            for y, v in item["values"].items():
                out.append(
                    (
                        gettext(item["measure_label"]),
                        item["unit_name"],
                        gettext(item["gender_label"]),
                        y,
                        number(v, item["decimals"]),
                        None,
                    )
                )
    for item in view["survey"]:
        out.append(
            (
                gettext(item["measure_label"]),
                "",
                gettext(GENDER_WORDS["T"]),
                str(view["year"]),
                number(item["value"], item["decimals"]),
                number(item["kommun_value"], item["decimals"]),
            )
        )
    columns = (N_("Mått"), N_("Enhet"), N_("Kön"), N_("År"), N_("Värde"), N_("Kommunen"))
    return _sheet(title, columns, out, address, "personal")


# -- /intern-kontroll ------------------------------------------------------------------------


def control_view(store: Store, choice: Choice) -> dict[str, Any]:
    rows = StaffControlRows(store.backend)

    def status(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "status_label": msgid(ControlStatus(item["status"]))}

    return {
        **choice.json(),
        "risks": [status(r) for r in rows.rows(CONTROL_RISK, choice.committee, choice.year)],
        "audits": [status(r) for r in rows.rows(CONTROL_AUDIT, choice.committee, choice.year)],
        "contracts": rows.rows(CONTRACT_FOLLOWUP, choice.committee, choice.year),
    }


def control_sheet(view: dict[str, Any], title: str, address: str) -> Sheet:
    out: list[tuple[Cell, ...]] = []
    for r in view["risks"]:
        out.append(
            (gettext(N_("Risk")), r["process"], r["risk"], r["action"], gettext(r["status_label"]))
        )
    for a in view["audits"]:
        out.append(
            (
                gettext(N_("Revisionsåtgärd")),
                a["audit"],
                a["background"],
                a["action"],
                gettext(a["status_label"]),
            )
        )
    for c in view["contracts"]:
        share = "" if c["approved_share"] is None else f"{c['approved_share']:g} %"
        out.append(
            (
                gettext(N_("Ramavtal")),
                c["framework"],
                f"{c['providers_start']} → {c['providers_end']}",
                c["result"],
                share,
            )
        )
    columns = (
        N_("Del"),
        N_("Process, granskning eller ramavtal"),
        N_("Risk eller bakgrund"),
        N_("Åtgärd eller resultat"),
        N_("Status"),
    )
    return _sheet(title, columns, out, address, "intern-kontroll")


# -- /ekonomi/finansiering -------------------------------------------------------------------


def financing_view(store: Store, choice: Choice) -> dict[str, Any]:
    rows = StaffControlRows(store.backend)
    objectives = {
        _plain(o[5]): o[0] for o in store.goals.objectives(choice.committee, choice.year, "helår")
    }
    grants = [
        {**g, "objective_id": objectives.get(_plain(g["objective"]))}
        for g in rows.rows(STATE_GRANT, choice.committee, choice.year)
    ]
    initiatives = rows.rows(SPECIAL_INITIATIVE, choice.committee, choice.year)
    investments = [
        {**i, "deviation": (i["budget"] or 0.0) - (i["outcome"] or 0.0)}
        for i in rows.rows(INVESTMENT, choice.committee, choice.year)
    ]
    return {
        **choice.json(),
        "unit": "tkr",
        "initiatives": initiatives,
        "initiatives_total": _totals(initiatives, ("budget", "outcome")),
        "grants": grants,
        "grants_total": _totals(grants, ("applied", "received", "budgeted")),
        "investments": investments,
        "investments_total": _totals(investments, ("budget", "outcome", "deviation")),
    }


def _plain(name: str) -> str:
    """A nämndmål's name as a grant names it: without case and a closing full stop."""
    return name.strip().rstrip(".").casefold()


def _totals(items: list[dict[str, Any]], columns: Sequence[str]) -> dict[str, float]:
    return {c: sum(i[c] or 0.0 for i in items) for c in columns}


def financing_sheet(view: dict[str, Any], title: str, address: str) -> Sheet:
    out: list[tuple[Cell, ...]] = []
    part = gettext(N_("Särskild satsning"))
    for i in view["initiatives"]:
        out.append((part, i["name"], number(i["budget"]), number(i["outcome"]), None, None))
    part = gettext(N_("Statsbidrag"))
    for g in view["grants"]:
        out.append(
            (
                part,
                g["name"],
                number(g["budgeted"]),
                number(g["received"]),
                number(g["applied"]),
                None,
            )
        )
    part = gettext(N_("Investering"))
    for i in view["investments"]:
        out.append(
            (
                part,
                i["name"],
                number(i["budget"]),
                number(i["outcome"]),
                None,
                number(i["deviation"]),
            )
        )
    columns = (
        N_("Del"),
        N_("Namn"),
        N_("Budget, tkr"),
        N_("Utfall eller erhållet, tkr"),
        N_("Sökt, tkr"),
        N_("Avvikelse, tkr"),
    )
    return _sheet(title, columns, out, address, "finansiering")


# -- shared ----------------------------------------------------------------------------------


def _sheet(
    title: str, headers: Sequence[str], rows: list[tuple[Cell, ...]], address: str, name: str
) -> Sheet:
    """The download of ``rows`` (cells as the page shows them) under ``headers`` (msgids)."""
    columns = [Column(gettext(h), itemgetter(n)) for n, h in enumerate(headers)]
    return table(title, columns, rows, name=name, notes=[(gettext(N_("Adress")), address)])
