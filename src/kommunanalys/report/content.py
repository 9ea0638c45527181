"""What the report says, built once so that DOCX, PDF and HTML agree.

The whole verksamhetsberättelse (or delårsrapport) in the seed's order: Sammanfattning,
Målbedömning, Nämndens mål och resultat (from the goal follow-up, each nämndmål with its
*Genomfört arbete*), then the :class:`~kommunanalys.report.document.Part` s — Årets händelser,
Effektiviseringsarbete, Ekonomi (:mod:`.economy_part`), Väsentliga personalförhållanden,
Intern kontroll, Plan för uppföljning och insyn (:mod:`.staff_part`) — and the Källförteckning.
Narrative texts are the analysts' (:mod:`.narrative`), per committee, year and period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from kommunanalys.goals.chart import goal_chart_svg
from kommunanalys.goals.followup import FollowUp, follow_up
from kommunanalys.goals.model import Period
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.report.document import Part, text_blocks
from kommunanalys.report.economy_part import economy_part
from kommunanalys.report.narrative import Narrative, TextSection, narrative
from kommunanalys.report.staff_part import control_part, oversight_part, personnel_part

#: what stands in a narrative section the analysts have not written for the period
UNWRITTEN = "Ingen text är skriven för avsnittet ännu (Mål → Rapporttexter)."


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
    #: the analysts' texts of this committee, year and period
    narrative: Narrative = field(default_factory=lambda: Narrative({}, {}, {}))
    #: the sections after Nämndens mål och resultat, in the report's order
    parts: tuple[Part, ...] = ()
    #: where the tables of :attr:`parts` come from: (section, source, how it is made)
    data_sources: tuple[tuple[str, str, str], ...] = ()

    @property
    def summary(self) -> str:
        """The Sammanfattning: the analysts' text for the period; a verksamhetsberättelse
        without one keeps the målplan's summary."""
        written = self.narrative.text(TextSection.SUMMARY)
        if written or self.kind is not ReportKind.ANNUAL:
            return written
        return self.follow.plan.summary or ""

    def work_done(self, objective: str) -> str:
        return self.narrative.work_done.get(objective, "")

    def headings(self) -> list[str]:
        """Every heading of level 1 and 2 outside the goal tree, in order (the contents)."""
        return [
            "Sammanfattning",
            "Målbedömning",
            "Nämndens mål och resultat",
            *(h for p in self.parts for h in p.headings()),
            "Källförteckning",
        ]

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
    texts = narrative(repo.store, committee, year, chosen)
    parts = _parts(repo, committee, year, chosen, texts)
    return ReportContent(
        kind,
        follow,
        charts,
        tuple(sources),
        datetime.now(UTC),
        texts,
        parts,
        _data_sources(parts),
    )


def _text_part(section: TextSection, texts: Narrative, anchor: str) -> Part:
    return Part(section.heading, text_blocks(texts.text(section) or UNWRITTEN), anchor=anchor)


def _parts(
    repo: GoalRepository, committee: str, year: int, period: str, texts: Narrative
) -> tuple[Part, ...]:
    store = repo.store
    economy = economy_part(store, committee, year, period, texts) or Part(
        "Ekonomi",
        text_blocks(
            texts.text(TextSection.ECONOMY),
            "Ingen huvudbok är inläst för nämnden och året (kommunanalys ekonomi import).",
        ),
        anchor="ekonomi",
    )
    return (
        _text_part(TextSection.EVENTS, texts, "handelser"),
        _text_part(TextSection.EFFICIENCY, texts, "effektivisering"),
        economy,
        personnel_part(store, committee, year, texts),
        control_part(store, committee, year, texts),
        oversight_part(store, committee, year, texts),
    )


_DATA_SOURCES = {
    "Resultaträkning": ("Huvudboken (ekonomisystemet) och budgeten", "kommunanalys ekonomi import"),
    "Drift per verksamhet": (
        "Huvudboken, budgeten och verksamhetssystemets placeringar",
        "kommunanalys ekonomi import; prognos ur säsongsprofilen eller nämndens egen",
    ),
    "Särskilda satsningar": ("Nämndens redovisning", "kommunanalys finansiering import"),
    "Extern finansiering": ("Beslut om statsbidrag", "kommunanalys finansiering import"),
    "Investeringar": ("Investeringsredovisningen", "kommunanalys finansiering import"),
    "Väsentliga personalförhållanden": (
        "HR-systemet och medarbetarenkäten",
        "kommunanalys personal import",
    ),
    "Intern kontroll": (
        "Nämndens internkontrollplan och revisionen",
        "kommunanalys intern-kontroll import",
    ),
    "Plan för uppföljning och insyn": (
        "Avtalsuppföljningen",
        "kommunanalys intern-kontroll import",
    ),
}


def _data_sources(parts: tuple[Part, ...]) -> tuple[tuple[str, str, str], ...]:
    shown = {h for p in parts for h in p.headings()}
    return tuple((name, *where) for name, where in _DATA_SOURCES.items() if name in shown)
