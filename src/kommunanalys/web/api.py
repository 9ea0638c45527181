"""The HTTP API under /api/v1, documented by OpenAPI at /openapi.json."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from kommunanalys.model import Gender, Level
from kommunanalys.query import Dataset
from kommunanalys.web.presenters import area_json, indicator_json, profile_json, value_json

router = APIRouter(prefix="/api/v1", tags=["v1"])


def _dataset(request: Request) -> Dataset:
    return request.app.state.dataset


@router.get("/indicators", summary="Indikatorkatalogen")
def list_indicators(request: Request, domain: str | None = None) -> list[dict[str, Any]]:
    """All indicators with metadata (value type, unit, polarity, sensitivity, source …)."""
    return [
        indicator_json(i)
        for i in _dataset(request).catalogue
        if domain is None or i.domain == domain
    ]


@router.get("/indicators/{indicator_id}", summary="En indikator")
def get_indicator(request: Request, indicator_id: str) -> dict[str, Any]:
    return indicator_json(_dataset(request).indicator(indicator_id))


@router.get("/areas", summary="Områden")
def list_areas(request: Request, level: Level | None = None) -> list[dict[str, Any]]:
    """Kommun, RegSO and DeSO areas of both vintages (``division``)."""
    return [area_json(a) for a in _dataset(request).areas(level)]


@router.get("/areas/{code}/profile", summary="Områdesprofil")
def area_profile(
    request: Request, code: str, year: str | None = None, domain: str | None = None
) -> dict[str, Any]:
    ds = _dataset(request)
    return profile_json(ds.profile(code, year, domain), ds.version)


@router.get("/values", summary="Värden (efter röjandekontroll)")
def list_values(
    request: Request,
    indicator: list[str] = Query(..., description="Indikator-id, en eller flera"),
    area: list[str] | None = Query(None, description="Områdeskod, en eller flera"),
    year: list[str] | None = Query(None, description="År, ett eller flera"),
    gender: list[Gender] | None = Query(None, description="T, K eller M"),
) -> list[dict[str, Any]]:
    """Values of one or more indicators: ``indicator, area, period, gender, value, numerator,
    denominator, status``. Suppressed values have ``value: null`` and ``status: "skyddad"``."""
    ds = _dataset(request)
    for code in area or []:
        ds.area(code)
    for y in year or []:
        ds.check_year(y)
    return [value_json(v) for v in ds.values(indicator, areas=area, years=year, genders=gender)]
