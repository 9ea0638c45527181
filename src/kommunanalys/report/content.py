"""What the report says, built once from the follow-up so that DOCX, PDF and HTML agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from kommunanalys.goals.chart import goal_chart_svg
from kommunanalys.goals.followup import FollowUp, follow_up
from kommunanalys.goals.model import Period
from kommunanalys.goals.repository import GoalRepository


class ReportKind(StrEnum):
    ANNUAL = "verksamhetsberattelse"
    INTERIM = "delarsrapport"

    @property
    def label(self) -> str:
        """The report's name as its title page says it (``title`` is ``str.title``)."""
        return "Verksamhetsberättelse" if self is ReportKind.ANNUAL else "Delårsrapport"


@dataclass(frozen=True)
class SourceLine:
    council_goal: str
    objective: str
    indicator: str
    source: str
    production: str


@dataclass(frozen=True)
class ReportContent:
    kind: ReportKind
    follow: FollowUp
    charts: dict[str, str]  # indicator id → SVG
    sources: tuple[SourceLine, ...]
    generated_at: datetime

    @property
    def ungraded(self) -> str:
        """What stands where a nämndmål has no grade: a delårsrapport shows the period's grades
        only, so one not graded for the delår says so (not the year's grade)."""
        return "Ej bedömt" if self.kind is ReportKind.ANNUAL else "Ej bedömd för perioden"

    @property
    def title(self) -> str:
        period = "" if self.kind is ReportKind.ANNUAL else f" ({self.follow.period})"
        return f"{self.follow.committee.name}: {self.kind.label} {self.follow.year}{period}"


def build_report(
    repo: GoalRepository,
    committee: str,
    year: int,
    kind: ReportKind = ReportKind.ANNUAL,
    period: str | None = None,
) -> ReportContent:
    """The report's content; values pass the disclosure gate as for the public."""
    if kind is ReportKind.ANNUAL:
        chosen = Period.FULL_YEAR.value
    else:
        chosen = Period.parse(period or Period.INTERIM_2)
        if chosen == Period.FULL_YEAR:
            raise ValueError("en delårsrapport gäller delår 1, delår 2 eller en månad, inte helår")
    follow = follow_up(repo, committee, year, chosen)
    values, targets = list(follow.values), list(follow.targets)
    charts = {}
    sources = []
    for o in follow.objectives:
        for row in o.rows:
            ind = row.indicator
            svg = goal_chart_svg(ind, values, targets, up_to_year=year, first_year=year - 4)
            if svg:
                charts[ind.id] = svg
            source = ind.source + (f" (Kolada {ind.kolada_id})" if ind.kolada_id else "")
            sources.append(
                SourceLine(
                    o.objective.council_goal, o.objective.name, ind.name, source, ind.production
                )
            )
    return ReportContent(kind, follow, charts, tuple(sources), datetime.now(UTC))
