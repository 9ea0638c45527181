"""The report's *Väsentliga personalförhållanden*, *Intern kontroll* and *Plan för uppföljning
och insyn*: the tables of :mod:`kommunanalys.store.staff_control` with the analysts' texts.

The personnel figures are the year's (anställda in December against the year before, the
indicators over three years, HME and its sub-indices against the kommun); a delårsrapport
shows what is imported for its year.
"""

from __future__ import annotations

from kommunanalys.catalog.staff_control import HEADCOUNT, SURVEY, ControlStatus, StaffMeasure
from kommunanalys.formatting import format_number
from kommunanalys.i18n.labels import msgid
from kommunanalys.report.document import Block, Part, table, text_blocks
from kommunanalys.report.narrative import Narrative, TextSection
from kommunanalys.store import Store
from kommunanalys.store.staff_control import (
    CONTRACT_FOLLOWUP,
    CONTROL_AUDIT,
    CONTROL_RISK,
    STAFF_FIGURE,
    StaffControlRows,
)

GENDERS = {"T": "totalt", "K": "kvinnor", "M": "män"}


def _n(value: float | None) -> str:
    if value is None:
        return "–"
    decimals = next(d for d in range(3) if d == 2 or round(value, d) == value)
    return format_number(value, decimals)


def personnel_part(store: Store, committee: str, year: int, text: Narrative) -> Part:
    rows = StaffControlRows(store.backend).latest(STAFF_FIGURE, committee)
    figures = {(r[1], r[2], r[3], r[4]): r[5] for r in rows}
    kommun = {(r[1], r[2], r[3], r[4]): r[6] for r in rows}
    order = list(StaffMeasure)
    keys = sorted(
        {(r[2], r[3], r[4]) for r in rows},
        key=lambda k: (order.index(StaffMeasure(k[0])), k[1], "TKM".index(k[2])),
    )

    def name(key: tuple[str, str, str]) -> str:
        measure, unit, gender = key
        out = msgid(StaffMeasure(measure))
        if unit:
            out += f", {unit}"
        return out + ("" if gender == "T" else f" ({GENDERS[gender]})")

    blocks: list[Block] = list(text_blocks(text.text(TextSection.PERSONNEL)))
    head = []
    for key in keys:
        if StaffMeasure(key[0]) in HEADCOUNT:
            before, now = figures.get((year - 1, *key)), figures.get((year, *key))
            if before is None and now is None:
                continue
            diff = None if before is None or now is None else now - before
            head.append([name(key), _n(before), _n(now), _n(diff)])
    if head:
        blocks.append(
            table(
                "Antal anställda",
                ["", f"December {year - 1}", f"December {year}", "Skillnad"],
                head,
            )
        )
    years = [year - 2, year - 1, year]
    indicators = [
        [name(key), *(_n(figures.get((y, *key))) for y in years)]
        for key in keys
        if StaffMeasure(key[0]) not in HEADCOUNT
        and not StaffMeasure(key[0]).survey
        and any((y, *key) in figures for y in years)
    ]
    if indicators:
        blocks.append(table("Personalindikatorer", ["Indikator", *map(str, years)], indicators))
    survey = []
    for m in SURVEY:
        at = (year, m.value, "", "T")
        own, whole = figures.get(at), kommun.get(at)
        if own is None and whole is None:
            continue
        survey.append([msgid(m), _n(own), _n(whole)])
    if survey:
        blocks.append(
            table(
                f"Medarbetarenkäten {year}: hållbart medarbetarengagemang (HME)",
                ["Index", "Nämnden", "Kommunen"],
                survey,
            )
        )
    if len(blocks) == len(text_blocks(text.text(TextSection.PERSONNEL))):
        blocks.extend(text_blocks("Inga personaluppgifter är inlästa för året."))
    return Part(
        "Väsentliga personalförhållanden",
        tuple(blocks),
        (
            Part(
                TextSection.STAFF_SUPPLY.heading, text_blocks(text.text(TextSection.STAFF_SUPPLY))
            ),
            Part(TextSection.COMPETENCE.heading, text_blocks(text.text(TextSection.COMPETENCE))),
        ),
        anchor="personal",
    )


def _status(code: str) -> str:
    return msgid(ControlStatus(code))


def control_part(store: Store, committee: str, year: int, text: Narrative) -> Part:
    rows = StaffControlRows(store.backend)
    risks = rows.rows(CONTROL_RISK, committee, year)
    audits = rows.rows(CONTROL_AUDIT, committee, year)
    risk_blocks: list[Block] = list(text_blocks(text.text(TextSection.RISK_ACTIONS)))
    if risks:
        risk_blocks.append(
            table(
                "Åtgärder för att minska identifierade risker",
                ["Mål / process", "Risk", "Riskåtgärd", "Status"],
                [[r["process"], r["risk"], r["action"], _status(r["status"])] for r in risks],
                (False,) * 4,
            )
        )
    audit_blocks: list[Block] = list(text_blocks(text.text(TextSection.AUDIT_ACTIONS)))
    if audits:
        audit_blocks.append(
            table(
                "Åtgärder utifrån revision eller extern granskning",
                ["Revision/Granskning", "Risk/bakgrund", "Riskåtgärd", "Status"],
                [
                    [
                        a["audit"] + (f" ({a['reference']})" if a["reference"] else ""),
                        a["background"],
                        a["action"],
                        _status(a["status"]),
                    ]
                    for a in audits
                ],
                (False,) * 4,
            )
        )
    return Part(
        "Intern kontroll",
        (),
        (
            Part(
                TextSection.INTERNAL_CONTROL.heading,
                text_blocks(text.text(TextSection.INTERNAL_CONTROL)),
            ),
            Part(TextSection.RISK_ACTIONS.heading, tuple(risk_blocks)),
            Part(TextSection.AUDIT_ACTIONS.heading, tuple(audit_blocks)),
        ),
        anchor="intern-kontroll",
    )


def oversight_part(store: Store, committee: str, year: int, text: Narrative) -> Part:
    contracts = StaffControlRows(store.backend).rows(CONTRACT_FOLLOWUP, committee, year)
    blocks: list[Block] = list(text_blocks(text.text(TextSection.PLANNED_FOLLOWUP)))
    if contracts:
        blocks.append(
            table(
                "Uppföljning av ramavtal",
                [
                    "Ramavtal",
                    "Utförare vid årets början",
                    "Utförare vid årets slut",
                    "Uppföljda",
                    "Andel godkända (%)",
                    "Resultat",
                ],
                [
                    [
                        c["framework"],
                        _n(c["providers_start"]),
                        _n(c["providers_end"]),
                        _n(c["followed_up"]),
                        _n(c["approved_share"]),
                        c["result"],
                    ]
                    for c in contracts
                ],
                (False, True, True, True, True, False),
            )
        )
    return Part(
        TextSection.OVERSIGHT.heading,
        text_blocks(text.text(TextSection.OVERSIGHT)),
        (Part(TextSection.PLANNED_FOLLOWUP.heading, tuple(blocks)),) if blocks else (),
        anchor="uppfoljning",
    )
