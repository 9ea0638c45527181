"""The editors' monthly forecast of their verksamhet (issue 17 item 4): ``/ekonomi/prognos``
(the form and its JSON twin) and ``/ekonomi/prognos/las`` (an analyst locks or opens a month).

The rules are goal data entry's: an editor enters only their own verksamhet (and the insatser
under it), an analyst any of their committee's; a locked month takes no change (403); every
POST carries the session's CSRF token; a form with problems is answered 422 with a message
beside each field and nothing saved; every change is audited
(:mod:`kommunanalys.analysis.economy_entry`) and published at once, so ``/ekonomi`` shows the
entered forecast beside the computed one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access.roles import Section, require_section
from kommunanalys.analysis.economy_entry import (
    BadForecastInput,
    Change,
    ForecastEntries,
    forecast_problem,
    parse_month,
)
from kommunanalys.errors import ErrorCode, KommunanalysError, echoed
from kommunanalys.i18n.messages import error_text
from kommunanalys.sources.numbers import NotANumber, parse_number
from kommunanalys.web.dependencies import DatasetDep, PublisherDep, StoreDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import respond, wants_json
from kommunanalys.web.sessions import CurrentUser, check_csrf
from kommunanalys.web.views.compare_params import BadParameter
from kommunanalys.web.views.economy_entry_view import default_month, entry_view

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])


@router.get("/ekonomi/prognos")
@router.get("/ekonomi/prognos.json")
def forecast_form(
    request: Request,
    user: CurrentUser,
    ds: DatasetDep,
    store: StoreDep,
    committee: Annotated[str | None, Query(alias="namnd")] = None,
    month: Annotated[str | None, Query(alias="manad")] = None,
    saved: Annotated[str | None, Query(alias="sparat")] = None,
) -> Response:
    """The verksamheter the user may enter, with the computed and the entered forecast."""
    if user.is_public and not wants_json(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    require_section(user, Section.ENTRY)
    cid, last = default_month(ds, committee or user.committee or None)
    chosen = _month(month) if month else last
    count = int(saved) if saved and saved.isdigit() and len(saved) < 6 else None
    view = entry_view(ds, store, user, cid, chosen, saved=count)
    return respond(request, "economy_entry.html", view)


@router.post("/ekonomi/prognos")
async def save_forecasts(
    request: Request,
    user: CurrentUser,
    ds: DatasetDep,
    store: StoreDep,
    publisher: PublisherDep,
) -> Response:
    """Save every changed forecast of the form, all or nothing."""
    field = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, field.get("csrf", ""))
    require_section(user, Section.ENTRY)
    cid, _ = default_month(ds, field.get("namnd") or None)
    month = _month(field.get("manad", ""))
    entries = ForecastEntries(store)
    units = sorted(
        {k.split("__", 1)[1] for k in field if k.startswith(("belopp__", "kommentar__"))}
    )
    errors: dict[str, str] = {}
    changes = []
    for unit in units:
        entries.require(user, cid, unit, month)  # 403/404 before any problem of the text
        text = field.get(f"belopp__{unit}", "").strip()
        amount = None
        if text:
            try:
                amount = parse_number(text)
            except NotANumber:
                refused = KommunanalysError(ErrorCode.FORECAST_NOT_AN_AMOUNT, v=echoed(text))
                errors[f"belopp__{unit}"] = error_text(refused)
            else:
                problem = forecast_problem(amount)
                if problem is not None:
                    errors[f"belopp__{unit}"] = error_text(problem)
        changes.append(Change(unit, amount, field.get(f"kommentar__{unit}", "").strip()[:2000]))
    if errors:
        view = entry_view(ds, store, user, cid, month, errors=errors, form=field)
        return respond(request, "economy_entry.html", view, status_code=422)
    written = entries.save(user, cid, month, changes)
    if written:
        publisher.publish_now()
    return RedirectResponse(
        f"/ekonomi/prognos?namnd={cid}&manad={month}&sparat={written}", status_code=303
    )


def _month(text: str) -> str:
    """``ÅÅÅÅ-MM``; a month that is no month is a 400 with its message."""
    try:
        return parse_month(text)
    except BadForecastInput as exc:
        raise BadParameter(exc.code, **exc.values) from None


@router.post("/ekonomi/prognos/las")
def lock_month(
    request: Request,
    user: CurrentUser,
    ds: DatasetDep,
    store: StoreDep,
    committee: Annotated[str, Form(alias="namnd")],
    month_text: Annotated[str, Form(alias="manad")],
    state: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """An analyst locks a reviewed month (``state=låst``) or opens it again (``öppen``)."""
    check_csrf(request, csrf)
    month = _month(month_text)
    ForecastEntries(store).set_lock(user, committee, month, state == "låst")
    return RedirectResponse(f"/ekonomi/prognos?namnd={committee}&manad={month}", status_code=303)
