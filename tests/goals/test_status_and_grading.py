from __future__ import annotations

import pytest

from kommunanalys.goals.grading import GradeRule, suggest_grade
from kommunanalys.goals.model import Direction, GoalValue, Grade, Target
from kommunanalys.goals.status import (
    GoalStatus,
    Track,
    target_status,
    theil_sen,
    trajectory,
)
from kommunanalys.i18n.labels import msgid

MET, NOT_MET = GoalStatus.MET, GoalStatus.NOT_MET
NO_VALUE, NO_TARGET = GoalStatus.NO_VALUE, GoalStatus.NO_TARGET


def etapp(value: float | None, low: float | None = None, high: float | None = None) -> Target:
    return Target("x", 2024, "etappmal", value, low, high)


@pytest.mark.parametrize(
    ("direction", "value", "target", "expected"),
    [
        (Direction.DECREASE, 6.6, 7.0, MET),  # sjukfrånvaro 6,6 vs etappmål 7, minskning
        (Direction.DECREASE, 14.3, 9.0, NOT_MET),  # personalomsättning
        (Direction.INCREASE, 82.0, 85.0, NOT_MET),  # HME
        (Direction.INCREASE, 2212.0, 1250.0, MET),
        (Direction.AT_LEAST, 90.0, 90.0, MET),
        (Direction.AT_MOST, 0.9, 0.5, NOT_MET),
        (Direction.INCREASE, None, 5.0, NO_VALUE),
    ],
)
def test_status_respects_direction(
    direction: Direction, value: float | None, target: float, expected: str
) -> None:
    assert target_status(direction, value, etapp(target)) == expected


def test_status_within_interval_and_missing_target() -> None:
    band = etapp(None, 2.0, 4.0)
    assert target_status(Direction.WITHIN, 3.0, band) == MET
    assert target_status(Direction.WITHIN, 4.5, band) == NOT_MET
    assert target_status(Direction.INCREASE, 3.0, None) == NO_TARGET


def full_year(values: dict[int, float]) -> list[GoalValue]:
    return [GoalValue("x", y, "helår", v) for y, v in values.items()]


def test_theil_sen_is_the_median_pairwise_slope() -> None:
    assert theil_sen([(2022, 25.0), (2023, 5.6), (2024, 14.3)]) == pytest.approx(-5.35)
    assert theil_sen([(2024, 1.0)]) is None


def test_trajectory_projects_to_the_target_year() -> None:
    goal = Target("x", 2030, "malvarde", 6.0)
    on = trajectory(
        Direction.DECREASE, full_year({2021: 8.4, 2022: 7.8, 2023: 7.2, 2024: 6.6}), goal, 2024
    )
    assert on.state == Track.ON_TRACK
    assert on.required == pytest.approx((6.0 - 6.6) / 6)
    off = trajectory(
        Direction.DECREASE, full_year({2021: 5.5, 2022: 6.0, 2023: 6.5, 2024: 7.0}), goal, 2024
    )
    assert off.state == Track.OFF_TRACK
    assert "5 år" in off.test  # four years: no trend test, and it says so
    assert trajectory(Direction.DECREASE, full_year({2023: 6, 2024: 5}), None, 2024).state == (
        Track.UNKNOWN
    )


@pytest.mark.parametrize("years", [1, 2, 3])
def test_no_projection_from_fewer_than_four_years(years: int) -> None:
    """Issue 20: a nämndmål page drew a 2030 forecast from two or three points."""
    goal = Target("x", 2030, "malvarde", 6.0)
    series = full_year({2024 - i: 7.0 - 0.5 * i for i in range(years)})
    result = trajectory(Direction.DECREASE, series, goal, 2024)
    assert result.state == Track.TOO_FEW_VALUES and result.projected is None
    assert result.explanation == "för få värden för en prognos"
    assert msgid(Track.TOO_FEW_VALUES) == "för få värden för en prognos"


def test_a_share_is_never_projected_outside_0_to_100() -> None:
    """Issue 20: "nås 104 år 2030" / "blir -31,0" for a share in percent."""
    rising = full_year({2021: 70.0, 2022: 78.0, 2023: 86.0, 2024: 94.0})
    up = trajectory(
        Direction.INCREASE, rising, Target("x", 2030, "malvarde", 99.0), 2024, share=True
    )
    assert up.projected == 100.0 and up.state == Track.ON_TRACK
    falling = full_year({2021: 30.0, 2022: 20.0, 2023: 10.0, 2024: 5.0})
    down = trajectory(
        Direction.DECREASE, falling, Target("x", 2030, "malvarde", 2.0), 2024, share=True
    )
    assert down.projected == 0.0
    # a quantity that is no share may go where its line goes
    free = trajectory(Direction.INCREASE, rising, Target("x", 2030, "malvarde", 99.0), 2024)
    assert free.projected is not None and free.projected > 100


def test_a_significant_trend_away_from_the_target_overrides_the_projection() -> None:
    # rising steadily for 8 years while it should fall, but the målvärde is generous
    series = full_year({2017 + i: 5.0 + 0.1 * i for i in range(8)})
    result = trajectory(Direction.DECREASE, series, Target("x", 2030, "malvarde", 9.0), 2024)
    assert result.state == Track.OFF_TRACK
    assert "ökar" in result.test


@pytest.mark.parametrize(
    ("statuses", "grade"),
    [
        ([MET, MET, MET], Grade.VERY_HIGH),  # "samtliga indikatorers etappmål … uppnåtts"
        ([MET, MET, MET, NOT_MET, NOT_MET], Grade.HIGH),  # "majoriteten"
        ([MET, MET, NOT_MET, NOT_MET], Grade.PARTLY),  # "hälften" → delvis
        ([MET, NOT_MET, NOT_MET], Grade.PARTLY),  # "en av tre"
        ([NOT_MET], Grade.NOT_MET),
    ],
)
def test_default_rule_reproduces_the_annual_reports_reasoning(
    statuses: list[GoalStatus], grade: Grade
) -> None:
    assert suggest_grade(statuses).grade is grade


def test_indicators_without_value_or_target_are_left_out_and_said() -> None:
    s = suggest_grade([MET, NO_VALUE, NO_TARGET])
    assert (s.grade, s.met, s.assessed, s.unassessed) == (Grade.VERY_HIGH, 1, 1, 2)
    assert "2 indikatorer kan inte bedömas" in s.reasoning
    assert suggest_grade([NO_VALUE]).grade is None


def test_the_rule_is_configurable() -> None:
    strict = GradeRule.from_rows(
        [
            {"share": 1.0, "grade": "I mycket hög grad uppfyllt"},
            {"share": 0.75, "grade": "I hög grad uppfyllt"},
            {"share": 0.25, "grade": "Delvis uppfyllt"},
        ]
    )
    assert suggest_grade([MET, MET, NOT_MET], strict).grade is Grade.PARTLY
    assert suggest_grade([MET, NOT_MET, NOT_MET, NOT_MET, NOT_MET], strict).grade is Grade.NOT_MET
    assert GradeRule.from_rows(strict.to_rows()) == strict
    with pytest.raises(ValueError, match=r"grading\[0\]\.grade"):
        GradeRule.from_rows([{"share": 1.0, "grade": "Bra"}])
    with pytest.raises(ValueError, match=r"grading\[0\]\.share"):
        GradeRule.from_rows([{"share": 2, "grade": "Delvis uppfyllt"}])


@pytest.mark.parametrize("unit", ["procent", "Procent", "%", " % ", "procent av alla"])
def test_a_share_is_known_by_its_unit_however_written(unit: str) -> None:
    """Issue 20 item 6: a goal file that writes its share's unit as "%" (or "Procent") got
    no bound, and its projection could pass 100 %."""
    from kommunanalys.goals.model import GoalIndicator

    ind = GoalIndicator("x", "sn", "Andel", unit, Direction.INCREASE)
    assert ind.is_percent
    assert not GoalIndicator("y", "sn", "Antal", "antal", Direction.INCREASE).is_percent
