"""JSON shapes of the goal follow-up (the twins of /mal, /mal/{id} and /omstallning)."""

from __future__ import annotations

from typing import Any

from kommunanalys.goals.followup import (
    FollowUp,
    IndicatorRow,
    ObjectiveFollowUp,
    TransitionLine,
)
from kommunanalys.goals.model import Assignment, GoalIndicator, GoalValue, Grade, Target
from kommunanalys.i18n.labels import label


def goal_value_json(v: GoalValue | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "year": v.year,
        "period": v.period,
        "value": v.value,
        "numerator": v.numerator,
        "denominator": v.denominator,
        "analysis": v.analysis or None,
    }


def target_json(t: Target | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {"year": t.year, "value": t.value, "low": t.low, "high": t.high}


def goal_indicator_json(ind: GoalIndicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "decimals": ind.decimals,
        "direction": ind.direction,
        "direction_label": label(ind.direction),
        "kolada_id": ind.kolada_id or None,
        "source": ind.source or None,
        "production": ind.production or None,
        "responsible_unit": ind.responsible_unit or None,
        "footnote": ind.footnote or None,
        "area_indicator": ind.area_indicator or None,
    }


def row_json(row: IndicatorRow) -> dict[str, Any]:
    t = row.trajectory
    return {
        "indicator": goal_indicator_json(row.indicator),
        "values": {str(y): goal_value_json(v) for y, v in row.history.items()},
        "etappmal": target_json(row.target),
        "malvarde": target_json(row.goal),
        "baseline": target_json(row.baseline),
        "status": row.status,
        "status_label": label(row.status),
        "trend": {
            "state": t.state,
            "state_label": label(t.state),
            "slope_per_year": t.slope,
            "required_per_year": t.required,
            "projected": t.projected,
            "target_year": t.target_year,
            "test": t.test or None,
            "explanation": t.explanation,
        },
    }


def assignment_json(a: Assignment) -> dict[str, Any]:
    return {
        "objective": a.objective,
        "origin": a.origin,
        "text": a.text,
        "status": a.status,
        "status_label": label(a.status),
        "comment": a.comment or None,
        "deadline": a.deadline or None,
    }


def objective_json(f: ObjectiveFollowUp, *, detail: bool = True) -> dict[str, Any]:
    o = f.objective
    data: dict[str, Any] = {
        "id": o.id,
        "goal": o.name,
        "goal_area": o.goal_area,
        "council_goal": o.council_goal,
        "year": o.year,
        "suggested_grade": f.suggestion.grade,
        "suggested_grade_label": _grade_label(f.suggestion.grade),
        "grade": f.grade,
        "grade_label": _grade_label(f.grade),
        "overridden": f.overridden,
        "motivation": o.motivation or None,
        "graded_by": o.graded_by or None,
        "graded_at": o.graded_at.isoformat() if o.graded_at else None,
        "indicators_met": f.suggestion.met,
        "indicators_assessed": f.suggestion.assessed,
        "indicators_total": len(f.rows),
        "reasoning": f.suggestion.reasoning,
        "url": f"/mal/{o.id}?ar={o.year}",
    }
    if detail:
        data["analysis"] = o.analysis or None
        data["work_done"] = o.work_done or None
        data["indicators"] = [row_json(r) for r in f.rows]
        data["assignments"] = [assignment_json(a) for a in f.assignments]
        data["decisions"] = [
            {
                **d,
                "grade_label": _grade_label(d["grade"]),
                "suggested_label": _grade_label(d["suggested"]),
                "decided_at": d["decided_at"].isoformat(),
            }
            for d in f.decisions
        ]
    return data


def _grade_label(grade: Grade | None) -> str | None:
    return label(grade) if grade else None


def follow_up_json(f: FollowUp) -> dict[str, Any]:
    return {
        "committee": {"id": f.committee.id, "name": f.committee.name, "kommun": f.committee.kommun},
        "year": f.year,
        "period": f.period,
        "title": f.plan.title,
        "summary": f.plan.summary or None,
        "plan_year": f.plan_year or f.year,
        "objectives": [objective_json(o, detail=False) for o in f.objectives],
        "warnings": list(f.warnings),
    }


def transition_json(lines: list[TransitionLine], year: int) -> dict[str, Any]:
    return {
        "year": year,
        "columns": {
            "previous": f"{year - 1}",
            "interim": f"Delår 2 – {year}",
            "target": f"Börläge {year + 1}",
        },
        "rows": [
            {
                "outcome": line.outcome,
                "indicator": goal_indicator_json(line.indicator),
                "previous": goal_value_json(line.previous),
                "interim": goal_value_json(line.interim),
                "target": target_json(line.target),
                "direction": line.indicator.direction,
                "direction_label": label(line.indicator.direction),
                "note": line.note or None,
                "status": line.status,
                "status_label": label(line.status),
            }
            for line in lines
        ],
    }
