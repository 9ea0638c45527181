"""The report's texts: analysts write the narrative sections of the verksamhetsberättelse and
the delårsrapport per committee, year and period (``/mal/rapport/texter``, with its JSON twin).

Thin, as goal entry: the role (analyst, of the committee when the account names one), the
session's CSRF token and an open period are checked here; the texts, their revisions and the
audit are :mod:`kommunanalys.report.narrative`'s. A text someone else saved since the form was
opened is a 409, nothing saved.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from kommunanalys.access.roles import Forbidden, Role, User, require_role
from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.goals.model import Period
from kommunanalys.goals.repository import (
    LOCKED,
    Conflict,
    GoalError,
    GoalNotFound,
    GoalRepository,
)
from kommunanalys.i18n import gettext
from kommunanalys.report.narrative import Narrative, TextSection, narrative, save_text
from kommunanalys.sources.numbers import NotAYear, parse_count, parse_year
from kommunanalys.web.dependencies import GoalsDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import page_only, respond, wants_json
from kommunanalys.web.sessions import CurrentUser, check_csrf

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])

#: the sections the form offers, in the report's order (Genomfört arbete per nämndmål apart)
FORM_SECTIONS = tuple(s for s in TextSection if s is not TextSection.WORK_DONE)


def _allowed(user: User, committee: str) -> None:
    require_role(user, Role.ANALYST)
    if user.committee and user.committee != committee:
        raise Forbidden(ErrorCode.ROLE_REQUIRED, roles=(Role.ANALYST,), role=user.role)


def _where(
    repo: GoalRepository, committee: str | None, year: str | None, period: str | None
) -> tuple[str, int, str]:
    chosen_year = None
    if year:
        try:
            chosen_year = parse_year(year)
        except NotAYear as exc:
            raise GoalError(ErrorCode.NOT_A_GOAL_YEAR, years="", **exc.values) from None
    cid, chosen = repo.resolve(committee or None, chosen_year)
    try:
        return cid, chosen, Period.parse(period or Period.FULL_YEAR)
    except ValueError as exc:
        raise GoalError(ErrorCode.BAD_PERIOD, v=exc) from None


def _field(section: TextSection, objective: str = "") -> str:
    return f"{section.value}__{objective}" if objective else section.value


def _view(repo: GoalRepository, cid: str, year: int, period: str) -> dict[str, Any]:
    texts: Narrative = narrative(repo.store, cid, year, period)
    objectives = repo.objectives(cid, year)
    return {
        "committee": cid,
        "year": year,
        "period": period,
        "state": repo.period_state(cid, year, period),
        "texts": [
            {
                "section": s.value,
                "heading": gettext(s.heading),
                "field": _field(s),
                "text": texts.text(s),
                "revision": texts.revision(s),
            }
            for s in FORM_SECTIONS
        ],
        "work_done": [
            {
                "section": TextSection.WORK_DONE.value,
                "objective": o.id,
                "heading": o.name,
                "field": _field(TextSection.WORK_DONE, o.id),
                "text": texts.work_done.get(o.id, ""),
                "revision": texts.revision(TextSection.WORK_DONE, o.id),
            }
            for o in objectives
        ],
    }


@router.get("/mal/rapport/texter")
@router.get("/mal/rapport/texter.json")
def texts_form(
    request: Request,
    user: CurrentUser,
    repo: GoalsDep,
    committee: Annotated[str | None, Query(alias="namnd")] = None,
    year: Annotated[str | None, Query(alias="ar")] = None,
    period: str | None = None,
    saved: Annotated[str | None, Query(alias="sparat")] = None,
) -> Response:
    if user.is_public and not wants_json(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    cid, chosen, chosen_period = _where(repo, committee or user.committee or None, year, period)
    _allowed(user, cid)
    view = _view(repo, cid, chosen, chosen_period)
    return respond(
        request,
        "report_texts.html",
        {
            **view,
            **page_only(
                {
                    "committee_obj": repo.committee(cid),
                    "years": repo.follow_up_years(cid),
                    "periods": [p for p in Period],
                    "locked": view["state"] == LOCKED,
                    "saved": saved,
                }
            ),
        },
    )


@router.post("/mal/rapport/texter")
async def save_texts(request: Request, user: CurrentUser, repo: GoalsDep) -> Response:
    """Save every changed text of the form in one transaction (all or nothing)."""
    form = await request.form()
    field = {k: str(v) for k, v in form.items()}
    check_csrf(request, field.get("csrf", ""))
    require_role(user, Role.ANALYST)
    cid, year, period = _where(
        repo, field.get("namnd", ""), field.get("ar", ""), field.get("period")
    )
    _allowed(user, cid)
    if repo.period_state(cid, year, period) == LOCKED:
        raise Forbidden(ErrorCode.PERIOD_LOCKED, period=period, year=year)
    known = {o.id for o in repo.objectives(cid, year)}
    entries: list[tuple[TextSection, str, str, int]] = []
    for name, body in field.items():
        if not name.startswith("text__"):
            continue
        key = name.removeprefix("text__")
        section_text, _, objective = key.partition("__")
        try:
            section = TextSection(section_text)
        except ValueError:
            raise GoalError(
                ErrorCode.UNKNOWN_REPORT_SECTION, v=section_text, sections=", ".join(TextSection)
            ) from None
        if (section is TextSection.WORK_DONE) != bool(objective) or (
            objective and objective not in known
        ):
            raise GoalNotFound(ErrorCode.NO_OBJECTIVE_IN_YEAR, v=objective or key, year=year)
        revision = parse_count(field.get(f"rev__{key}", "0") or "0")
        if revision is None:
            raise GoalError(ErrorCode.BAD_FORM_VERSION, v=field.get(f"rev__{key}", "")[:40])
        entries.append((section, objective, body, revision))
    written = 0
    try:
        with repo.transaction():
            for section, objective, body, revision in entries:
                written += save_text(
                    repo.store,
                    cid,
                    year,
                    period,
                    section,
                    body,
                    user.username,
                    objective=objective,
                    expected_revision=revision,
                )
    except KommunanalysError as exc:
        if isinstance(exc, GoalError | Forbidden):
            raise
        if exc.code is ErrorCode.VALUE_CHANGED:
            raise Conflict(exc.code, **exc.values) from None
        raise GoalError(exc.code, **exc.values) from None
    return RedirectResponse(
        f"/mal/rapport/texter?namnd={cid}&ar={year}&period={period}&sparat={written}",
        status_code=303,
    )
