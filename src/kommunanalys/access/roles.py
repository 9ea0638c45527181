"""Roles and the object-level checks the routes call before they touch anything.

* **public** — no login; published (disclosure-protected) values only.
* **editor** — a unit's editor: enters values for the indicators their unit is responsible for,
  in open periods only.
* **analyst** — works with the committee's data: reviews, locks periods, grades goals.
* **admin** — users and roles; no silent data access.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kommunanalys.errors import ErrorCode, KommunanalysError


class Role(StrEnum):
    PUBLIC = "public"
    EDITOR = "editor"
    ANALYST = "analyst"
    ADMIN = "admin"


#: the roles a user account can have: the public is everyone without a login, never an account
USER_ROLES = (Role.EDITOR, Role.ANALYST, Role.ADMIN)


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: Role
    committee: str = ""
    unit: str = ""

    @property
    def is_public(self) -> bool:
        return self.role is Role.PUBLIC


ANONYMOUS = User("", "Allmänheten", Role.PUBLIC)


def sees_unprotected(user: User) -> bool:
    """Analysts and unit editors work with the committee's data; the public and admins (who
    manage users, not data) see published, disclosure-protected values only."""
    return user.role in (Role.ANALYST, Role.EDITOR)


class Forbidden(KommunanalysError, PermissionError):
    """The user may not do this; the code says why (shown with status 403)."""


def require_role(user: User, *roles: Role) -> None:
    if user.role not in roles:
        if user.is_public:
            raise Forbidden(ErrorCode.LOG_IN_AS, roles=roles)
        raise Forbidden(ErrorCode.ROLE_REQUIRED, roles=roles, role=user.role)


class Section(StrEnum):
    """A part of the site that needs a role: the menu offers it and its routes open it by the
    same table (:data:`SECTION_ROLES`), so a menu entry never leads to a refusal."""

    ENTRY = "entry"  # /rapportering: the units' data entry
    IMPORT = "import"  # /import: the analysts' data
    ADMIN = "admin"  # /admin: users, roles, the audit log


SECTION_ROLES: dict[Section, tuple[Role, ...]] = {
    Section.ENTRY: (Role.EDITOR, Role.ANALYST),
    Section.IMPORT: (Role.ANALYST,),
    Section.ADMIN: (Role.ADMIN,),
}


def may_open(user: User, section: Section | str) -> bool:
    """Whether ``user`` may open ``section`` (what the menu asks)."""
    return user.role in SECTION_ROLES[Section(section)]


def require_section(user: User, section: Section) -> None:
    """Raise :class:`Forbidden` unless ``user`` may open ``section`` (what the routes ask)."""
    require_role(user, *SECTION_ROLES[section])


def can_enter(user: User, committee: str, responsible_unit: str) -> bool:
    """Whether ``user`` may enter values for an indicator of ``responsible_unit``."""
    if user.role is Role.ANALYST:
        return user.committee in ("", committee)
    if user.role is Role.EDITOR:
        return user.committee == committee and bool(user.unit) and user.unit == responsible_unit
    return False


def require_entry(user: User, committee: str, responsible_unit: str, indicator: str) -> None:
    if not can_enter(user, committee, responsible_unit):
        if user.is_public:
            raise Forbidden(ErrorCode.LOG_IN_TO_REPORT)
        raise Forbidden(ErrorCode.OTHER_UNITS_INDICATOR, v=indicator)
