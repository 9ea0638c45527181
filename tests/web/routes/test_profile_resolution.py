"""A profile request resolves its area, year and divisions once (Dataset.place) and passes
the resolved place down: the page, its JSON twin and the API's profile."""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

import kommunanalys.query as query
from kommunanalys.query import Dataset

RESOLVING = ("place", "area", "area_at", "check_year", "latest_year")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    counted: collections.Counter[str] = collections.Counter()

    def counting(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return method(*args, **kwargs)

        return wrapper

    for name in RESOLVING:
        monkeypatch.setattr(Dataset, name, counting(name, getattr(Dataset, name)))
    monkeypatch.setattr(query, "division_for", counting("division_for", query.division_for))
    return counted


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/omrade/0126R007", {"ar": "2023", "jamfor": "0126R001"}),
        ("/omrade/0126R007.json", {"ar": "2025", "jamfor": "0126R001"}),
        ("/api/v1/areas/0126R007/profile", {"year": "2023", "benchmark": "0126R001"}),
    ],
)
def test_a_profile_request_resolves_its_place_once(
    client: TestClient, calls: collections.Counter[str], url: str, params: dict[str, str]
) -> None:
    assert client.get(url, params=params).status_code == 200
    assert calls["place"] == 1 and calls["check_year"] == 1 and calls["area"] == 1
    assert calls["area_at"] == 1  # the benchmark, in the place's vintage
    assert calls["division_for"] <= 3  # the area's vintage, and the RegSO and DeSO ones
