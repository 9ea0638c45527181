"""The demo's personnel, internal-control and financing tables reproduce the seed's
(Socialnämndens verksamhetsberättelse 2024): each table below is copied from the report as it
is printed (tab-separated), read back from the store and compared, totals and deviations
included."""

from __future__ import annotations

from pathlib import Path

import pytest

from kommunanalys.demo.staff_control import load_staff_control
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
)

SN = "socialnamnden"
#: the seed's tables as printed, one "## NAME" section each (copied from the report)
SEED = Path(__file__).with_name("staff_control_seed.txt")


def _seed() -> dict[str, str]:
    sections = SEED.read_text(encoding="utf-8").split("## ")[1:]
    return {s.split("\n", 1)[0]: s.split("\n", 1)[1].rstrip("\n") for s in sections}


_TABLES = _seed()
HEADCOUNT, HME, INDICATORS = _TABLES["HEADCOUNT"], _TABLES["HME"], _TABLES["INDICATORS"]
GRANTS, INITIATIVES = _TABLES["GRANTS"], _TABLES["INITIATIVES"]
INVESTMENTS, CONTRACTS = _TABLES["INVESTMENTS"], _TABLES["CONTRACTS"]


def _lines(table: str) -> list[list[str]]:
    return [line.split("\t") for line in table.splitlines()[1:]]


def _number(text: str) -> float | None:
    text = text.replace("*", "").replace(" ", "").replace(",", ".").strip()
    return None if text in ("-", "") else float(text)


@pytest.fixture(scope="module")
def rows() -> StaffControlRows:
    store = Store.memory()
    assert load_staff_control(store).ok
    return StaffControlRows(store.backend)


def _figures(rows: StaffControlRows) -> dict[tuple[int, str, str, str], tuple[float, float]]:
    return {(r[1], r[2], r[3], r[4]): (r[5], r[6]) for r in rows.latest(STAFF_FIGURE, SN)}


def test_headcount_389_391_and_its_parts(rows: StaffControlRows) -> None:
    figures = _figures(rows)
    [[_, dec_2023, dec_2024, difference]] = _lines(HEADCOUNT)
    assert figures[(2023, "employees", "", "T")][0] == float(dec_2023)
    assert figures[(2024, "employees", "", "T")][0] == float(dec_2024)
    assert float(dec_2024) - float(dec_2023) == float(difference)
    # "380 medarbetare är tillsvidareanställda och 11 medarbetare visstidsanställda"
    permanent = figures[(2024, "employees_permanent", "", "T")][0]
    temporary = figures[(2024, "employees_temporary", "", "T")][0]
    assert (permanent, temporary) == (380, 11) and permanent + temporary == float(dec_2024)
    # "Andelen kvinnor är 81 procent och andelen män 19 procent"
    women, men = (figures[(2024, "employee_share", "", g)][0] for g in "KM")
    assert (women, men) == (81, 19) and women + men == 100
    assert figures[(2024, "employees_full_time", "", "T")][0] == 371


def test_the_hme_table_against_the_kommun(rows: StaffControlRows) -> None:
    figures = _figures(rows)
    measures = [
        "survey_engagement",
        "survey_structure",
        "survey_influence",
        "survey_leadership",
        "survey_development",
        "survey_cooperation",
        "survey_safety",
        "survey_workload",
        "survey_goal_steering",
        "hme",
    ]
    seed = _lines(HME)
    assert len(seed) == len(measures)
    for measure, (_, committee, kommun) in zip(measures, seed, strict=True):
        assert figures[(2024, measure, "", "T")] == (float(committee), float(kommun))


def test_the_personnel_indicators_three_years(rows: StaffControlRows) -> None:
    figures = _figures(rows)
    keys = [
        ("turnover", "Myndighetsutövning barn och unga"),
        ("sick_leave", ""),
        ("hme", ""),
    ]
    for (measure, unit), line in zip(keys, _lines(INDICATORS), strict=True):
        for year, text in zip((2022, 2023, 2024), line[1:4], strict=True):
            assert figures[(year, measure, unit, "T")][0] == _number(text), (measure, year)


def test_sick_leave_and_turnover_of_the_text(rows: StaffControlRows) -> None:
    figures = _figures(rows)
    assert figures[(2024, "sick_leave", "", "K")][0] == 6.9
    assert figures[(2024, "sick_leave", "", "M")][0] == 5.7
    assert figures[(2024, "sick_leave_short", "", "T")][0] == 2.3
    assert figures[(2024, "sick_leave_short", "", "K")][0] == 2.3
    assert figures[(2024, "sick_leave_short", "", "M")][0] == 2.1
    assert figures[(2024, "turnover", "", "T")][0] == 11.9
    assert figures[(2024, "leavers", "", "T")][0] == 45
    assert figures[(2024, "turnover", "Barn- och ungdomsenheterna", "T")][0] == 14.25
    assert figures[(2024, "leavers", "Vuxensektionen", "T")][0] == 11


def test_grants_and_their_totals(rows: StaffControlRows) -> None:
    stored = rows.rows(STATE_GRANT, SN, 2024)
    *seed, total = _lines(GRANTS)
    assert [g["name"] for g in stored] == [line[0] for line in seed]
    for grant, line in zip(stored, seed, strict=True):
        assert (grant["applied"], grant["received"], grant["budgeted"]) == tuple(
            _number(x.replace("**", "")) for x in line[1:4]
        )
        assert grant["objective"] == line[4]
    for column, stated in zip(("applied", "received", "budgeted"), total[1:4], strict=True):
        assert sum(g[column] for g in stored) == _number(stated)


def test_initiatives_and_investments_with_deviations(rows: StaffControlRows) -> None:
    [initiative] = rows.rows(SPECIAL_INITIATIVE, SN, 2024)
    [[name, budget, outcome]] = _lines(INITIATIVES)
    assert (initiative["name"], initiative["budget"], initiative["outcome"]) == (
        name,
        _number(budget),
        _number(outcome),
    )
    stored = rows.rows(INVESTMENT, SN, 2024)
    *seed, total = _lines(INVESTMENTS)
    for investment, (name, budget, outcome, deviation) in zip(stored, seed, strict=True):
        assert investment["name"] == name
        assert (investment["budget"], investment["outcome"]) == (_number(budget), _number(outcome))
        assert investment["budget"] - (investment["outcome"] or 0) == _number(deviation)
    budget_sum = sum(i["budget"] for i in stored)
    outcome_sum = sum(i["outcome"] or 0 for i in stored)
    assert (budget_sum, outcome_sum, budget_sum - outcome_sum) == tuple(
        _number(x) for x in total[1:]
    )


def test_contract_follow_up(rows: StaffControlRows) -> None:
    stored = rows.rows(CONTRACT_FOLLOWUP, SN, 2024)
    seed = _lines(CONTRACTS)
    assert len(stored) == len(seed) == 10
    for contract, (framework, start, end, result) in zip(stored, seed, strict=True):
        assert contract["framework"] == framework
        assert (contract["providers_start"], contract["providers_end"]) == (int(start), int(end))
        if result.startswith("Ingen uppföljning"):
            assert contract["followed_up"] is None and contract["approved_share"] is None
        else:
            followed, approved = result.split()[0], result.split("och ")[-1].split()[0]
            assert contract["followed_up"] == int(followed)
            assert contract["approved_share"] == float(approved.rstrip("%"))
        assert contract["result"] == result


def test_control_plan_and_audit_recommendation(rows: StaffControlRows) -> None:
    [risk] = rows.rows(CONTROL_RISK, SN, 2024)
    assert risk["process"] == "2.1. Informationsförvaltning"
    assert risk["risk"].startswith("Risk att arkiverade handlingar förstörs")
    assert risk["status"] == "done"
    [audit] = rows.rows(CONTROL_AUDIT, SN, 2024)
    assert audit["reference"] == "SN 2023/1892"
    assert audit["audit"] == (
        "Revisionsrapport: Granskning av kommunens hantering av riktade statsbidrag"
    )
    assert audit["action"].startswith("Upprätta arbetsordning")
    assert audit["status"] == "done"


def test_loading_twice_writes_nothing() -> None:
    store = Store.memory()
    load_staff_control(store)
    again = load_staff_control(store)
    assert sum(w[2] + w[3] for w in again.written) == 0
    assert sum(w[4] for w in again.written) == 60
