"""Uploads of hostile files on the data page: a 422 listing the problems, never a 500, and
nothing written (issue 21 item 4; the same files as the CLI and import tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.ingest.hostile_files import HOSTILE, Hostile
from tests.site import Site
from tests.web.routes.test_import_pages import login


@pytest.fixture
def analyst(site: Site) -> tuple[TestClient, Site]:
    client = TestClient(site.app, raise_server_exceptions=False)
    return client, site


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_a_hostile_upload_is_a_422_with_its_problems(
    analyst: tuple[TestClient, Site], tmp_path: Path, hostile: Hostile
) -> None:
    client, site = analyst
    csrf = login(client)
    before = site.store.observation_count()
    files = {"fil": (hostile.name, hostile.content, "text/csv")}
    if hostile.mapping is not None:
        files["mappning"] = ("bomb.toml", hostile.mapping, "application/toml")
    response = client.post(
        "/import", data={"csrf": csrf}, files=files, headers={"Accept": "application/json"}
    )
    assert response.status_code == 422, response.text[:500]
    problems = response.json()["result"]["problems"]
    assert problems and problems[0]["file"] == hostile.name
    assert any(hostile.text in p["message"] for p in problems)
    assert site.store.observation_count() == before
