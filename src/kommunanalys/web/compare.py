"""Routes: compare (registered by :func:`kommunanalys.web.app.create_app`)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
