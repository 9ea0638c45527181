"""``/admin``: users and roles, and the audit trail (admins only).

Every route checks the role first (a refusal is a 403 with an audit entry) and every form its
CSRF token. An admin manages accounts, not data: the audit trail is shown with data values
redacted (:func:`kommunanalys.access.audit.redacted`) and every data page treats an admin as
the public. Nothing here edits or deletes an audit event.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access import audit
from kommunanalys.access.accounts import AccountError, Accounts
from kommunanalys.access.roles import USER_ROLES, Role, Section, User, require_section
from kommunanalys.errors import ErrorCode
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.i18n import N_
from kommunanalys.i18n.messages import error_text
from kommunanalys.web.dependencies import AccountsDep, GoalsDep, StoreDep
from kommunanalys.web.rendering import page_only, respond, wants_json
from kommunanalys.web.sessions import CurrentUser, check_csrf

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
DONE_TEXT = {
    "tillagd": N_("Användaren är tillagd."),
    "andrad": N_("Användarens roll är ändrad; hen loggas ut och loggar in med den nya rollen."),
    "inaktiverad": N_("Användaren är inaktiverad och utloggad."),
}


def _admin(user: User) -> User:
    require_section(user, Section.ADMIN)
    return user


def _units(repo: GoalRepository) -> dict[str, list[dict[str, str]]]:
    """Each committee's units, for the editor's choice and its server-side check."""
    return {
        c.id: [{"id": u.id, "name": u.name} for u in repo.units(c.id)] for c in repo.committees()
    }


def _user_json(user: User, active: bool) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "committee": user.committee,
        "unit": user.unit,
        "active": active,
    }


def _event_json(e: audit.AuditEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "action": e.action,
        "target": e.target,
        "old": e.old,
        "new": e.new,
        "detail": e.detail,
    }


def _users_page(
    request: Request,
    accounts: Accounts,
    goals: GoalRepository,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
    done: str | None = None,
) -> Response:
    listed = accounts.accounts()
    units = _units(goals)
    context = {
        "accounts": listed,
        "units": units,
        "roles": USER_ROLES,
        "error": error,
        "form": form or {},
        "done": DONE_TEXT.get(done or ""),
    }
    data = {
        "users": [_user_json(u, active) for u, active in listed],
        "roles": [r.value for r in USER_ROLES],
        "units": units,
    }
    if error:
        data = {"detail": error}
    return respond(request, "admin.html", {**data, **page_only(context)}, status_code=status_code)


def _check_unit(
    goals: GoalRepository, role: Role, committee: str, unit: str
) -> tuple[str, str]:
    """An editor's committee and unit must exist; other roles keep only a committee."""
    if role is Role.EDITOR:
        known = {u["id"] for u in _units(goals).get(committee, [])}
        if unit not in known:
            raise AccountError(ErrorCode.UNKNOWN_UNIT, unit=unit, committee=committee)
        return committee, unit
    if committee and committee not in _units(goals):
        raise AccountError(ErrorCode.NO_SUCH_COMMITTEE, v=committee)
    return committee, ""


def _role(value: str) -> Role:
    try:
        role = Role(value)
    except ValueError:
        role = Role.PUBLIC
    if role not in USER_ROLES:
        raise AccountError(ErrorCode.CHOOSE_ROLE)
    return role


def _done(request: Request, what: str, data: dict[str, Any]) -> Response:
    if wants_json(request):
        return respond(request, "admin.html", {"ok": what, **data})
    return RedirectResponse(f"/admin?klart={what}", status_code=303)


@router.get("/admin")
@router.get("/admin.json")
def admin_page(
    request: Request,
    user: CurrentUser,
    accounts: AccountsDep,
    goals: GoalsDep,
    done: Annotated[str | None, Query(alias="klart")] = None,
) -> Response:
    _admin(user)
    return _users_page(request, accounts, goals, done=done)


@router.post("/admin/anvandare")
def add_user(
    request: Request,
    user: CurrentUser,
    accounts: AccountsDep,
    goals: GoalsDep,
    username: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    committee: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    admin = _admin(user)
    check_csrf(request, csrf)
    form = {
        "username": username,
        "display_name": display_name,
        "role": role,
        "committee": committee,
        "unit": unit,
    }
    try:
        chosen = _role(role)
        committee, unit = _check_unit(goals, chosen, committee, unit)
        user = accounts.add_user(
            username,
            password,
            chosen,
            display_name=display_name,
            committee=committee,
            unit=unit,
            actor=admin.username,
        )
    except AccountError as exc:
        return _users_page(
            request, accounts, goals, error=error_text(exc), form=form, status_code=400
        )
    return _done(request, "tillagd", {"user": _user_json(user, True)})


@router.post("/admin/anvandare/{username}")
def change_user(
    request: Request,
    user: CurrentUser,
    accounts: AccountsDep,
    goals: GoalsDep,
    username: str,
    role: Annotated[str, Form()] = "",
    committee: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    admin = _admin(user)
    check_csrf(request, csrf)
    try:
        chosen = _role(role)
        committee, unit = _check_unit(goals, chosen, committee, unit)
        user = accounts.change_user(
            username, chosen, committee=committee, unit=unit, actor=admin.username
        )
    except AccountError as exc:
        return _users_page(request, accounts, goals, error=error_text(exc), status_code=400)
    return _done(request, "andrad", {"user": _user_json(user, True)})


@router.post("/admin/anvandare/{username}/inaktivera")
def deactivate_user(
    request: Request,
    user: CurrentUser,
    accounts: AccountsDep,
    goals: GoalsDep,
    username: str,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    admin = _admin(user)
    check_csrf(request, csrf)
    try:
        accounts.deactivate(username, actor=admin.username)
    except AccountError as exc:
        return _users_page(request, accounts, goals, error=error_text(exc), status_code=400)
    return _done(request, "inaktiverad", {"username": username})


@router.get("/admin/logg")
@router.get("/admin/logg.json")
def audit_log(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    actor_chosen: Annotated[str | None, Query(alias="aktor", max_length=200)] = None,
    action_chosen: Annotated[str | None, Query(alias="handelse", max_length=100)] = None,
    page: Annotated[int, Query(alias="sida", ge=1, le=1_000_000)] = 1,
) -> Response:
    """The audit trail, newest first, filtered by who and what, ``PAGE_SIZE`` per page."""
    _admin(user)
    log = store.audit
    known = log.actions()
    action = action_chosen or None
    if action is not None and action not in known:  # the filter is an allow-list
        action = None
    actor = (actor_chosen or "").strip() or None
    total = log.count(action=action, actor=actor)
    shown = [
        audit.redacted(e)
        for e in log.events(
            action=action, actor=actor, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    ]
    pages = max(1, -(-total // PAGE_SIZE))
    base = {k: v for k, v in (("aktor", actor), ("handelse", action)) if v}

    def link(number: int) -> str:
        return "/admin/logg?" + urlencode({**base, "sida": number})

    context = {
        "audit_fields": audit.fields,
        "events": shown,
        "actions": known,
        "actor": actor or "",
        "action": action or "",
        "page": page,
        "pages": pages,
        "total": total,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }
    data = {
        "events": [_event_json(e) for e in shown],
        "total": total,
        "page": page,
        "pages": pages,
        "page_size": PAGE_SIZE,
        "actions": known,
    }
    return respond(request, "admin_log.html", {**data, **page_only(context)})
