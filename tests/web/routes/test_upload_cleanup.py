"""Through the web: an upload's files are deleted on every failure path and when its preview
expires (issue 23 item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kommunanalys.config import Limits
from kommunanalys.ingest.uploads import UploadFolder
from kommunanalys.web.routes import imports
from tests.site import Site
from tests.web.routes.test_import_pages import BAD, GOOD, login, upload


@pytest.fixture
def analyst(site: Site, tmp_path: Path) -> TestClient:
    now = [1_000_000.0]
    uploads = UploadFolder(tmp_path / "uploads", Limits(upload_max_age=600), clock=lambda: now[0])
    uploads.root.mkdir()
    site.app.state.pending_imports = imports.PendingImports(uploads)
    client = site.anonymous()
    client.now = now  # type: ignore[attr-defined]
    client.uploads = uploads  # type: ignore[attr-defined]
    client.csrf = login(client)  # type: ignore[attr-defined]
    return client


def _files(client: TestClient) -> list[Path]:
    return [p for p in client.uploads.root.rglob("*") if p.is_file()]  # type: ignore[attr-defined]


def test_a_refused_too_large_upload_leaves_no_file(
    analyst: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 10)
    assert upload(analyst, analyst.csrf, GOOD * 100).status_code == 413  # type: ignore[attr-defined]
    assert _files(analyst) == []


def test_a_refused_or_unreadable_upload_leaves_no_file(
    analyst: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert upload(analyst, analyst.csrf, BAD).status_code == 422  # type: ignore[attr-defined]
    assert _files(analyst) == []

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the reader broke")

    monkeypatch.setattr(imports, "import_file", broken)
    assert upload(analyst, analyst.csrf, GOOD).status_code == 500  # type: ignore[attr-defined]
    assert _files(analyst) == []


def test_an_unconfirmed_preview_expires_with_its_files(analyst: TestClient) -> None:
    assert upload(analyst, analyst.csrf, GOOD).status_code == 200  # type: ignore[attr-defined]
    [stored] = _files(analyst)
    analyst.now[0] = stored.stat().st_mtime + 601  # type: ignore[attr-defined]
    analyst.get("/import")
    pending = analyst.app.state.pending_imports  # type: ignore[attr-defined]
    assert pending.current() == {} and _files(analyst) == []
