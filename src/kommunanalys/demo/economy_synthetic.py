"""The demo's synthetic economy: monthly ledger amounts and placement volumes for
Socialnämnden 2022–2024 that add up exactly to the tables of its verksamhetsberättelse 2024
(``data/economy/seed_2024.toml``) and follow what its text says.

Run ``python -m kommunanalys.demo.economy_synthetic`` to write the files the demo imports
(``data/economy/``: the mapping, a ledger extract per year, the budget, the volumes). Every
figure is marked synthetic when imported; only the annual sums are the report's.

How the annual sums are found. The report prints rounded tkr, and its rows, totals,
deviations and percentages are each rounded from unrounded kronor. A linear programme
(scipy's HiGHS) finds kronor amounts for every verksamhet and cost type that round to every
printed figure at once — budget, outcome, deviation and previous year of both tables, the
percentages, the three-year tables and the text's percentages — as far inside each rounding
interval as possible. The one thing no amounts can do is the Drift table's total row
(501 533 and 4 488), which the report adds from its rounded rows while the resultaträkning
rounds the sum (501 534 and 4 487): the page does the same (``analysis.economy.rounded_total``).
The verksamhet × cost type cells follow a plain profile per verksamhet, are split into months
by a seasonal profile (and köp av verksamhet by the insatser's vårddygn), in whole kronor, so
every sum is exact.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kommunanalys.analysis.economy_model import CostType

YEARS = (2022, 2023, 2024)
COST_TYPES = tuple(CostType)
#: a verksamhet's rough cost profile (relative sizes, all positive): intäkter, personal,
#: lokaler, bidrag, köp av verksamhet, övrigt
PROFILES = {
    "namnd": (0.05, 1.0, 0.1, 0.0, 0.0, 0.4),
    "barn_unga": (25, 150, 12, 1.2, 115, 14),
    "familjeratt": (1.5, 10, 1.0, 0.0, 0.4, 1.0),
    "missbruk": (3, 16, 2, 0.3, 50, 3),
    "ekonomiskt_bistand": (0.2, 2.2, 0.2, 0.6, 0.0, 0.3),
    "ovriga_vuxna": (2, 7, 1, 0.3, 10, 1.2),
    "funktionsnedsattning": (10, 80, 7, 0.4, 16, 4),
    "flykting": (6, 2.5, 0.8, 0.2, 4, 0.6),
}
#: the ledger codes (ansvar) of each verksamhet and the accounts of each cost type
LEDGER_CODES = {
    "namnd": ("1100",),
    "barn_unga": ("7100", "7110"),
    "familjeratt": ("7200",),
    "missbruk": ("7300",),
    "ekonomiskt_bistand": ("7400",),
    "ovriga_vuxna": ("7500",),
    "funktionsnedsattning": ("7600",),
    "flykting": ("7700",),
}
ACCOUNTS = {
    CostType.INTAKTER: ("3000-3999", ("3010", "3510")),
    CostType.PERSONAL: ("5000-5999", ("5010", "5510")),
    CostType.LOKALER: ("6100-6199", ("6110",)),
    CostType.BIDRAG: ("4900-4999", ("4910",)),
    CostType.KOP_AV_VERKSAMHET: ("4600-4699", ("4610",)),
    CostType.OVRIGT: ("6200-7999", ("6410", "7010")),
}


@dataclass(frozen=True)
class Insats:
    code: str
    name: str
    parent: str
    ledger: str
    #: placed per month, average, 2022–2024 (before the shapes below)
    means: tuple[float, float, float]
    #: share of the verksamhet's köp av verksamhet booked on it
    kop_share: float


INSATSER = (
    Insats("hvb_barn", "HVB barn och unga", "barn_unga", "7121", (29.0, 27.6, 26.1), 0.24),
    Insats("familjehem", "Familjehem", "barn_unga", "7122", (88.0, 96.5, 104.3), 0.38),
    Insats("jourhem", "Jourhem", "barn_unga", "7123", (20.0, 22.7, 13.5), 0.06),
    Insats("natverkshem", "Nätverkshem", "barn_unga", "7124", (24.0, 25.3, 27.4), 0.08),
    Insats(
        "stodboende_barn", "Stödboende barn och unga", "barn_unga", "7125", (24.0, 23.0, 19.9), 0.09
    ),
    Insats("institution_vuxna", "Institution vuxna", "missbruk", "7321", (20.0, 17.0, 15.5), 0.38),
    Insats("stodboende_vuxna", "Stödboende vuxna", "missbruk", "7322", (30.0, 27.5, 38.5), 0.47),
    Insats("skyddat_boende", "Skyddat boende", "ovriga_vuxna", "7521", (19.0, 12.0, 22.0), 0.62),
    Insats(
        "sarskilt_boende",
        "Särskilt boende",
        "funktionsnedsattning",
        "7621",
        (14.0, 15.0, 15.9),
        0.55,
    ),
)


def seed() -> dict[str, Any]:
    path = Path(str(resources.files("kommunanalys.demo") / "data" / "economy" / "seed_2024.toml"))
    return tomllib.loads(path.read_text(encoding="utf-8"))


def percent_interval(text: str) -> tuple[float, float]:
    """The interval a printed percentage (``"2,1"``, ``"-26"``) was rounded from."""
    decimals = len(text.partition(",")[2])
    value = float(text.replace(",", "."))
    half = 0.5 * 10**-decimals
    return value - half, value + half


# -- the annual sums: a linear programme --------------------------------------------------
class _Programme:
    """Variables in tkr; constraints ``lo + s ≤ a·x ≤ hi − s``; maximise the margin ``s``."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.rows: list[tuple[dict[str, float], float, float, float]] = []  # coef, lo, hi, weight
        self.equal: list[tuple[dict[str, float], float]] = []

    def var(self, name: str) -> str:
        if name not in self.names:
            self.names.append(name)
        return name

    def rounds_to(self, coef: dict[str, float], figure: float) -> None:
        """``coef·x`` rounds to the whole tkr ``figure``."""
        self.rows.append((coef, figure - 0.5, figure + 0.5, 1.0))

    def ratio(
        self, top: dict[str, float], bottom: dict[str, float], text: str, sign: float, size: float
    ) -> None:
        """``100 · top / bottom`` rounds to the printed ``text``; ``sign`` is bottom's sign and
        ``size`` about its size (so that the margin is one in percentage points)."""
        lo, hi = percent_interval(text)
        weight = 0.02 * abs(size)
        # sign·(100·top − p·bottom) ≥ 0 for p = lo, ≤ 0 for p = hi (bottom's sign known)
        for p, low in ((lo, True), (hi, False)):
            coef = {k: 100 * v * sign for k, v in top.items()}
            for k, v in bottom.items():
                coef[k] = coef.get(k, 0.0) - p * v * sign
            if low:
                self.rows.append((coef, 0.0, float("inf"), weight))
            else:
                self.rows.append((coef, float("-inf"), 0.0, weight))

    def solve(self) -> dict[str, float]:
        from scipy.optimize import linprog

        n = len(self.names)
        index = {name: i for i, name in enumerate(self.names)}
        a_ub, b_ub = [], []
        for coef, lo, hi, weight in self.rows:
            row = np.zeros(n + 1)
            for k, v in coef.items():
                row[index[k]] += v
            if hi != float("inf"):
                up = row.copy()
                up[n] = weight  # a·x + w·s ≤ hi
                a_ub.append(up)
                b_ub.append(hi)
            if lo != float("-inf"):
                down = -row
                down[n] = weight  # −a·x + w·s ≤ −lo
                a_ub.append(down)
                b_ub.append(-lo)
        a_eq, b_eq = [], []
        for coef, value in self.equal:
            row = np.zeros(n + 1)
            for k, v in coef.items():
                row[index[k]] += v
            a_eq.append(row)
            b_eq.append(value)
        cost = np.zeros(n + 1)
        cost[n] = -1.0
        bounds = [(None, None)] * n + [(0.0, 0.45)]
        result = linprog(
            cost,
            A_ub=np.array(a_ub),
            b_ub=b_ub,
            A_eq=np.array(a_eq) if a_eq else None,
            b_eq=b_eq or None,
            bounds=bounds,
            method="highs",
        )
        if result.status != 0 or result.x[n] <= 0.01:
            raise RuntimeError(
                f"the seed's figures have no common unrounded amounts: {result.message}"
            )
        return {name: float(result.x[i]) for i, name in enumerate(self.names)}


def annual_sums(data: dict[str, Any]) -> dict[str, float]:
    """Unrounded tkr for every verksamhet (net cost, positive) and cost type (signed as the
    resultaträkning): ``B:v`` (budget 2024), ``O2024:v`` …, ``CB:t``, ``C2024:t``, ``C2023:t``."""
    lp = _Programme()
    codes = [d["code"] for d in data["drift"]]
    for d in data["drift"]:
        v = d["code"]
        budget, outcome, deviation, pct, previous = d["row"]
        b, o24, o23, o22 = (lp.var(f"{k}:{v}") for k in ("B", "O2024", "O2023", "O2022"))
        lp.rounds_to({b: 1}, budget)
        lp.rounds_to({o24: 1}, outcome)
        lp.rounds_to({b: 1, o24: -1}, deviation)
        lp.rounds_to({o23: 1}, previous)
        lp.ratio({b: 1, o24: -1}, {b: 1}, pct, 1.0, budget)
        (f22, f23, f24), (p23, p24) = data["tre_ar"][v]
        assert (f23, f24) == (previous, outcome), v
        lp.rounds_to({o22: 1}, f22)
        lp.ratio({o23: 1, o22: -1}, {o22: 1}, p23, 1.0 if f22 > 0 else -1.0, f22)
        lp.ratio({o24: 1, o23: -1}, {o23: 1}, p24, 1.0 if f23 > 0 else -1.0, f23)
    rt = data["resultatrakning"]
    costs = [t for t in COST_TYPES if t is not CostType.INTAKTER]
    for t in COST_TYPES:
        budget, outcome, deviation, previous = rt[t.value]
        cb, c24, c23 = (lp.var(f"{k}:{t.value}") for k in ("CB", "C2024", "C2023"))
        lp.rounds_to({cb: 1}, budget)
        lp.rounds_to({c24: 1}, outcome)
        lp.rounds_to({c24: 1, cb: -1}, deviation)
        lp.rounds_to({c23: 1}, previous)
    for key, types in (("costs", costs), ("result", list(COST_TYPES))):
        budget, outcome, deviation, previous = rt[key]
        lp.rounds_to({f"CB:{t.value}": 1 for t in types}, budget)
        lp.rounds_to({f"C2024:{t.value}": 1 for t in types}, outcome)
        coef = {f"C2024:{t.value}": 1.0 for t in types}
        coef.update({f"CB:{t.value}": -1.0 for t in types})
        lp.rounds_to(coef, deviation)
        lp.rounds_to({f"C2023:{t.value}": 1 for t in types}, previous)
    # the two tables are one ledger: the verksamheter's net costs are the resultaträkning's
    for kind, year in (("B", "CB"), ("O2024", "C2024"), ("O2023", "C2023")):
        coef = {f"{kind}:{v}": 1.0 for v in codes}
        coef.update({f"{year}:{t.value}": 1.0 for t in COST_TYPES})
        lp.equal.append((coef, 0.0))
    total = data["drift_total"]["row"]
    lp.ratio(
        {**{f"B:{v}": 1 for v in codes}, **{f"O2024:{v}": -1 for v in codes}},
        {f"B:{v}": 1 for v in codes},
        total[3],
        1.0,
        total[0],
    )
    text = data["text"]
    lp.ratio(
        {**{f"O2024:{v}": 1 for v in codes}, **{f"O2023:{v}": -1 for v in codes}},
        {f"O2023:{v}": 1 for v in codes},
        text["net_change"],
        1.0,
        total[4],
    )
    for key, types in (
        ("intakter_change", [CostType.INTAKTER]),
        ("costs_change", costs),
        ("personal_change", [CostType.PERSONAL]),
        ("kop_change", [CostType.KOP_AV_VERKSAMHET]),
    ):
        sign = 1.0 if types == [CostType.INTAKTER] else -1.0
        lp.ratio(
            {**{f"C2024:{t.value}": 1 for t in types}, **{f"C2023:{t.value}": -1 for t in types}},
            {f"C2023:{t.value}": 1 for t in types},
            text[key],
            sign,
            sum(rt[t.value][3] for t in types),
        )
    return lp.solve()


# -- whole kronor ------------------------------------------------------------------------
def split_whole(total: int, weights: Sequence[float] | npt.NDArray[np.float64]) -> list[int]:
    """``total`` in whole kronor over ``weights`` (largest remainder): the parts add up."""
    w = np.asarray(weights, dtype=float)
    if w.sum() == 0:
        w = np.ones_like(w)
    raw = total * w / w.sum()
    parts = np.floor(raw).astype(np.int64)
    rest = int(total - parts.sum())
    for i in np.argsort(-(raw - parts), kind="stable")[:rest]:
        parts[i] += 1
    return [int(p) for p in parts]


def matrix(
    rows: dict[str, int], columns: dict[CostType, int], profiles: Mapping[str, Sequence[float]]
) -> dict[tuple[str, CostType], int]:
    """Whole-kronor cells with the given row sums (a verksamhet's result, signed) and column
    sums (a cost type's total): the profile's shares of each column, the rows' residuals
    spread over the columns by size (they add to zero down every column), then the last
    kronor put right along one row and one column."""
    codes = list(rows)
    size = sum(abs(c) for c in columns.values())
    cells: dict[tuple[str, CostType], float] = {}
    for j, t in enumerate(COST_TYPES):
        weights = [profiles[v][j] for v in codes]
        total = sum(weights)
        for v, w in zip(codes, weights, strict=True):
            cells[(v, t)] = columns[t] * w / total
    for v in codes:
        residual = rows[v] - sum(cells[(v, t)] for t in COST_TYPES)
        for t in COST_TYPES:
            cells[(v, t)] += residual * abs(columns[t]) / size
    whole = {k: round(x) for k, x in cells.items()}
    anchor = max(codes, key=lambda v: abs(rows[v]))
    for t in COST_TYPES:
        whole[(anchor, t)] += columns[t] - sum(whole[(v, t)] for v in codes)
    pivot = CostType.OVRIGT
    for v in codes:
        if v == anchor:
            continue
        gap = rows[v] - sum(whole[(v, t)] for t in COST_TYPES)
        whole[(v, pivot)] += gap
        whole[(anchor, pivot)] -= gap
    return whole


# -- volumes -----------------------------------------------------------------------------
#: an insats' sums of placed (tenths) per year, fixed where the report's text says how the
#: year went: (months 1–k sum, rest sum) with k the month the change came
SEGMENTS: dict[tuple[str, int], tuple[int, int, int]] = {
    ("skyddat_boende", 2024): (3, 536, 2104),  # +30,8 % from April
    ("hvb_barn", 2024): (8, 1989, 1143),  # 3,7 more from September
    ("familjehem", 2024): (8, 8143, 4373),
    ("jourhem", 2024): (8, 1080, 540),
    ("natverkshem", 2024): (8, 2192, 1096),
    ("stodboende_barn", 2024): (8, 1592, 796),  # barn och unga: 14 996 + 7 948, +6,0 %
    ("institution_vuxna", 2024): (8, 1155, 705),  # 3,2 more from September
    ("stodboende_vuxna", 2024): (8, 2920, 1700),  # 6,0 more from September
}
#: a year's sum of placed (tenths) where the mean alone does not give it
SUMS: dict[tuple[str, int], int] = {
    ("hvb_barn", 2023): 3307,  # −5,3 % to 2024
    ("familjehem", 2023): 11585,  # barn och unga 195,1 in 2023 (−2,0 % to 191,2)
    ("stodboende_vuxna", 2023): 3598,  # +28,4 % to 2024
}
DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: the share of familjehem and nätverkshem placements in the kommun's own regi
OWN_SHARE = {"familjehem": 0.55, "natverkshem": 0.3}


def _days(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else DAYS[month - 1]


def placed_tenths(insats: Insats, year: int, rng: np.random.Generator) -> list[int]:
    """Twelve months of placed (tenths) whose sum is the year's, shaped as the text says."""
    noise = 1 + rng.normal(0, 0.04, 12)
    if (insats.code, year) in SEGMENTS:
        k, first, rest = SEGMENTS[(insats.code, year)]
        return split_whole(first, noise[:k]) + split_whole(rest, noise[k:])
    total = SUMS.get((insats.code, year), round(insats.means[YEARS.index(year)] * 120))
    return split_whole(total, noise)


def volume_rows(rng: np.random.Generator) -> list[tuple[str, str, float, int, str]]:
    """``(month, insats, placed, vårddygn, regi)`` for every insats and month 2022–2024."""
    rows = []
    for insats in INSATSER:
        for year in YEARS:
            for month, tenths in enumerate(placed_tenths(insats, year, rng), start=1):
                own = round(tenths * OWN_SHARE.get(insats.code, 0.0))
                for regi, part in (("extern", tenths - own), ("egen", own)):
                    if part or regi == "extern":
                        days = round(part / 10 * _days(year, month))
                        rows.append((f"{year}-{month:02d}", insats.code, part / 10, days, regi))
    return rows


# -- the ledger --------------------------------------------------------------------------
#: a cost type's months (outcome): personal dips in July, December carries the
#: semesterlöneskuld, övrigt rises in November–December as the year's invoices come
SEASON = {
    CostType.INTAKTER: (0.8, 0.8, 1.4, 0.8, 0.8, 1.3, 0.6, 0.7, 1.3, 0.9, 0.9, 1.7),
    CostType.PERSONAL: (1.0, 0.95, 1.0, 1.0, 1.0, 1.05, 0.7, 0.85, 1.0, 1.02, 1.02, 1.25),
    CostType.LOKALER: (1.0,) * 12,
    CostType.BIDRAG: (1.0,) * 12,
    CostType.KOP_AV_VERKSAMHET: (1.0,) * 12,
    CostType.OVRIGT: (0.8, 0.85, 0.9, 0.9, 0.9, 0.95, 0.7, 0.8, 1.0, 1.1, 1.4, 1.8),
}


def _months(amount: int, t: CostType, rng: np.random.Generator, *, budget: bool) -> list[int]:
    season = np.asarray(SEASON[t], dtype=float)
    if budget:  # a periodised budget: the personal profile, the rest flat
        season = season if t is CostType.PERSONAL else np.ones(12)
    else:
        season = season * (1 + rng.normal(0, 0.05, 12))
    return split_whole(amount, np.clip(season, 0.05, None))


def _kronor(sums: dict[str, float], prefix: str, keys: Sequence[str]) -> dict[str, int]:
    return {k: round(sums[f"{prefix}:{k}"] * 1000) for k in keys}


def ledgers(
    data: dict[str, Any], volumes: list[tuple[str, str, float, int, str]], rng: np.random.Generator
) -> dict[tuple[str, int], dict[tuple[str, str, CostType], int]]:
    """``(kind, year) → (unit, month, cost type) → kronor`` signed as the resultaträkning."""
    sums = annual_sums(data)
    codes = [d["code"] for d in data["drift"]]
    types = [t.value for t in COST_TYPES]
    out = {}
    care: dict[tuple[str, str], int] = {}
    for month, code, _placed, days, regi in volumes:
        if regi == "extern":
            care[(code, month)] = days
    plan = [
        ("budget", 2024, "B", "CB"),
        ("outcome", 2024, "O2024", "C2024"),
        ("outcome", 2023, "O2023", "C2023"),
        ("outcome", 2022, "O2022", None),
    ]
    for kind, year, row_key, column_key in plan:
        rows = {v: -n for v, n in _kronor(sums, row_key, codes).items()}
        if column_key is None:  # 2022: the 2023 cost structure scaled to the year's total
            c23 = _kronor(sums, "C2023", types)
            scale = sum(rows.values()) / sum(c23.values())
            columns = {CostType(t): round(c23[t] * scale) for t in types}
        else:
            columns = {CostType(t): n for t, n in _kronor(sums, column_key, types).items()}
        # whole kronor: the two tables' totals must be one number
        columns[CostType.PERSONAL] += sum(rows.values()) - sum(columns.values())
        cells = matrix(rows, columns, PROFILES)
        booked: dict[tuple[str, str, CostType], int] = {}
        for (v, t), amount in cells.items():
            targets: list[tuple[str, int]] = [(v, amount)]
            if t is CostType.KOP_AV_VERKSAMHET:
                mine = [i for i in INSATSER if i.parent == v]
                parts = split_whole(
                    amount, [i.kop_share for i in mine] + [1 - sum(i.kop_share for i in mine)]
                )
                targets = [(i.code, p) for i, p in zip(mine, parts, strict=False)] + [
                    (v, parts[-1])
                ]
            for unit, part in targets:
                if unit != v and kind == "outcome":
                    weights = [care.get((unit, f"{year}-{m:02d}"), 0) for m in range(1, 13)]
                    months = split_whole(part, [w * (1 + rng.normal(0, 0.02)) for w in weights])
                else:
                    months = _months(part, t, rng, budget=kind == "budget")
                for m, value in enumerate(months, start=1):
                    booked[(unit, f"{year}-{m:02d}", t)] = value
        out[(kind, year)] = booked
    return out


# -- the files ---------------------------------------------------------------------------
def mapping_text(data: dict[str, Any]) -> str:
    lines = [
        "# Socialnämnden's verksamheter, their ansvar codes and the accounts of each cost type.",
        "# The demo's ledger is synthetic (kommunanalys.demo.economy_synthetic).",
        f'committee = "{data["committee"]}"',
        'sign = "debet"',
        "",
        "[[verksamhet]]",
        f'code = "{data["committee"]}"',
        'name = "Socialnämnden"',
        'level = "namnd"',
    ]
    for d in data["drift"]:
        codes = ", ".join(f'"{c}"' for c in LEDGER_CODES[d["code"]])
        lines += [
            "",
            "[[verksamhet]]",
            f'code = "{d["code"]}"',
            f'name = "{d["name"]}"',
            f'parent = "{data["committee"]}"',
            f"ledger = [{codes}]",
        ]
        for i in INSATSER:
            if i.parent == d["code"]:
                lines += [
                    "",
                    "[[verksamhet]]",
                    f'code = "{i.code}"',
                    f'name = "{i.name}"',
                    'level = "insats"',
                    f'parent = "{i.parent}"',
                    f'ledger = ["{i.ledger}"]',
                ]
    lines += ["", "[accounts]"]
    lines += [f'{t.value} = ["{ACCOUNTS[t][0]}"]' for t in COST_TYPES]
    return "\n".join(lines) + "\n"


def _ledger_code(unit: str) -> str:
    for i in INSATSER:
        if i.code == unit:
            return i.ledger
    return LEDGER_CODES[unit][0]


def write_files(folder: Path) -> list[Path]:
    """Write the mapping, the ledger extracts, the budget and the volumes into ``folder``."""
    data = seed()
    rng = np.random.default_rng(2024)
    volumes = volume_rows(rng)
    books = ledgers(data, volumes, rng)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "ekonomi.toml"]
    written[0].write_text(mapping_text(data), encoding="utf-8")
    for (kind, year), cells in sorted(books.items()):
        name = f"{'budget' if kind == 'budget' else 'huvudbok'}_{year}.csv"
        path = folder / name
        total = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, delimiter=";", lineterminator="\n")
            if kind == "budget":
                out.writerow(["period", "ansvar", "kostnadsslag", "belopp"])
            else:
                out.writerow(["period", "ansvar", "konto", "belopp"])
            for (unit, month, t), amount in sorted(
                cells.items(), key=lambda c: (c[0][1], c[0][0], c[0][2].value)
            ):
                debet = -amount  # the ledger's own sign: costs positive
                if kind == "budget":
                    out.writerow([month, _ledger_code(unit), t.value, debet])
                    total += debet
                    continue
                accounts = ACCOUNTS[t][1]
                for account, part in zip(
                    accounts,
                    split_whole(debet, [0.7, 0.3][: len(accounts)] if len(accounts) > 1 else [1]),
                    strict=True,
                ):
                    if part:
                        out.writerow([month, _ledger_code(unit), account, part])
                        total += part
            out.writerow(["Summa", "", "", total])
        written.append(path)
    for name, rows in (("volymer.csv", volumes), ("volymbudget_2024.csv", _volume_budget(volumes))):
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, delimiter=";", lineterminator="\n")
            out.writerow(["period", "insats", "placerade", "vårddygn", "regi"])
            for month, code, placed, days, regi in rows:
                out.writerow([month, code, f"{placed:.1f}".replace(".", ","), days, regi])
        written.append(path)
    return written


def _volume_budget(
    volumes: list[tuple[str, str, float, int, str]],
) -> list[tuple[str, str, float, int, str]]:
    """The 2024 volume budget: 2023's average placed per month, flat, external regi."""
    rows = []
    for insats in INSATSER:
        placed = [
            p
            for m, c, p, _d, r in volumes
            if c == insats.code and m.startswith("2023") and r == "extern"
        ]
        mean = round(sum(placed) / len(placed), 1)
        for month in range(1, 13):
            rows.append(
                (f"2024-{month:02d}", insats.code, mean, round(mean * _days(2024, month)), "extern")
            )
    return rows


def main() -> None:
    folder = Path(str(resources.files("kommunanalys.demo") / "data" / "economy"))
    for path in write_files(folder):
        print(path)


if __name__ == "__main__":
    main()
