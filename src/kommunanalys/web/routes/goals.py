"""Goal follow-up pages: the goal tree, a nämndmål, "Mäta omställningen", grading, data entry.

Thin: the follow-up comes from :mod:`kommunanalys.goals.followup`; every state change checks the
user's role and object (server-side), the session's CSRF token, and is audited by the repository.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from kommunanalys.access.roles import (
    Forbidden,
    Role,
    Section,
    User,
    require_entry,
    require_role,
    require_section,
    sees_unprotected,
)
from kommunanalys.errors import ErrorCode
from kommunanalys.goals.chart import goal_chart_svg
from kommunanalys.goals.consistency import area_links as area_links_of
from kommunanalys.goals.entry import entry_problems
from kommunanalys.goals.followup import (
    follow_up,
    indicator_row,
    transition_table,
)
from kommunanalys.goals.model import GoalValue, Grade, Period
from kommunanalys.goals.repository import LOCKED, OPEN, GoalError, GoalNotFound, GoalRepository
from kommunanalys.i18n import gettext
from kommunanalys.i18n.labels import label
from kommunanalys.i18n.messages import error_text
from kommunanalys.sources.numbers import NotANumber, NotAYear, parse_count, parse_number, parse_year
from kommunanalys.web.csp import own_styles_policy
from kommunanalys.web.dependencies import DatasetDep, GoalsDep
from kommunanalys.web.language import request_language
from kommunanalys.web.rendering import page_only, respond, split_suffix, wants_json
from kommunanalys.web.sessions import CurrentUser, check_csrf
from kommunanalys.web.views.goal_presenters import (
    follow_up_json,
    goal_value_json,
    objective_json,
    transition_json,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(request_language)])


#: ``?namnd=`` and ``?ar=``: the committee and the year every goal page is about
CommitteeQuery = Annotated[str | None, Query(alias="namnd")]
YearQuery = Annotated[str | None, Query(alias="ar")]


def _committee_year(
    repo: GoalRepository, committee: str | None, year: str | None, *, entry: bool = False
) -> tuple[str, int]:
    return repo.resolve(committee or None, _year(repo, committee, year), entry=entry)


def _year(repo: GoalRepository, committee: str | None, year: str | None) -> int | None:
    """``?ar=`` / the form's ``ar``: None when not given, else four ASCII digits
    (:func:`parse_year`)."""
    return _form_year(repo, committee, year) if year else None


def _form_year(
    repo: GoalRepository,
    committee: str | None,
    year: str,
    *,
    error: type[GoalError] = GoalError,
) -> int:
    """A year as given (required): four ASCII digits, else ``error`` (a 400; a form that
    names a period or an objective says 404, as for a year that has none) listing the
    committee's years (a superscript or 20-digit year is no 500)."""
    try:
        return parse_year(year)
    except NotAYear as exc:
        cid, _ = repo.resolve(committee or None, None)
        years = ", ".join(map(str, repo.years(cid)))
        raise error(ErrorCode.NOT_A_GOAL_YEAR, years=years, **exc.values) from None


def _period(text: str | None) -> str:
    try:
        return Period.parse(text or Period.FULL_YEAR)
    except ValueError as exc:
        raise GoalError(ErrorCode.BAD_PERIOD, v=exc) from None


@router.get("/mal")
@router.get("/mal.json")
def goal_tree(
    request: Request,
    user: CurrentUser,
    repo: GoalsDep,
    committee: CommitteeQuery = None,
    year_chosen: YearQuery = None,
    period: str | None = None,
) -> Response:
    cid, year = _committee_year(repo, committee, year_chosen)
    protected = not sees_unprotected(user)
    follow = follow_up(repo, cid, year, _period(period), protected=protected)
    return respond(
        request,
        "goals.html",
        {
            **follow_up_json(follow),
            **page_only(
                {"f": follow, "years": repo.follow_up_years(cid), "periods": list(Period)}
            ),
        },
    )


@router.get("/omstallning")
@router.get("/omstallning.json")
def transition(
    request: Request,
    repo: GoalsDep,
    committee_chosen: CommitteeQuery = None,
    year_chosen: YearQuery = None,
) -> Response:
    cid, year = _committee_year(repo, committee_chosen, year_chosen)
    lines = transition_table(repo, cid, year)
    committee = repo.committee(cid)
    return respond(
        request,
        "transition.html",
        {
            **transition_json(lines, year),
            **page_only(
                {
                    "lines": lines,
                    "year": year,
                    "committee": committee,
                    "years": repo.follow_up_years(cid),
                }
            ),
        },
    )


REPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@router.get("/mal/rapport.{fmt}")
def report(
    repo: GoalsDep,
    fmt: str,
    committee: CommitteeQuery = None,
    year_chosen: YearQuery = None,
    period: str | None = None,
) -> Response:
    """The verksamhetsberättelse (helår) or the delårsrapport (a delår) as DOCX, PDF or HTML."""
    # the report's content and renderers are loaded when a report is asked for, not at start
    from kommunanalys.report.content import ReportKind, build_report
    from kommunanalys.report.render import render_report

    if fmt not in REPORT_TYPES:
        raise GoalNotFound(ErrorCode.UNKNOWN_REPORT_TYPE, types=", ".join(REPORT_TYPES), v=fmt)
    cid, year = _committee_year(repo, committee, year_chosen)
    chosen = _period(period)
    kind = ReportKind.ANNUAL if chosen == Period.FULL_YEAR else ReportKind.INTERIM
    content = build_report(repo, cid, year, kind, chosen)
    suffix = "" if kind is ReportKind.ANNUAL else "_" + chosen.replace("å", "a").replace(" ", "")
    disposition = "inline" if fmt == "html" else "attachment"
    filename = f"{kind.value}_{cid}_{year}{suffix}.{fmt}"
    body = render_report(content, fmt)
    headers = {"Content-Disposition": f'{disposition}; filename="{filename}"'}
    if fmt == "html":  # self-contained: its own inline styles, allowed by their hashes
        headers |= own_styles_policy(body.decode("utf-8"))
    return Response(body, media_type=REPORT_TYPES[fmt], headers=headers)


@router.get("/mal/{oid}")
def objective(
    request: Request,
    user: CurrentUser,
    repo: GoalsDep,
    dataset: DatasetDep,
    oid: str,
    committee: CommitteeQuery = None,
    year_chosen: YearQuery = None,
    period: str | None = None,
) -> Response:
    """A nämndmål with its values, grade and texts of ``?period=`` (default helår)."""
    oid, as_json = split_suffix(oid)
    cid, year = _committee_year(repo, committee, year_chosen)
    follow = follow_up(repo, cid, year, _period(period), protected=not sees_unprotected(user))
    found = next((o for o in follow.objectives if o.objective.id == oid), None)
    if found is None:
        raise GoalNotFound(ErrorCode.NO_OBJECTIVE_IN_YEAR, v=oid, year=year)
    units = {i.id: i.unit for i in dataset.catalogue}
    area_links = area_links_of(repo.indicators(cid), units)
    values, targets = list(follow.values), list(follow.targets)
    charts = {
        r.indicator.id: Markup(goal_chart_svg(r.indicator, values, targets, up_to_year=year))
        for r in found.rows
    }
    return respond(
        request,
        "objective.html",
        {
            **objective_json(found),
            "period": follow.period,
            **page_only(
                {
                    "f": follow,
                    "o": found,
                    "grades": list(Grade),
                    "periods": list(Period),
                    "area_links": area_links,
                    "charts": charts,
                    # a year without its own plan has no nämndmål of its own to grade
                    "can_grade": user.role is Role.ANALYST and not follow.borrowed_plan,
                }
            ),
        },
        json_suffix=as_json,
    )


@router.post("/mal/{oid}/bedomning")
def grade_objective(
    request: Request,
    user: CurrentUser,
    repo: GoalsDep,
    oid: str,
    committee: Annotated[str, Form(alias="namnd")],
    year_text: Annotated[str, Form(alias="ar")],
    grade: str = Form(...),
    motivation: str = Form(""),
    period_text: str = Form("", alias="period"),
    csrf: str = Form(""),
) -> Response:
    """The committee's grade of a nämndmål for one period (helår, delår 1, delår 2), against
    the suggestion from that period's values."""
    check_csrf(request, csrf)
    require_role(user, Role.ANALYST)
    year = _form_year(repo, committee, year_text, error=GoalNotFound)
    period = _period(period_text)
    follow = follow_up(repo, committee, year, period, protected=False)
    found = next((o for o in follow.objectives if o.objective.id == oid), None)
    if found is None:
        raise GoalNotFound(ErrorCode.NO_OBJECTIVE_IN_YEAR, v=oid, year=year)
    try:
        chosen = Grade(grade)
    except ValueError:
        raise GoalError(ErrorCode.NOT_A_GRADE, v=grade) from None
    repo.set_grade(
        committee,
        year,
        oid,
        chosen,
        motivation,
        user.username,
        suggested=found.suggestion.grade,
        period=period,
    )
    where = f"/mal/{oid}?namnd={committee}&ar={year}"
    if period != Period.FULL_YEAR:
        where += f"&period={quote(period)}"
    return RedirectResponse(where, status_code=303)


# -- data entry by units -------------------------------------------------------------------
def _entry_rows(
    repo: GoalRepository, user: User, cid: str, year: int, period: str
) -> list[dict[str, Any]]:
    units = {u.id: u.name for u in repo.units(cid)}
    values = repo.values(cid)
    targets = repo.targets(cid)
    versions = repo.value_versions(cid, year, period)  # one query, not one per indicator
    rows = []
    for ind in repo.indicators(cid).values():
        if user.role is Role.EDITOR and ind.responsible_unit != user.unit:
            continue
        row = indicator_row(ind, values, targets, year, period)
        rows.append(
            {
                "indicator": ind,
                "unit": units.get(ind.responsible_unit, ind.responsible_unit),
                "current": row.current,
                "previous": row.history.get(year - 1),
                "target": row.target,
                "version": versions.get(ind.id, 0),
                "status": row.status,
            }
        )
    return rows


@router.get("/rapportering")
@router.get("/rapportering.json")
def entry_form(
    request: Request,
    user: CurrentUser,
    repo: GoalsDep,
    committee: CommitteeQuery = None,
    year_chosen: YearQuery = None,
    period: str | None = None,
    saved: Annotated[str | None, Query(alias="sparat")] = None,
) -> Response:
    if user.is_public and not wants_json(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    require_section(user, Section.ENTRY)
    cid, year = _committee_year(repo, committee or user.committee or None, year_chosen, entry=True)
    chosen = _period(period)
    rows = _entry_rows(repo, user, cid, year, chosen)
    state = repo.period_state(cid, year, chosen)
    return respond(
        request,
        "entry.html",
        {
            "committee": cid,
            "year": year,
            "period": chosen,
            "state": state,
            "rows": [
                {
                    "indicator": r["indicator"].id,
                    "name": r["indicator"].name,
                    "unit": r["unit"],
                    "version": r["version"],
                    "status": r["status"],
                    "status_label": label(r["status"]),
                    "value": goal_value_json(r["current"]),
                }
                for r in rows
            ],
            **page_only(
                {
                    "rows": rows,
                    "year": year,
                    "period": chosen,
                    "committee": repo.committee(cid),
                    "state": state,
                    "locked": state == LOCKED,
                    "periods": list(Period),
                    "years": repo.entry_years(cid),
                    "errors": {},
                    "saved": saved,
                }
            ),
        },
    )


@router.post("/rapportering")
async def submit_entry(request: Request, user: CurrentUser, repo: GoalsDep) -> Response:
    """Save every changed value of the form, all or nothing; 403 for another unit's indicator
    or a locked period, 409 when someone else saved the same value in between."""
    form = await request.form()
    field = {k: str(v) for k, v in form.items()}
    check_csrf(request, field.get("csrf", ""))
    require_section(user, Section.ENTRY)
    cid = field.get("namnd", "")
    repo.committee(cid)
    _, year = _committee_year(repo, cid, field.get("ar", ""), entry=True)
    period = _period(field.get("period"))
    if repo.period_state(cid, year, period) == LOCKED:
        raise Forbidden(ErrorCode.PERIOD_LOCKED, period=period, year=year)
    indicators = repo.indicators(cid)
    stored = {v.indicator: v for v in repo.values(cid) if v.year == year and v.period == period}
    submitted = sorted({k.split("__", 1)[1] for k in field if k.startswith("value__")})
    errors: dict[str, str] = {}
    entries: list[tuple[GoalValue, int]] = []
    for ind_id in submitted:
        ind = indicators.get(ind_id)
        if ind is None:
            raise GoalError(ErrorCode.UNKNOWN_GOAL_INDICATOR, v=ind_id)
        require_entry(user, cid, ind.responsible_unit, ind_id)
        parsed = {}
        for part in ("value", "numerator", "denominator"):
            text = field.get(f"{part}__{ind_id}", "").strip()
            try:
                parsed[part] = parse_number(text) if text else None
            except NotANumber as exc:
                errors[f"{part}__{ind_id}"] = error_text(exc)
        num, den = parsed.get("numerator"), parsed.get("denominator")
        for part, problem in entry_problems(parsed.get("value"), num, den).items():
            errors[f"{part}__{ind_id}"] = error_text(problem)
        if num is not None and den is not None and num > den:
            errors[f"numerator__{ind_id}"] = gettext("täljaren är större än nämnaren")
        analysis = field.get(f"analysis__{ind_id}", "").strip()
        version_text = field.get(f"version__{ind_id}", "0") or "0"
        version = parse_count(version_text)
        if version is None:
            raise GoalError(ErrorCode.BAD_FORM_VERSION, v=version_text[:40])
        old = stored.get(ind_id)
        new = GoalValue(ind_id, year, period, parsed.get("value"), num, den, analysis)
        unchanged = (
            old is None and new.value is None and num is None and den is None and not analysis
        ) or (
            old is not None
            and (old.value, old.numerator, old.denominator, old.analysis)
            == (new.value, new.numerator, new.denominator, new.analysis)
        )
        if not unchanged:
            entries.append((new, version))
    if errors:
        rows = _entry_rows(repo, user, cid, year, period)
        return respond(
            request,
            "entry.html",
            {
                "errors": errors,
                **page_only(
                    {
                        "rows": rows,
                        "year": year,
                        "period": period,
                        "committee": repo.committee(cid),
                        "state": OPEN,
                        "locked": False,
                        "periods": list(Period),
                        "years": repo.entry_years(cid),
                        "errors": errors,
                        "form": field,
                        "saved": None,
                    }
                ),
            },
            status_code=422,
        )
    with repo.transaction():
        for value, version in entries:
            repo.save_value(cid, value, user.username, expected_version=version)
    return RedirectResponse(
        f"/rapportering?namnd={cid}&ar={year}&period={period}&sparat={len(entries)}",
        status_code=303,
    )


@router.post("/rapportering/period")
def set_period(
    request: Request,
    user: CurrentUser,
    repo: GoalsDep,
    committee: Annotated[str, Form(alias="namnd")],
    year_text: Annotated[str, Form(alias="ar")],
    period: str = Form(...),
    state: str = Form(...),
    csrf: str = Form(""),
) -> Response:
    check_csrf(request, csrf)
    require_role(user, Role.ANALYST)
    year = _form_year(repo, committee, year_text, error=GoalNotFound)
    repo.set_period_state(committee, year, _period(period), state, user.username)
    return RedirectResponse(
        f"/rapportering?namnd={committee}&ar={year}&period={period}", status_code=303
    )
