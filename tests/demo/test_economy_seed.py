"""The demo's economy reproduces Socialnämndens verksamhetsberättelse 2024: every transcribed
table (resultaträkning, drift per verksamhet, the 2022–2024 tables) with its totals,
deviations and percentages, the text's percentages and the placement volumes it names."""

from __future__ import annotations

import pytest

from kommunanalys.analysis.economy import (
    Ledger,
    Volumes,
    by_cost_type,
    by_unit,
    change,
    rounded_total,
    years_of,
)
from kommunanalys.analysis.economy_model import CostType, VolumeMeasure
from kommunanalys.demo.economy import load_economy
from kommunanalys.demo.economy_synthetic import seed
from kommunanalys.store import Store

SEED = seed()


def _printed(value: float | None, like: str) -> str:
    """``value`` written with the decimals of the printed ``like`` ("2,1", "-26")."""
    assert value is not None
    decimals = len(like.partition(",")[2])
    text = f"{value:.{decimals}f}".replace(".", ",")
    return "0" if text in ("-0", "-0,0") and like.lstrip("-") in ("0", "0,0") else text


@pytest.fixture(scope="module")
def economy() -> tuple[Ledger, Volumes]:
    store = Store.memory()
    load_economy(store)
    ledger = Ledger.from_rows(
        store.economy.units("socialnamnden"), store.economy.amounts("socialnamnden")
    )
    volumes = Volumes.from_rows(store.economy.volumes("socialnamnden"))
    store.close()
    return ledger, volumes


def _tkr(value: float | None) -> int:
    assert value is not None
    return round(value / 1000)


def test_the_transcription_adds_up_as_printed() -> None:
    rt = SEED["resultatrakning"]
    costs = [rt[t.value] for t in CostType if t is not CostType.INTAKTER]
    for column in range(4):  # each printed sum is within the rounding of its printed rows
        assert abs(sum(r[column] for r in costs) - rt["costs"][column]) <= 3
        assert abs(rt["intakter"][column] + rt["costs"][column] - rt["result"][column]) <= 1
    rows = [d["row"] for d in SEED["drift"]]
    total = SEED["drift_total"]["row"]
    for column in (0, 1, 2, 4):  # Drift's total row adds its rounded rows exactly
        assert sum(r[column] for r in rows) == total[column]
    assert total[1] == -SEED["resultatrakning"]["result"][1]


def test_the_resultatrakning_2024(economy: tuple[Ledger, Volumes]) -> None:
    ledger, _ = economy
    rows = {r.key: r for r in by_cost_type(ledger, 2024)}
    for key, (budget, outcome, deviation, previous) in SEED["resultatrakning"].items():
        r = rows[key]
        assert (_tkr(r.budget), _tkr(r.outcome), _tkr(r.deviation), _tkr(r.previous)) == (
            budget,
            outcome,
            deviation,
            previous,
        ), key


def test_drift_per_verksamhet_2024(economy: tuple[Ledger, Volumes]) -> None:
    ledger, _ = economy
    rows = {r.key: r for r in by_unit(ledger, 2024)}
    for d in SEED["drift"]:
        budget, outcome, deviation, pct, previous = d["row"]
        r = rows[d["code"]]
        # net costs printed positive: the negated result
        assert (-_tkr(r.budget), -_tkr(r.outcome), _tkr(r.deviation), -_tkr(r.previous)) == (
            budget,
            outcome,
            deviation,
            previous,
        ), d["code"]
        assert _printed(r.deviation_pct, pct) == pct, d["code"]
        assert ledger.unit(d["code"]).name == d["name"]
    units = [rows[d["code"]] for d in SEED["drift"]]
    budget, outcome, deviation, pct, previous = SEED["drift_total"]["row"]
    assert -rounded_total(r.budget for r in units) == budget
    assert -rounded_total(r.outcome for r in units) == outcome
    assert rounded_total(r.deviation for r in units) == deviation
    assert -rounded_total(r.previous for r in units) == previous
    assert _printed(rows["result"].deviation_pct, pct) == pct


def test_the_three_year_tables(economy: tuple[Ledger, Volumes]) -> None:
    ledger, _ = economy
    for code, (figures, changes) in SEED["tre_ar"].items():
        rows = years_of(ledger, code, [2022, 2023, 2024])
        assert [-_tkr(v) for _, v, _ in rows] == figures, code
        assert [
            _printed(c, p) for (_, _, c), p in zip(rows[1:], changes, strict=True)
        ] == changes, code


def test_the_texts_percentages(economy: tuple[Ledger, Volumes]) -> None:
    ledger, _ = economy
    text = SEED["text"]
    net = [ledger.total(year=y) for y in (2023, 2024)]
    assert _printed(change(net[1], net[0]), text["net_change"]) == text["net_change"]
    for key, types in (
        ("intakter_change", [CostType.INTAKTER]),
        ("costs_change", [t for t in CostType if t is not CostType.INTAKTER]),
        ("personal_change", [CostType.PERSONAL]),
        ("kop_change", [CostType.KOP_AV_VERKSAMHET]),
    ):
        values = [ledger.total(year=y, cost_types=types) for y in (2023, 2024)]
        assert _printed(change(values[1], values[0]), text[key]) == text[key], key


def test_the_volumes_the_text_names(economy: tuple[Ledger, Volumes]) -> None:
    _, volumes = economy
    v = SEED["volymer"]
    assert [round(volumes.mean_placed("skyddat_boende", y), 1) for y in (2022, 2023, 2024)] == v[
        "skyddat_boende"
    ]
    before = volumes.mean_placed("skyddat_boende", 2024, last=3)
    after = volumes.mean_placed("skyddat_boende", 2024, first=4)
    assert (
        _printed(change(after, before), v["skyddat_boende_from_april"])
        == v["skyddat_boende_from_april"]
    )
    children = ["hvb_barn", "familjehem", "jourhem", "natverkshem", "stodboende_barn"]

    def mean(year: int, first: int = 1, last: int = 12) -> float:
        return sum(volumes.mean_placed(c, year, first=first, last=last) or 0 for c in children)

    assert round(mean(2024), 1) == v["barn_unga_2024"]
    assert _printed(change(mean(2024), mean(2023)), v["barn_unga_change"]) == v["barn_unga_change"]
    assert (
        _printed(change(mean(2024, 9), mean(2024, 1, 8)), v["barn_unga_after_august"])
        == v["barn_unga_after_august"]
    )
    # every month's vårddygn is there for every insats, 2022–2024
    assert len(volumes.series("hvb_barn", VolumeMeasure.CARE_DAYS)) == 36


def test_the_monthly_figures_are_marked_synthetic(economy: tuple[Ledger, Volumes]) -> None:
    ledger, volumes = economy
    assert ledger.synthetic and volumes.synthetic
