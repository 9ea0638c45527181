"""The economy's TOML mapping: the verksamhet tree with the ledger codes booked on each node,
and which accounts are which cost type. Layout in ``docs/economy.md``.

Read into :class:`EconomyMapping`; every fault is a :class:`~kommunanalys.rows.Problem` naming
the mapping file and the key, so a bad mapping is reported with the data's problems.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kommunanalys import toml_text
from kommunanalys.analysis.economy_model import CostType, Unit, UnitLevel
from kommunanalys.rows import Problem, Where

#: how the ledger signs its amounts: ``debet`` (a ledger's own: costs positive, intäkter
#: negative) or ``resultat`` (as the resultaträkning prints: intäkter positive)
SIGNS = ("debet", "resultat")


@dataclass(frozen=True)
class AccountRange:
    first: int
    last: int
    cost_type: CostType


@dataclass(frozen=True)
class EconomyMapping:
    committee: str
    units: tuple[Unit, ...]
    accounts: tuple[AccountRange, ...]
    sign: str = "debet"

    def unit_of(self, code: str) -> str | None:
        """The unit a ledger code (or a unit's own code) is booked on."""
        for unit in self.units:
            if code == unit.code or code in unit.ledger_codes:
                return unit.code
        return None

    def cost_type_of(self, account: str) -> CostType | None:
        try:
            number = int(account)
        except ValueError:
            return None
        for r in self.accounts:
            if r.first <= number <= r.last:
                return r.cost_type
        return None

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)


def _range(text: str) -> tuple[int, int]:
    first, _, last = str(text).partition("-")
    return int(first.strip()), int((last or first).strip())


def read_mapping(path: Path) -> tuple[EconomyMapping | None, list[Problem]]:
    """The mapping at ``path``, or None and the problems that stop it."""
    name = path.name
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(Where(name, column=key), message))

    try:
        data: dict[str, Any] = toml_text.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [Problem(Where(name), f"ingen giltig TOML ({exc})")]
    committee = str(data.get("committee", "")).strip()
    if not committee:
        bad("committee", 'ange nämndens kod (committee = "…")')
    sign = str(data.get("sign", "debet"))
    if sign not in SIGNS:
        bad("sign", f"'{sign}' är inget tecken (välj {' eller '.join(SIGNS)})")
    units: list[Unit] = []
    seen: set[str] = set()
    levels = {level.value for level in UnitLevel}
    for i, raw in enumerate(data.get("verksamhet", []), start=1):
        key = f"verksamhet[{i}]"
        if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
            bad(key, "varje [[verksamhet]] behöver code och name")
            continue
        code, level = str(raw["code"]), str(raw.get("level", "verksamhet"))
        parent = raw.get("parent")
        if level not in levels:
            bad(key, f"'{level}' är ingen nivå (välj {', '.join(sorted(levels))})")
            continue
        if code in seen:
            bad(key, f"verksamheten '{code}' finns två gånger")
        if parent is not None and str(parent) not in seen:
            bad(key, f"överordnad '{parent}' måste stå före '{code}'")
        seen.add(code)
        ledger = tuple(str(c) for c in raw.get("ledger", []))
        units.append(Unit(code, str(raw["name"]), UnitLevel(level), parent and str(parent), ledger))
    if not units:
        bad("verksamhet", "mappningen har ingen [[verksamhet]]")
    booked: dict[str, str] = {}
    for unit in units:
        for ledger_code in unit.ledger_codes:
            if ledger_code in booked:
                bad(
                    "ledger",
                    f"koden '{ledger_code}' hör till både {booked[ledger_code]} och {unit.code}",
                )
            booked[ledger_code] = unit.code
    accounts: list[AccountRange] = []
    raw_accounts = data.get("accounts", {})
    if not isinstance(raw_accounts, dict):
        bad("accounts", '[accounts] ska vara en tabell: kostnadsslag = ["3000-3999", …]')
        raw_accounts = {}
    cost_types = {c.value for c in CostType}
    for cost_type, ranges in raw_accounts.items():
        if cost_type not in cost_types:
            bad(
                f"accounts.{cost_type}",
                f"'{cost_type}' är inget kostnadsslag (välj {', '.join(sorted(cost_types))})",
            )
            continue
        for text in ranges if isinstance(ranges, list) else [ranges]:
            try:
                first, last = _range(text)
            except ValueError:
                bad(f"accounts.{cost_type}", f"'{text}' är inget konto eller kontointervall")
                continue
            clash = next((r for r in accounts if r.first <= last and first <= r.last), None)
            if clash is not None:
                bad(f"accounts.{cost_type}", f"kontona {text} hör redan till {clash.cost_type}")
            accounts.append(AccountRange(first, last, CostType(cost_type)))
    if problems:
        return None, problems
    return EconomyMapping(committee, tuple(units), tuple(accounts), sign), []
