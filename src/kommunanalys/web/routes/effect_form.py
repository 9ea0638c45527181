"""The one way an effect-logic form is handled (:mod:`.effect_edit`, :mod:`.effect_add`).

Every POST of these forms takes the same steps, in this order: the session's CSRF token and
the user's role (analysts and administrators: :data:`EDITORS`), the form read into the model's
object (a 422 with the form again and a message beside each field, nothing saved), the save
(a 409 when someone saved the object since the form was read), the readers' snapshot renewed
at once, and a redirect (303) to where the change shows. :func:`handle_form` is those steps; a
route gives it what is particular to it: how its form is read and how it is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access.roles import Role, User, require_role
from kommunanalys.effect.editing import EditConflict
from kommunanalys.effect.form import Problems
from kommunanalys.effect.repository import UnknownOutcome
from kommunanalys.errors import ErrorCode
from kommunanalys.refresh import Publisher
from kommunanalys.web.rendering import respond
from kommunanalys.web.sessions import check_csrf
from kommunanalys.web.views.compare_params import BadParameter

#: who may edit the effect logic and the interventions
EDITORS = (Role.ANALYST, Role.ADMIN)

T = TypeVar("T")
Form = Mapping[str, str]


class Conflict(BadParameter):
    """Someone else saved the object since the form was read."""

    status_code = 409


@dataclass(frozen=True, slots=True)
class Invalid:
    """A form with problems: its page again (``template`` with ``view``), answered 422."""

    template: str
    view: dict[str, Any]


def checked(
    read: tuple[T, Problems], template: str, again: Callable[[Problems], dict[str, Any]]
) -> T | Invalid:
    """A form's object (``read``: the object and its problems), or, with problems, the form
    again: ``template`` with the view ``again`` makes of them."""
    found, problems = read
    return Invalid(template, again(problems)) if problems else found


async def read_form(request: Request, user: User) -> dict[str, str]:
    """The POSTed form as text, after the CSRF token and the user's role are checked."""
    field = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, field.get("csrf", ""))
    require_role(user, *EDITORS)
    return field


def _nothing(field: Form) -> None:
    """A form with nothing to read but its version (a removal's confirmation)."""


async def handle_form(
    request: Request,
    user: User,
    publisher: Publisher,
    save: Callable[[T, str], str],
    read: Callable[[Form], T | Invalid] = _nothing,  # type: ignore[assignment]
) -> Response:
    """The POST of an effect-logic form: ``read`` the form (after the CSRF token and the role;
    its lookups may answer 404), ``save`` what it read with the form's version and redirect to
    the address ``save`` gives."""
    field = await read_form(request, user)
    found = read(field)
    if isinstance(found, Invalid):
        return respond(request, found.template, found.view, status_code=422)
    try:
        target = save(found, field.get("version", ""))
    except EditConflict as exc:
        raise Conflict(exc.code) from None
    publisher.publish_now()
    return RedirectResponse(target, status_code=303)


def item_number(outcome_id: str, number: str) -> int:
    """The item's number in the URL; anything else is an unknown item, named without the text
    typed (a cut piece of it would echo part of whatever was sent: a probe's SQL, a script)."""
    if not (number.isascii() and number.isdigit() and len(number) <= 6):
        raise UnknownOutcome(ErrorCode.UNKNOWN_EFFECT_ITEM, item=f"{outcome_id}:…")
    return int(number)
