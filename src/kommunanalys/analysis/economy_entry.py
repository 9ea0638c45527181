"""The editors' own forecasts: each verksamhet enters, month by month, what it expects its net
cost to be for the full year, with a comment — the hand-entered forecast beside the one
:mod:`kommunanalys.analysis.economy_forecast` computes.

The rules are goal data entry's (:mod:`kommunanalys.access.roles`): an editor enters only the
forecast of their own verksamhet (the ``unit`` of their account, and the insatser below it) in
their committee; an analyst enters any verksamhet of their committee and locks a month once it
is reviewed, after which nobody changes that month (403). Every change is a new revision
(``store.economy``: nothing is overwritten) and an audit event with who, the value before and
after, in the same transaction; the data version moves on, so every reader sees it.

Amounts are kept in kronor signed as the resultaträkning (costs negative), as the ledger's
are; the form takes the net cost in tkr as ``/ekonomi`` shows it (a cost positive).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kommunanalys.access.roles import Forbidden, Role, User, require_role
from kommunanalys.errors import ErrorCode, KommunanalysError, echoed
from kommunanalys.query import QueryError
from kommunanalys.store import Store, data_version

ENTRY_ACTION = "economy.forecast"
LOCK_ACTION = "economy.month_lock"
#: an entered forecast is at most this many tkr either way (a slip, never an amount)
MAX_TKR = 1e9
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class UnknownEconomyUnit(QueryError):
    """No verksamhet has this code in the committee's economy (a 404)."""


class BadForecastInput(KommunanalysError):
    """A month that is no month (answered 400)."""


@dataclass(frozen=True, slots=True)
class ForecastEntry:
    """The latest entered forecast of one verksamhet in one month."""

    unit: str
    month: str  # ÅÅÅÅ-MM
    amount: float | None  # kronor, signed as the resultaträkning (a net cost negative)
    comment: str
    revision: int
    entered_by: str
    entered_at: datetime

    @property
    def net_cost_tkr(self) -> float | None:
        """The net cost in tkr as the form and ``/ekonomi`` show it (a cost positive)."""
        return None if self.amount is None else -self.amount / 1e3


@dataclass(frozen=True, slots=True)
class Change:
    """One verksamhet's forecast as a form sends it: net cost in tkr (None: left empty)."""

    unit: str
    net_cost_tkr: float | None
    comment: str


def parse_month(text: str) -> str:
    """``ÅÅÅÅ-MM`` with a month 1–12, else :class:`BadForecastInput`."""
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise BadForecastInput(ErrorCode.FORECAST_BAD_MONTH, v=echoed(text.strip()))
    return found.group(0)


def forecast_problem(net_cost_tkr: float) -> KommunanalysError | None:
    """Why an entered amount cannot be saved (too large), or None."""
    if abs(net_cost_tkr) > MAX_TKR:
        return KommunanalysError(ErrorCode.FORECAST_NOT_AN_AMOUNT, v=f"{net_cost_tkr:.3g}")
    return None


class ForecastEntries:
    """The entered forecasts and the locked months of the committees' economies."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows = store.economy

    # -- the tree and who may enter what --------------------------------------------------------
    def units(self, committee: str) -> list[tuple[str, str, str, str | None]]:
        """``(code, name, level, parent)`` of the committee's verksamheter, in the tree's order."""
        return [tuple(r) for r in self.rows.units(committee)]

    def _below(self, committee: str, unit: str) -> set[str]:
        """``unit`` and every verksamhet and insats under it."""
        children: dict[str, list[str]] = {}
        for code, _, _, parent in self.units(committee):
            children.setdefault(parent or "", []).append(code)
        found, todo = set(), [unit]
        while todo:
            code = todo.pop()
            found.add(code)
            todo += children.get(code, [])
        return found

    def may_enter(self, user: User, committee: str, unit: str) -> bool:
        if user.role is Role.ANALYST:
            return user.committee in ("", committee)
        if user.role is Role.EDITOR:
            return (
                user.committee == committee
                and bool(user.unit)
                and unit in self._below(committee, user.unit)
            )
        return False

    def enterable(self, user: User, committee: str) -> list[tuple[str, str, str, str | None]]:
        """The verksamheter ``user`` may enter the forecast of, in the tree's order."""
        return [u for u in self.units(committee) if self.may_enter(user, committee, u[0])]

    def require(self, user: User, committee: str, unit: str, month: str) -> None:
        """Raise unless ``user`` may enter ``unit``'s forecast for ``month`` now: an unknown
        verksamhet is a 404, another's or a locked month a 403."""
        if unit not in {u[0] for u in self.units(committee)}:
            raise UnknownEconomyUnit(
                ErrorCode.FORECAST_UNKNOWN_UNIT, v=echoed(unit), committee=committee
            )
        if not self.may_enter(user, committee, unit):
            if user.is_public:
                raise Forbidden(ErrorCode.LOG_IN_TO_REPORT)
            raise Forbidden(ErrorCode.FORECAST_OTHER_UNIT, v=unit)
        if month in self.rows.locked_months(committee):
            raise Forbidden(ErrorCode.FORECAST_MONTH_LOCKED, month=month)

    # -- reading and writing ------------------------------------------------------------------
    def entries(
        self, committee: str, year: int | None = None
    ) -> dict[tuple[str, str], ForecastEntry]:
        """The latest entry of every (verksamhet, month) of the committee (of ``year``)."""
        return {
            (r[0], r[1]): ForecastEntry(r[0], r[1], r[2], r[3], int(r[4]), r[5], r[6])
            for r in self.rows.forecast_entries(committee, year)
        }

    def latest(self, committee: str, unit: str, year: int, through: int) -> ForecastEntry | None:
        """The verksamhet's latest entered forecast of ``year`` up to month ``through``."""
        return self.latest_by_unit(committee, year, through).get(unit)

    def latest_by_unit(self, committee: str, year: int, through: int) -> dict[str, ForecastEntry]:
        """Every verksamhet's latest entered forecast of ``year`` up to month ``through``, read
        in one query (a page lists every verksamhet: one query each cost /ekonomi 12 ms)."""
        last = f"{year:04d}-{through:02d}"
        found: dict[str, ForecastEntry] = {}
        for (unit, month), entry in self.entries(committee, year).items():
            if month <= last and (unit not in found or month > found[unit].month):
                found[unit] = entry
        return found

    def locked(self, committee: str, month: str) -> bool:
        return month in self.rows.locked_months(committee)

    def save(self, user: User, committee: str, month: str, changes: Sequence[Change]) -> int:
        """Write every change that differs from what is stored, all or nothing, each with its
        audit event; returns how many were written. Checks every verksamhet first."""
        for c in changes:
            self.require(user, committee, c.unit, month)
        written = 0
        with self.store.transaction():
            stored = self.entries(committee, int(month[:4]))
            for c in changes:
                old = stored.get((c.unit, month))
                amount = None if c.net_cost_tkr is None else -round(c.net_cost_tkr * 1e3, 2)
                if old is None and amount is None and not c.comment:
                    continue
                if old is not None and (old.amount, old.comment) == (amount, c.comment):
                    continue
                revision = self.rows.add_forecast_entry(
                    committee, c.unit, month, amount, c.comment, user.username
                )
                self.store.audit.record(
                    user.username,
                    ENTRY_ACTION,
                    f"ekonomi/{committee}/{c.unit}/{month}",
                    old=None
                    if old is None
                    else {"net_cost_tkr": old.net_cost_tkr, "comment": old.comment},
                    new={"net_cost_tkr": c.net_cost_tkr, "comment": c.comment},
                    detail=f"revision {revision}",
                )
                written += 1
            if written:
                data_version.bump(self.store.backend)
        return written

    def set_lock(self, user: User, committee: str, month: str, locked: bool) -> None:
        """An analyst locks (or opens) a month of the committee's forecasts; audited."""
        require_role(user, Role.ANALYST)
        if user.committee not in ("", committee):
            raise Forbidden(ErrorCode.FORECAST_OTHER_UNIT, v=committee)
        if not self.units(committee):
            raise UnknownEconomyUnit(
                ErrorCode.FORECAST_UNKNOWN_UNIT, v=committee, committee=committee
            )
        with self.store.transaction():
            was = self.locked(committee, month)
            if was == locked:
                return
            self.rows.set_month_lock(committee, month, locked, user.username)
            self.store.audit.record(
                user.username,
                LOCK_ACTION,
                f"ekonomi/{committee}/{month}",
                old={"locked": was},
                new={"locked": locked},
            )
