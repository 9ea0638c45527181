"""The app's routes with their parameters, enumerated from the app itself, so that the security
sweep and the fuzz run cover a new route without being edited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute


@dataclass(frozen=True)
class RouteInfo:
    path: str
    methods: frozenset[str]
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    form_fields: tuple[str, ...]
    required_form: tuple[str, ...]


def routes(app: FastAPI) -> list[RouteInfo]:
    """Every API route with its path, query and form parameters (FastAPI's own routes and the
    included routers' effective routes)."""
    found = []

    def add(path: str, methods: Any, dependant: Any) -> None:
        found.append(
            RouteInfo(
                path,
                frozenset(methods or ()),
                # from the pattern: some routes read a path parameter by hand
                tuple(re.findall(r"{(\w+)(?::\w+)?}", path)),
                tuple(p.alias for p in dependant.query_params),
                tuple(p.alias for p in dependant.body_params),
                tuple(p.alias for p in dependant.body_params if p.field_info.is_required()),
            )
        )

    for route in app.routes:
        if isinstance(route, APIRoute):
            add(route.path, route.methods, route.dependant)
        elif hasattr(route, "effective_route_contexts"):
            for ctx in route.effective_route_contexts():
                add(ctx.path, ctx.methods, ctx.dependant)
    return found
