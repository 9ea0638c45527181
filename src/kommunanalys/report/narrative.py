"""The report's narrative texts: what an analyst writes per committee, year and period.

The tables and charts of a verksamhetsberättelse come from data; its prose — *Sammanfattning*,
*Årets händelser*, *Effektiviseringsarbete*, the comments to the economy, personnel and
internal control, *Plan för uppföljning och insyn*, and each nämndmål's *Genomfört arbete* —
is written by the analysts. Each text is kept per committee, year and period
(:mod:`kommunanalys.store.report_texts`, every change a revision), written by an analyst
through the web form (``/mal/rapport/texter``) or imported from a TOML file
(``kommunanalys report texter``), and every change is in the audit trail
(``report.text``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kommunanalys import toml_text
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.i18n.labels import msgid
from kommunanalys.store import Store

#: the longest text a section takes (characters): a few pages of prose
MAX_TEXT = 20_000


class TextSection(StrEnum):
    """A narrative section of the report, in the report's order."""

    SUMMARY = "sammanfattning"
    WORK_DONE = "genomfort_arbete"  # per nämndmål
    EVENTS = "arets_handelser"
    EFFICIENCY = "effektiviseringsarbete"
    ECONOMY = "ekonomi"
    RESULT = "resultatrakning"
    PERSONNEL = "personal"
    STAFF_SUPPLY = "personalforsorjning"
    COMPETENCE = "kompetensutveckling"
    INTERNAL_CONTROL = "intern_kontroll"
    RISK_ACTIONS = "atgarder_risker"
    AUDIT_ACTIONS = "atgarder_revision"
    OVERSIGHT = "uppfoljning_insyn"
    PLANNED_FOLLOWUP = "planerad_uppfoljning"

    @property
    def heading(self) -> str:
        """The section's heading as the report prints it (Swedish; its label: the form's
        heading in the reader's language)."""
        return msgid(self)


@dataclass(frozen=True)
class Narrative:
    """The texts of one report: section → text, and each nämndmål's *Genomfört arbete*."""

    texts: dict[TextSection, str]
    work_done: dict[str, str]  # objective id → text
    revisions: dict[tuple[str, str], int]  # (section, objective) → current revision

    def text(self, section: TextSection) -> str:
        return self.texts.get(section, "")

    def revision(self, section: TextSection, objective: str = "") -> int:
        return self.revisions.get((section.value, objective), 0)


def narrative(store: Store, committee: str, year: int, period: str) -> Narrative:
    texts: dict[TextSection, str] = {}
    work: dict[str, str] = {}
    revisions: dict[tuple[str, str], int] = {}
    for t in store.report_texts.latest(committee, year, period):
        revisions[(t.section, t.objective)] = t.revision
        if t.section not in TextSection.__members__.values() or not t.body:
            continue
        if t.section == TextSection.WORK_DONE:
            work[t.objective] = t.body
        else:
            texts[TextSection(t.section)] = t.body
    return Narrative(texts, work, revisions)


def section_of(text: str) -> TextSection:
    try:
        return TextSection(text)
    except ValueError:
        raise KommunanalysError(
            ErrorCode.UNKNOWN_REPORT_SECTION, v=text, sections=", ".join(TextSection)
        ) from None


def _clean(section: TextSection, body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if len(body) > MAX_TEXT:
        raise KommunanalysError(
            ErrorCode.REPORT_TEXT_TOO_LONG, section=section.heading, length=len(body), max=MAX_TEXT
        )
    return body


def save_text(
    store: Store,
    committee: str,
    year: int,
    period: str,
    section: TextSection,
    body: str,
    actor: str,
    *,
    objective: str = "",
    expected_revision: int | None = None,
) -> bool:
    """Write one text (a new revision, audited) when it changed; whether it was written.
    ``expected_revision``: the revision the writer saw — another in between is
    :data:`ErrorCode.VALUE_CHANGED` (a 409), nothing written."""
    body = _clean(section, body)
    key = (section.value, objective if section is TextSection.WORK_DONE else "")
    objective = key[1]
    with store.transaction():
        current = {
            (t.section, t.objective): t for t in store.report_texts.latest(committee, year, period)
        }.get(key)
        if expected_revision is not None and (current.revision if current else 0) != (
            expected_revision
        ):
            raise KommunanalysError(ErrorCode.VALUE_CHANGED)
        if (current.body if current else "") == body:
            return False
        revision = store.report_texts.write(
            committee, year, period, section.value, objective, body, actor
        )
        target = f"report_text:{committee}/{year}/{period}/{section.value}"
        store.audit.record(
            actor,
            "report.text",
            target + (f"/{objective}" if objective else ""),
            old=current.body if current else None,
            new=body,
            detail=f"revision {revision}",
        )
    return True


@dataclass(frozen=True)
class TextFile:
    committee: str
    year: int
    period: str
    texts: tuple[tuple[TextSection, str, str], ...]  # (section, objective, text)


def read_text_file(path: Path) -> TextFile:
    """A TOML file of report texts (docs/reports.md); every fault names the file and key."""

    def fail(reason: str) -> KommunanalysError:
        return KommunanalysError(ErrorCode.BAD_REPORT_TEXT_FILE, file=path.name, reason=reason)

    try:
        data = toml_text.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise fail(str(exc)) from None
    committee, year, period = data.get("committee"), data.get("year"), data.get("period", "helår")
    if not isinstance(committee, str) or not committee:
        raise fail("nyckeln committee saknas")
    if not isinstance(year, int) or isinstance(year, bool):
        raise fail("nyckeln year ska vara ett årtal")
    if period not in ("helår", "delår 1", "delår 2"):
        raise fail(f"period '{period}': välj helår, delår 1 eller delår 2")
    out: list[tuple[TextSection, str, str]] = []
    texts = data.get("texts", {})
    if not isinstance(texts, dict):
        raise fail("[texts] ska vara en tabell")
    for key, body in texts.items():
        section = section_of(key)
        if section is TextSection.WORK_DONE:
            if not isinstance(body, dict) or not all(isinstance(v, str) for v in body.values()):
                raise fail("[texts.genomfort_arbete] ska ge en text per nämndmål-id")
            out.extend((section, oid, _clean(section, text)) for oid, text in body.items())
        elif isinstance(body, str):
            out.append((section, "", _clean(section, body)))
        else:
            raise fail(f"texts.{key} ska vara en text")
    return TextFile(committee, year, period, tuple(out))


def import_texts(store: Store, path: Path, actor: str) -> int:
    """Import a text file, all or nothing, for a committee and year that have a goal plan;
    the number of texts written (the changed ones)."""
    from kommunanalys.goals.repository import GoalRepository

    file = read_text_file(path)
    repo = GoalRepository(store)
    repo.resolve(file.committee, file.year)  # an unknown committee or year: GoalError
    known = {o.id for o in repo.objectives(file.committee, file.year)}
    for section, oid, _ in file.texts:
        if section is TextSection.WORK_DONE and oid not in known:
            raise KommunanalysError(
                ErrorCode.BAD_REPORT_TEXT_FILE,
                file=path.name,
                reason=f"nämndmålet '{oid}' finns inte för {file.committee} {file.year}",
            )
    written = 0
    with store.transaction():
        for section, oid, body in file.texts:
            written += save_text(
                store, file.committee, file.year, file.period, section, body, actor, objective=oid
            )
    return written
