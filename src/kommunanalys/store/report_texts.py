"""The narrative texts of a verksamhetsberättelse or delårsrapport (migration 19).

One text per committee, year, period (``helår``, ``delår 1``, ``delår 2``), section and nämndmål
(``''`` for a section that is not a nämndmål's own, such as *Årets händelser*). Like a goal value,
a changed text is written as the next revision of its key; the older ones stay
(:meth:`ReportTextRows.history`). What the sections are, who may write them and the audit is
:mod:`kommunanalys.report.narrative`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from kommunanalys.store import data_version
from kommunanalys.store.backend import Backend

_LATEST = (
    "SELECT section, objective, body, revision, written_by, written_at FROM ("
    "SELECT *, row_number() OVER (PARTITION BY committee, year, period, section, objective "
    "ORDER BY revision DESC) AS rn FROM report_text WHERE committee = ? AND year = ? "
    "AND period = ?) latest WHERE rn = 1"
)


@dataclass(frozen=True)
class StoredText:
    section: str
    objective: str
    body: str
    revision: int
    written_by: str
    written_at: datetime


class ReportTextRows:
    """The ``report_text`` table (reached as ``store.report_texts``)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def latest(self, committee: str, year: int, period: str) -> list[StoredText]:
        """The current text of every section of one report (an emptied text is ``''``)."""
        rows = self.backend.query(_LATEST, (committee, year, period))
        return sorted(
            (StoredText(r[0], r[1], r[2], int(r[3]), r[4], r[5]) for r in rows),
            key=lambda t: (t.section, t.objective),
        )

    def write(
        self,
        committee: str,
        year: int,
        period: str,
        section: str,
        objective: str,
        body: str,
        actor: str,
    ) -> int:
        """Write ``body`` as the next revision of its key; the revision written. The texts are
        in the published report, so the data version moves (a cached report is not sent)."""
        revision = int(
            self.backend.query(
                "SELECT coalesce(max(revision), 0) + 1 FROM report_text WHERE committee = ? "
                "AND year = ? AND period = ? AND section = ? AND objective = ?",
                (committee, year, period, section, objective),
            )[0][0]
        )
        self.backend.execute(
            "INSERT INTO report_text (committee, year, period, section, objective, revision, "
            "body, written_by, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                committee,
                year,
                period,
                section,
                objective,
                revision,
                body,
                actor,
                datetime.now(UTC).replace(tzinfo=None),
            ),
        )
        data_version.bump(self.backend)
        return revision

    def history(
        self, committee: str, year: int, period: str, section: str, objective: str = ""
    ) -> list[StoredText]:
        """Every revision of one text, the first first."""
        rows = self.backend.query(
            "SELECT section, objective, body, revision, written_by, written_at FROM report_text "
            "WHERE committee = ? AND year = ? AND period = ? AND section = ? AND objective = ? "
            "ORDER BY revision",
            (committee, year, period, section, objective),
        )
        return [StoredText(r[0], r[1], r[2], int(r[3]), r[4], r[5]) for r in rows]
