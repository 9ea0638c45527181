"""What the project report says (issue 18 item 4), built once so that DOCX, PDF and HTML agree.

An area development project (``[[projekt]]`` of the effect logic file, e.g. Skogås):

1. **Nulägesbild** — the project area's profile in its latest year: the socio-economic basis
   of the similar-areas model and the indicators of the project's effect logic, each with the
   kommun's value and the comparison (as on the area profile);
2. **Projektmål** — the project's goals;
3. **Effektlogik med data** — per social outcome, every item with its cell, the direction
   wanted, whether there is data, and its indicators' values in the area with their movement;
4. **Insatser och uppföljning** — the interventions in the project's area and their follow-up
   (:mod:`kommunanalys.effect.followup`) with the "turn the curve" charts.

Everything is read through the :class:`~kommunanalys.query.Dataset`, past the disclosure gate:
a protected value is its status word, never a number. The report stays Swedish (as the goal
report): the words of codes are their msgids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from kommunanalys.analysis.assessment import assess_profile
from kommunanalys.analysis.similar import SOCIOECONOMIC
from kommunanalys.charts.turn_curve import turn_curve_chart
from kommunanalys.effect.area_view import area_grid
from kommunanalys.effect.availability import data_availability
from kommunanalys.effect.followup import FOLLOWED, follow_up
from kommunanalys.effect.interventions import InterventionRepository
from kommunanalys.effect.model import Movement, WantedDirection
from kommunanalys.effect.repository import EffectLogicRepository
from kommunanalys.errors import ErrorCode
from kommunanalys.formatting import decimals_for, format_value
from kommunanalys.i18n.labels import msgid, status_msgid
from kommunanalys.model import Indicator, Value
from kommunanalys.query import Dataset, QueryError
from kommunanalys.stats.intervention import FollowUpResult

#: the report's section headings, in order (the tests look for each)
SECTIONS = ("Nulägesbild", "Projektmål", "Effektlogik med data", "Insatser och uppföljning")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # centimetres in Word


@dataclass(frozen=True)
class Figure:
    svg: str
    caption: str


@dataclass(frozen=True)
class Block:
    """A heading (level 1 or 2) with its paragraphs, tables and figures, in that order."""

    heading: str
    level: int
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ProjectReport:
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    generated_at: datetime
    synthetic: bool


def _value_text(v: Value | None, indicator: Indicator) -> str:
    if v is None:
        return "–"
    if v.value is None:
        return status_msgid(v.status) or v.status or "–"
    return format_value(v.value, indicator)


def build_project_report(ds: Dataset, project_id: str) -> ProjectReport:
    """The report's content for ``project_id`` (a :class:`QueryError` if there is none)."""
    logic = EffectLogicRepository(ds.store).load()
    project = next((p for p in logic.projects if p.id == project_id), None)
    if project is None:
        raise QueryError(ErrorCode.UNKNOWN_PROJECT, project=project_id)
    place = ds.place(project.area)
    area = place.area
    outcomes = [o for o in logic.outcomes if o.owner == project.id]
    profile = ds.profile_at(place)
    cards = {c.indicator.id: c for s in profile.sections for c in s.cards}
    assessed = assess_profile(ds, profile) if cards else {}
    wanted = [*SOCIOECONOMIC, *(i for o in outcomes for it in o.items for i in it.indicators)]
    rows = []
    for indicator_id in dict.fromkeys(wanted):
        card = cards.get(indicator_id)
        if card is None:
            continue
        a = assessed.get(indicator_id)
        comparison = a.comparison if a else None
        rows.append(
            (
                card.indicator.name_sv,
                _value_text(card.value, card.indicator),
                _value_text(card.kommun_value, card.indicator),
                msgid(comparison.outcome) if comparison else "–",
            )
        )
    blocks = [
        Block(
            SECTIONS[0],
            1,
            (
                f"{area.name} {place.year} jämfört med {ds.kommun.name}: den socioekonomiska "
                "grunden och effektlogikens indikatorer. Hela områdesprofilen finns på "
                f"/omrade/{area.code}.",
            ),
            (
                Table(
                    ("Indikator", area.name, ds.kommun.name, "Jämfört med kommunen"),
                    tuple(rows),
                    (7.0, 3.2, 3.2, 4.0),
                ),
            ),
        ),
        Block(SECTIONS[1], 1, tuple(project.goals) or ("Projektet har inga mål angivna.",)),
        Block(SECTIONS[2], 1, (f"Varje post med data för {area.name} {place.year}.",)),
    ]
    coverage = {o.outcome.id: o for o in data_availability(ds.store, logic).outcomes}
    for outcome in outcomes:
        grid = area_grid(ds, outcome, place)
        data = {d.item.position: d for d in coverage[outcome.id].items}
        item_rows = []
        for reading in grid.items:
            item = reading.item
            values = "; ".join(
                f"{r.indicator.name_sv}: "
                f"{_value_text(r.card.value if r.card else None, r.indicator)}"
                f" ({msgid(r.movement)})"
                for r in reading.readings
            )
            item_rows.append(
                (
                    msgid(item.level),
                    msgid(item.column),
                    item.text,
                    msgid(item.direction),
                    msgid(data[item.position].availability),
                    values or "–",
                )
            )
        covered = sum(1 for d in data.values() if d.availability.value == "available")
        blocks.append(
            Block(
                outcome.name,
                2,
                (f"{covered} av {len(data)} poster har data.",),
                (
                    Table(
                        ("Nivå", "Kolumn", "Post", "Önskad riktning", "Data", "Värden"),
                        tuple(item_rows),
                        (2.2, 2.6, 4.4, 2.0, 2.4, 4.4),
                    ),
                ),
            )
        )
    interventions = [i for i in InterventionRepository(ds.store).all() if project.area in i.areas]
    blocks.append(
        Block(
            SECTIONS[3],
            1,
            (
                "Per insats och indikator: trenden före starten framskriven, skillnad i "
                "skillnader mot de mest lika områdena och segmenterad regression. Där data "
                "inte räcker står det kan inte bedömas och varför.",
            )
            if interventions
            else ("Inga insatser i projektets område.",),
        )
    )
    known = {i.id: i for i in ds.catalogue}
    for intervention in interventions:
        result = follow_up(ds, intervention)
        lines, figures = [], []
        for e in result["results"]:
            indicator = known[e["indicator"]]
            lines.append(_verdict_row(e, indicator))
            if any(s["value"] is not None for s in e["series"]):
                title = f"{indicator.name_sv}, {_place(e)}"
                figures.append(
                    Figure(
                        turn_curve_chart(
                            e,
                            title=title,
                            unit=indicator.unit,
                            decimals=decimals_for(indicator),
                            focusable=False,
                        ),
                        f"{title}: utfall och trenden före starten (95 % prediktionsintervall).",
                    )
                )
        first = result["first_year_after"]
        blocks.append(
            Block(
                intervention.name,
                2,
                (
                    intervention.description or "–",
                    f"Start {intervention.start or '–'}"
                    + (f"; åren från {first} räknas som efter starten." if first else "."),
                ),
                (
                    Table(
                        ("Indikator", "Område", "Bedömning", "Skattning (95 % KI)", "Skäl"),
                        tuple(lines),
                        (4.6, 2.4, 3.0, 4.0, 4.0),
                    ),
                )
                if lines
                else (),
                tuple(figures),
            )
        )
    return ProjectReport(
        title=f"{project.name}: projektrapport",
        subtitle=f"{area.name} · {place.year}",
        blocks=tuple(blocks),
        generated_at=datetime.now(UTC),
        synthetic=profile.synthetic,
    )


def _place(e: dict[str, object]) -> str:
    """The area of a follow-up, and whose values follow it where not everyone's."""
    followed = FOLLOWED.get(str(e["gender"]))
    return str(e["area_name"]) + (f", {msgid(followed)}" if followed else "")


def _verdict_row(e: dict[str, object], indicator: Indicator) -> tuple[str, ...]:
    """One indicator's follow-up as words: the verdict, the estimate and the reason."""
    method = e["verdict_method"]
    did, its = e["did"], e["its"]
    assert isinstance(did, dict) and isinstance(its, dict)
    effect = did["effect"] if method == "did" else its["level_change"] if method == "its" else None
    estimate = "–"
    if isinstance(effect, dict):
        name = "skillnad i skillnader" if method == "did" else "nivåförändring"
        estimate = (
            f"{name}: {format_value(effect['estimate'], indicator, with_unit=False)} "
            f"({format_value(effect['lower'], indicator, with_unit=False)} – "
            f"{format_value(effect['upper'], indicator, with_unit=False)})"
        )
    verdict = Movement(str(e["verdict"]))
    reason = FollowUpResult(str(e["reason"]))
    return (
        indicator.name_sv,
        _place(e),
        msgid(verdict) + f" (önskat: {msgid(WantedDirection(str(e['wanted'])))})",
        estimate,
        msgid(reason) if verdict is Movement.NOT_ASSESSED else "–",
    )
