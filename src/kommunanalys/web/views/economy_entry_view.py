"""The editors' forecast form (``/ekonomi/prognos``): per verksamhet the user may enter, the
computed year-end forecast at that month beside the entered one and its comment. One dict:
the twin's keys, and ``_`` keys for the template."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kommunanalys.access.roles import User
from kommunanalys.analysis.economy_entry import ForecastEntries
from kommunanalys.analysis.economy_forecast import profile_forecast
from kommunanalys.query import Dataset
from kommunanalys.store import Store
from kommunanalys.web.views.economy_view import choose_period, economy_data


def default_month(ds: Dataset, committee: str | None) -> tuple[str, str]:
    """The committee (chosen, or the first) and the last month with outcome (``ÅÅÅÅ-MM``)."""
    data = economy_data(ds, committee)
    year, through = choose_period(data.ledger, None, None)
    return data.committee, f"{year:04d}-{through:02d}"


def entry_view(
    ds: Dataset,
    store: Store,
    user: User,
    committee: str,
    month: str,
    *,
    errors: Mapping[str, str] | None = None,
    form: Mapping[str, str] | None = None,
    saved: int | None = None,
) -> dict[str, Any]:
    entries = ForecastEntries(store)
    ledger = economy_data(ds, committee).ledger
    year, through = int(month[:4]), int(month[5:])
    stored = entries.entries(committee, year)
    rows = []
    for code, name, level, _ in entries.enterable(user, committee):
        made = (
            profile_forecast(ledger, year, through, unit=code) if year in ledger.years() else None
        )
        entered = stored.get((code, month))
        rows.append(
            {
                "unit": code,
                "name": name,
                "level": level,
                "computed_tkr": None if made is None else round(-made.value / 1e3),
                "entered": None
                if entered is None
                else {
                    "net_cost_tkr": entered.net_cost_tkr,
                    "comment": entered.comment,
                    "entered_by": entered.entered_by,
                    "revision": entered.revision,
                },
            }
        )
    return {
        "committee": committee,
        "month": month,
        "locked": entries.locked(committee, month),
        "rows": rows,
        "errors": dict(errors or {}),
        "_form": dict(form or {}),
        "_saved": saved,
        "_can_lock": user.role.value == "analyst",
    }
