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

from kommunanalys.i18n import gettext as _


class Role(StrEnum):
    PUBLIC = "public"
    EDITOR = "editor"
    ANALYST = "analyst"
    ADMIN = "admin"


ROLE_NAMES = {
    Role.PUBLIC: "Allmänheten",
    Role.EDITOR: "Enhetsredaktör",
    Role.ANALYST: "Analytiker",
    Role.ADMIN: "Administratör",
}


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


class Forbidden(PermissionError):
    """The user may not do this; the message says why (shown with status 403)."""


def require_role(user: User, *roles: Role) -> None:
    if user.role not in roles:
        either = " " + _("eller") + " "
        names = either.join(_(ROLE_NAMES[r]).lower() for r in roles)
        if user.is_public:
            raise Forbidden(_("Logga in som %(roles)s för att göra detta.") % {"roles": names})
        raise Forbidden(
            _("Detta kräver rollen %(roles)s; du är %(role)s.")
            % {"roles": names, "role": _(ROLE_NAMES[user.role]).lower()}
        )


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
            raise Forbidden(_("Logga in för att rapportera värden."))
        raise Forbidden(
            _(
                "Indikatorn '%(v)s' rapporteras av en annan enhet; du kan bara ändra "
                "din egen enhets indikatorer."
            )
            % {"v": indicator}
        )
