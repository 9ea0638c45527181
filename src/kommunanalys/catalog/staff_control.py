"""The codes of the personnel, internal-control and financing tables of a verksamhetsberättelse.

A personnel figure is one :class:`StaffMeasure` (what is counted, with its :class:`StaffUnit`);
an internal-control action and an audit recommendation carry a :class:`ControlStatus`. The
words a reader sees are their labels (:mod:`kommunanalys.i18n.labels`); a file may name a code
by its code or by its Swedish label (:func:`code_for`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar


class StaffUnit(StrEnum):
    """How a personnel figure is counted."""

    COUNT = "count"
    PERCENT = "percent"
    INDEX = "index"


class StaffMeasure(StrEnum):
    """A personnel figure, in the order the report shows them."""

    EMPLOYEES = "employees"
    EMPLOYEES_PERMANENT = "employees_permanent"
    EMPLOYEES_TEMPORARY = "employees_temporary"
    EMPLOYEES_FULL_TIME = "employees_full_time"
    EMPLOYEE_SHARE = "employee_share"
    TURNOVER = "turnover"
    LEAVERS = "leavers"
    SICK_LEAVE = "sick_leave"
    SICK_LEAVE_SHORT = "sick_leave_short"
    HME = "hme"
    SURVEY_ENGAGEMENT = "survey_engagement"
    SURVEY_STRUCTURE = "survey_structure"
    SURVEY_INFLUENCE = "survey_influence"
    SURVEY_LEADERSHIP = "survey_leadership"
    SURVEY_DEVELOPMENT = "survey_development"
    SURVEY_COOPERATION = "survey_cooperation"
    SURVEY_SAFETY = "survey_safety"
    SURVEY_WORKLOAD = "survey_workload"
    SURVEY_GOAL_STEERING = "survey_goal_steering"

    @property
    def unit(self) -> StaffUnit:
        if self.value.startswith(("employees", "leavers")):
            return StaffUnit.COUNT
        if self.value.startswith("survey_"):
            return StaffUnit.INDEX
        return StaffUnit.PERCENT

    @property
    def survey(self) -> bool:
        """A sub-index of the staff survey (shown beside HME, against the kommun)."""
        return self.value.startswith("survey_")


#: the measures of the headcount table (December of each year)
HEADCOUNT = (
    StaffMeasure.EMPLOYEES,
    StaffMeasure.EMPLOYEES_PERMANENT,
    StaffMeasure.EMPLOYEES_TEMPORARY,
    StaffMeasure.EMPLOYEES_FULL_TIME,
    StaffMeasure.EMPLOYEE_SHARE,
)
#: the staff survey's index table: HME last, as its total
SURVEY = (*(m for m in StaffMeasure if m.survey), StaffMeasure.HME)


class ControlStatus(StrEnum):
    """Where an internal-control action or an audit recommendation stands."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    NOT_DONE = "not_done"


Code = TypeVar("Code", bound=StrEnum)


def code_for(codes: type[Code], text: str, labels: dict[str, str]) -> Code | None:
    """The member of ``codes`` that ``text`` names, by its code or its Swedish label
    (``labels``: code → label), ignoring case and surrounding space; ``None`` if none."""
    wanted = text.strip().casefold()
    for member in codes:
        if wanted in (member.value.casefold(), labels[member.value].casefold()):
            return member
    return None
