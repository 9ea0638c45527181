"""A suggested goal-fulfilment grade for a nämndmål from how many of its etappmål are met.

The default rule is how Socialnämnden i Huddinge argues in its Verksamhetsberättelse 2024:
"samtliga indikatorers etappmål … har uppnåtts" → *I mycket hög grad uppfyllt*; "majoriteten av
etappmålen är uppnådda" → *I hög grad uppfyllt*; some, or half ("når hälften av årets etappmål")
→ *Delvis uppfyllt*; none → *Ej uppfyllt*. Indicators without a value or an etappmål for the
year are left out of the count and said. A committee may grade differently, but only with a
written motivation (:mod:`kommunanalys.goals.repository` enforces it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.goals.model import Grade
from kommunanalys.goals.status import GoalStatus
from kommunanalys.i18n.labels import msgid


class GradingError(KommunanalysError, ValueError):
    """A ``[[grading]]`` row that cannot be used: a code, the row's ``index`` and the value."""


@dataclass(frozen=True)
class Step:
    """``grade`` when the share met is at least (``inclusive``) or above ``share``."""

    share: float
    grade: Grade
    inclusive: bool = True
    wording: str = ""

    def admits(self, share: float) -> bool:
        return share >= self.share if self.inclusive else share > self.share


@dataclass(frozen=True)
class GradeRule:
    steps: tuple[Step, ...]
    otherwise: Grade = Grade.NOT_MET

    @classmethod
    def default(cls) -> GradeRule:
        return cls(
            (
                Step(1.0, Grade.VERY_HIGH, True, "samtliga etappmål uppnådda"),
                Step(0.5, Grade.HIGH, False, "majoriteten av etappmålen uppnådda"),
                Step(0.0, Grade.PARTLY, False, "en del av etappmålen uppnådda"),
            ),
            Grade.NOT_MET,
        )

    @classmethod
    def from_rows(cls, rows: Sequence[dict[str, object]]) -> GradeRule:
        """A rule from ``[[grading]]`` rows: ``{share = 0.5, inclusive = false, grade = "…"}``."""
        steps = []
        for i, row in enumerate(rows):
            share = row.get("share")
            if not isinstance(share, int | float) or not 0 <= share <= 1:
                raise GradingError(ErrorCode.GRADING_BAD_SHARE, index=i, v=repr(share))
            try:
                grade = Grade.parse(str(row.get("grade", "")))
            except ValueError:
                raise GradingError(
                    ErrorCode.GRADING_BAD_GRADE, index=i, v=row.get("grade")
                ) from None
            steps.append(
                Step(
                    float(share),
                    grade,
                    bool(row.get("inclusive", True)),
                    str(row.get("wording", "")),
                )
            )
        steps.sort(key=lambda s: (-s.share, not s.inclusive))
        return cls(tuple(steps))

    def to_rows(self) -> list[dict[str, object]]:
        return [
            {
                "share": s.share,
                "inclusive": s.inclusive,
                "grade": msgid(s.grade),  # the rows of the goal file, in its words
                "wording": s.wording,
            }
            for s in self.steps
        ]


@dataclass(frozen=True)
class Suggestion:
    grade: Grade | None
    met: int
    assessed: int
    unassessed: int
    reasoning: str


def suggest_grade(statuses: Sequence[GoalStatus], rule: GradeRule | None = None) -> Suggestion:
    """The suggested grade for a nämndmål whose indicators have ``statuses`` this year."""
    rule = rule or GradeRule.default()
    met = sum(1 for s in statuses if s is GoalStatus.MET)
    assessed = sum(1 for s in statuses if s in (GoalStatus.MET, GoalStatus.NOT_MET))
    unassessed = len(statuses) - assessed
    if assessed == 0:
        return Suggestion(
            None, 0, 0, unassessed, "inget etappmål kan bedömas (värde eller mål saknas)"
        )
    share = met / assessed
    grade, wording = rule.otherwise, "inget etappmål uppnått"
    for step in rule.steps:
        if step.admits(share):
            grade, wording = step.grade, step.wording or msgid(step.grade)
            break
    reasoning = f"{met} av {assessed} etappmål uppnådda ({wording})"
    if unassessed:
        reasoning += f"; {unassessed} indikator{'er' if unassessed > 1 else ''} kan inte bedömas"
    return Suggestion(grade, met, assessed, unassessed, reasoning)
