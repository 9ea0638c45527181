from __future__ import annotations

import pytest

from kommunanalys.goals.followup import follow_up, transition_table
from kommunanalys.goals.model import GoalBook, GoalValue, Grade
from kommunanalys.goals.repository import LOCKED, Conflict, GoalError, GoalNotFound, GoalRepository
from kommunanalys.goals.status import GoalStatus

#: Socialnämnden's grades in the Verksamhetsberättelse 2024
REPORT_GRADES = {
    "forebyggande": Grade.VERY_HIGH,
    "kriminella-natverk": Grade.HIGH,
    "barn-unga-forbattrad-situation": Grade.PARTLY,
    "vuxna-forbattrad-situation": Grade.PARTLY,
    "vaxthusgaser": Grade.PARTLY,
    "sund-ekonomi": Grade.VERY_HIGH,
    "attraktiv-arbetsgivare": Grade.PARTLY,
}


def test_suggested_grades_match_the_report_except_the_one_override(repo: GoalRepository) -> None:
    f = follow_up(repo, "socialnamnden", 2024)
    assert {o.objective.id: o.grade for o in f.objectives} == REPORT_GRADES
    suggested = {o.objective.id: o.suggestion.grade for o in f.objectives}
    differing = [oid for oid, g in suggested.items() if g != REPORT_GRADES[oid]]
    assert differing == ["vaxthusgaser"]
    override = next(o for o in f.objectives if o.objective.id == "vaxthusgaser")
    assert override.overridden
    assert override.suggestion.grade is Grade.NOT_MET
    assert "utanför nämndens påverkan" in override.objective.motivation
    counts = {o.objective.id: (o.suggestion.met, o.suggestion.assessed) for o in f.objectives}
    assert counts["forebyggande"] == (3, 3)
    assert counts["vuxna-forbattrad-situation"] == (2, 4)  # "når hälften av årets etappmål"
    assert counts["attraktiv-arbetsgivare"] == (1, 3)  # "Etappmålet nås för en av tre"


def test_sjukfranvaro_is_met_with_direction_minskning(repo: GoalRepository) -> None:
    f = follow_up(repo, "socialnamnden", 2024)
    rows = {r.indicator.id: r for o in f.objectives for r in o.rows}
    sjuk = rows["sjukfranvaro"]
    assert (sjuk.current.value, sjuk.target.value, sjuk.status) == (6.6, 7.0, GoalStatus.MET)
    assert list(sjuk.history) == [2022, 2023, 2024]


def test_reloading_the_same_file_changes_nothing(repo: GoalRepository, book: GoalBook) -> None:
    assert repo.save_book(book, actor="test")["added"] == 0
    assert repo.save_book(book, actor="test")["changed"] == 0


def test_mata_omstallningen(repo: GoalRepository) -> None:
    lines = transition_table(repo, "socialnamnden", 2024)
    assert len(lines) == 7
    first = lines[0]
    assert (first.previous.value, first.interim.value, first.target.value) == (1931, 1158, 1600)
    barn = lines[2]
    assert barn.interim is None and barn.note == "Följs upp på helår"


def test_values_carry_versions_and_conflicts_are_refused(repo: GoalRepository) -> None:
    v1 = GoalValue("sjukfranvaro", 2025, "delår 1", 6.4)
    assert repo.save_value("socialnamnden", v1, "a", expected_version=0) == 1
    with pytest.raises(Conflict):
        repo.save_value(
            "socialnamnden",
            GoalValue("sjukfranvaro", 2025, "delår 1", 9.9),
            "b",
            expected_version=0,
        )
    stored = [v for v in repo.values("socialnamnden", "sjukfranvaro") if v.year == 2025]
    assert [v.value for v in stored] == [6.4]
    audit = repo.audit.events(action="goals.value", target_prefix="goals/socialnamnden/sjuk")
    assert audit[0].actor == "a" and '"value": 6.4' in audit[0].new


def test_a_locked_period_takes_no_values(repo: GoalRepository) -> None:
    repo.set_period_state("socialnamnden", 2025, "delår 1", LOCKED, "analytiker")
    with pytest.raises(GoalError, match="låst"):
        repo.save_value(
            "socialnamnden",
            GoalValue("sjukfranvaro", 2025, "delår 1", 6.4),
            "a",
            expected_version=0,
        )
    assert repo.audit.events(action="goals.period")[0].new == LOCKED


def test_a_differing_grade_needs_a_motivation_and_is_kept_with_who_and_when(
    repo: GoalRepository,
) -> None:
    with pytest.raises(GoalError, match="motivering"):
        repo.set_grade(
            "socialnamnden",
            2024,
            "sund-ekonomi",
            Grade.HIGH,
            "  ",
            "ana",
            suggested=Grade.VERY_HIGH,
        )
    repo.set_grade(
        "socialnamnden",
        2024,
        "sund-ekonomi",
        Grade.HIGH,
        "Osäker prognos.",
        "ana",
        suggested=Grade.VERY_HIGH,
    )
    obj = repo.objective("socialnamnden", 2024, "sund-ekonomi")
    assert (obj.grade, obj.motivation, obj.graded_by) == (Grade.HIGH, "Osäker prognos.", "ana")
    decision = repo.grade_decisions("socialnamnden", 2024, "sund-ekonomi")[-1]
    assert decision["suggested"] == Grade.VERY_HIGH.value and decision["decided_by"] == "ana"


def test_unknown_committee_year_and_objective(repo: GoalRepository) -> None:
    with pytest.raises(GoalNotFound, match="finns inte"):
        repo.committee("okand")
    with pytest.raises(GoalNotFound, match="2024"):
        repo.plan("socialnamnden", 1999)
    with pytest.raises(GoalNotFound):
        repo.objective("socialnamnden", 2024, "okand")
